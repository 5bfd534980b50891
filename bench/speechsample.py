"""Speech whose words and times are known: espeak-ng sentences with silences between them.

The benchmark and the tests both need a recording whose transcript is known exactly. A
synthetic voice is cleaner than a person's, so the word error rate measured on it is a
lower bound of what a real talk gets; the figures say so.
"""

from __future__ import annotations

import re
import subprocess
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SENTENCES = (
    "Today we build a small container image for a web service.",
    "The first stage compiles the program with every tool it needs.",
    "The second stage copies only the finished binary into a static base.",
    "Nothing else is inside the final image, not even a shell.",
    "That makes the image smaller and leaves fewer packages to patch.",
    "We run the scanner again and the list of known problems is empty.",
    "Now the service starts in less than a second on any machine.",
    "If something breaks, the debug variant of the image still has a shell.",
    "Keep the build stage and the runtime stage in the same file.",
    "Then every change to the code rebuilds both stages in order.",
    "Tag each image with the version of the source it was built from.",
    "A signed image lets the cluster refuse anything it did not expect.",
    "The software bill of materials lists every package and its license.",
    "Read it before you ship, not after a problem is reported.",
    "Thank you for listening, and please send us your questions.",
)
"""Sentences a talk about container images might have, spoken one after another."""
VOICE = "en-us"
WORDS_PER_MINUTE = 150
PAUSE = 1.0
"""Silence between two sentences (seconds): a speaker's breath between sentences."""


@dataclass(frozen=True)
class Spoken:
    """One sentence of the sample and the moment its sound starts."""

    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Sample:
    """A WAV file of spoken sentences, and where each of them is."""

    wav: Path
    sentences: tuple[Spoken, ...]

    @property
    def seconds(self) -> float:
        """The recording's length."""
        return self.sentences[-1].end if self.sentences else 0.0

    @property
    def text(self) -> str:
        """Everything said, in order."""
        return " ".join(s.text for s in self.sentences)


def synthesize(
    folder: Path, sentences: Sequence[str] = SENTENCES, *, repeat: int = 1, pause: float = PAUSE
) -> Sample:
    """Speak `sentences` (`repeat` times over) into `folder/speech.wav` with known silences."""
    folder.mkdir(parents=True, exist_ok=True)
    clips = []
    for number, sentence in enumerate(sentences):
        clip = folder / f"sentence-{number}.wav"
        subprocess.run(
            ["espeak-ng", "-v", VOICE, "-s", str(WORDS_PER_MINUTE), "-w", str(clip), sentence],
            check=True,
            capture_output=True,
        )
        clips.append((sentence, clip))
    out = folder / "speech.wav"
    spoken = []
    with wave.open(str(out), "wb") as writer:
        rate = 0
        for _ in range(repeat):
            for sentence, clip in clips:
                with wave.open(str(clip), "rb") as reader:
                    if not rate:
                        rate = reader.getframerate()
                        writer.setparams(reader.getparams())
                    frames = reader.readframes(reader.getnframes())
                start = writer.tell() / rate
                writer.writeframes(frames)
                spoken.append(Spoken(start, writer.tell() / rate, sentence))
                writer.writeframes(b"\0\0" * round(pause * rate))
    return Sample(out, tuple(spoken))


def mux_video(audio: Path, out: Path, *, still: bool = True) -> Path:
    """Make a video of a grey still picture with `audio` as its sound track (or without sound)."""
    command = ["ffmpeg", "-nostdin", "-v", "error", "-y"]
    command += ["-f", "lavfi", "-i", "color=c=gray:s=160x90:r=2"]
    if still:
        command += ["-i", str(audio), "-shortest", "-c:a", "aac", "-b:a", "64k"]
    else:
        seconds = _wav_seconds(audio)
        command += ["-t", f"{seconds:.2f}"]
    command += ["-c:v", "libx264", "-tune", "stillimage", "-pix_fmt", "yuv420p", str(out)]
    subprocess.run(command, check=True, capture_output=True)
    return out


def _wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as reader:
        return reader.getnframes() / reader.getframerate()


def words(text: str) -> list[str]:
    """Return the words of a text for scoring: lower case, without punctuation."""
    return re.sub(r"[^\w\s']", " ", text.casefold().replace("-", " ")).split()


def word_error_rate(reference: str, hypothesis: str) -> float:
    """Return (substitutions + deletions + insertions) / words of `reference`."""
    ref, hyp = words(reference), words(hypothesis)
    previous = list(range(len(hyp) + 1))
    for i, word in enumerate(ref, start=1):
        current = [i]
        for j, other in enumerate(hyp, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != other))
            )
        previous = current
    return previous[-1] / max(1, len(ref))
