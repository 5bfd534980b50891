"""`new`: a lab folder from a video's info, read back by `inspect` and built by `build`.

The URL tests go through yt-dlp's real code (extractor lookup, networking, errors, caption
and thumbnail downloads) against a server on 127.0.0.1: YouTube's site is stood in for by a
small yt-dlp extractor, registered the way yt-dlp plugins override extractors.
"""

from __future__ import annotations

import hashlib
import json
import math
import signal
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from labs import write_lab
from pdfs import write_pdf
from tools import sigterm_cli_when
from webserver import Route, Server, serve_routes
from yt_dlp.extractor.common import InfoExtractor
from yt_dlp.globals import extractors
from yt_dlp.utils import ExtractorError

from generator import cli
from generator.model import SlideTimeline, TimelineEntry
from generator.read.notes import NOT_ONE_VIDEO
from generator.read.timelinefile import timeline_text

VIDEO_ID = "abcDEF12345"
TITLE = "Widgets <fast> & [cheap]: a talk"
LOCAL = ("127.0.0.1", "::1", "localhost")
CAPTIONS = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nWelcome to the widget talk.\n"
THUMBNAIL = b"\xff\xd8\xff\xe0" + b"thumbnail" * 40


# Running the command line in this process, where the network guard holds.


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> Run:
    code = cli.main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def inspect(capsys: pytest.CaptureFixture[str], lab: Path) -> dict[str, Any]:
    result = run(capsys, "inspect", lab / "notes.md")
    assert result.code == 0, result.err
    data: dict[str, Any] = json.loads(result.out)
    return data


def chapters_of(data: dict[str, Any]) -> list[tuple[int, str]]:
    return [(c["seconds"], c["title"]) for c in data["chapters"]]


def build(capsys: pytest.CaptureFixture[str], lab: Path, tmp_path: Path) -> Path:
    out = tmp_path / "site"
    result = run(capsys, "build", lab, "--out", out, "--cache-dir", tmp_path / "cache")
    assert result.code == 0, result.err
    return out


def info_file(folder: Path, name: str = "talk", **changes: Any) -> Path:
    """Write an info JSON the way yt-dlp --write-info-json does (the fields `new` reads)."""
    info: dict[str, Any] = {
        "id": VIDEO_ID,
        "title": TITLE,
        "extractor": "youtube",
        "extractor_key": "Youtube",
        "description": "How we build widgets, fast.\nAnd cheaply.\n\nFollow us for more.",
        "upload_date": "20250918",
        "uploader": "Widget Works",
        "channel": "Widget Works Channel",
        "tags": ["widgets", "yes", "1.0"],
        "duration": 3000,
        "chapters": None,
        "formats": [{"format_id": "18", "url": "https://example.invalid/v.mp4", "ext": "mp4"}],
    }
    info.update(changes)
    path = folder / f"{name}.info.json"
    path.write_text(json.dumps(info, indent=2), encoding="utf-8")
    return path


# new --info: offline.


def test_new_from_info_with_the_videos_chapters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chapters = [
        {"start_time": 0.0, "end_time": 95.5, "title": "Intro"},
        {"start_time": 95.5, "end_time": 600.0, "title": "Why <b>widgets</b> & gadgets"},
        {"start_time": 600.0, "end_time": 1800.0, "title": "[Demo] Build one"},
        {"start_time": 1800.0, "end_time": 3000.0, "title": "Q&A\u00a0and  wrap-up"},
    ]
    source = info_file(tmp_path, chapters=chapters)
    lab = tmp_path / "labs" / "widgets"

    result = run(capsys, "new", lab, "--info", source, "--cache-dir", tmp_path / "cache")

    assert result.code == 0, result.err
    assert result.err.strip().splitlines()[-1].startswith(f"wrote {lab / 'notes.md'}: 4 chapters")
    data = inspect(capsys, lab)
    assert chapters_of(data) == [
        (0, "Intro"),
        (95, "Why <b>widgets</b> & gadgets"),
        (600, "[Demo] Build one"),
        (1800, "Q&A and wrap-up"),
    ]
    assert (data["title"], data["video_id"], data["date"]) == (TITLE, VIDEO_ID, "2025-09-18")
    assert data["presenter"] == "Widget Works"
    assert data["description"] == "How we build widgets, fast. And cheaply."
    assert data["tags"] == ["widgets", "yes", "1.0"]
    assert data["warnings"] == []
    stored = json.loads((lab / "video" / f"{VIDEO_ID}.info.json").read_text())
    assert stored["title"] == TITLE and "formats" not in stored

    site = build(capsys, lab, tmp_path)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Why &lt;b&gt;widgets&lt;/b&gt; &amp; gadgets" in home
    assert "<b>widgets</b>" not in home
    assert len([p for p in site.iterdir() if p.is_dir() and p.name[:2].isdigit()]) == 4


