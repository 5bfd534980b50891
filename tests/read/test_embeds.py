"""The recording a notes page embeds, wherever it is hosted, as `inspect` reports it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.read.notes import parse_notes
from tests.sites import ROOT

SECTIONS = "\n## Sections\n\n- [0:00](#) Opening\n- [5:00](#) Demo\n"


def _page(front: str = "", body: str = "") -> str:
    return f"---\ntitle: A talk\n{front}---\n\n{body}\n{SECTIONS}"


def _video(text: str) -> tuple[str, str | None, str] | None:
    notes = parse_notes(text, "notes.md", "talk")
    return (notes.video.host, notes.video.id, notes.video.url) if notes.video else None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{{< vimeo 76979871 >}}", ("vimeo", "76979871", "https://vimeo.com/76979871")),
        (
            '{{< vimeo id="76979871" class="wide" >}}',
            ("vimeo", "76979871", "https://vimeo.com/76979871"),
        ),
        (
            '{{< peertube host="framatube.org" id="9c9de5e8-0a1e-484a-b099-e80766180a6d" >}}',
            (
                "peertube",
                "9c9de5e8-0a1e-484a-b099-e80766180a6d",
                "https://framatube.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d",
            ),
        ),
        (
            "{{< peertube https://video.example.org/w/kkGMgK9ZtnKfYAgnEtQxbv >}}",
            (
                "peertube",
                "kkGMgK9ZtnKfYAgnEtQxbv",
                "https://video.example.org/w/kkGMgK9ZtnKfYAgnEtQxbv",
            ),
        ),
        ('{{< video src="video/talk.mp4" >}}', ("file", None, "video/talk.mp4")),
        (
            '{{< video src="https://cdn.example.org/talks/2024/keynote.webm" >}}',
            ("file", None, "https://cdn.example.org/talks/2024/keynote.webm"),
        ),
        (
            "{{< youtube dQw4w9WgXcQ >}}",
            ("youtube", "dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        ),
    ],
)
def test_each_kind_of_embed_names_its_video(
    body: str, expected: tuple[str, str | None, str]
) -> None:
    assert _video(_page(body=body)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "https://vimeo.com/channels/staffpicks/76979871",
            ("vimeo", "76979871", "https://vimeo.com/76979871"),
        ),
        (
            "https://player.vimeo.com/video/76979871",
            ("vimeo", "76979871", "https://vimeo.com/76979871"),
        ),
        # A showcase's video: the video's number, not the showcase's.
        (
            "https://vimeo.com/showcase/1234567/video/76979871",
            ("vimeo", "76979871", "https://vimeo.com/76979871"),
        ),
        (
            "https://media.example.org/hls/talk/master.m3u8",
            ("file", None, "https://media.example.org/hls/talk/master.m3u8"),
        ),
        (
            "https://youtu.be/dQw4w9WgXcQ",
            ("youtube", "dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        ),
    ],
)
def test_a_video_field_in_the_front_matter_names_it_too(
    value: str, expected: tuple[str, str | None, str]
) -> None:
    assert _video(_page(front=f"video: {value}\n")) == expected


@pytest.mark.parametrize(
    ("front", "body", "said"),
    [
        ("", "{{< vimeo abc >}}", "not a Vimeo video id"),
        ("", '{{< peertube host="framatube.org" >}}', "needs host="),
        ("", '{{< video src="../../etc/passwd.mp4" >}}', "not a web address or a file of the lab"),
        ("", '{{< video src="/abs/talk.mp4" >}}', "not a web address or a file of the lab"),
        ("", '{{< video src="notes.txt" >}}', "not a video file"),
        ("video: https://example.org/page\n", "", "not a video this site can play"),
        ("video: [1, 2]\n", "", "needs the video's address"),
    ],
)
def test_what_is_not_a_video_is_left_out_with_its_line(front: str, body: str, said: str) -> None:
    notes = parse_notes(_page(front=front, body=body), "notes.md", "talk")
    assert notes.video is None
    [warning] = [w for w in notes.warnings if said in w.message]
    # The field is on line 3 (after "---" and the title); a shortcode in the body on line 5.
    assert warning.line == (3 if front else 5)


def test_youtube_comes_first_and_the_other_embed_is_not_used() -> None:
    body = "{{< vimeo 76979871 >}}\n\n{{< youtube dQw4w9WgXcQ >}}"
    assert _video(_page(body=body)) == (
        "youtube",
        "dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )


def test_inspect_reports_the_video(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(_page(body="{{< vimeo 76979871 >}}"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "inspect", str(notes)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["video"] == {
        "host": "vimeo",
        "id": "76979871",
        "url": "https://vimeo.com/76979871",
    }
    assert found["video_id"] is None
