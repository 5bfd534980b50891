"""Labs loaded in parallel: the same labs, in the same order, and the same errors."""

from __future__ import annotations

import pickle
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from generator.errors import DeckError, InputError
from generator.load import load_labs
from generator.write.held import whole_lab

NAMES = ("ll202505", "ll202506", "ll202507", "ll202508", "ll202510")


def _labs(shared: Path, parent: Path) -> list[Path]:
    folders = []
    for name in NAMES:
        (parent / name).mkdir(parents=True)
        shutil.copyfile(shared / "labs" / f"{name}.md", parent / name / "notes.md")
        folders.append(parent / name)
    return folders


def test_two_processes_load_what_one_does_in_the_same_order(shared: Path, tmp_path: Path) -> None:
    folders = _labs(shared, tmp_path / "labs")
    one = load_labs(folders, tmp_path / "cache-1", jobs=1)
    two = load_labs(folders, tmp_path / "cache-2", jobs=2)
    assert [held.outline.directory for held in two] == [str(f.resolve()) for f in folders]
    # The key names the cache a lab was loaded with, and the caches differ.
    assert [replace(h.outline, key="") for h in two] == [replace(h.outline, key="") for h in one]
    assert [held.words for held in two] == [held.words for held in one]
    # What each process kept in its cache is the whole lab, the same in both.
    wholes = [[whole_lab(held) for held in labs] for labs in (one, two)]
    assert [lab.paragraphs for lab in wholes[1]] == [lab.paragraphs for lab in wholes[0]]


def test_a_lab_that_cannot_be_loaded_is_reported_as_itself(shared: Path, tmp_path: Path) -> None:
    folders = _labs(shared, tmp_path / "labs")
    broken = folders[3] / "notes.md"
    # Line 4 is where the body starts, and where its list of chapters should be.
    broken.write_text("---\ntitle: A talk\n---\nNo chapters here.\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_labs(folders, tmp_path / "cache", jobs=2)
    assert caught.value.problem.file == str(broken.resolve())
    assert caught.value.problem.line == 4
    assert "Sections" in caught.value.problem.message


def test_input_errors_cross_processes_whole() -> None:
    error = DeckError("talk/deck.pdf", 3, "not a readable PDF")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is DeckError
    assert again.problem == error.problem
    assert str(again) == str(error)
