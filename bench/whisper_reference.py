"""The speech benchmark's reference: faster-whisper alone, given the whole file at once.

`python -m bench.whisper_reference MEDIA THREADS OUT.txt` recognizes MEDIA the way
faster-whisper's own examples do (its PyAV decoding, the whole recording in memory) with
the settings `generator.speech.recognize` uses, and writes the words to OUT.txt.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from generator.speech import recognize
from generator.speech.weights import find_weights


def main(media: str, threads: str, out: str) -> int:
    """Recognize `media` and write what was said to `out`."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    from faster_whisper import WhisperModel

    model = WhisperModel(
        str(find_weights().directory), device="cpu", compute_type="int8", cpu_threads=int(threads)
    )
    segments, _ = model.transcribe(
        media,
        language="en",
        beam_size=recognize.BEAM_SIZE,
        word_timestamps=True,
        vad_filter=True,
        condition_on_previous_text=False,
    )
    Path(out).write_text(" ".join(s.text.strip() for s in segments) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
