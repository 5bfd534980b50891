"""A lab folder's layout: the one place that names the files a lab is made of.

```
<lab>/notes.md    the notes page (required)
<lab>/deck.pdf    the slide deck
<lab>/lab.yml     the publisher's settings
<lab>/video/      what `fetch`, `sync` and `transcribe` store, named by the video's id
<lab>/demo/       the runnable demo
```
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

NOTES_FILE = "notes.md"
DECK_FILE = "deck.pdf"
CONFIG_FILE = "lab.yml"
VIDEO_DIR = "video"
DEMO_DIR = "demo"
STORED_NAME = re.compile(r"[\w-][\w.-]{0,99}")
"""A name the video's files in `video/` may have: no folder, no hidden file, nothing that
yt-dlp's file name templates read (`%`)."""


@dataclass(frozen=True)
class LabFolder:
    """The paths of one lab folder's parts."""

    root: Path

    @property
    def notes(self) -> Path:
        """The notes page."""
        return self.root / NOTES_FILE

    @property
    def deck(self) -> Path:
        """The slide deck."""
        return self.root / DECK_FILE

    @property
    def config(self) -> Path:
        """The publisher's settings (`lab.yml`)."""
        return self.root / CONFIG_FILE

    @property
    def video(self) -> Path:
        """The folder of the video's metadata, captions, thumbnail and media."""
        return self.root / VIDEO_DIR

    @property
    def demo(self) -> Path:
        """The runnable demo's folder."""
        return self.root / DEMO_DIR


def is_lab(folder: Path) -> bool:
    """Tell whether `folder` is a lab folder: it has a notes page."""
    return (folder / NOTES_FILE).exists()
