"""Rebuilds reuse what did not change: loaded labs, converted pages, pages of the old site."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from labs import write_lab

from generator import cache, load
from generator.build import build_site
from generator.model import Lab
from generator.write import held, search
from generator.write.reuse import MANIFEST

CHAPTERS = {
    "alpha": ["Welcome", "Building images", "Questions"],
    "bravo": ["Hello", "Signing", "Wrap-up"],
    "charlie": ["Start", "Scanning", "End"],
}
"""The chapters of each lab the tests write."""


def _notes(title: str, video: str, chapters: list[str]) -> str:
    entries = "\n".join(
        f"- [{n}:00](https://youtu.be/{video}?t={n * 60}) {name}" for n, name in enumerate(chapters)
    )
    return (
        f"---\ntitle: {title}\ndate: 2025-05-0{len(chapters)}\n---\n\n"
        f"{{{{< youtube {video} >}}}}\n\n## Sections\n\n{entries}\n"
    )


def _write_labs(parent: Path) -> dict[str, Path]:
    return {
        name: write_lab(
            parent, name, {"notes.md": _notes(f"Talk {name}", f"{name}Video1", chapters)}
        )
        for name, chapters in CHAPTERS.items()
    }


def _inodes(site: Path, lab: str) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_ino for p in (site / lab).rglob("index.html")}


def _file_inodes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def test_an_unchanged_lab_comes_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab = _write_labs(tmp_path / "labs")["alpha"]
    first = load.load_lab_cached(lab, tmp_path / "cache")

    def never(lab_dir: Path, cache_dir: Path) -> Lab:
        raise AssertionError(f"{lab_dir} was read again")

    monkeypatch.setattr(load, "load_lab", never)
    again = load.load_lab_cached(lab, tmp_path / "cache")
    assert again == first
    assert again.key == first.key != ""


def test_an_edited_lab_is_read_again(tmp_path: Path) -> None:
    lab = _write_labs(tmp_path / "labs")["alpha"]
    first = load.load_lab_cached(lab, tmp_path / "cache")
    notes = lab / "notes.md"
    notes.write_text(notes.read_text().replace("Building images", "Building small images"))
    again = load.load_lab_cached(lab, tmp_path / "cache")
    assert [c.title for c in again.notes.chapters][1] == "Building small images"
    assert again.key != first.key
    # A new file in the lab (captions fetched later) changes the key as well.
    (lab / "video").mkdir()
    (lab / "video" / "alphaVideo1.en.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:02.000\nhi\n")
    third = load.load_lab_cached(lab, tmp_path / "cache")
    assert third.key != again.key
    assert third.paragraphs and third.paragraphs[0].text == "Hi"
    # Only the newest entry of the lab is kept.
    # The lab's entry and its outline's: the older ones are gone.
    kept = sorted(p.name.split("-")[1] for p in (tmp_path / "cache" / "labs").glob("*.json"))
    assert len(kept) == 2 and kept[0].split(".")[0] == kept[1].split(".")[0]


def test_a_rebuild_takes_unchanged_pages_from_the_old_site(tmp_path: Path) -> None:
    labs = _write_labs(tmp_path / "labs")
    out, cache = tmp_path / "site", tmp_path / "cache"
    first = build_site(list(labs.values()), out, cache_dir=cache)
    assert first.reused == 0
    before = {name: _inodes(out, name) for name in labs}
    (bundle,) = (out / "assets" / "javascripts").glob("bundle.*.min.js")
    bundle_inode = bundle.stat().st_ino
    notes = labs["alpha"] / "notes.md"
    notes.write_text(notes.read_text().replace("Building images", "Building tiny images"))

    held._read_whole.cache_clear()
    second = build_site(list(labs.values()), out, cache_dir=cache)
    after = {name: _inodes(out, name) for name in labs}
    # Only the edited lab was read whole: the others are listed from their outlines.
    assert held._read_whole.cache_info().misses == 1
    # bravo and charlie: the very same files (the old site's inodes live on in the new one).
    assert after["bravo"] == before["bravo"]
    assert after["charlie"] == before["charlie"]
    # So are the files copied as they are, the theme's scripts among them.
    assert (out / bundle.relative_to(out)).stat().st_ino == bundle_inode
    assert second.reused == 10  # two labs of a home page, three chapters and a handout each
    # alpha was made again, and says what its notes now say.
    assert not set(after["alpha"].values()) & set(before["alpha"].values())
    page = (out / "alpha" / "02-building-tiny-images" / "index.html").read_text()
    assert "Building tiny images" in page
    assert not (out / "alpha" / "02-building-images").exists()
    # The catalog and the search index are always made again.
    assert (out / "pagefind" / "pagefind.js").is_file()
    manifest = json.loads((out / MANIFEST).read_text())
    assert "alpha/02-building-tiny-images.md" in manifest["pages"]


def test_the_old_site_is_only_trusted_inside_itself(tmp_path: Path) -> None:
    """A page of the old site replaced by a link to a file elsewhere is made again, not linked."""
    labs = _write_labs(tmp_path / "labs")
    out, cache = tmp_path / "site", tmp_path / "cache"
    build_site(list(labs.values()), out, cache_dir=cache)
    secret = tmp_path / "secret.html"
    secret.write_text("<p>not for the site</p>")
    page = out / "bravo" / "02-signing" / "index.html"
    page.unlink()
    page.symlink_to(secret)
    second = build_site(list(labs.values()), out, cache_dir=cache)
    assert second.reused == 14  # every lab page but that one
    rebuilt = out / "bravo" / "02-signing" / "index.html"
    assert not rebuilt.is_symlink()
    assert "not for the site" not in rebuilt.read_text()
    assert "Signing" in rebuilt.read_text()


def test_offline_rebuilds_make_every_page(tmp_path: Path) -> None:
    """The theme's own search (offline) indexes pages as they are made: none may be skipped."""
    labs = _write_labs(tmp_path / "labs")
    out, cache = tmp_path / "site", tmp_path / "cache"
    build_site(list(labs.values()), out, cache_dir=cache, offline=True)
    second = build_site(list(labs.values()), out, cache_dir=cache, offline=True)
    assert second.reused == 0
    index = (out / "search" / "search_index.js").read_text()
    for chapter in ("Building images", "Signing", "Scanning"):
        assert chapter in index