def test_a_title_that_holds_a_shortcode_stays_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    title = "{{< youtube evilEVIL123 >}} 'quoted' \"twice\" {braces}: yes"
    chapter = "Part {{< youtube otherOTHER1 >}}"
    source = info_file(
        tmp_path,
        title=title,
        description="{{< youtube descDESC123 >}}",
        tags=["{tag}"],
        chapters=[{"start_time": 0, "title": "Intro"}, {"start_time": 30, "title": chapter}],
    )
    lab = tmp_path / "widgets"
    result = run(capsys, "new", lab, "--info", source, "--cache-dir", tmp_path / "cache")
    assert result.code == 0, result.err
    data = inspect(capsys, lab)
    assert (data["title"], data["video_id"]) == (title, VIDEO_ID)
    assert data["description"] == "{{< youtube descDESC123 >}}"
    assert data["tags"] == ["{tag}"]
    assert chapters_of(data) == [(0, "Intro"), (30, chapter)]


def test_new_from_info_with_description_timestamps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    description = "\n".join(
        [
            "A talk about widgets & <gadgets>.",
            "",
            "Chapters:",
            "0:00 Intro",
            "1:30 - Why [widgets] matter",
            "(12:05) Demo: <build> & ship",
            "Not a chapter: see 14:00 in the other talk",
            "45:10 | Q&A",
            "",
            "https://example.com/widgets",
        ]
    )
    source = info_file(tmp_path, description=description, chapters=[])
    lab = tmp_path / "widgets"

    result = run(capsys, "new", lab, "--info", source, "--cache-dir", tmp_path / "cache")

    assert result.code == 0, result.err
    assert "4 chapters from the timestamps in the video's description" in result.err
    data = inspect(capsys, lab)
    assert chapters_of(data) == [
        (0, "Intro"),
        (90, "Why [widgets] matter"),
        (725, "Demo: <build> & ship"),
        (2710, "Q&A"),
    ]
    assert (data["title"], data["video_id"], data["date"]) == (TITLE, VIDEO_ID, "2025-09-18")
    assert data["description"] == "A talk about widgets & <gadgets>."
    site = build(capsys, lab, tmp_path)
    assert (site / "index.html").is_file()


SECTIONS = [
    [("Widgets in Practice", 40), ("Widget Works, 2025", 24)],
    [("About me", 40)] + [(f"fact number {n} about the speaker", 20) for n in range(6)],
    [("Purple Paint", 40), ("section two", 24)],
    [("Mixing colours", 40)] + [(f"mix step {n} with care and patience", 20) for n in range(6)],
    [("Drying racks", 40)] + [(f"rack rule {n} keeps paint even", 20) for n in range(6)],
    [("Shipping Crates", 40), ("section three", 24)],
    [("Crate sizes", 40)] + [(f"crate size {n} fits many widgets", 20) for n in range(6)],
    [("Questions", 40)],
]
"""A deck whose short slides (a title, a line at most) open sections: 1, 3, 6 and 8."""


