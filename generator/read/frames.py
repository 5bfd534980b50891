"""Read a video's frames small and seldom: ffprobe for what it holds, ffmpeg to decode it.

Only the picture is decoded, at the size and rate the slide matcher needs: ffmpeg drops
frames before it scales them, skips the B-frames and the deblocking filter (neither changes
which slide is on screen), and sends grey frames through a pipe one at a time, so memory does
not grow with the video's length. The video file comes from a lab folder or the command
line: anything ffprobe cannot read, or that holds no picture, is one `FILE:0` message.
"""

from __future__ import annotations

import json
import math
import queue
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np

from generator.errors import InputError, one_line
from generator.model import MAX_SECONDS

MAX_PIXELS = 7680 * 4320
"""The largest picture (8K) worth decoding; a larger one is a mistake or an attack."""
PROBE_SECONDS = 60
"""How long ffprobe may take to read a file's header before it counts as unreadable."""
PROBE_BYTES = 1024 * 1024
"""Most output taken from ffprobe: a real file's streams take a few kilobytes."""
ERROR_BYTES = 4096
"""How much of ffmpeg's error output is kept, from its end, to explain a failure."""
DECODER_OPTIONS = ("-skip_frame", "bidir", "-skip_loop_filter", "all")
"""Decode what the picture needs only: B-frames are never referenced by the frames kept, and
deblocking smooths block edges that a picture shrunk for matching no longer has."""


@dataclass(frozen=True)
class VideoStream:
    """What ffprobe says of a video file's picture."""

    path: Path
    duration: float
    """Seconds, as the container (else the stream) gives it."""
    width: int
    height: int
    codec: str


@dataclass(frozen=True)
class FrameSize:
    """The size frames are decoded at: the picture's shape, at most `width` x `height`."""

    width: int
    height: int

    @staticmethod
    def within(stream: VideoStream, width: int, height: int) -> FrameSize:
        """Return the largest even size with the stream's shape that fits `width` x `height`."""
        scale = min(width / stream.width, height / stream.height, 1.0)
        return FrameSize(
            max(2, round(stream.width * scale / 2) * 2),
            max(2, round(stream.height * scale / 2) * 2),
        )


def tools_available() -> bool:
    """Tell whether ffmpeg and ffprobe are installed."""
    return shutil.which("ffmpeg") is not None and shutil.which("ffprobe") is not None


def probe(path: Path) -> VideoStream:
    """Return what `path`'s first video stream is; raise InputError when it has no usable one."""
    entries = "format=duration:stream=codec_type,codec_name,width,height,duration"
    return _stream(path, _ffprobe(path, "-show_entries", entries))


def describe(path: Path) -> dict[str, Any]:
    """Return what ffprobe says of a recording's container: its tags (title, artist, date…),
    duration and chapters, as ffprobe's JSON; raise InputError when it is no video."""
    probe(path)
    found = _ffprobe(path, "-show_format", "-show_chapters")
    return found if isinstance(found, dict) else {}


def _ffprobe(path: Path, *asked: str) -> Any:
    """Run ffprobe on an untrusted file, in bounded time and output; return its JSON."""
    if not tools_available():
        raise InputError(path, 0, "reading a video needs ffmpeg and ffprobe (Debian: ffmpeg)")
    if not path.is_file():
        what = "not found" if not path.exists() else "not a regular file"
        raise InputError(path, 0, what)
    command = ["ffprobe", "-v", "error", "-of", "json", *asked, "--", str(path)]
    try:
        done = subprocess.run(
            command, capture_output=True, timeout=PROBE_SECONDS, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        raise InputError(path, 0, "ffprobe could not read it in time: not a video?") from None
    if done.returncode != 0:
        reason = _last_line(done.stderr) or f"ffprobe failed ({done.returncode})"
        raise InputError(path, 0, f"not a video ffmpeg can read ({reason})")
    return _json(done.stdout[:PROBE_BYTES], path)


def frames(stream: VideoStream, size: FrameSize, rate: float) -> Iterator[np.ndarray]:
    """Yield grey frames (`size.height` x `size.width`, uint8) every 1/`rate` s from 0 on.

    Frame i shows the picture at i/rate seconds. The generator holds one frame at a time;
    closing it early stops ffmpeg. Raise InputError when ffmpeg fails before the first frame.
    """
    frame_bytes = size.width * size.height
    command = [
        "ffmpeg", "-nostdin", "-hide_banner", "-v", "error",
        *DECODER_OPTIONS, "-i", str(stream.path),
        "-map", "0:v:0", "-an", "-sn", "-dn",
        "-vf", f"fps={rate:.6f}:round=up,scale={size.width}:{size.height}:flags=area,format=gray",
        "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1",
    ]  # fmt: skip
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=errors
        )
        assert process.stdout is not None
        count = 0
        try:
            while True:
                buffer = _read_exactly(process.stdout, frame_bytes)
                if buffer is None:
                    break
                count += 1
                yield np.frombuffer(buffer, dtype=np.uint8).reshape(size.height, size.width)
        finally:
            process.stdout.close()
            if process.poll() is None:
                process.kill()
            code = process.wait()
        if code != 0 and count == 0:
            errors.seek(max(0, errors.seek(0, 2) - ERROR_BYTES))
            reason = _last_line(errors.read()) or f"ffmpeg failed ({code})"
            raise InputError(stream.path, 0, f"cannot decode the video ({reason})")


