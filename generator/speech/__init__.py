"""Speech recognition: an automatic transcript for a talk without captions (the `speech` extra)."""
