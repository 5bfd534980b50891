"""Reading a video's frames with ffmpeg: what it holds, when each frame is, and bad files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from recordings import ffmpeg
from tools import require_tool

from generator.errors import InputError
from generator.read.frames import FrameSize, frames, probe


@pytest.fixture(autouse=True)
def tools() -> None:
    require_tool("ffmpeg", "ffmpeg")
    require_tool("ffprobe", "ffmpeg")


def black_then_white(path: Path) -> Path:
    """Two seconds of black, then two of white, 25 frames a second, 320x180."""
    ffmpeg(
        "-f", "lavfi", "-i", "color=c=black:s=320x180:r=25:d=2",
        "-f", "lavfi", "-i", "color=c=white:s=320x180:r=25:d=2",
        "-filter_complex", "[0:v][1:v]concat=n=2:v=1[v]", "-map", "[v]",
        "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", str(path),
    )  # fmt: skip
    return path


def test_probe_tells_the_length_and_size_of_the_picture(tmp_path: Path) -> None:
    stream = probe(black_then_white(tmp_path / "video.mp4"))
    assert (stream.width, stream.height, stream.codec) == (320, 180, "h264")
    assert stream.duration == pytest.approx(4.0, abs=0.05)


def test_frame_i_shows_the_picture_at_i_over_the_rate(tmp_path: Path) -> None:
    stream = probe(black_then_white(tmp_path / "video.mp4"))
    size = FrameSize.within(stream, 160, 160)
    assert (size.width, size.height) == (160, 90)
    levels = [int(np.median(frame)) for frame in frames(stream, size, 4.0)]
    assert len(levels) == 16
    assert all(level < 30 for level in levels[:8]), levels
    assert all(level > 225 for level in levels[8:]), levels


def test_stopping_early_ends_ffmpeg(tmp_path: Path) -> None:
    stream = probe(black_then_white(tmp_path / "video.mp4"))
    reader = frames(stream, FrameSize(32, 18), 4.0)
    first = next(reader)
    reader.close()
    assert first.shape == (18, 32)


def test_a_frame_size_never_grows_the_picture_and_stays_even(tmp_path: Path) -> None:
    stream = probe(black_then_white(tmp_path / "video.mp4"))
    assert FrameSize.within(stream, 640, 360) == FrameSize(320, 180)
    assert FrameSize.within(stream, 101, 101) == FrameSize(100, 56)


def sound_only(path: Path) -> Path:
    ffmpeg("-f", "lavfi", "-i", "sine=f=440:d=2", "-c:a", "aac", str(path))
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("not a video at all\n") and p, "not a video ffmpeg can read"),
        (lambda p: p.write_bytes(b"") or p, "not a video ffmpeg can read"),
        (sound_only, "has no video stream"),
        (lambda p: p.mkdir() or p, "not a regular file"),
        (lambda p: p, "not found"),
    ],
)
def test_what_is_no_video_is_one_clear_message(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path / "video.m4a")
    with pytest.raises(InputError) as caught:
        probe(path)
    assert message in caught.value.problem.message
    assert str(caught.value).startswith(str(path))
    assert "\n" not in str(caught.value)


def test_a_still_picture_has_no_length(tmp_path: Path) -> None:
    picture = tmp_path / "still.png"
    ffmpeg("-f", "lavfi", "-i", "color=c=red:s=64x36", "-frames:v", "1", str(picture))
    with pytest.raises(InputError, match="no length"):
        probe(picture)
