"""Precompressed copies beside a site's text files: complete, exact, and cheap to rebuild."""

from __future__ import annotations

import gzip
import os
import time
from pathlib import Path

import brotli
import pytest
from tools import require_shim

from bench.inputs import copy_default_lab
from generator.build import build_site
from generator.write import compress
from generator.write.compress import TEXT_SUFFIXES, compress_site, prune_store

TEXT = ("<p>" + "a transcript line of a recorded talk " * 80 + "</p>\n").encode()


def _tree(root: Path) -> None:
    (root / "talk").mkdir(parents=True)
    (root / "talk" / "index.html").write_bytes(TEXT)
    (root / "style.css").write_bytes(b"body{margin:0}" * 20)  # 280 bytes: too small to gain
    (root / "slide.webp").write_bytes(os.urandom(4096))  # packed already
    (root / "feed.xml").write_bytes(TEXT.replace(b"<p>", b"<entry>").replace(b"</p>", b"</entry>"))


def test_text_files_past_a_kibibyte_get_gzip_and_brotli_copies(tmp_path: Path) -> None:
    _tree(tmp_path)
    done = compress_site(tmp_path)
    page = tmp_path / "talk" / "index.html"
    assert gzip.decompress((tmp_path / "talk" / "index.html.gz").read_bytes()) == TEXT
    assert brotli.decompress((tmp_path / "talk" / "index.html.br").read_bytes()) == TEXT
    assert (tmp_path / "feed.xml.gz").is_file() and (tmp_path / "feed.xml.br").is_file()
    assert not list(tmp_path.glob("style.css.*")) and not list(tmp_path.glob("slide.webp.*"))
    assert done.files == 2 and done.taken == 0
    assert done.bytes_in == page.stat().st_size + (tmp_path / "feed.xml").stat().st_size
    assert done.gzip_bytes < done.bytes_in / 5


def test_the_copies_are_the_same_bytes_every_time(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    for root in (first, second):
        _tree(root)
        compress_site(root)
    for name in ("talk/index.html.gz", "talk/index.html.br", "feed.xml.gz"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
    # No time and no file name in the gzip header.
    header = (first / "feed.xml.gz").read_bytes()[:10]
    assert header[4:8] == b"\0\0\0\0" and header[3] & 0x08 == 0


def test_several_workers_make_the_same_copies_and_the_same_account(tmp_path: Path) -> None:
    alone, together = tmp_path / "alone", tmp_path / "together"
    for root in (alone, together):
        _tree(root)
        for n in range(12):  # more files than workers, so that the threads share them
            (root / "talk" / f"part{n}.html").write_bytes(TEXT + str(n).encode() * 50)
    one = compress_site(alone, workers=1)
    two = compress_site(together, workers=2)
    assert one == two and one.files == 14
    made = sorted(p.relative_to(alone) for p in alone.rglob("*") if p.suffix in (".gz", ".br"))
    assert len(made) == 28
    for name in made:
        assert (alone / name).read_bytes() == (together / name).read_bytes()


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[int, bytes]]]:
    """A site built twice into the same folder; the first build's .gz files, by name."""
    base = tmp_path_factory.mktemp("compress")
    lab = copy_default_lab(base / "labs")
    out = base / "site"
    build_site([lab], out, cache_dir=base / "cache")
    before = {str(p.relative_to(out)): (p.stat().st_ino, p.read_bytes()) for p in out.rglob("*.gz")}
    kept = base / "kept"
    os.link(out / "index.html.gz", kept)  # the first site's file, wherever the site goes
    build_site([lab], out, cache_dir=base / "cache")
    assert kept.read_bytes() == before["index.html.gz"][1]
    return out, before


def test_a_rebuild_leaves_every_file_of_the_previous_site_as_it_was(tmp_path: Path) -> None:
    """Pages and copies taken from the previous site are links to it: none is written through."""
    lab = copy_default_lab(tmp_path / "labs")
    out = tmp_path / "site"
    build_site([lab], out, cache_dir=tmp_path / "cache")
    kept = tmp_path / "kept"
    first: dict[Path, bytes] = {}
    for number, path in enumerate(p for p in out.rglob("*") if p.is_file()):
        link = kept / str(number)
        link.parent.mkdir(exist_ok=True)
        os.link(path, link)  # the first site's file itself, wherever it ends up
        first[link] = path.read_bytes()
    # A changed intro: the home page and its copies are made anew, the chapters are taken.
    notes = lab / "notes.md"
    notes.write_text(
        notes.read_text().replace("## Sections", "A new first line.\n\n## Sections", 1)
    )
    build_site([lab], out, cache_dir=tmp_path / "cache")
    assert "A new first line." in gzip.decompress((out / "index.html.gz").read_bytes()).decode()
    changed = [link for link, data in first.items() if link.read_bytes() != data]
    assert changed == []
    linked = [p for p in out.rglob("*.gz") if p.stat().st_nlink > 1]
    assert linked, "no copy was taken from the previous site"


