"""Captions in several languages: each is stored and read, the page offers the transcript in
each (the reader's choice kept), search indexes the talk's own language, and a page says
which language it is in."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from browser import require_browser, serve, wait_for
from labs import write_lab
from recordings import ffmpeg

from generator.build import build_site
from generator.read.video import MAX_LANGUAGES, find_files, read_video_dir

VIDEO_ID = "LaNgUaGe123"
NOTES = (
    f"---\ntitle: A talk in three languages\n---\n\n{{{{< youtube {VIDEO_ID} >}}}}\n\n"
    "## Sections\n\n- [0:00](#) Opening\n- [0:20](#) Demo\n"
)
SAID = {
    "en": ("Welcome to the widget talk, friends.", "Now the press folds the sheet in half.",
           "Then the crate is sealed and shipped away."),
    "de": ("Willkommen zum Vortrag über Widgets, Freunde.", "Nun faltet die Presse das Blatt.",
           "Dann wird die Kiste versiegelt und verschickt."),
    "fr": ("Bienvenue à la conférence sur les widgets.", "La presse plie maintenant la feuille.",
           "Puis la caisse est scellée et expédiée."),
}  # fmt: skip
TIMES = ((1, 4), (20, 24), (32, 36))


def _captions(lines: tuple[str, ...]) -> str:
    cues = [
        f"00:00:{start:02d}.000 --> 00:00:{end:02d}.000\n{line} And a few more words to say."
        for (start, end), line in zip(TIMES, lines, strict=True)
    ]
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def _lab(parent: Path, name: str, langs: tuple[str, ...], **extra: str | bytes) -> Path:
    files: dict[str, str | bytes] = {"notes.md": NOTES, **extra}
    for lang in langs:
        files[f"video/{VIDEO_ID}.{lang}.vtt"] = _captions(SAID[lang])
    return write_lab(parent, name, files)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("languages")
    lab = _lab(base / "labs", "three", ("en", "de", "fr"))
    ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=160x90:rate=10:duration=40", "-c:v", "libvpx",
        "-b:v", "50k", "-an", str(lab / "video" / f"{VIDEO_ID}.webm"),
    )  # fmt: skip
    build_site([lab], base / "site", cache_dir=base / "cache")
    return base / "site"


def _page(site: Path) -> str:
    return (site / "02-demo" / "index.html").read_text(encoding="utf-8")


def _transcripts(page: str) -> dict[str, str]:
    """Return each transcript block's opening tag, by its language."""
    return {
        m.group(2): m.group(0)
        for m in re.finditer(r'<div class="ls-transcript"([^>]*data-lang="([^"]+)"[^>]*)>', page)
    }


def test_the_page_offers_the_transcript_in_each_language_the_captions_came_in(site: Path) -> None:
    page = _page(site)
    buttons = re.findall(r'<button[^>]*data-lang="([^"]+)"[^>]*>([^<]+)</button>', page)
    assert buttons == [("en", "English"), ("de", "Deutsch"), ("fr", "Français")]
    blocks = _transcripts(page)
    assert sorted(blocks) == ["de", "en", "fr"]
    assert "hidden" not in blocks["en"] and 'lang="en"' in blocks["en"]
    for lang in ("de", "fr"):
        assert "hidden" in blocks[lang] and f'lang="{lang}"' in blocks[lang]
        # Search indexes the talk's own language only.
        assert 'data-pagefind-ignore="all"' in blocks[lang]
    assert "Nun faltet die Presse das Blatt." in page
    assert "Willkommen" not in page  # said in the first chapter, not this one
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [name for name, count in ids.items() if count > 1] == []


def test_a_talk_in_one_other_language_says_so_for_search(tmp_path: Path) -> None:
    lab = _lab(tmp_path / "labs", "german", ("de",))
    build_site([lab], tmp_path / "site", cache_dir=tmp_path / "cache")
    page = _page(tmp_path / "site")
    assert re.search(r'<html\b[^>]*\slang="de"', page)
    assert "ls-languages" not in page
    assert _transcripts(page)["de"].count("hidden") == 0