def test_new_from_info_without_chapters_estimates_them_from_the_deck(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = info_file(tmp_path, description="Widgets, start to end.", chapters=[])
    deck = write_pdf(tmp_path / "talk.pdf", SECTIONS)
    lab = tmp_path / "widgets"

    result = run(
        capsys, "new", lab, "--info", source, "--deck", deck, "--cache-dir", tmp_path / "cache"
    )

    assert result.code == 0, result.err
    assert "4 chapters estimated from the deck's section slides" in result.err
    # No captions: the slides share the talk evenly; a section starts with its slide.
    share = 3000 / len(SECTIONS)
    data = inspect(capsys, lab)
    assert chapters_of(data) == [
        (0, "Widgets in Practice"),
        (math.floor(2 * share), "Purple Paint"),
        (math.floor(5 * share), "Shipping Crates"),
        (math.floor(7 * share), "Questions"),
    ]
    notes = (lab / "notes.md").read_text(encoding="utf-8")
    assert "These chapters are estimated from the slide deck" in notes
    assert data["deck_url"] == "deck.pdf"
    assert (lab / "deck.pdf").read_bytes() == deck.read_bytes()
    assert (data["title"], data["video_id"], data["date"]) == (TITLE, VIDEO_ID, "2025-09-18")
    site = build(capsys, lab, tmp_path)
    assert len([p for p in site.iterdir() if p.is_dir() and p.name[:2].isdigit()]) == 4


def test_a_stored_timeline_of_the_deck_places_the_chapters_where_it_saw_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = info_file(tmp_path, description="", chapters=[])
    deck = write_pdf(tmp_path / "talk.pdf", SECTIONS)
    # A sync of this deck saw the "Purple Paint" section slide (3) at 7:05, and
    # "Shipping Crates" (6) at 31:40 after a demo.
    seen = [(0.0, 425.3, 1), (425.3, 900.0, 3), (900.0, 1900.0, None), (1900.0, 3000.0, 6)]
    stored = SlideTimeline(
        hashlib.sha256(deck.read_bytes()).hexdigest(),
        "0" * 64,
        3000.0,
        tuple(TimelineEntry(start, end, slide) for start, end, slide in seen),
    )
    timeline = timeline_text(stored, pages=len(SECTIONS), video_id=VIDEO_ID)
    lab = write_lab(tmp_path, "widgets", {"video/timeline.json": timeline})
    args = ("new", lab, "--info", source, "--deck", deck, "--cache-dir", tmp_path / "cache")

    result = run(capsys, *args, "--force")

    assert result.code == 0, result.err
    assert "3 chapters where the recording shows the deck's section slides" in result.err
    assert chapters_of(inspect(capsys, lab)) == [
        (0, "Widgets in Practice"),
        (425, "Purple Paint"),
        (1900, "Shipping Crates"),
    ]
    # A timeline of another deck is no help: the chapters are estimated, and the reason said.
    write_pdf(deck, SECTIONS[:-1])
    again = run(capsys, *args, "--force")
    assert again.code == 0, again.err
    assert "made for another deck" in again.err
    assert "estimated from the deck's section slides" in again.err


def test_estimated_chapters_follow_the_transcript(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = info_file(tmp_path, description="", chapters=[], duration=1200)
    # yt-dlp --write-subs writes the captions beside the info file, under the same name.
    said = {200: "now some purple paint for the widgets", 900: "on to shipping crates then"}
    cues = []
    for second in range(0, 1200, 20):
        text = said.get(second, f"talking about widget part {second}")
        cues.append(f"{_vtt(second)} --> {_vtt(second + 19)}\n{text}\n")
    (tmp_path / "talk.en.vtt").write_text("WEBVTT\n\n" + "\n".join(cues), encoding="utf-8")
    deck = write_pdf(tmp_path / "talk.pdf", SECTIONS[:7])
    lab = tmp_path / "widgets"

    result = run(
        capsys, "new", lab, "--info", source, "--deck", deck, "--cache-dir", tmp_path / "cache"
    )

    assert result.code == 0, result.err
    data = inspect(capsys, lab)
    assert chapters_of(data) == [
        (0, "Widgets in Practice"),
        (200, "Purple Paint"),
        (900, "Shipping Crates"),
    ]
    assert (lab / "video" / f"{VIDEO_ID}.en.vtt").is_file()
    assert "placed by the transcript" in (lab / "notes.md").read_text(encoding="utf-8")


def _vtt(seconds: int) -> str:
    return f"00:{seconds // 60:02d}:{seconds % 60:02d}.000"


def test_without_chapters_or_deck_the_talk_is_one_chapter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = info_file(tmp_path, description="0:00 Intro\nonly one timestamp", chapters=[])
    lab = tmp_path / "widgets"
    result = run(capsys, "new", lab, "--info", source, "--cache-dir", tmp_path / "cache")
    assert result.code == 0, result.err
    assert "one chapter for the whole talk" in result.err
    assert chapters_of(inspect(capsys, lab)) == [(0, TITLE)]


def test_new_refuses_to_replace_notes_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lab = write_lab(tmp_path, "widgets", {"notes.md": "my own notes\n"})
    source = info_file(tmp_path, chapters=[{"start_time": 0, "title": "Everything"}])

    refused = run(capsys, "new", lab, "--info", source, "--cache-dir", tmp_path / "cache")
    assert refused.code == 2
    assert refused.err == f"{lab / 'notes.md'}: already exists; pass --force to replace it\n"
    assert (lab / "notes.md").read_text(encoding="utf-8") == "my own notes\n"
    assert sorted(p.name for p in lab.iterdir()) == ["notes.md"]

    forced = run(capsys, "new", lab, "--info", source, "--force", "--cache-dir", tmp_path / "c")
    assert forced.code == 0, forced.err
    assert chapters_of(inspect(capsys, lab)) == [(0, "Everything")]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('{"id": "abcDEF12345",\n "title": "x",\n oops}', 3, "not valid JSON"),
        ("[" * 100_000, 1, "nested too deeply"),
        ('["a list"]', 1, "not a video info"),
        ('{\n"id": "abcDEF12345",\n"title": ""\n}', 3, "has no title"),
        ('{\n"id": "../../etc",\n"title": "x"\n}', 2, "has no YouTube video id"),
        ('{"title": "x",\n"id": "abcDEF"}', 2, "has no YouTube video id ('abcDEF')"),
        ('{"title": "x",\n"id": "abcDEF123456"}', 2, "has no YouTube video id"),
        ('{"title": "x", "id": "PLabcDEF123456789",\n"_type": "playlist"}', 2, NOT_ONE_VIDEO),
        ('{"title": "x", "id": "UCabcDEF12345678901234",\n"_type": "url"}', 2, NOT_ONE_VIDEO),
        (
            '{"id": "abcDEF12345", "title": "x",\n"extractor_key": "Vimeo"}',
            2,
            "a Vimeo video with nothing a lab plays (YouTube, Vimeo, PeerTube, or a .mp4",
        ),
        (
            '{"id": "x1", "title": "x", "formats": [{"url": "https://cdn.example/v?sig=1",'
            ' "ext": "mp4"}],\n"extractor_key": "Dailymotion"}',
            2,
            "a Dailymotion video with nothing a lab plays",
        ),
        (
            '{"id": "x1", "title": "x", "formats": [{"url": "https://cdn.example/v.mp4",'
            ' "ext": {"a": 1}}],\n"extractor_key": "Twitch"}',
            2,
            "a Twitch video with nothing a lab plays",
        ),
        ('{"id": "abcDEF12345", "title": "x",\n"chapters": [{"title": 3}]}', 2, "start_time"),
    ],
)
def test_a_bad_info_file_gives_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, line: int, message: str
) -> None:
    source = tmp_path / "bad.info.json"
    source.write_text(text, encoding="utf-8")
    lab = tmp_path / "labs" / "widgets"
    result = run(capsys, "new", lab, "--info", source, "--cache-dir", tmp_path / "cache")
    assert result.code == 2
    where = f"{source}:{line}: " if line else f"{source}: "
    assert result.err.startswith(where) and message in result.err, result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert not (tmp_path / "labs").exists()


