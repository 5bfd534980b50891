"""Write small lab folders for tests: notes, lab.yml, captions, info JSON, any other file."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

VIDEO_ID = "AbCdEfGhIjK"


def notes(
    *chapters: str,
    title: str = "A test lab",
    date: str = "2025-03-04",
    extra: str = "",
    body: str = "",
) -> str:
    """Return a notes page whose chapters are given as "M:SS Title" strings."""
    lines = []
    for chapter in chapters:
        label, name = chapter.split(" ", 1)
        minutes, seconds = label.split(":")
        start = int(minutes) * 60 + int(seconds)
        lines.append(f"- [{label}](https://www.youtube.com/watch?v={VIDEO_ID}&t={start}s) {name}")
    return (
        f'---\ntitle: "{title}"\ndate: {date}\n{extra}---\n\n{body}\n\n'
        f"{{{{< youtube {VIDEO_ID} >}}}}\n\n## Sections\n\n" + "\n".join(lines) + "\n"
    )


def write_lab(parent: Path, name: str, files: Mapping[str, str | bytes]) -> Path:
    """Write `files` (paths relative to the lab) into the lab folder `parent/name`, made if new."""
    lab = parent / name
    lab.mkdir(parents=True, exist_ok=True)
    for relative, content in files.items():
        path = lab / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return lab