def test_text_files_under_a_kibibyte_have_no_copies_and_the_others_decompress_exactly(
    rebuilt: tuple[Path, dict[str, tuple[int, bytes]]],
) -> None:
    out, _ = rebuilt
    small = big = 0
    for path in out.rglob("*"):
        # The build's own records (.labsite-pages.json) are for the next build, not for readers.
        if path.suffix not in TEXT_SUFFIXES or not path.is_file() or path.name.startswith("."):
            continue
        gz, br = path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")
        data = path.read_bytes()
        if len(data) < 1024:
            small += 1
            assert not br.exists(), path
            # MkDocs writes sitemap.xml.gz itself, whatever the size.
            assert not gz.exists() or path.name == "sitemap.xml", path
        else:
            big += 1
            assert gzip.decompress(gz.read_bytes()) == data, path
            assert brotli.decompress(br.read_bytes()) == data, path
    assert small > 0 and big > 0
    assert not list(out.rglob("*.gz.gz")) and not list(out.rglob("*.br.gz"))


def test_an_offline_build_has_its_copies_too(tmp_path: Path) -> None:
    require_shim()
    lab = copy_default_lab(tmp_path / "labs")
    out = tmp_path / "site"
    build_site([lab], out, cache_dir=tmp_path / "cache", offline=True)
    page = next(out.glob("08-*.html"))
    assert gzip.decompress(page.with_name(page.name + ".gz").read_bytes()) == page.read_bytes()
    assert brotli.decompress(page.with_name(page.name + ".br").read_bytes()) == page.read_bytes()


def test_a_built_site_has_copies_of_its_pages_and_scripts(
    rebuilt: tuple[Path, dict[str, tuple[int, bytes]]],
) -> None:
    out, _ = rebuilt
    for page in out.rglob("*.html"):
        if page.stat().st_size >= 1024:
            assert (
                gzip.decompress(page.with_name(page.name + ".gz").read_bytes()) == page.read_bytes()
            )
    assert (out / "assets" / "labsite" / "labsite.js.br").is_file()
    assert not list(out.rglob("*.webp.gz"))


def test_a_rebuild_takes_the_copies_of_unchanged_files(
    rebuilt: tuple[Path, dict[str, tuple[int, bytes]]],
) -> None:
    out, before = rebuilt
    chapter = next(name for name in before if name.startswith("08-"))
    assert (out / chapter).stat().st_ino == before[chapter][0]
    assert (out / chapter).read_bytes() == before[chapter][1]


def _seed(store: Path, data: bytes, gz: bytes, br: bytes) -> Path:
    """Put copies of `data` in the store where it keeps them: by the hash of the bytes."""
    entry = compress._entry(store, data)
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.with_name(entry.name + ".gz").write_bytes(gz)
    entry.with_name(entry.name + ".br").write_bytes(br)
    return entry


def test_bytes_compressed_before_take_their_copies_from_the_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    # Valid copies, but not those this build makes (another level): taken, they show it.
    fast_gz, fast_br = gzip.compress(TEXT, 1, mtime=0), brotli.compress(TEXT, quality=1)
    assert fast_gz != gzip.compress(TEXT, 9, mtime=0)
    _seed(store, TEXT, fast_gz, fast_br)
    site = tmp_path / "site"
    _tree(site)
    compress_site(site, store=store)
    assert (site / "talk" / "index.html.gz").read_bytes() == fast_gz
    assert (site / "talk" / "index.html.br").read_bytes() == fast_br
    # The feed was new to the store: made here and kept there for the next build.
    feed = (site / "feed.xml").read_bytes()
    kept = compress._entry(store, feed)
    assert gzip.decompress(kept.with_name(kept.name + ".gz").read_bytes()) == feed
    assert brotli.decompress(kept.with_name(kept.name + ".br").read_bytes()) == feed
    again = tmp_path / "again"
    _tree(again)
    compress_site(again, store=store)
    for name in ("talk/index.html.gz", "feed.xml.gz", "feed.xml.br"):
        assert (again / name).read_bytes() == (site / name).read_bytes()


def test_damaged_copies_in_the_store_are_made_again_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = tmp_path / "store"
    good = gzip.compress(TEXT, 9, mtime=0)
    entry = _seed(store, TEXT, good[: len(good) // 2], b"not brotli")
    site = tmp_path / "site"
    _tree(site)
    compress_site(site, store=store)
    assert gzip.decompress((site / "talk" / "index.html.gz").read_bytes()) == TEXT
    assert brotli.decompress((site / "talk" / "index.html.br").read_bytes()) == TEXT
    assert f"{entry}: damaged compressed copies in the cache, made again" in caplog.text
    # And the store holds good copies again.
    assert gzip.decompress(entry.with_name(entry.name + ".gz").read_bytes()) == TEXT


def test_the_store_forgets_copies_unused_for_a_while(tmp_path: Path) -> None:
    store = tmp_path / "store"
    old = _seed(store, b"old bytes", b"g", b"b")
    new = _seed(store, b"new bytes", b"g", b"b")
    month_ago = time.time() - 31 * 86400
    for suffix in (".gz", ".br"):
        os.utime(old.with_name(old.name + suffix), (month_ago, month_ago))
    assert prune_store(store, days=30) == 2
    assert sorted(p.name for p in store.rglob("*.*")) == [new.name + ".br", new.name + ".gz"]