def test_a_deck_that_is_not_a_pdf_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = info_file(tmp_path, chapters=[])
    deck = tmp_path / "deck.pdf"
    deck.write_text("<html>not a deck</html>", encoding="utf-8")
    lab = tmp_path / "widgets"
    result = run(capsys, "new", lab, "--info", source, "--deck", deck)
    assert result.code == 2
    assert result.err.startswith(f"{deck}: ") and result.err.count("\n") == 1
    assert not lab.exists()


# new URL: yt-dlp against a local server.


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse every connection and name lookup that is not for this machine."""
    connect, getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def guarded_connect(self: socket.socket, address: Any) -> None:
        if isinstance(address, tuple) and address[0] not in LOCAL:
            raise OSError(f"tests do not reach the internet ({address[0]})")
        connect(self, address)

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in LOCAL and host is not None:
            raise socket.gaierror(f"tests do not reach the internet ({host})")
        return getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server() -> Iterator[Server]:
    with serve_routes() as state:
        yield state


class LocalYoutubeIE(InfoExtractor):
    """YouTube's watch pages, served by the test's server: metadata from /player/ID."""

    IE_NAME = "youtube"
    _VALID_URL = r"http://127\.0\.0\.1:\d+/watch\?v=(?P<id>[A-Za-z0-9_-]{11})"

    @classmethod
    def ie_key(cls) -> str:
        return "Youtube"

    def _real_extract(self, url: str) -> dict[str, Any]:
        video_id = self._match_id(url)
        player = self._download_json(url.replace("/watch?v=", "/player/"), video_id)
        if player.get("status") == "private":
            # YouTube's own words for a private video.
            raise ExtractorError(
                "Private video. Sign in if you've been granted access to this video",
                expected=True,
            )
        return {"id": video_id, **player["info"]}


@pytest.fixture
def youtube(monkeypatch: pytest.MonkeyPatch, server: Server) -> Server:
    """Send YouTube addresses of the local server to the local extractor."""
    monkeypatch.setitem(extractors.value, "YoutubeIE", LocalYoutubeIE)
    return server


def serve_talk(server: Server, video_id: str = VIDEO_ID, **changes: Any) -> str:
    base = server.url
    info: dict[str, Any] = {
        "title": TITLE,
        "description": "Widgets, live.\n\n0:00 Hello\n2:00 Widgets & <co>\n",
        "upload_date": "20251120",
        "channel": "Widget Works",
        "duration": 600,
        "chapters": [
            {"start_time": 0, "end_time": 60, "title": "Start"},
            {"start_time": 60, "end_time": 600, "title": "Middle <part> & [end]"},
        ],
        "formats": [{"format_id": "18", "url": f"{base}/media.mp4", "ext": "mp4"}],
        "subtitles": {"en": [{"ext": "vtt", "url": f"{base}/captions.vtt"}]},
        "thumbnails": [{"url": f"{base}/thumb.jpg"}],
    }
    info.update(changes)
    server.routes[f"/player/{video_id}"] = Route(
        json.dumps({"info": info}).encode(), content_type="application/json"
    )
    server.routes["/captions.vtt"] = Route(CAPTIONS.encode(), content_type="text/vtt")
    server.routes["/thumb.jpg"] = Route(THUMBNAIL, content_type="image/jpeg")
    return f"{base}/watch?v={video_id}"


def test_new_from_a_url_fetches_info_captions_thumbnail_and_deck(
    youtube: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = serve_talk(youtube)
    deck = write_pdf(tmp_path / "talk.pdf", SECTIONS)
    youtube.routes["/downloads/talk.pdf"] = Route(deck.read_bytes(), content_type="application/pdf")
    deck_url = f"{youtube.url}/downloads/talk.pdf"
    lab = tmp_path / "widgets"

    result = run(
        capsys,
        "new",
        lab,
        url,
        "--deck",
        deck_url,
        "--cache-dir",
        tmp_path / "cache",
        "--timeout",
        "5",
        "--retries",
        "0",
    )

    assert result.code == 0, result.err
    assert sorted(str(p.relative_to(lab)) for p in lab.rglob("*") if p.is_file()) == [
        "deck.pdf",
        "notes.md",
        f"video/{VIDEO_ID}.en.vtt",
        f"video/{VIDEO_ID}.info.json",
        f"video/{VIDEO_ID}.jpg",
    ]
    assert (lab / "video" / f"{VIDEO_ID}.en.vtt").read_text() == CAPTIONS
    assert (lab / "video" / f"{VIDEO_ID}.jpg").read_bytes() == THUMBNAIL
    assert (lab / "deck.pdf").read_bytes() == deck.read_bytes()
    data = inspect(capsys, lab)
    assert chapters_of(data) == [(0, "Start"), (60, "Middle <part> & [end]")]
    assert (data["title"], data["video_id"], data["date"]) == (TITLE, VIDEO_ID, "2025-11-20")
    assert data["presenter"] == "Widget Works"
    assert data["deck_url"] == deck_url
    assert "/media.mp4" not in youtube.hits


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/watch?v=privPRIV123", "Private video. Sign in if you've been granted access"),
        ("/page.html", "Unsupported URL"),
    ],
)
def test_a_url_that_gives_no_youtube_video_writes_nothing(
    youtube: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str], path: str, message: str
) -> None:
    youtube.routes["/player/privPRIV123"] = Route(
        b'{"status": "private"}', content_type="application/json"
    )
    youtube.routes["/page.html"] = Route(
        b"<html><title>Hi</title><p>no video</p></html>", content_type="text/html"
    )
    url = youtube.url + path
    lab = tmp_path / "widgets"

    result = run(capsys, "new", lab, url, "--cache-dir", tmp_path / "cache", "--retries", "0")

    assert result.code == 2
    assert result.err.startswith(f"{url}: {message}")
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert not lab.exists()


def test_a_url_must_be_a_web_address(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "new", tmp_path / "lab", "file:///etc/passwd")
    assert (result.code, result.err) == (
        2,
        "file:///etc/passwd: not a web address (http:// or https://)\n",
    )
    assert not (tmp_path / "lab").exists()


def test_new_never_writes_through_a_video_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --force, a lab whose video/ leads elsewhere is refused: nothing is written there."""
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / f"{VIDEO_ID}.info.json").write_text("precious\n", encoding="utf-8")
    lab = write_lab(tmp_path, "widgets", {"notes.md": "old notes\n"})
    (lab / "video").symlink_to(victim)
    source = info_file(tmp_path, chapters=[{"start_time": 0, "title": "Everything"}])
    result = run(capsys, "new", lab, "--info", source, "--force", "--cache-dir", tmp_path / "c")
    assert result.code == 2
    assert result.err.startswith(f"{lab / 'video'}: is a link"), result.err
    assert (victim / f"{VIDEO_ID}.info.json").read_text(encoding="utf-8") == "precious\n"
    assert sorted(p.name for p in victim.iterdir()) == [f"{VIDEO_ID}.info.json"]
    assert (lab / "notes.md").read_text(encoding="utf-8") == "old notes\n"