def test_converted_pages_are_kept_by_content(tmp_path: Path) -> None:
    """A new site of the same labs converts no page again; an edit converts that lab's pages."""
    labs = _write_labs(tmp_path / "labs")
    cache = tmp_path / "cache"

    def entries() -> set[str]:
        return {p.name for p in (cache / "html").glob("*/*.json")}

    build_site(list(labs.values()), tmp_path / "one", cache_dir=cache)
    first = entries()
    # 3 labs × 5 pages (home, chapters, handout), the catalog, and no tag pages (no tags).
    assert len(first) == 15 + 1
    build_site(list(labs.values()), tmp_path / "two", cache_dir=cache)
    assert entries() == first
    notes = labs["charlie"] / "notes.md"
    notes.write_text(notes.read_text().replace("Scanning", "Scanning images"))
    build_site(list(labs.values()), tmp_path / "three", cache_dir=cache)
    # charlie's home, its three chapters (the pagers name their neighbours) and its handout;
    # the catalog's card of charlie shows no chapter title, so it is unchanged.
    assert len(entries() - first) == 5


def test_search_shards_of_unchanged_labs_are_taken_from_the_old_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "WORDS_PER_SHARD", 1)  # a shard for each lab
    labs = _write_labs(tmp_path / "labs")
    out, cache = tmp_path / "site", tmp_path / "cache"
    first = build_site(list(labs.values()), out, cache_dir=cache)
    assert first.search is not None and first.search.shards == 4  # the site's pages and 3 labs
    names = json.loads((out / "pagefind" / "shards.json").read_text())
    before = {n: _file_inodes(out / "pagefind" / n) for n in names}
    notes = labs["alpha"] / "notes.md"
    notes.write_text(notes.read_text().replace("Questions", "Questions and answers"))
    second = build_site(list(labs.values()), out, cache_dir=cache)
    # bravo's and charlie's shards, and the primary: the catalog shows no chapter title.
    assert second.search is not None and second.search.reused == 3
    after = {n: _file_inodes(out / "pagefind" / n) for n in names}
    same = [n for n in names if after[n] == before[n]]
    assert len(same) == 2
    # The one made again is alpha's: its fragments now hold the new title.
    (remade,) = set(names) - set(same)
    fragments = (out / "pagefind" / remade / "fragment").glob("*.pf_fragment")
    assert any(b"Questions and answers" in gzip.decompress(p.read_bytes()) for p in fragments)


