"""What of a yt-dlp info dict a lab keeps: the fields worth storing, the captions chosen.

The transcript is made from one track (`choose_captions`); captions given in other
languages are stored beside it (`other_captions`), never machine translations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.read.video import LANGUAGE_CODE, MAX_LANGUAGES

INFO_KEYS = (
    "id",
    "title",
    "duration",
    "upload_date",
    "uploader",
    "channel",
    "description",
    "webpage_url",
    "thumbnail",
    "language",
)
"""Fields of yt-dlp's info dict worth keeping; the rest is formats, URLs and headers."""


def choose_captions(info: dict[str, Any]) -> tuple[str, bool] | None:
    """Return (language, automatic) of the captions the transcript is made from.

    The talk's own language first when the info names one other than English (given
    captions, then the automatic ones of the speech itself), then English (given, then
    automatic), then given captions in any language.
    """
    spoken = info.get("language")
    order: list[tuple[bool, Callable[[str], bool]]] = []
    if isinstance(spoken, str) and spoken and not _is_english(spoken):
        own = {spoken, f"{spoken}-orig"}
        order += [(False, own.__contains__), (True, own.__contains__)]
    order += [(False, _is_english), (True, _is_english), (False, _is_language)]
    for automatic, wanted in order:
        tracks = _tracks(info, "automatic_captions" if automatic else "subtitles")
        langs = [lang for lang, formats in tracks.items() if formats and wanted(lang)]
        if langs:
            return min(langs, key=lambda lang: (lang != "en", lang != "en-orig", lang)), automatic
    return None


def other_captions(info: dict[str, Any], first: str) -> list[str]:
    """Return the other languages captions are given in (not machine-translated ones), to be
    stored beside the first: at most MAX_LANGUAGES in all."""
    tracks = _tracks(info, "subtitles")
    langs = [
        lang
        for lang, formats in tracks.items()
        if formats and lang != first and LANGUAGE_CODE.fullmatch(lang)
    ]
    return sorted(langs)[: MAX_LANGUAGES - 1]


def _tracks(info: dict[str, Any], key: str) -> dict[str, Any]:
    """Return an info's caption tracks by language; what is not such a mapping counts as none."""
    tracks = info.get(key)
    if not isinstance(tracks, dict):
        return {}
    return {lang: formats for lang, formats in tracks.items() if isinstance(lang, str)}


def clean_info(info: dict[str, Any], name: str | None = None) -> dict[str, Any]:
    """Return the info dict without formats, URLs lists and headers, for storing.

    Stored under `name` when the lab's files go by another name than the host's id (a file
    at an address is named by the address): its `id` is then that name, the host's kept as
    `source_id`.
    """
    kept = {key: info[key] for key in INFO_KEYS if info.get(key) is not None}
    if name is not None and kept.get("id") != name:
        if "id" in kept:
            kept["source_id"] = kept["id"]
        kept["id"] = name
    chapters = info.get("chapters")
    kept["chapters"] = [
        {"start_time": c.get("start_time"), "end_time": c.get("end_time"), "title": c.get("title")}
        for c in (chapters if isinstance(chapters, list) else [])
        if isinstance(c, dict)
    ]
    kept["subtitle_languages"] = sorted(_tracks(info, "subtitles"))
    kept["automatic_caption_languages"] = sorted(_tracks(info, "automatic_captions"))
    track = choose_captions(info)
    if track:
        kept["captions"] = {"lang": track[0], "automatic": track[1]}
    return kept


def _is_language(lang: str) -> bool:
    return LANGUAGE_CODE.fullmatch(lang) is not None


def _is_english(lang: str) -> bool:
    return lang == "en" or lang.startswith("en-")