AHEAD_BYTES = 48 * 1024 * 1024
"""Most decoded frames held ahead of the matcher, in bytes (while the deck is being drawn)."""


class Ahead:
    """Frames decoded by a thread up to AHEAD_BYTES ahead of the reader.

    ffmpeg starts at once and works while the caller does something else first (draws the
    deck); memory stays bounded. An error in decoding is raised where the frames are read.
    Use it in a `with` block: leaving it stops the thread and ffmpeg.
    """

    def __init__(self, pictures: Iterator[np.ndarray], frame_bytes: int) -> None:
        self._pictures = pictures
        self._waiting: queue.Queue[tuple[str, object]] = queue.Queue(
            max(1, AHEAD_BYTES // max(frame_bytes, 1))
        )
        self._stop = threading.Event()
        self._worker = threading.Thread(target=self._decode, name="frames", daemon=True)
        self._worker.start()

    def __enter__(self) -> Ahead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __iter__(self) -> Iterator[np.ndarray]:
        while True:
            kind, value = self._waiting.get()
            if kind == "end":
                return
            if isinstance(value, BaseException):
                raise value
            assert isinstance(value, np.ndarray)
            yield value

    def close(self) -> None:
        """Stop decoding and wait for the thread."""
        self._stop.set()
        self._worker.join()

    def _hand(self, kind: str, value: object) -> bool:
        while not self._stop.is_set():
            try:
                self._waiting.put((kind, value), timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _decode(self) -> None:
        try:
            for picture in self._pictures:
                if not self._hand("frame", picture):
                    break
            else:
                self._hand("end", None)
        except BaseException as error:  # raised again in the reading thread
            self._hand("error", error)
        finally:
            close = getattr(self._pictures, "close", None)
            if close is not None:
                close()


def _read_exactly(pipe: IO[bytes], count: int) -> bytes | None:
    """Return the next `count` bytes of the pipe; None at its end (a partial frame is dropped)."""
    parts, left = [], count
    while left:
        part = pipe.read(left)
        if not part:
            return None
        parts.append(part)
        left -= len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _json(data: bytes, path: Path) -> dict[str, Any]:
    try:
        value = json.loads(data.decode("utf-8", errors="replace"))
    except ValueError:
        raise InputError(path, 0, "ffprobe gave no readable description of it") from None
    return value if isinstance(value, dict) else {}


def _stream(path: Path, described: dict[str, Any]) -> VideoStream:
    """Return the first video stream of ffprobe's description, checked."""
    streams = described.get("streams")
    videos = [
        s
        for s in (streams if isinstance(streams, list) else [])
        if isinstance(s, dict) and s.get("codec_type") == "video"
    ]
    if not videos:
        raise InputError(path, 0, "has no video stream (sound only, or not a video)")
    video = videos[0]
    width, height = _whole(video.get("width")), _whole(video.get("height"))
    if not width or not height:
        raise InputError(path, 0, "its video stream has no picture size")
    if width * height > MAX_PIXELS:
        raise InputError(path, 0, f"a {width}×{height} picture is larger than 8K: not read")
    container = described.get("format")
    duration = _seconds(container.get("duration") if isinstance(container, dict) else None)
    duration = duration or _seconds(video.get("duration"))
    if not duration:
        raise InputError(path, 0, "has no length (a still picture, or an empty video)")
    if duration > MAX_SECONDS:
        raise InputError(path, 0, f"claims to last {duration:,.0f} s, more than a week")
    return VideoStream(path, duration, width, height, str(video.get("codec_name") or "?"))


def _whole(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _seconds(value: object) -> float:
    """Return a positive, finite number of seconds from ffprobe's text; 0 for anything else."""
    try:
        seconds = float(str(value))
    except ValueError:
        return 0.0
    return seconds if math.isfinite(seconds) and seconds > 0 else 0.0


def _last_line(data: bytes) -> str:
    lines = [line.strip() for line in data.decode("utf-8", errors="replace").splitlines()]
    found = [line for line in lines if line]
    return one_line(found[-1])[:300] if found else ""
