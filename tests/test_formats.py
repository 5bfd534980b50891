"""Times, lengths and slugs as pages write them."""

from __future__ import annotations

import pytest

from generator.formats import clock, duration, slugify


@pytest.mark.parametrize(
    ("seconds", "written"),
    [
        (0, "0 s"),
        (45.4, "45 s"),
        (60, "1 min"),
        (195, "3 min 15 s"),
        (3599.6, "1 h"),
        (3600, "1 h"),
        (3659, "1 h 1 min"),
        (3720, "1 h 2 min"),
        (7 * 3600 + 29, "7 h"),
        (-5, "0 s"),
    ],
)
def test_lengths_read_in_the_units_that_matter(seconds: float, written: str) -> None:
    assert duration(seconds) == written


@pytest.mark.parametrize(
    ("seconds", "written"), [(0, "0:00"), (65, "1:05"), (3600, "1:00:00"), (3725, "1:02:05")]
)
def test_clock_times_show_hours_only_when_there_are_some(seconds: int, written: str) -> None:
    assert clock(seconds) == written


def test_slugs_are_ascii_and_cut_at_a_word() -> None:
    assert slugify("Déjà vu: C++ & Go!") == "deja-vu-c-go"
    assert slugify("") == "chapter"
    long = slugify("word " * 30)
    assert len(long) <= 60 and not long.endswith("-") and long.startswith("word-word")
