"""The cache holds data, never code: tampered or truncated entries are made again, with a warning."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import pickle
from datetime import date
from pathlib import Path

import pytest
from labs import VIDEO_ID, notes, write_lab

from generator import cache, codec
from generator.load import load_lab_cached
from generator.model import Chapter, Cue, Lab, LabFiles, Notes, RenderedSlide

CAPTIONS = "WEBVTT\n\n00:00.000 --> 00:04.000\nhello there\n\n01:00.000 --> 01:03.000\nbye now\n"


class _Payload:
    """Unpickling this runs `os.system`: what a poisoned cache entry would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def _lab(tmp_path: Path) -> Path:
    return write_lab(
        tmp_path,
        "lab",
        {"notes.md": notes("0:00 Start", "1:00 End"), f"video/{VIDEO_ID}.en.vtt": CAPTIONS},
    )


def _entries(cache_dir: Path, kind: str) -> list[Path]:
    # A lab's outline is kept beside it: what is checked here is the entry of the whole lab.
    return sorted(p for p in (cache_dir / kind).glob("*.json") if not p.name.endswith(".held.json"))


def test_a_lab_round_trips_through_the_data_format() -> None:
    lab = Lab(
        notes=Notes(
            path="n.md",
            id="x",
            title="T",
            linktitle="T",
            description="",
            date=date(2025, 9, 4),
            tags=("a", "b"),
            weight=None,
            presenter="",
            video_id=None,
            deck_url=None,
            intro="",
            chapters=(Chapter(0, 0, "Start", 3),),
            code_blocks=(),
            resources=(),
        ),
        directory="/labs/x",
        duration=61.5,
        cues=(Cue(0.0, 1.5, "hi", (0.0, 0.5), speaker="Ann"),),
        files=LabFiles(
            slides={3: RenderedSlide(Path("/c/t.webp"), Path("/c/f.webp"), (480, 270), (1600, 900))}
        ),
    )
    data = json.loads(json.dumps(codec.to_data(lab)))
    again = codec.from_data(Lab, data)
    assert again == lab
    # Fields that take no part in equality come back too.
    assert again.cues[0].words == (0.0, 0.5)
    assert again.files.slides[3].full == Path("/c/f.webp")


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda d: d | {"duration": "long"}, "str where a float belongs"),
        (lambda d: d | {"cues": [{"start": 0, "end": 1}]}, "no 'text'"),
        (lambda d: d | {"evil": 1}, "unknown field 'evil'"),
        (lambda d: d | {"notes": d["notes"] | {"date": "2025-02-30"}}, "where a date belongs"),
        (lambda d: d | {"cues": "x"}, "not a list"),
    ],
)
def test_data_of_the_wrong_shape_is_refused(change: object, says: str) -> None:
    lab = Lab(notes=_notes(), directory="/x", duration=None)
    data = codec.to_data(lab)
    with pytest.raises(codec.DecodeError, match=says):
        codec.from_data(Lab, change(data))  # type: ignore[operator]


def _notes() -> Notes:
    return Notes("n.md", "x", "T", "T", "", None, (), None, "", None, None, "", (), (), ())


def test_a_pickle_in_the_cache_is_never_unpickled(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    lab_dir = _lab(tmp_path)
    cache_dir = tmp_path / "cache"
    first = load_lab_cached(lab_dir, cache_dir)
    marker = tmp_path / "pwned"
    for entry in _entries(cache_dir, "labs") + _entries(cache_dir, "captions"):
        entry.write_bytes(pickle.dumps(_Payload(marker)))
    with caplog.at_level(logging.WARNING, logger="generator.cache"):
        again = load_lab_cached(lab_dir, cache_dir)
    assert not marker.exists()
    assert again == first
    assert any("unreadable cache entry, made again" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("damage", ["truncate", "reshape", "garbage"])
def test_a_damaged_entry_is_made_again_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: str
) -> None:
    lab_dir = _lab(tmp_path)
    cache_dir = tmp_path / "cache"
    first = load_lab_cached(lab_dir, cache_dir)
    [entry] = _entries(cache_dir, "labs")
    data = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "reshape":
        stored = json.loads(data)
        stored["value"]["paragraphs"] = [{"chapter": "one"}]
        entry.write_text(json.dumps(stored))
    else:
        entry.write_bytes(os.urandom(300))
    with caplog.at_level(logging.WARNING, logger="generator.cache"):
        again = load_lab_cached(lab_dir, cache_dir)
    assert again == first
    [warning] = [r.getMessage() for r in caplog.records]
    assert warning.startswith(f"{entry}: unreadable cache entry, made again")
    # The entry was written anew, and is read without a warning next time.
    caplog.clear()
    assert load_lab_cached(lab_dir, cache_dir) == first
    assert caplog.records == []


def test_entries_are_keyed_by_the_versions_of_what_made_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab_dir = _lab(tmp_path)
    cache_dir = tmp_path / "cache"
    load_lab_cached(lab_dir, cache_dir)
    [before] = _entries(cache_dir, "labs")
    # Another tesseract (or pypdf, Pillow…) makes another key: the old entry is not used.
    cache.versions.cache_clear()
    cache.tool_version.cache_clear()
    monkeypatch.setattr(cache, "tool_version", lambda name: "tesseract 9.9.9")
    try:
        load_lab_cached(lab_dir, cache_dir)
        [after] = _entries(cache_dir, "labs")
    finally:
        cache.versions.cache_clear()
    assert after != before


def test_the_stored_form_holds_no_type_names(tmp_path: Path) -> None:
    """Only data: nothing in an entry names a class or a function to call."""
    lab_dir = _lab(tmp_path)
    cache_dir = tmp_path / "cache"
    lab = load_lab_cached(lab_dir, cache_dir)
    [entry] = _entries(cache_dir, "labs")
    text = entry.read_text()
    assert "generator." not in text and "__" not in text
    assert dataclasses.replace(lab, key="") != lab