def test_a_video_with_more_chapters_than_a_lab_may_have_keeps_the_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chapters = [{"start_time": 5 * n, "title": f"Part {n}"} for n in range(400)]
    source = info_file(tmp_path, chapters=chapters, duration=2000)
    lab = tmp_path / "widgets"
    result = run(capsys, "new", lab, "--info", source, "--cache-dir", tmp_path / "cache")
    assert result.code == 0, result.err
    assert "the first 300 chapters of 400" in result.out + result.err
    kept = chapters_of(inspect(capsys, lab))
    assert kept == [(5 * n, f"Part {n}") for n in range(300)]
    build(capsys, lab, tmp_path)


def test_new_stopped_by_sigterm_leaves_the_lab_folder_as_it_was(tmp_path: Path) -> None:
    """Captions big enough to take a while; the folder new works in goes with the signal."""
    source = info_file(tmp_path, chapters=[{"start_time": 0, "title": "Everything"}])
    cues = "".join(
        f"{n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}.000 --> "
        f"{(n + 1) // 3600:02d}:{(n + 1) // 60 % 60:02d}:{(n + 1) % 60:02d}.000\nword {n}\n\n"
        for n in range(150_000)
    )
    (tmp_path / "talk.en.vtt").write_text("WEBVTT\n\n" + cues, encoding="utf-8")
    lab = write_lab(tmp_path, "widgets", {"mine.txt": "kept\n"})
    stopped = sigterm_cli_when(
        lambda: bool(list(lab.glob(".lab.new-*"))),
        *("new", lab, "--info", source, "--cache-dir", tmp_path / "cache"),
        what="new gathering files",
    )
    if stopped.returncode == 0:
        pytest.fail("new finished before the signal: give it more to read")
    assert stopped.returncode == 128 + signal.SIGTERM, stopped.stderr
    assert "terminated; nothing was left half-written" in stopped.stderr
    assert sorted(p.name for p in lab.iterdir()) == ["mine.txt"]


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        ({"subtitles": [1], "automatic_captions": "en"}, None),
        ({}, '{"id": "abcDEF12345", "title": "half \\ud800 pair", "chapters": null}'),
    ],
)
def test_odd_info_values_still_make_a_lab(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], changes: dict[str, Any], text: str | None
) -> None:
    """Caption lists of the wrong type count as none; half a UTF-16 pair becomes U+FFFD."""
    source = info_file(tmp_path, **changes)
    if text is not None:
        source.write_text(text, encoding="utf-8")
    lab = tmp_path / "widgets"
    result = run(capsys, "new", lab, "--info", source, "--cache-dir", tmp_path / "cache")
    assert result.code == 0, result.err
    build(capsys, lab, tmp_path)
    if text is not None:
        assert inspect(capsys, lab)["title"] == "half \ufffd pair"