def test_the_captions_the_transcript_was_made_from_come_first(tmp_path: Path) -> None:
    info = {"id": VIDEO_ID, "title": "Ein Vortrag", "captions": {"lang": "de", "automatic": False}}
    lab = _lab(
        tmp_path / "labs",
        "chosen",
        ("en", "de"),
        **{f"video/{VIDEO_ID}.info.json": json.dumps(info)},
    )
    build_site([lab], tmp_path / "site", cache_dir=tmp_path / "cache")
    page = _page(tmp_path / "site")
    buttons = re.findall(r'<button[^>]*data-lang="([^"]+)"', page)
    assert buttons == ["de", "en"]
    assert re.search(r'<html\b[^>]*\slang="de"', page)


def test_caption_files_named_like_no_language_are_left_out(tmp_path: Path) -> None:
    folder = tmp_path / "video"
    folder.mkdir()
    for name in ("en", "de", 'x"><script>', "live_chat", "a"):
        (folder / f"{VIDEO_ID}.{name}.vtt").write_text("WEBVTT\n", encoding="utf-8")
    found = find_files(folder, VIDEO_ID)
    assert found.captions_lang == "en"
    assert [lang for lang, _ in found.translations] == ["de"]


@pytest.mark.xdist_group("browser")
def test_the_readers_language_is_shown_followed_and_kept(site: Path, browser: Any) -> None:
    require_browser()
    current = "var p = document.querySelector('.ls-transcript:not([hidden]) p.is-current'); return p && p.textContent;"
    video = "document.querySelector('.ls-player video')"
    with serve(site) as base:
        browser.get(base + "02-demo/")
        wait_for(lambda: browser.execute_script("return !!window.labsite"), what="the script")
        browser.execute_script("localStorage.removeItem('labsite.language')")
        browser.find_element("css selector", '.ls-languages button[data-lang="de"]').click()
        shown = browser.execute_script(
            "return Array.from(document.querySelectorAll('.ls-transcript'))"
            ".filter(t => !t.hidden).map(t => t.dataset.lang)"
        )
        assert shown == ["de"]
        browser.execute_script(f"{video}.currentTime = 33; {video}.muted = true; {video}.play();")
        said = wait_for(lambda: browser.execute_script(current), what="the highlight")
        assert "Dann wird die Kiste versiegelt" in said
        browser.execute_script(f"{video}.pause();")
        # Kept: the next page opens in German too.
        browser.get(base + "01-opening/")
        wait_for(lambda: browser.execute_script("return !!window.labsite"), what="the script")
        pressed = browser.execute_script(
            "return document.querySelector('.ls-languages [aria-pressed=true]').dataset.lang"
        )
        assert pressed == "de"
        assert "Willkommen zum Vortrag" in browser.execute_script(
            "return document.querySelector('.ls-transcript:not([hidden])').textContent"
        )
        browser.execute_script("localStorage.removeItem('labsite.language')")


def test_one_language_of_each_is_offered_and_the_chosen_one_first(tmp_path: Path) -> None:
    folder = tmp_path / "video"
    folder.mkdir()
    for lang in ("en", "FR", "fr", "fr-CA", "fr_BE", "de", "zh", "ja", "ko", "it", "es", "nl"):
        (folder / f"{VIDEO_ID}.{lang}.vtt").write_text("WEBVTT\n", encoding="utf-8")
    (folder / f"{VIDEO_ID}.info.json").write_text(
        json.dumps({"id": VIDEO_ID, "title": "T", "captions": {"lang": "zh"}}), encoding="utf-8"
    )
    info = read_video_dir(folder, VIDEO_ID)
    assert info is not None and info.captions_lang == "zh"
    langs = [lang for lang, _ in info.translations]
    # French once; the chosen Chinese first, though past the others alphabetically.
    assert len([lang for lang in langs if lang.lower().startswith("fr")]) == 1
    assert "zh" not in langs and len(langs) == MAX_LANGUAGES - 1


def test_captions_that_cannot_be_read_leave_the_transcript_to_another_language(
    tmp_path: Path,
) -> None:
    lab = _lab(
        tmp_path / "labs",
        "broken",
        ("fr",),
        **{f"video/{VIDEO_ID}.en.vtt": "this is not WebVTT at all\n\x00\x01"},
    )
    built = build_site([lab], tmp_path / "site", cache_dir=tmp_path / "cache")
    page = _page(tmp_path / "site")
    assert "La presse plie maintenant la feuille." in page
    [loaded] = built.labs
    assert loaded.language == "fr"
    assert any(f"{VIDEO_ID}.en.vtt" in d.file for d in loaded.warnings)
