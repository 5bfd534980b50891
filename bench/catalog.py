"""Make a catalog of N labs from the shared lab pages, for measuring how cost grows with size.

Each lab is one of the shared pages under a new folder name, video id and title, with the
real automatic-caption sample repeated (times shifted) as a transcript of about 50 minutes
and a stored info JSON that gives the video's length. No decks: the scale cases measure the
site, not the slide renderer.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.read.notes import parse_notes

CAPTIONS = Path("captions") / "youtube-auto-en.vtt"
TRANSCRIPT_MINUTES = 50
_STAMP = re.compile(r"(\d{2}):(\d{2}):(\d{2})\.(\d{3})")
_TITLE = re.compile(r"^title:.*$", re.MULTILINE)
_SHORTCODE_ID = re.compile(r"(\{\{<\s*youtube\s+)([A-Za-z0-9_-]+)")


def make_catalog(shared: Path, parent: Path, count: int) -> list[Path]:
    """Write `count` lab folders under `parent` and return them, in name order."""
    pages = sorted((shared / "labs").glob("ll*.md"))
    if not pages:
        raise FileNotFoundError(f"{shared / 'labs'} has no lab pages")
    transcript, length = long_transcript(shared / CAPTIONS, TRANSCRIPT_MINUTES * 60)
    labs = []
    for number in range(count):
        page = pages[number % len(pages)]
        lab = parent / f"lab{number:04d}"
        video_id = f"vid{number:08d}"
        notes = _renamed(page.read_text(encoding="utf-8"), video_id, number)
        (lab / "video").mkdir(parents=True)
        (lab / "notes.md").write_text(notes, encoding="utf-8")
        (lab / "video" / f"{video_id}.en.vtt").write_text(transcript, encoding="utf-8")
        # The video lasts as long as the transcript, or a minute past its last chapter.
        last = parse_notes(notes, str(lab / "notes.md"), lab.name).chapters[-1].seconds
        duration = max(length, last + 60)
        info = {"id": video_id, "title": f"Recorded talk {number}", "duration": duration}
        (lab / "video" / f"{video_id}.info.json").write_text(json.dumps(info), encoding="utf-8")
        labs.append(lab)
    return labs


def long_transcript(sample: Path, seconds: float) -> tuple[str, float]:
    """Return the caption sample repeated until it lasts `seconds`, and its length."""
    text = sample.read_text(encoding="utf-8")
    header, _, body = text.partition("\n\n")
    span = max(_seconds(m) for m in _STAMP.finditer(body)) + 1.0
    copies = max(1, round(seconds / span))
    parts = [header]
    for copy in range(copies):
        shift = copy * span
        parts.append(_STAMP.sub(lambda m, s=shift: _stamp(_seconds(m) + s), body.strip("\n")))
    return "\n\n".join(parts) + "\n", copies * span


def _renamed(notes: str, video_id: str, number: int) -> str:
    """Give a lab page a video id and a title of its own."""
    old = _SHORTCODE_ID.search(notes)
    if old is not None:
        notes = notes.replace(old.group(2), video_id)
    return _TITLE.sub(f'title: "Recorded talk {number}"', notes, count=1)


def _seconds(match: re.Match[str]) -> float:
    hours, minutes, seconds, millis = (int(g) for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds + millis / 1000


def _stamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    return f"{hours:02d}:{minutes:02d}:{millis // 1000:02d}.{millis % 1000:03d}"
