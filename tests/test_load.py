"""What a loaded lab keeps of its captions."""

from __future__ import annotations

import json
from pathlib import Path

from labs import VIDEO_ID, notes, write_lab

from generator.load import load_lab


def test_the_loaded_lab_keeps_the_cues_but_not_their_word_times(tmp_path: Path) -> None:
    # One automatic caption of four timed words, the second sentence starting at 6.5 s.
    event = {
        "tStartMs": 5000,
        "dDurationMs": 3000,
        "segs": [
            {"utf8": "Hello"},
            {"utf8": " there."},
            {"utf8": " Static", "tOffsetMs": 1500},
            {"utf8": " images.", "tOffsetMs": 2000},
        ],
    }
    lab_dir = write_lab(
        tmp_path,
        "lab",
        {
            "notes.md": notes("0:00 Start"),
            f"video/{VIDEO_ID}.en.json3": json.dumps({"events": [event]}),
        },
    )
    lab = load_lab(lab_dir, tmp_path / "cache")
    assert [(c.start, c.end, c.text) for c in lab.cues] == [
        (5.0, 8.0, "Hello there. Static images.")
    ]
    assert [c.words for c in lab.cues] == [()]
    # The word times were read: they placed the second sentence at its first word.
    sentences = [(s.start, s.text) for p in lab.paragraphs for s in p.sentences]
    assert sentences == [(5.0, "Hello there."), (6.5, "Static images.")]
