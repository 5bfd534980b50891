"""What a page's player is: a host's embed from the chapter's moment, a `<video>`, or a way out."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import partial
from typing import Any

from fragments import find, one
from hostile import unsafe
from models import VIDEO_ID, cue, lab, notes, urls, without_video

from generator.model import Lab, VideoSource
from generator.write.markup import DEFAULT
from generator.write.pages import LabUrls, relative
from generator.write.player import Player, player

PAGE = "ll1/02/"
"""The chapter page the player is on: links from it climb two folders to the site's root."""
WATCH = f"https://www.youtube.com/watch?v={VIDEO_ID}"


def _player(made: Lab, start: int, end: float | None = None, **changes: Any) -> Player:
    offline = changes.pop("offline", False)
    where: LabUrls = urls(made, **changes)
    return player(made, where, start, end, partial(relative, PAGE), offline=offline)


def _config(made: Player) -> dict[str, Any]:
    values: dict[str, Any] = json.loads(made.config)
    return values


def _elsewhere(host: str, video_id: str | None, url: str) -> Lab:
    return lab(notes=replace(without_video(notes()), video=VideoSource(host, video_id, url)))


def test_a_youtube_video_is_embedded_from_the_chapter_s_start_without_cookies() -> None:
    made = _player(lab(), 90, 200.7)
    assert (made.kind, made.start, made.end, made.host) == ("youtube", 90, 200, "YouTube")
    assert made.embed == f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}?start=90"
    assert made.watch == f"{WATCH}&t=90s"
    assert made.title == "A test lab"
    config = _config(made)
    assert (config["kind"], config["start"], config["embed"]) == ("youtube", 90, made.embed)
    assert config["module"] == "../../assets/labsite/players/youtube.js"
    assert config["online"] is True and "library" not in config
    assert config["duration"] == 120.0


def test_times_past_an_hour_are_whole_seconds_in_the_embed_and_the_way_out() -> None:
    made = _player(lab(), 3725)
    assert made.embed is not None and made.embed.endswith("?start=3725")
    assert made.watch == f"{WATCH}&t=3725s"
    assert made.end is None  # the end is unknown


def test_the_youtube_player_offers_the_captions_only_when_the_lab_has_them() -> None:
    assert _config(_player(lab(), 0))["captions"] is False
    assert _config(_player(lab(cues=(cue(0, 1, "Hi."),)), 0))["captions"] is True


def test_offline_a_youtube_video_is_its_thumbnail_and_a_link_to_watch() -> None:
    made = _player(lab(), 90, offline=True, thumbnail="ll1/video/thumbnail.jpg")
    assert (made.kind, made.embed) == ("link", None)
    assert made.watch == f"{WATCH}&t=90s"
    assert made.thumbnail == "../video/thumbnail.jpg"
    config = _config(made)
    assert "module" not in config and "online" not in config and "embed" not in config


def test_the_lab_s_own_media_plays_in_a_video_element_with_its_captions_track() -> None:
    media: dict[str, Any] = {"media": "ll1/video/video.mp4", "captions": "ll1/video/transcript.vtt"}
    for offline in (False, True):
        made = _player(lab(language="de"), 90, offline=offline, **media)
        assert made.kind == "media"
        assert (made.media, made.captions) == ("../video/video.mp4", "../video/transcript.vtt")
        assert (made.captions_lang, made.captions_label) == ("de", "Deutsch")
        assert made.preload == "metadata"
        config = _config(made)
        assert config["module"] == "../../assets/labsite/players/media.js"
        # hls.js is loaded for a stream only.
        assert config["eager"] is True and "library" not in config


def test_a_video_file_at_an_address_plays_from_there_without_fetching_before_play() -> None:
    made = _player(_elsewhere("file", None, "https://cdn.example.org/Talk.MP4#t=10"), 90)
    assert made.kind == "media"
    # The address's own moment gives way to the chapter's.
    assert made.media == "https://cdn.example.org/Talk.MP4"
    assert made.preload == "none"


def test_a_stream_plays_through_hls_js_once_asked() -> None:
    made = _player(_elsewhere("file", None, "https://cdn.example.org/live/index.m3u8"), 90)
    assert (made.kind, made.media) == ("media", None)
    assert made.stream == "https://cdn.example.org/live/index.m3u8"
    config = _config(made)
    assert config["stream"] == made.stream
    assert config["library"] == "../../assets/labsite/vendor/hls/hls.light.min.js"


def test_an_address_that_is_no_video_file_is_a_link_to_its_site() -> None:
    made = _player(_elsewhere("file", None, "https://talks.example.org/watch/42"), 90)
    assert (made.kind, made.host, made.watch) == (
        "link",
        "its site",
        "https://talks.example.org/watch/42",
    )


def test_an_address_with_another_scheme_gives_no_player() -> None:
    for url in ("javascript:alert(1)//.mp4", "file:///srv/talk.mp4", "data:video/mp4,x.mp4"):
        made = _player(_elsewhere("file", None, url), 90)
        assert (made.kind, made.media, made.stream, made.watch) == ("none", None, None, None), url


def test_vimeo_and_peertube_start_their_embeds_at_the_chapter() -> None:
    vimeo = _player(_elsewhere("vimeo", "76979871", "https://vimeo.com/76979871"), 90)
    assert (vimeo.kind, vimeo.host) == ("vimeo", "Vimeo")
    assert vimeo.embed == "https://player.vimeo.com/video/76979871#t=90s"
    assert vimeo.watch == "https://vimeo.com/76979871#t=90s"
    assert _config(vimeo)["library"] == "../../assets/labsite/vendor/vimeo-player/player.min.js"

    source = "https://tube.example.org/w/9c9de5e8-0a1e"
    peertube = _player(_elsewhere("peertube", "9c9de5e8-0a1e", source), 3725)
    assert (peertube.kind, peertube.host) == ("peertube", "PeerTube")
    assert peertube.embed == "https://tube.example.org/videos/embed/9c9de5e8-0a1e?start=3725s"
    assert peertube.watch == "https://tube.example.org/w/9c9de5e8-0a1e?start=3725s"


def test_offline_another_host_s_video_is_a_link_named_by_its_host() -> None:
    made = _player(_elsewhere("vimeo", "76979871", "https://vimeo.com/76979871"), 90, offline=True)
    assert (made.kind, made.host, made.embed) == ("link", "Vimeo", None)
    assert made.watch == "https://vimeo.com/76979871#t=90s"


def test_a_lab_without_a_video_has_no_player() -> None:
    made = _player(lab(notes=without_video(notes())), 0)
    assert (made.kind, made.embed, made.watch) == ("none", None, None)
    assert "module" not in _config(made)
    assert one(DEFAULT.macro("player.html", "player", made), "p").text == (
        "This lab has no video link."
    )


def test_a_hostile_video_id_or_title_stays_inside_its_url_and_text() -> None:
    hostile = '"><script>alert(1)</script>'
    made_lab = lab(notes=notes(video_id=hostile, title=hostile))
    made = _player(made_lab, 90)
    assert made.embed == (
        "https://www.youtube-nocookie.com/embed/%22%3E%3Cscript%3E"
        "alert%281%29%3C/script%3E?start=90"
    )
    markup = DEFAULT.macro("player.html", "player", made)
    assert unsafe(markup) == [] and find(markup, "script") == []
    facade = one(markup, "div", "ls-player")
    assert facade.attrs["data-video"] == hostile
    assert json.loads(facade.attrs["data-config"])["embed"] == made.embed
