"""Decode a talk's sound with ffmpeg into 16 kHz mono samples, streamed in bounded memory.

The media file is untrusted: ffprobe tells first whether it is a recording with a sound
track at all, and ffmpeg's decoding is read in blocks, so that a talk of any length never
sits in memory whole.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from generator.errors import GeneratorError, InputError, one_line
from generator.model import MAX_SECONDS

SAMPLE_RATE = 16_000
"""Samples per second the recognizer takes (Whisper's)."""
SAMPLE_BYTES = 2
"""Bytes of one sample: signed 16-bit, little-endian."""
BLOCK_BYTES = 256 * 1024
"""How much decoded sound is read from ffmpeg at a time."""
PROBE_SECONDS = 60
"""Longest ffprobe may look at a file before it counts as unreadable."""


@dataclass(frozen=True)
class Audio:
    """A recording's sound as the recognizer hears it."""

    path: Path
    sha256: str
    """Hash of the decoded 16 kHz mono samples: the same sound, the same transcript."""
    samples: int

    @property
    def seconds(self) -> float:
        """The sound's length."""
        return self.samples / SAMPLE_RATE


def measure(path: Path) -> Audio:
    """Decode the sound of `path` once, to hash it and count its samples.

    Raise `InputError` for a file that is no recording, or one without sound.
    """
    probe(path)
    digest = hashlib.sha256()
    size = 0
    with pcm_blocks(path) as blocks:
        for block in blocks:
            digest.update(block)
            size += len(block)
    if size < SAMPLE_BYTES:
        raise InputError(path, 0, "the recording's sound track is empty: nothing to transcribe")
    return Audio(path, digest.hexdigest(), size // SAMPLE_BYTES)


def probe(path: Path) -> None:
    """Check that `path` is a recording ffmpeg can read that has a sound track."""
    if not path.is_file():
        raise InputError(path, 0, "not a regular file")
    ffprobe = _tool("ffprobe")
    try:
        done = subprocess.run(
            [ffprobe, "-v", "error", "-show_entries", "stream=codec_type", "-of", "json", path],
            capture_output=True,
            timeout=PROBE_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise InputError(path, 0, "not a video or audio file: ffprobe could not read it") from None
    streams = _streams(done.stdout) if done.returncode == 0 else None
    if not streams:
        reason = _last_line(done.stderr)
        detail = f" ({reason})" if reason else ""
        raise InputError(path, 0, f"not a video or audio file{detail}")
    if "audio" not in streams:
        raise InputError(path, 0, "the video has no sound track: nothing to transcribe")


def _streams(output: bytes) -> list[str] | None:
    """Return the kinds of stream ffprobe found (video, audio, …); None for odd output."""
    try:
        data = json.loads(output)
    except ValueError:
        return None
    streams = data.get("streams") if isinstance(data, dict) else None
    if not isinstance(streams, list):
        return None
    return [str(s.get("codec_type")) for s in streams if isinstance(s, dict)]


@contextmanager
def pcm_blocks(path: Path) -> Iterator[Iterator[bytes]]:
    """Yield the sound of `path` as blocks of 16 kHz mono 16-bit samples, read as decoded.

    ffmpeg stops at MAX_SECONDS; it is stopped too when the caller stops reading early.
    Raise `InputError` when ffmpeg fails part-way (a damaged file).
    """
    ffmpeg = _tool("ffmpeg")
    command = [ffmpeg, "-nostdin", "-v", "error", "-i", str(path), "-map", "0:a:0"]
    command += ["-vn", "-sn", "-dn", "-ac", "1", "-ar", str(SAMPLE_RATE)]
    command += ["-t", str(MAX_SECONDS), "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1"]
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors)
        assert process.stdout is not None
        blocks = _Blocks(process.stdout)
        try:
            yield iter(blocks)
        finally:
            if not blocks.done:
                process.kill()  # the caller stopped early, or failed
            process.stdout.close()
            code = process.wait()
        if blocks.done and code != 0:
            errors.seek(0)
            reason = _last_line(errors.read()) or f"ffmpeg exited with {code}"
            raise InputError(path, 0, f"cannot decode its sound: {reason}")


class _Blocks:
    """The blocks of a stream, remembering whether it was read to its end."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.done = False

    def __iter__(self) -> Iterator[bytes]:
        while block := self.stream.read(BLOCK_BYTES):
            yield block
        self.done = True


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise GeneratorError(f"{name} is not installed (Debian package ffmpeg)")
    return found


def _last_line(output: bytes) -> str:
    """Return the last line a tool printed, made fit for one line of a message."""
    lines = [line for line in output.decode("utf-8", "replace").splitlines() if line.strip()]
    return one_line(lines[-1].strip())[:200] if lines else ""
