"""Read a lab's inputs: notes, settings, deck (text, images, OCR), video metadata, captions.

Readers never write into the site; every file they open stays inside its lab folder.
"""
