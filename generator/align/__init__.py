"""Place what was read in time: slides and code blocks to chapters, cues to paragraphs.

Pure functions over the model: no file or network access.
"""