def test_a_number_too_long_to_read_in_the_info_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "big.info.json"
    source.write_text('{"id": "abcDEF12345", "title": "x", "duration": ' + "9" * 5000 + "}")
    lab = tmp_path / "widgets"
    result = run(capsys, "new", lab, "--info", source, "--cache-dir", tmp_path / "cache")
    assert result.code == 2
    assert result.err == f"{source}:1: not valid JSON: a number too long to read\n"
    assert not lab.exists()


# Talks on other hosts: what yt-dlp's Vimeo, PeerTube and generic extractors give.

VIMEO_ID = "76979871"
PEERTUBE_ID = "9c9de5e8-0a1e-484a-b099-e80766180a6d"


def _beside(source: Path) -> None:
    """Put captions beside an info file, as `yt-dlp --write-subs --write-info-json` does."""
    stem = source.name.removesuffix(".info.json")
    (source.parent / f"{stem}.en.vtt").write_text(CAPTIONS, encoding="utf-8")


def test_new_from_a_vimeo_info_embeds_vimeo_with_its_captions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = info_file(
        tmp_path,
        id=VIMEO_ID,
        extractor="vimeo",
        extractor_key="Vimeo",
        webpage_url=f"https://vimeo.com/{VIMEO_ID}",
        description="0:00 Hello\n1:30 Widgets\n",
        formats=[{"format_id": "hls-720p", "url": "https://vod.example/v.m3u8", "ext": "mp4"}],
    )
    _beside(source)
    lab = tmp_path / "widgets"
    result = run(capsys, "new", lab, "--info", source, "--cache-dir", tmp_path / "cache")
    assert result.code == 0, result.err
    notes = (lab / "notes.md").read_text(encoding="utf-8")
    assert f"{{{{< vimeo {VIMEO_ID} >}}}}" in notes and "youtube" not in notes
    assert "- [1:30](#t=90) Widgets" in notes
    assert sorted(p.name for p in (lab / "video").iterdir()) == [
        f"{VIMEO_ID}.en.vtt",
        f"{VIMEO_ID}.info.json",
    ]
    data = inspect(capsys, lab)
    assert data["video"] == {
        "host": "vimeo",
        "id": VIMEO_ID,
        "url": f"https://vimeo.com/{VIMEO_ID}",
    }
    site = build(capsys, lab, tmp_path)
    page = (site / "01-hello" / "index.html").read_text(encoding="utf-8")
    assert 'data-kind="vimeo"' in page and "Welcome to the widget talk." in page


