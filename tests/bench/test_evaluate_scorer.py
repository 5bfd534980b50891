"""The alignment scorer: what counts as right, the report, and its errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pdfs import write_pdf

from generator.errors import GeneratorError
from generator.evaluate import ChapterResult, LabResult, evaluate_lab, main, report


def test_a_chapter_is_right_when_its_first_slide_is_acceptable() -> None:
    assert ChapterResult("a", 4, (4, 5), none_ok=False).right
    assert ChapterResult("a", 5, (4, 5), none_ok=False).right
    assert not ChapterResult("a", 6, (4, 5), none_ok=False).right
    assert ChapterResult("a", None, (4,), none_ok=True).right
    assert not ChapterResult("a", None, (4,), none_ok=False).right
    # "No slide is also fine" does not make a wrong slide right.
    assert not ChapterResult("a", 9, (4,), none_ok=True).right


def test_report_counts_per_lab_and_overall_and_names_each_miss() -> None:
    results = [
        LabResult(
            "one",
            (
                ChapterResult("Intro", 1, (1,), none_ok=False),
                ChapterResult("Demo", 7, (5, 6), none_ok=True),
                ChapterResult("Q&A", None, (9,), none_ok=False),
            ),
        ),
        LabResult("two", (ChapterResult("Only", 2, (2,), none_ok=False),)),
    ]
    assert report(results).splitlines() == [
        "one: 1/3 = 33.3%",
        "  miss: 'Demo': got 7, want 5, 6 or none",
        "  miss: 'Q&A': got none, want 9",
        "two: 1/1 = 100.0%",
        "overall: 2/4 = 50.0%",
    ]


def test_a_chapter_that_should_have_no_slide_is_reported_as_such() -> None:
    results = [LabResult("talk", (ChapterResult("Audience question", 7, (), none_ok=True),))]
    assert report(results).splitlines()[1] == "  miss: 'Audience question': got 7, want none"
    assert ChapterResult("Audience question", None, (), none_ok=True).right


def _shared(tmp_path: Path, truth: list[dict[str, object]]) -> Path:
    """A folder laid out like ../shared: one lab page, its deck and its ground truth."""
    (tmp_path / "labs").mkdir()
    (tmp_path / "decks").mkdir()
    (tmp_path / "align" / "dev").mkdir(parents=True)
    (tmp_path / "labs" / "lab1.md").write_text(
        "---\ntitle: Scored\n---\n\n## Sections\n\n"
        "- [0:00](https://youtu.be/abcdefghijk) Kubernetes operators\n"
        "- [5:00](https://youtu.be/abcdefghijk?t=300) Terraform modules\n"
        "- [9:00](https://youtu.be/abcdefghijk?t=540) Prometheus alerting\n"
    )
    write_pdf(
        tmp_path / "decks" / "lab1.pdf",
        [
            [("Kubernetes operators", 40), ("custom controllers", 20)],
            [("Terraform modules", 40), ("reusable infrastructure", 20)],
            [("Prometheus alerting", 40), ("rules and receivers", 20)],
        ],
    )
    (tmp_path / "align" / "dev" / "lab1.json").write_text(
        json.dumps({"lab": "lab1", "deck": "lab1.pdf", "slides": 3, "chapters": truth})
    )
    return tmp_path


def _truth(acceptable: list[int], none_ok: bool = False) -> dict[str, object]:
    return {"acceptable": acceptable, "none_ok": none_ok}


def test_a_lab_is_aligned_and_compared_with_its_truth(tmp_path: Path) -> None:
    # One slide per chapter, titled like it: the aligner gives 1, 2, 3; the truth wants 3 second.
    shared = _shared(tmp_path, [_truth([1]), _truth([3]), _truth([3])])
    result = evaluate_lab(shared / "align" / "dev" / "lab1.json", shared)
    assert [(c.title, c.predicted, c.right) for c in result.chapters] == [
        ("Kubernetes operators", 1, True),
        ("Terraform modules", 2, False),
        ("Prometheus alerting", 3, True),
    ]
    assert result.right == 2


def test_a_truth_that_does_not_fit_the_notes_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = _shared(tmp_path, [_truth([1]), _truth([2])])
    truth = shared / "align" / "dev" / "lab1.json"
    with pytest.raises(GeneratorError, match="2 chapters in the truth, 3 in the notes"):
        evaluate_lab(truth, shared)
    assert main([str(shared)]) == 2
    assert capsys.readouterr().err.startswith(f"{truth}: ")


def test_a_folder_without_truth_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path)]) == 2
    assert "no ground truth" in capsys.readouterr().err
