"""Two builds of the same labs give byte-identical sites, wherever the labs and caches are
and however many processes load them.

The two builds run as separate processes with different hash seeds, so that an order that
depends on hashing (of sets, of dicts filled from them) shows as a difference.
"""

from __future__ import annotations

import calendar
import difflib
import gzip
import os
import struct
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from labs import write_lab

from bench.inputs import copy_default_lab
from generator.build import build_site
from generator.write.reuse import MANIFEST

# The shared lab with the smallest deck: enough to cover slide images and a catalog.
DECK_LAB = ("ll202508", "learning-lab-dfc-202508.pdf")
NOTES_ONLY = ("ll202505", "ll202506", "ll202507")
EPOCH = "1767225600"  # 2026-01-01, later than any lab, so it is this date that shows

pytestmark = pytest.mark.xdist_group("reproducible")


@dataclass(frozen=True)
class Builds:
    """Two sites built from copies of the same labs, each with its own cache."""

    first: Path
    second: Path


def _labs(shared: Path, parent: Path) -> list[Path]:
    """Copy the inputs into `parent`: the default lab, one shared lab with its deck, and
    three without (enough labs that a build loads them in parallel)."""
    default = copy_default_lab(parent)
    name, deck = DECK_LAB
    lab = write_lab(
        parent,
        name,
        {
            "notes.md": (shared / "labs" / f"{name}.md").read_bytes(),
            "deck.pdf": (shared / "decks" / deck).read_bytes(),
        },
    )
    plain = [
        write_lab(parent, other, {"notes.md": (shared / "labs" / f"{other}.md").read_bytes()})
        for other in NOTES_ONLY
    ]
    return [default, lab, *plain]


@pytest.fixture(scope="module")
def builds(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Builds:
    sites = []
    # One loads the labs one at a time, the other two at once: the sites must not differ.
    for name, seed, jobs in (("first", "1", "1"), ("second", "2", "2")):
        # Different folders for labs, cache and output: none of them may leak into the site.
        work = tmp_path_factory.mktemp(f"reproducible-{name}")
        labs = _labs(shared, work / "labs")
        out = work / f"site-{name}"
        command = [sys.executable, "-m", "generator", "build", *map(str, labs)]
        command += ["--out", str(out), "--cache-dir", str(work / "cache"), "--jobs", jobs]
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": seed}
        result = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        sites.append(out)
    return Builds(*sites)


def _files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def _difference(name: str, first: bytes, second: bytes) -> str:
    """Describe how two versions of a file differ: a few lines of diff for text."""
    try:
        a, b = first.decode().splitlines(), second.decode().splitlines()
    except UnicodeDecodeError:
        offset = next(
            (i for i, (x, y) in enumerate(zip(first, second, strict=False)) if x != y),
            min(len(first), len(second)),
        )
        return f"{name}: binary, {len(first)} vs {len(second)} bytes, first difference at {offset}"
    diff = difflib.unified_diff(a, b, "first/" + name, "second/" + name, n=0, lineterm="")
    return "\n".join(line[:200] for line in list(diff)[:12])


def test_both_builds_have_the_same_files(builds: Builds) -> None:
    first, second = _files(builds.first), _files(builds.second)
    assert first == second
    assert "sitemap.xml.gz" in first
    assert any(name.endswith(".webp") for name in first)
    assert any(name.endswith(".zip") for name in first)


def test_every_file_is_byte_identical(builds: Builds) -> None:
    differences = []
    for name in _files(builds.first):
        if name == MANIFEST:
            # What the next build may reuse is keyed by the labs' own folders and files.
            continue
        a = (builds.first / name).read_bytes()
        other = builds.second / name
        b = other.read_bytes() if other.is_file() else b""
        if a != b:
            differences.append(_difference(name, a, b))
    assert not differences, "\n\n".join(differences)


def test_sitemap_is_dated_by_source_date_epoch(builds: Builds) -> None:
    assert _gzip_time(builds.first / "sitemap.xml.gz") == int(EPOCH)


def test_without_source_date_epoch_the_newest_lab_dates_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = tmp_path / "site"
    lab = copy_default_lab(tmp_path)
    build_site([lab], out, cache_dir=tmp_path / "cache")
    # The default lab is of September 28, 2025; the build is dated by it, not by today.
    assert _gzip_time(out / "sitemap.xml.gz") == calendar.timegm(date(2025, 9, 28).timetuple())
    with gzip.open(out / "sitemap.xml.gz") as sitemap:
        assert b"<urlset" in sitemap.read()
    assert "SOURCE_DATE_EPOCH" not in os.environ, "the build's date does not outlive the build"


def _gzip_time(path: Path) -> int:
    """Return the modification time stored in a gzip file's header."""
    header = path.read_bytes()[:10]
    assert header[:2] == b"\x1f\x8b"
    mtime: int = struct.unpack("<I", header[4:8])[0]
    return mtime