def test_a_re_pointed_link_is_a_change(tmp_path: Path) -> None:
    lab = _write_labs(tmp_path / "labs")["alpha"]
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (lab / "video").symlink_to(tmp_path / "one")
    first = cache.fingerprint(lab, str(tmp_path / "cache"))
    (lab / "video").unlink()
    (lab / "video").symlink_to(tmp_path / "two")
    assert cache.fingerprint(lab, str(tmp_path / "cache")) != first


def test_the_site_pages_index_is_made_again_when_the_catalog_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "WORDS_PER_SHARD", 1)  # a shard for each lab
    labs = _write_labs(tmp_path / "labs")
    out, cache = tmp_path / "site", tmp_path / "cache"
    build_site(list(labs.values()), out, cache_dir=cache)
    notes = labs["alpha"] / "notes.md"
    notes.write_text(notes.read_text().replace("title: Talk alpha", "title: Talk alpha, again"))
    second = build_site(list(labs.values()), out, cache_dir=cache)
    # The catalog names alpha anew: the primary index and alpha's shard are made again.
    assert second.search is not None and second.search.reused == 2
    assert "Talk alpha, again" in (out / "index.html").read_text()


def _site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.parametrize("offline", [False, True])
def test_a_rebuild_after_every_kind_of_change_is_a_fresh_build(
    tmp_path: Path, offline: bool
) -> None:
    """Edit one lab, rename one, delete one, add one: the rebuilt site is a fresh one."""
    parent = tmp_path / "labs"
    labs = _write_labs(parent)
    extra = write_lab(
        parent, "delta", {"notes.md": _notes("Talk delta", "deltaVideo1", ["Hi", "Bye"])}
    )
    out, cache = tmp_path / "site", tmp_path / "cache"
    build_site([*labs.values(), extra], out, cache_dir=cache, offline=offline)
    stale = {p.relative_to(out).as_posix() for p in (out / "alpha").rglob("*")}
    assert stale

    notes = labs["bravo"] / "notes.md"
    notes.write_text(notes.read_text().replace("Signing", "Signing images"))
    renamed = labs["charlie"].rename(parent / "charlie-2")
    shutil.rmtree(labs["alpha"])
    added = write_lab(
        parent, "echo", {"notes.md": _notes("Talk echo", "echoVideo01", ["One", "Two", "Three"])}
    )
    now = [labs["bravo"], renamed, extra, added]

    build_site(now, out, cache_dir=cache, offline=offline)
    fresh = tmp_path / "fresh"
    build_site(now, fresh, cache_dir=cache, offline=offline, fresh=True)
    rebuilt, made = _site_files(out), _site_files(fresh)
    assert sorted(rebuilt) == sorted(made)
    assert [name for name in made if rebuilt[name] != made[name]] == []
    # Nothing of the deleted or the renamed lab's old name survives.
    assert not (out / "alpha").exists() and not (out / "charlie").exists()
    assert not stale & set(rebuilt)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Talk alpha" not in home and "Talk echo" in home
