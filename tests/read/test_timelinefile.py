"""The stored slide timeline: written one stretch a line, read back as untrusted input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.model import SlideTimeline, TimelineEntry
from generator.read.timelinefile import (
    MAX_BYTES,
    StoredTimeline,
    load_timeline,
    read_timeline,
    timeline_text,
)

DECK = "a" * 64
VIDEO = "b" * 64
TIMELINE = SlideTimeline(
    DECK,
    VIDEO,
    95.5,
    (
        TimelineEntry(0.0, 12.25, 1),
        TimelineEntry(12.25, 40.0, 2),
        TimelineEntry(40.0, 61.5, None),
        TimelineEntry(61.5, 95.5, 2),
    ),
)


def stored(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "timeline.json"
    path.write_text(text, encoding="utf-8")
    return path


def good_text() -> str:
    return timeline_text(TIMELINE, pages=3, video_id="abcdefghijk")


def test_what_is_written_reads_back_the_same(tmp_path: Path) -> None:
    path = stored(tmp_path, good_text())
    assert read_timeline(path) == StoredTimeline(TIMELINE, 3, "abcdefghijk")


def test_the_file_is_reviewable_one_stretch_a_line(tmp_path: Path) -> None:
    lines = good_text().splitlines()
    assert '    {"start": 12.25, "end": 40.0, "slide": 2},' in lines
    assert '    {"start": 40.0, "end": 61.5, "slide": null},' in lines
    assert json.loads(good_text())["video"]["duration"] == 95.5


def test_a_timeline_for_another_deck_is_ignored_with_a_warning(tmp_path: Path) -> None:
    path = stored(tmp_path, good_text())
    found, problems = load_timeline(path, deck_sha256="c" * 64, pages=3)
    assert found is None
    [problem] = problems
    assert problem.file == str(path) and "another deck" in problem.message
    assert "sync" in problem.message


def test_a_timeline_for_another_video_is_ignored_with_a_warning(tmp_path: Path) -> None:
    path = stored(tmp_path, good_text())
    found, problems = load_timeline(path, deck_sha256=DECK, pages=3, video_sha256="d" * 64)
    assert found is None and "another video" in problems[0].message
    found, problems = load_timeline(path, deck_sha256=DECK, pages=3, video_id="zyxwvutsrqp")
    assert found is None and "zyxwvutsrqp" in problems[0].message


def test_a_timeline_that_fits_is_used_and_a_missing_one_is_no_warning(tmp_path: Path) -> None:
    path = stored(tmp_path, good_text())
    assert load_timeline(path, deck_sha256=DECK, pages=3, video_sha256=VIDEO) == (TIMELINE, ())
    assert load_timeline(tmp_path / "none.json", deck_sha256=DECK, pages=3) == (None, ())


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('"slide": 2}', '"slide": 4}', "page of the deck (1 to 3)"),
        ('"slide": 2}', '"slide": 0}', "page of the deck"),
        ('"slide": 2}', '"slide": true}', "page of the deck"),
        ('"slide": 2}', '"slide": 2.0}', "page of the deck"),
        ('"slide": 2}', '"slide": "2"}', "page of the deck"),
        ('"end": 40.0', '"end": NaN', "numbers of seconds"),
        ('"end": 40.0', '"end": Infinity', "numbers of seconds"),
        ('"end": 40.0', '"end": 1e400', "numbers of seconds"),
        ('"end": 40.0', '"end": ' + "9" * 400, "numbers of seconds"),
        ('"end": 40.0', '"end": 10.0', "before it starts"),
        ('"end": 40.0', '"end": 40.0, "extra": 1', '"start": s, "end": s'),
    ],
)
def test_a_hostile_stretch_is_named_by_its_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    text = good_text()
    target = line_of(text, '"start": 12.25')
    lines = text.splitlines()
    lines[target - 1] = lines[target - 1].replace(old, new)
    path = stored(tmp_path, "\n".join(lines) + "\n")
    with pytest.raises(InputError) as caught:
        read_timeline(path)
    assert caught.value.problem.line == target
    assert message in caught.value.problem.message
    assert str(caught.value).startswith(f"{path}:{target}: ")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="something else"), "not a slide timeline"),
        (lambda d: d["deck"].update(sha256="xyz"), "64 lowercase hexadecimal"),
        (lambda d: d["video"].update(sha256=None), "64 lowercase hexadecimal"),
        (lambda d: d["deck"].update(pages=10**9), "deck pages"),
        (lambda d: d["video"].update(duration=-5), "duration"),
        (lambda d: d["video"].update(id="../../etc"), "video id"),
        (lambda d: d.update(timeline=[]), "list of stretches"),
        (lambda d: d.update(timeline={"start": 0}), "list of stretches"),
        (lambda d: d["timeline"][0].update(start=1.0), "not at the video's start"),
        (lambda d: d["timeline"][-1].update(end=500.0), "after the video"),
        (lambda d: d["timeline"].pop(), "not with the video"),
    ],
)
def test_hostile_values_anywhere_are_refused(tmp_path: Path, change, message: str) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(good_text())
    change(data)
    path = stored(tmp_path, json.dumps(data, indent=1))
    with pytest.raises(InputError) as caught:
        read_timeline(path)
    assert message in caught.value.problem.message
    assert "\n" not in str(caught.value)


def test_a_gap_is_named_by_the_line_of_the_stretch_after_it(tmp_path: Path) -> None:
    text = good_text().replace('"end": 40.0', '"end": 39.0')
    with pytest.raises(
        InputError, match=r"starts at 40, not at the end of the one before \(39\)"
    ) as caught:
        read_timeline(stored(tmp_path, text))
    assert caught.value.problem.line == line_of(text, '"start": 40.0')


def test_broken_json_is_named_by_its_line_and_costs_only_the_timeline(tmp_path: Path) -> None:
    text = good_text().replace('"slide": null}', '"slide": null')
    path = stored(tmp_path, text)
    found, problems = load_timeline(path, deck_sha256=DECK, pages=3)
    assert found is None
    [problem] = problems
    # The object left open is found where the next one begins.
    assert problem.line == line_of(text, '"start": 61.5')


def test_a_file_too_large_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "timeline.json"
    with path.open("wb") as handle:
        handle.write(b" " * (MAX_BYTES + 1))
    with pytest.raises(InputError, match="larger than"):
        read_timeline(path)


def test_a_link_or_a_folder_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "folder.json").mkdir()
    with pytest.raises(InputError, match="not a regular file"):
        read_timeline(tmp_path / "folder.json")
    (tmp_path / "link.json").symlink_to("/etc/passwd")
    found, problems = load_timeline(tmp_path / "link.json", deck_sha256=DECK, pages=3)
    assert found is None and "not a regular file" in problems[0].message


def test_bytes_that_are_not_utf8_are_named_by_their_line(tmp_path: Path) -> None:
    path = tmp_path / "timeline.json"
    path.write_bytes(good_text().encode().replace(b'"slide": null', b'"slide": \xff'))
    with pytest.raises(InputError, match="not UTF-8") as caught:
        read_timeline(path)
    assert caught.value.problem.line == line_of(good_text(), '"slide": null')
