"""Recognize the words of a recording with faster-whisper, a window of sound at a time.

A whole talk is never handed to the model: its sound is decoded again as it is needed
and given to the recognizer in windows of CHUNK_SECONDS. A window ends in the middle of
what someone says, so its last segment is not kept: the next window starts where that
segment starts, and recognizes it whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from tqdm import tqdm

from generator.errors import GeneratorError
from generator.speech.audio import SAMPLE_BYTES, SAMPLE_RATE, Audio, pcm_blocks
from generator.speech.cues import Word

CHUNK_SECONDS = 300
"""Sound given to the recognizer at once: memory stays the same at any length of talk."""
BEAM_SIZE = 5
"""Hypotheses the decoder keeps: 5 makes a third fewer errors than 1 for 1.5× the time."""
SETTINGS = f"faster-whisper;window {CHUNK_SECONDS};beam {BEAM_SIZE};vad;no previous text"
"""What else decides the words: part of the key transcripts are cached by."""

Model = Any
"""A faster_whisper.WhisperModel (the package has no type hints)."""


@dataclass(frozen=True)
class Recognized:
    """The words of a recording and the language they were recognized in."""

    language: str
    words: tuple[Word, ...]


def recognize(
    model: Model, audio: Audio, *, language: str | None = None, progress: bool = False
) -> Recognized:
    """Return the words said in `audio`, with their times (seconds from its start).

    `language` is a code such as "en"; None lets a multilingual model tell from the first
    window. An English-only model (`.en`) only takes "en".
    """
    if not model.model.is_multilingual:
        if language not in (None, "en"):
            raise GeneratorError(f"this model knows English only, not {language!r}")
        language = "en"
    words: list[Word] = []
    chunk = CHUNK_SECONDS * SAMPLE_RATE
    with (
        pcm_blocks(audio.path) as blocks,
        tqdm(
            total=round(audio.seconds),
            unit="s",
            desc="transcribing",
            disable=not progress,
            leave=False,
        ) as bar,
    ):
        window = _Window(blocks)
        start = 0
        while start < audio.samples:
            samples = window.take(start, chunk)
            if not samples.size:
                break
            segments, info = model.transcribe(
                samples,
                language=language,
                beam_size=BEAM_SIZE,
                word_timestamps=True,
                vad_filter=True,
                condition_on_previous_text=False,
            )
            segments = list(segments)
            language = language or str(info.language)
            end = start + samples.size
            resume = end if end >= audio.samples else _resume(segments, start, end)
            offset = start / SAMPLE_RATE
            for segment in segments:
                if start + round(segment.start * SAMPLE_RATE) >= resume:
                    break
                for word in segment.words or ():
                    at = offset + float(word.start)
                    if not words or at >= words[-1].start:
                        words.append(Word(at, offset + float(word.end), str(word.word)))
            bar.update(round(resume / SAMPLE_RATE) - bar.n)
            start = resume
        window.finish()
    return Recognized(language or "en", tuple(words))


def _resume(segments: list[Any], start: int, end: int) -> int:
    """Return the sample the next window starts at: the start of this one's last segment."""
    if len(segments) < 2:
        return end
    resume = start + round(segments[-1].start * SAMPLE_RATE)
    return resume if start < resume < end else end


class _Window:
    """The decoded sound from some sample on, read from ffmpeg only as far as it is needed."""

    def __init__(self, blocks: Iterator[bytes]) -> None:
        self._blocks = blocks
        self._buffer = bytearray()
        self._first = 0
        """The sample the buffer starts at."""

    def take(self, start: int, count: int) -> np.ndarray[Any, np.dtype[np.float32]]:
        """Return up to `count` samples from sample `start` on, as floats from -1 to 1."""
        del self._buffer[: (start - self._first) * SAMPLE_BYTES]
        self._first = start
        wanted = count * SAMPLE_BYTES
        while len(self._buffer) < wanted:
            block = next(self._blocks, None)
            if block is None:
                break
            self._buffer += block
        size = min(len(self._buffer), wanted) // SAMPLE_BYTES * SAMPLE_BYTES
        pcm = np.frombuffer(bytes(self._buffer[:size]), dtype="<i2")
        return pcm.astype(np.float32) / np.float32(32768)

    def finish(self) -> None:
        """Read the rest of the sound, so that ffmpeg ends as having decoded all of it."""
        for _ in self._blocks:
            pass
