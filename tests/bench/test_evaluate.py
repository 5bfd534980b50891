"""The alignment evaluation: its scoring, and image-only decks read the way the build reads them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from labs import write_lab
from pdfs import write_pdf
from pypdf import PdfReader

from generator import evaluate
from generator.evaluate import (
    TALK_LABELS,
    ChapterResult,
    LabResult,
    evaluate_lab,
    image_only_copy,
    read_truth,
    report,
)


@pytest.fixture(scope="session")
def ocr_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache of rendered slides and OCR for the whole run, as the build keeps one."""
    return tmp_path_factory.mktemp("ocr-cache")


NOTES = """---
title: Widgets
---

## Sections

- [0:00](https://www.youtube.com/watch?v=abcdefghijk&t=0s) Welcome
- [1:00](https://www.youtube.com/watch?v=abcdefghijk&t=60s) Installing the widget tool
- [3:00](https://www.youtube.com/watch?v=abcdefghijk&t=180s) Configuring widgets
- [5:00](https://www.youtube.com/watch?v=abcdefghijk&t=300s) Questions
"""

SLIDES = [
    [("Welcome to Widgets", 40), ("a small talk about widgets", 24)],
    [("Installing the widget tool", 40), ("download it and put it on your path", 24)],
    [("Configuring widgets", 40), ("colours sizes and shapes of every widget", 24)],
    [("Questions", 40)],
]


def tiny_shared(parent: Path) -> Path:
    """Lay out a ../shared look-alike: one lab, its deck, and ground truth written by hand."""
    (parent / "labs").mkdir(parents=True)
    (parent / "decks").mkdir()
    (parent / "align" / "dev").mkdir(parents=True)
    (parent / "labs" / "tiny.md").write_text(NOTES, encoding="utf-8")
    write_pdf(parent / "decks" / "tiny.pdf", SLIDES)
    truth = {
        "lab": "tiny",
        "deck": "tiny.pdf",
        "slides": 4,
        "chapters": [
            {"title": "Welcome", "acceptable": [1], "none_ok": False},
            {"title": "Installing the widget tool", "acceptable": [2], "none_ok": False},
            # Slide 3 is the right answer; the truth says 4 so that one chapter must count wrong.
            {"title": "Configuring widgets", "acceptable": [4], "none_ok": False},
            {"title": "Questions", "acceptable": [4], "none_ok": True},
        ],
    }
    (parent / "align" / "dev" / "tiny.json").write_text(json.dumps(truth), encoding="utf-8")
    return parent


EXPECTED_REPORT = """tiny: 3/4 = 75.0%
  miss: 'Configuring widgets': got 3, want 4
overall: 3/4 = 75.0%"""


def test_a_prediction_is_right_when_the_truth_accepts_it() -> None:
    assert ChapterResult("a", 3, (3, 4), none_ok=False).right
    assert not ChapterResult("a", 2, (3, 4), none_ok=False).right
    assert ChapterResult("a", None, (3,), none_ok=True).right
    assert not ChapterResult("a", None, (3,), none_ok=False).right
    # "No slide" being acceptable does not make a wrong slide right.
    assert not ChapterResult("a", 2, (3,), none_ok=True).right


def test_report_counts_per_lab_and_overall() -> None:
    results = [
        LabResult("one", (ChapterResult("A", 1, (1,), False), ChapterResult("B", 5, (3,), True))),
        LabResult("two", (ChapterResult("C", None, (2,), False),)),
    ]
    assert report(results) == (
        "one: 1/2 = 50.0%\n"
        "  miss: 'B': got 5, want 3 or none\n"
        "two: 0/1 = 0.0%\n"
        "  miss: 'C': got none, want 2\n"
        "overall: 1/3 = 33.3%"
    )


def test_evaluate_lab_scores_a_hand_made_truth(tmp_path: Path) -> None:
    shared = tiny_shared(tmp_path / "shared")
    result = evaluate_lab(shared / "align" / "dev" / "tiny.json", shared, tmp_path / "cache")
    assert [c.predicted for c in result.chapters] == [1, 2, 3, 4]
    assert result.right == 3
    assert report([result]) == EXPECTED_REPORT


def test_image_only_copy_has_pictures_and_no_text(tmp_path: Path) -> None:
    source = write_pdf(tmp_path / "deck.pdf", SLIDES)
    first = image_only_copy(source, tmp_path / "copy.pdf")
    again = image_only_copy(source, tmp_path / "again.pdf")
    reader = PdfReader(first)
    assert len(reader.pages) == len(SLIDES)
    assert all(page.extract_text().strip() == "" for page in reader.pages)
    assert all(page.images for page in reader.pages)
    # Same bytes every time, so the OCR cache keyed by the deck's hash is reused.
    assert first.read_bytes() == again.read_bytes()


