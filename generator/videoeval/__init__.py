"""Synthetic recordings of real decks with a known slide timeline, to score the video sync."""
