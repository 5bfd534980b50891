"""The fetcher, offline: yt-dlp's real download path against a server on 127.0.0.1."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest
import yt_dlp
from network import ClosedNetwork
from tools import require_tool
from webserver import Route, Server, serve_routes
from yt_dlp.utils import DownloadError

from generator.errors import FetchError
from generator.read import fetch, fetchdeck
from generator.read.fetch import download_from_info, fetch_lab
from generator.read.fetchdeck import FetchReport, fetch_deck
from generator.read.rendition import download_rendition, fetch_rendition
from generator.read.video import read_video_dir

VIDEO_ID = "abcDEF12345"
CAPTIONS = b"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello from the local server.\n"
AUTO_CAPTIONS = b"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nautomatic words here\n"
THUMBNAIL = b"\xff\xd8\xff\xe0" + b"thumbnail" * 50
DECK = b"%PDF-1.4\n" + b"0" * 5000 + b"\n%%EOF\n"


@pytest.fixture
def server() -> Iterator[Server]:
    """A local HTTP server whose answers the test sets."""
    with serve_routes() as state:
        yield state


@pytest.fixture(scope="session")
def mp4(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A tiny valid MP4 made with ffmpeg."""
    ffmpeg = require_tool("ffmpeg", "ffmpeg")
    out = tmp_path_factory.mktemp("media") / "tiny.mp4"
    command = [ffmpeg, "-v", "error", "-f", "lavfi", "-i", "color=c=black:s=64x36:d=1"]
    command += ["-c:v", "mpeg4", "-y", str(out)]
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    return out.read_bytes()


def serve_video(server: Server, mp4: bytes) -> None:
    server.routes.update(
        {
            "/captions.vtt": Route(CAPTIONS, content_type="text/vtt"),
            "/auto.vtt": Route(AUTO_CAPTIONS, content_type="text/vtt"),
            "/thumb.jpg": Route(THUMBNAIL, content_type="image/jpeg"),
            "/video.mp4": Route(mp4, content_type="video/mp4"),
        }
    )


def info_json(tmp_path: Path, server: Server, **changes: Any) -> dict[str, Any]:
    """Write an info JSON as yt-dlp saves it, pointing at the local server, and read it back."""
    base = server.url
    info: dict[str, Any] = {
        "id": VIDEO_ID,
        "title": "A local test video",
        "extractor": "generic",
        "extractor_key": "Generic",
        "webpage_url": f"{base}/watch",
        "duration": 42,
        "upload_date": "20250918",
        "uploader": "Test",
        "description": "A video served from 127.0.0.1.",
        "chapters": [
            {"start_time": 0.0, "end_time": 20.0, "title": "Intro"},
            {"start_time": 20.0, "end_time": 42.0, "title": "Demo"},
        ],
        "formats": [
            {
                "format_id": "18",
                "url": f"{base}/video.mp4",
                "ext": "mp4",
                "protocol": "http",
                "width": 64,
                "height": 36,
                "vcodec": "avc1.42001E",
                "acodec": "none",
                "http_headers": {"User-Agent": "test"},
            }
        ],
        "subtitles": {"en": [{"ext": "vtt", "url": f"{base}/captions.vtt"}]},
        "automatic_captions": {
            "en": [
                {"ext": "json3", "url": f"{base}/auto.json3"},
                {"ext": "vtt", "url": f"{base}/auto.vtt"},
            ],
            "de": [{"ext": "vtt", "url": f"{base}/auto-de.vtt"}],
        },
        "thumbnails": [{"id": "0", "url": f"{base}/thumb.jpg", "preference": 1}],
        "thumbnail": f"{base}/thumb.jpg",
    }
    info.update(changes)
    path = tmp_path / f"{VIDEO_ID}.source.info.json"
    path.write_text(json.dumps(info, indent=1))
    return dict(json.loads(path.read_text()))


def files(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in sorted(folder.iterdir())}