def test_new_from_a_peertube_info_embeds_the_instances_player(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = info_file(
        tmp_path,
        id=PEERTUBE_ID,
        extractor="PeerTube",
        extractor_key="PeerTube",
        webpage_url=f"https://framatube.org/videos/watch/{PEERTUBE_ID}",
    )
    _beside(source)
    lab = tmp_path / "widgets"
    result = run(capsys, "new", lab, "--info", source, "--cache-dir", tmp_path / "cache")
    assert result.code == 0, result.err
    notes = (lab / "notes.md").read_text(encoding="utf-8")
    assert f'{{{{< peertube host="framatube.org" id="{PEERTUBE_ID}" >}}}}' in notes
    assert inspect(capsys, lab)["video"]["host"] == "peertube"
    site = build(capsys, lab, tmp_path)
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "framatube.org" in page
    assert (lab / "video" / f"{PEERTUBE_ID}.en.vtt").is_file()


def test_new_from_a_file_host_plays_its_largest_file_up_to_1080p(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [
        {"format_id": f"{h}p", "url": f"https://cdn.example.org/talk-{h}.{ext}", "ext": ext,
         "height": h, "vcodec": "h264"}
        for h, ext in ((360, "mp4"), (2160, "webm"), (720, "webm"))
    ] + [
        {"format_id": "audio", "url": "https://cdn.example.org/a.mp4", "ext": "mp4",
         "vcodec": "none", "height": 0},
        # Larger, but silent; and one whose address names no file to store beside it.
        {"format_id": "1080v", "url": "https://cdn.example.org/talk-1080.mp4", "ext": "mp4",
         "height": 1080, "vcodec": "h264", "acodec": "none"},
        {"format_id": "odd", "url": "https://cdn.example.org/%2E%2E.mp4", "ext": "mp4",
         "height": 900, "vcodec": "h264"},
        {"format_id": "bad", "url": "https://cdn.example.org/x.mp4", "ext": ["mp4"]},
    ]  # fmt: skip
    source = info_file(
        tmp_path, id="mch2022-42", extractor="media.ccc.de", extractor_key="CCC", formats=files
    )
    _beside(source)
    lab = tmp_path / "talk"
    result = run(capsys, "new", lab, "--info", source, "--cache-dir", tmp_path / "cache")
    assert result.code == 0, result.err
    notes = (lab / "notes.md").read_text(encoding="utf-8")
    assert '{{< video src="https://cdn.example.org/talk-720.webm" >}}' in notes
    # Its files are named as the address names the file, and the build finds them by it.
    assert sorted(p.name for p in (lab / "video").iterdir()) == [
        "talk-720.en.vtt",
        "talk-720.info.json",
    ]
    site = build(capsys, lab, tmp_path)
    chapters = "".join(p.read_text(encoding="utf-8") for p in site.glob("*/index.html"))
    assert "Welcome to the widget talk." in chapters


def test_a_peertube_info_on_no_host_name_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = f"https://a.com>}}}}<b>x<b>.com/videos/watch/{PEERTUBE_ID}"
    source = info_file(
        tmp_path, id=PEERTUBE_ID, extractor_key="PeerTube", webpage_url=page, formats=[]
    )
    lab = tmp_path / "widgets"
    result = run(capsys, "new", lab, "--info", source, "--cache-dir", tmp_path / "cache")
    assert result.code == 2 and "a PeerTube video with nothing a lab plays" in result.err
    assert not lab.exists()


def test_new_stores_the_captions_of_every_language_beside_the_info(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = info_file(tmp_path, chapters=[{"start_time": 0, "title": "All"}])
    for lang in ("en", "fr", "de"):
        (tmp_path / f"talk.{lang}.vtt").write_text(CAPTIONS, encoding="utf-8")
    lab = tmp_path / "widgets"
    assert run(capsys, "new", lab, "--info", source, "--cache-dir", tmp_path / "c").code == 0
    stored = sorted(p.name for p in (lab / "video").glob("*.vtt"))
    assert stored == [f"{VIDEO_ID}.{lang}.vtt" for lang in ("de", "en", "fr")]


def test_new_from_a_direct_file_address_through_yt_dlps_generic_extractor(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    video = b"\x00\x00\x00\x18ftypmp42" + bytes(500)
    server.routes["/talks/keynote.mp4"] = Route(video, content_type="video/mp4")
    url = f"{server.url}/talks/keynote.mp4"
    lab = tmp_path / "keynote"
    result = run(capsys, "new", lab, url, "--cache-dir", tmp_path / "cache", "--retries", "0")
    assert result.code == 0, result.err
    notes = (lab / "notes.md").read_text(encoding="utf-8")
    assert f'{{{{< video src="{url}" >}}}}' in notes
    assert "title: keynote" in notes
    data = inspect(capsys, lab)
    assert data["video"] == {"host": "file", "id": None, "url": url}
    assert (lab / "video" / "keynote.info.json").is_file()
    site = build(capsys, lab, tmp_path)
    page = (site / "index.html").read_text(encoding="utf-8")
    assert f'src="{url}' in page and 'preload="none"' in page
    # Only the address's headers were asked for: nothing was downloaded.
    assert server.hits["/talks/keynote.mp4"] <= 2


class LocalVimeoIE(InfoExtractor):
    """Vimeo's video pages, answered by the test's server: metadata from /vimeo/ID."""

    IE_NAME = "vimeo"
    _VALID_URL = r"https://vimeo\.com/(?P<id>[0-9]+)"
    base = ""

    @classmethod
    def ie_key(cls) -> str:
        return "Vimeo"

    def _real_extract(self, url: str) -> dict[str, Any]:
        video_id = self._match_id(url)
        info: dict[str, Any] = self._download_json(f"{self.base}/vimeo/{video_id}", video_id)
        return {"id": video_id, "webpage_url": url, **info}


def test_fetch_stores_a_vimeo_labs_captions_under_its_id(
    monkeypatch: pytest.MonkeyPatch,
    server: Server,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(LocalVimeoIE, "base", server.url)
    monkeypatch.setitem(extractors.value, "VimeoIE", LocalVimeoIE)
    info = {
        "title": "Widgets on Vimeo",
        "formats": [{"format_id": "720p", "url": f"{server.url}/v.mp4", "ext": "mp4"}],
        "subtitles": {"en": [{"ext": "vtt", "url": f"{server.url}/captions.vtt"}]},
    }
    server.routes[f"/vimeo/{VIMEO_ID}"] = Route(
        json.dumps(info).encode(), content_type="application/json"
    )
    server.routes["/captions.vtt"] = Route(CAPTIONS.encode(), content_type="text/vtt")
    notes = (
        f"---\ntitle: Widgets\n---\n\n{{{{< vimeo {VIMEO_ID} >}}}}\n\n## Sections\n\n"
        "- [0:00](#t=0) Start\n"
    )
    lab = write_lab(tmp_path, "widgets", {"notes.md": notes})
    args = ("fetch", lab, "--retries", "0")

    result = run(capsys, *args)

    assert result.code == 0, result.err
    assert (lab / "video" / f"{VIMEO_ID}.en.vtt").read_text(encoding="utf-8") == CAPTIONS
    assert (lab / "video" / f"{VIMEO_ID}.info.json").is_file()
    assert "/v.mp4" not in server.hits
    # Stored: a second fetch asks only for what is missing (the video has no picture).
    assert run(capsys, *args).code == 0
    assert server.hits["/captions.vtt"] == 1
    site = build(capsys, lab, tmp_path)
    page = (site / "01-start" / "index.html").read_text(encoding="utf-8")
    assert "Welcome to the widget talk." in page


def test_fetch_media_downloads_a_file_at_an_address_named_as_the_notes_find_it(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    video = b"\x00\x00\x00\x18ftypmp42" + bytes(500)
    server.routes["/talks/keynote.mp4"] = Route(video, content_type="video/mp4")
    url = f"{server.url}/talks/keynote.mp4"
    notes = (
        f'---\ntitle: Keynote\n---\n\n{{{{< video src="{url}" >}}}}\n\n## Sections\n\n'
        "- [0:00](#t=0) Start\n"
    )
    lab = write_lab(tmp_path, "keynote", {"notes.md": notes})
    result = run(capsys, "fetch", lab, "--media", "--retries", "0")
    assert result.code == 0, result.err
    assert (lab / "video" / "keynote.mp4").read_bytes() == video
    assert (lab / "video" / "keynote.info.json").is_file()


def test_fetch_never_writes_through_a_video_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    notes = (
        '---\ntitle: Keynote\n---\n\n{{< video src="http://127.0.0.1:9/k.mp4" >}}\n\n'
        "## Sections\n\n- [0:00](#t=0) Start\n"
    )
    lab = write_lab(tmp_path, "keynote", {"notes.md": notes})
    (lab / "video").symlink_to(outside)
    result = run(capsys, "fetch", lab, "--media", "--retries", "0")
    assert result.code != 0
    assert "not a folder of the lab's own" in result.err and result.err.count("\n") == 1
    assert list(outside.iterdir()) == []