def test_make_eval_reports_decks_as_they_are_and_as_images(
    tesseract: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tiny_shared(tmp_path / "shared")
    no_talks = tmp_path / "no-talks"
    no_talks.mkdir()
    code = evaluate.main(
        [str(shared), "--cache-dir", str(tmp_path / "cache"), "--talks", str(no_talks)]
    )
    assert code == 0
    assert capsys.readouterr().out == (
        f"decks as they are:\n{EXPECTED_REPORT}\n"
        f"image-only copies (read by OCR, as the build reads them):\n{EXPECTED_REPORT}\n"
    )


def test_image_only_dev_deck_aligns_at_least_90_percent(
    tesseract: str, shared: Path, ocr_cache: Path, tmp_path: Path
) -> None:
    truth = shared / "align" / "dev" / "ll202508.json"
    deck = shared / "decks" / json.loads(truth.read_text())["deck"]
    copy = image_only_copy(deck, tmp_path / deck.name)
    result = evaluate_lab(truth, shared, ocr_cache, copy)
    assert result.right / len(result.chapters) >= 0.9, report([result])


TALK_NOTES = """---
title: Going to space
---

{{< youtube spacetalk01 >}}

## Sections

- [0:00](https://www.youtube.com/watch?v=spacetalk01&t=0s) Welcome
- [1:00](https://www.youtube.com/watch?v=spacetalk01&t=60s) How things go round
- [6:40](https://www.youtube.com/watch?v=spacetalk01&t=400s) Changing course
- [7:40](https://www.youtube.com/watch?v=spacetalk01&t=460s) Coming down
- [15:00](https://www.youtube.com/watch?v=spacetalk01&t=900s) Goodbye
"""
TALK_SLIDES = [
    [("Space travel", 40), ("a short talk", 24)],
    [("Orbits", 40), ("ellipse periapsis apoapsis eccentricity", 24)],
    [("Sketch", 40)],
    [("Transfers", 40), ("hohmann burn synodic period", 24)],
    [("Sketch", 40)],
    [("Landing", 40), ("parachute retrorocket heatshield", 24)],
    [("Thanks", 40)],
]
# Said at the chapters' starts; the rest of the talk is filler.
TALK_LINES = {
    60: "first the periapsis and apoapsis of an ellipse",
    400: "a hohmann burn waits for the synodic period",
    460: "then the parachute and the retrorocket and the heatshield",
    900: "thanks for listening",
}


def tiny_talk(shared: Path, labels: Path) -> None:
    """Lay out one talk as a lab folder (notes, deck, captions) and our label of it."""
    cues = ["WEBVTT", ""]
    for start in range(0, 1000, 20):
        text = TALK_LINES.get(start, "and so we keep going with this part of the story")
        cues += [
            f"00:{start // 60:02d}:{start % 60:02d}.000 --> 00:{(start + 20) // 60:02d}:"
            f"{(start + 20) % 60:02d}.000",
            text,
            "",
        ]
    files = {"notes.md": TALK_NOTES, "video/spacetalk01.en.vtt": "\n".join(cues)}
    folder = write_lab(shared / "talks", "space", files)
    write_pdf(folder / "deck.pdf", TALK_SLIDES)
    labels.mkdir()
    truth = {
        "lab": "space",
        "folder": "talks/space",
        "deck": "deck.pdf",
        "slides": 7,
        "chapters": [
            {"title": "Welcome", "acceptable": [1], "none_ok": False},
            {"title": "How things go round", "acceptable": [2], "none_ok": False},
            {"title": "Changing course", "acceptable": [4], "none_ok": False},
            {"title": "Coming down", "acceptable": [6], "none_ok": False},
            {"title": "Goodbye", "acceptable": [7], "none_ok": True},
        ],
    }
    (labels / "space.json").write_text(json.dumps(truth), encoding="utf-8")


def test_a_talk_folder_is_scored_with_its_captions_and_without(tmp_path: Path) -> None:
    shared = tiny_shared(tmp_path / "shared")
    labels = tmp_path / "labels"
    tiny_talk(shared, labels)
    truth = read_truth(labels / "space.json", shared)
    assert truth.notes == shared / "talks" / "space" / "notes.md"
    assert truth.video == shared / "talks" / "space" / "video"
    heard = evaluate_lab(labels / "space.json", shared, tmp_path / "cache")
    assert [c.predicted for c in heard.chapters] == [1, 2, 4, 6, 7]
    unheard = evaluate_lab(labels / "space.json", shared, tmp_path / "cache", transcript=False)
    assert unheard.right < heard.right == 5


def test_make_eval_reports_the_labelled_talks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tiny_shared(tmp_path / "shared")
    labels = tmp_path / "labels"
    tiny_talk(shared, labels)
    # The image-only half is another test's; this one reads text decks only.
    monkeypatch.setattr(evaluate, "ocr_available", lambda: False)
    code = evaluate.main(
        [str(shared), "--cache-dir", str(tmp_path / "cache"), "--talks", str(labels)]
    )
    assert code == 0
    out = capsys.readouterr().out.splitlines()
    heard = out.index("talks with their transcripts (lab folders, as the build aligns them):")
    alone = out.index("the same talks on titles and slides alone:")
    assert out[heard + 1 : heard + 3] == ["space: 5/5 = 100.0%", "overall: 5/5 = 100.0%"]
    assert out[alone + 1].startswith("space: ") and out[alone + 1] != "space: 5/5 = 100.0%"


def test_talks_of_another_series_align_better_with_their_transcripts(
    tesseract: str, shared: Path
) -> None:
    """Our labels of the four talks in ../shared/talks: the slide on screen at each chapter start."""
    labels = sorted(TALK_LABELS.glob("*.json"))
    assert len(labels) == 4
    heard = [evaluate_lab(path, shared) for path in labels]
    unheard = [evaluate_lab(path, shared, transcript=False) for path in labels]
    right = sum(lab.right for lab in heard)
    total = sum(len(lab.chapters) for lab in heard)
    assert total == 131
    assert right >= 0.85 * total, report(heard)
    assert right >= sum(lab.right for lab in unheard) + 10, report(unheard)