def test_download_from_info_stores_cleaned_info_captions_and_thumbnail(
    tmp_path: Path, server: Server, mp4: bytes
) -> None:
    serve_video(server, mp4)
    dest = tmp_path / "video"
    report = download_from_info(info_json(tmp_path, server), dest, progress=False)

    names = (f"{VIDEO_ID}.en.vtt", f"{VIDEO_ID}.info.json", f"{VIDEO_ID}.jpg")
    assert report == FetchReport(fetched=names)
    assert list(files(dest)) == sorted(names)
    assert (dest / f"{VIDEO_ID}.en.vtt").read_bytes() == CAPTIONS
    assert (dest / f"{VIDEO_ID}.jpg").read_bytes() == THUMBNAIL
    stored = json.loads((dest / f"{VIDEO_ID}.info.json").read_text())
    assert not {"formats", "subtitles", "automatic_captions", "thumbnails", "http_headers"} & set(
        stored
    )
    assert stored["captions"] == {"lang": "en", "automatic": False}
    assert stored["automatic_caption_languages"] == ["de", "en"]
    assert server.hits == Counter({"/captions.vtt": 1, "/thumb.jpg": 1})

    info = read_video_dir(dest, VIDEO_ID)
    assert info is not None
    assert (info.title, info.duration, info.captions_lang) == ("A local test video", 42.0, "en")
    assert info.chapters == ((0.0, "Intro"), (20.0, "Demo"))

    again = download_from_info(info_json(tmp_path, server), dest, progress=False)
    assert again == FetchReport(skipped=names)
    assert server.hits == Counter({"/captions.vtt": 1, "/thumb.jpg": 1})


def test_media_is_downloaded_once_with_a_progress_bar(
    tmp_path: Path, server: Server, mp4: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_video(server, mp4)
    dest = tmp_path / "video"
    report = download_from_info(info_json(tmp_path, server), dest, media=True, progress=True)

    assert f"{VIDEO_ID}.mp4" in report.fetched
    assert (dest / f"{VIDEO_ID}.mp4").read_bytes() == mp4
    assert server.hits["/video.mp4"] == 1
    # tqdm's bar, named after the file, ran to the media's full size.
    bar = capsys.readouterr().err.split("\r")[-1]
    assert re.match(rf"{VIDEO_ID}\S*\.mp4: 100%\|", bar), bar
    assert f"{len(mp4) / 1000:.2f}k/{len(mp4) / 1000:.2f}k" in bar, bar

    again = download_from_info(info_json(tmp_path, server), dest, media=True, progress=False)
    assert again.fetched == ()
    assert f"{VIDEO_ID}.mp4" in again.skipped
    assert server.hits["/video.mp4"] == 1
    assert capsys.readouterr().err == "", "no bar when progress is off"


def _format(height: int, mp4: bytes, server: Server) -> dict[str, Any]:
    """A format with both video and audio, served at /v<height>.mp4."""
    server.routes[f"/v{height}.mp4"] = Route(mp4, content_type="video/mp4")
    return {
        "format_id": f"h{height}",
        "url": f"{server.url}/v{height}.mp4",
        "ext": "mp4",
        "protocol": "http",
        "width": height * 16 // 9,
        "height": height,
        "vcodec": "avc1.64001F",
        "acodec": "mp4a.40.2",
    }


@pytest.mark.parametrize(
    ("heights", "chosen"),
    [
        ([360, 720, 1080], 720),
        ([1080, 360, 480], 480),
        ([1440, 1080, 2160], 1080),  # nothing is that small: the smallest there is
    ],
)
def test_media_is_the_largest_up_to_720p_else_the_smallest(
    tmp_path: Path, server: Server, mp4: bytes, heights: list[int], chosen: int
) -> None:
    serve_video(server, mp4)
    formats = [_format(height, mp4, server) for height in heights]
    info = info_json(tmp_path, server, formats=formats)
    download_from_info(info, tmp_path / "video", media=True, progress=False)
    downloaded = {path for path in server.hits if path.startswith("/v")}
    assert downloaded == {f"/v{chosen}.mp4"}


def test_automatic_captions_are_used_when_there_are_no_manual_ones(
    tmp_path: Path, server: Server, mp4: bytes
) -> None:
    serve_video(server, mp4)
    dest = tmp_path / "video"
    download_from_info(info_json(tmp_path, server, subtitles={}), dest, progress=False)

    assert (dest / f"{VIDEO_ID}.en.vtt").read_bytes() == AUTO_CAPTIONS
    stored = json.loads((dest / f"{VIDEO_ID}.info.json").read_text())
    assert stored["captions"] == {"lang": "en", "automatic": True}
    assert "/auto.json3" not in server.hits


def test_a_video_with_captions_in_german_only_keeps_them(
    tmp_path: Path, server: Server, mp4: bytes
) -> None:
    serve_video(server, mp4)
    server.routes["/de.vtt"] = Route(b"WEBVTT\n\n00:01.000 --> 00:02.000\nHallo.\n")
    dest = tmp_path / "video"
    german = {"de": [{"ext": "vtt", "url": f"{server.url}/de.vtt"}]}
    info = info_json(tmp_path, server, subtitles=german, automatic_captions={})
    report = download_from_info(info, dest, progress=False)

    assert report.failed == ()
    assert set(files(dest)) == {f"{VIDEO_ID}.info.json", f"{VIDEO_ID}.jpg", f"{VIDEO_ID}.de.vtt"}


def test_captions_given_in_several_languages_are_all_kept_but_no_machine_translation(
    tmp_path: Path, server: Server, mp4: bytes
) -> None:
    serve_video(server, mp4)
    for lang in ("de", "fr", "de-auto"):
        server.routes[f"/{lang}.vtt"] = Route(
            f"WEBVTT\n\n00:01.000 --> 00:02.000\n{lang}\n".encode()
        )
    dest = tmp_path / "video"
    given = {
        "en": [{"ext": "vtt", "url": f"{server.url}/captions.vtt"}],
        "fr": [{"ext": "vtt", "url": f"{server.url}/fr.vtt"}],
        "de": [{"ext": "vtt", "url": f"{server.url}/de.vtt"}],
    }
    # YouTube offers its automatic captions translated into every language: none is kept.
    translated = {"it": [{"ext": "vtt", "url": f"{server.url}/de-auto.vtt"}]}
    info = info_json(tmp_path, server, subtitles=given, automatic_captions=translated)
    download_from_info(info, dest, progress=False)

    captions = sorted(name for name in files(dest) if name.endswith(".vtt"))
    assert captions == [f"{VIDEO_ID}.de.vtt", f"{VIDEO_ID}.en.vtt", f"{VIDEO_ID}.fr.vtt"]
    assert (dest / f"{VIDEO_ID}.en.vtt").read_bytes() == CAPTIONS
    assert "/de-auto.vtt" not in server.hits


def test_a_talk_in_german_is_transcribed_from_its_german_captions(
    tmp_path: Path, server: Server, mp4: bytes
) -> None:
    serve_video(server, mp4)
    server.routes["/de.vtt"] = Route(b"WEBVTT\n\n00:01.000 --> 00:02.000\nHallo.\n")
    dest = tmp_path / "video"
    given = {
        "en": [{"ext": "vtt", "url": f"{server.url}/captions.vtt"}],
        "de": [{"ext": "vtt", "url": f"{server.url}/de.vtt"}],
    }
    info = info_json(tmp_path, server, subtitles=given, language="de")
    download_from_info(info, dest, progress=False)

    stored = json.loads((dest / f"{VIDEO_ID}.info.json").read_text())
    assert stored["captions"] == {"lang": "de", "automatic": False}
    assert {f"{VIDEO_ID}.de.vtt", f"{VIDEO_ID}.en.vtt"} <= set(files(dest))


def test_a_cut_media_download_leaves_no_partial_file(
    tmp_path: Path, server: Server, mp4: bytes
) -> None:
    serve_video(server, mp4)
    server.routes["/video.mp4"] = Route(bytes(20_000), truncate=1_000)
    dest = tmp_path / "video"

    with pytest.raises(FetchError):
        download_from_info(info_json(tmp_path, server), dest, media=True, retries=1, progress=False)

    assert files(dest) == {}
    assert server.hits["/video.mp4"] >= 1


def test_an_interrupted_write_leaves_no_partial_file(
    tmp_path: Path, server: Server, mp4: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_video(server, mp4)
    dest = tmp_path / "video"

    def interrupted(source: IO[bytes], target: IO[bytes], *args: Any) -> None:
        target.write(source.read(10))
        raise KeyboardInterrupt

    monkeypatch.setattr(shutil, "copyfileobj", interrupted)
    with pytest.raises(KeyboardInterrupt):
        download_from_info(info_json(tmp_path, server), dest, progress=False)
    assert files(dest) == {}


def test_fetch_lab_fetches_once_then_skips_without_network(
    tmp_path: Path, server: Server, mp4: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_video(server, mp4)
    server.routes["/downloads/deck.pdf"] = Route(DECK, content_type="application/pdf")
    extracted: list[str] = []

    def extract_info(video_id: str, **options: Any) -> dict[str, Any]:
        extracted.append(video_id)
        return info_json(tmp_path, server)

    monkeypatch.setattr(fetch, "extract_info", extract_info)
    lab = tmp_path / "lab"
    first = fetch_lab(lab, VIDEO_ID, "/downloads/deck.pdf", site=server.url, progress=False)

    assert set(first.fetched) == {
        "deck.pdf",
        f"video/{VIDEO_ID}.en.vtt",
        f"video/{VIDEO_ID}.info.json",
        f"video/{VIDEO_ID}.jpg",
    }
    assert (lab / "deck.pdf").read_bytes() == DECK
    hits = server.hits.copy()
    second = fetch_lab(lab, VIDEO_ID, "/downloads/deck.pdf", site=server.url, progress=False)
    assert second.fetched == ()
    assert set(second.skipped) == set(first.fetched)
    assert extracted == [VIDEO_ID]
    assert server.hits == hits
    assert second.summary() == "nothing new fetched; 4 file(s) already present"


def test_fetch_lab_reports_every_failure_in_one_error(
    tmp_path: Path, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    def private(self: Any, url: str, **options: Any) -> None:
        raise DownloadError(
            f"ERROR: [youtube] {VIDEO_ID}: Private video. Sign in if you've been granted access"
        )

    monkeypatch.setattr(yt_dlp.YoutubeDL, "extract_info", private)
    with pytest.raises(FetchError) as caught:
        fetch_lab(tmp_path, VIDEO_ID, "/missing.pdf", site=server.url, retries=0, progress=False)
    message = str(caught.value)
    assert "\n" not in message and "ERROR" not in message
    assert "Private video" in message and "HTTP 404" in message
    assert list(tmp_path.iterdir()) == []


def test_no_network_gives_one_clear_error(no_network: ClosedNetwork) -> None:
    with pytest.raises(FetchError) as caught:
        fetch.extract_info(VIDEO_ID, timeout=2, retries=0)
    assert str(caught.value).startswith(f"video {VIDEO_ID}: ")
    assert "\n" not in str(caught.value)
    assert "www.youtube.com" in no_network.attempts(), "it did try, and was refused"
    no_network.forget()


def test_deck_url_resolves_against_the_site_and_must_be_a_pdf(
    tmp_path: Path, server: Server
) -> None:
    server.routes["/downloads/x.pdf"] = Route(DECK)
    server.routes["/page.pdf"] = Route(b"<!DOCTYPE html><p>moved</p>", content_type="text/html")
    deck = tmp_path / "deck.pdf"

    with pytest.raises(FetchError, match="not a PDF"):
        fetch_deck("page.pdf", deck, site=server.url + "/", retries=0)
    assert list(tmp_path.iterdir()) == []
    assert fetch_deck("/downloads/x.pdf", deck, site=server.url) == FetchReport(
        fetched=("deck.pdf",)
    )
    assert deck.read_bytes() == DECK
    assert fetch_deck("/downloads/x.pdf", deck, site=server.url) == FetchReport(
        skipped=("deck.pdf",)
    )
    assert server.hits["/downloads/x.pdf"] == 1
    with pytest.raises(FetchError, match="not a web address"):
        fetch_deck("file:///etc/passwd", tmp_path / "other.pdf", site=server.url)


def test_a_cut_or_interrupted_deck_download_leaves_no_file(
    tmp_path: Path, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.routes["/cut.pdf"] = Route(DECK, truncate=100)
    server.routes["/deck.pdf"] = Route(DECK)
    deck = tmp_path / "deck.pdf"

    with pytest.raises(FetchError, match="could not download the deck"):
        fetch_deck("/cut.pdf", deck, site=server.url, retries=1)
    assert server.hits["/cut.pdf"] == 2
    assert list(tmp_path.iterdir()) == []

    def interrupted(source: IO[bytes], out: IO[bytes]) -> int:
        out.write(source.read(100))
        raise KeyboardInterrupt

    monkeypatch.setattr(fetchdeck, "_copy_stream", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fetch_deck("/deck.pdf", deck, site=server.url)
    assert list(tmp_path.iterdir()) == []


def test_the_sync_rendition_is_the_picture_alone_stored_once(
    tmp_path: Path, server: Server, mp4: bytes
) -> None:
    serve_video(server, mp4)
    dest = tmp_path / "frames"
    stored = download_rendition(info_json(tmp_path, server), dest, height=36, progress=False)
    assert stored == dest / f"{VIDEO_ID}.36p.mp4"
    assert stored.read_bytes() == mp4
    # Only the picture: no captions, info or thumbnail, and no temporary folder left.
    assert list(files(dest)) == [stored.name]
    hits = server.hits.copy()
    # Asked again, it is taken as stored, without asking anyone.
    assert fetch_rendition(VIDEO_ID, dest, height=36, progress=False) == stored
    assert server.hits == hits


def test_a_rendition_that_cannot_be_had_is_one_error_and_leaves_nothing(
    tmp_path: Path, server: Server
) -> None:
    dest = tmp_path / "frames"  # nothing is served: the picture's address answers 404
    with pytest.raises(FetchError) as caught:
        download_rendition(info_json(tmp_path, server), dest, retries=0, progress=False)
    assert str(caught.value).startswith(f"video {VIDEO_ID}: ")
    assert "\n" not in str(caught.value)
    assert list(dest.iterdir()) == []
