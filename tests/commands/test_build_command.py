"""`generator build` as a publisher runs it: several labs, --offline, --cache-dir."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from labs import notes, write_lab
from paths import ROOT
from pdfs import write_pdf
from tools import require_shim

ONE = ("0:00 Opening words", "1:00 Compiler history", "2:00 Closing remarks")
TWO = ("0:00 Welcome", "3:00 Linkers and loaders")


def _build(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


@pytest.fixture
def labs(tmp_path: Path) -> list[Path]:
    deck = write_pdf(
        tmp_path / "deck.pdf", [[(c.split(" ", 1)[1], 40), ("words", 20)] for c in ONE]
    )
    return [
        write_lab(
            tmp_path,
            "one",
            {
                "notes.md": notes(*ONE, title="First lab", date="2025-05-01"),
                "deck.pdf": deck.read_bytes(),
            },
        ),
        write_lab(tmp_path, "two", {"notes.md": notes(*TWO, title="Second lab")}),
    ]


def test_offline_build_of_two_labs_into_a_chosen_cache(tmp_path: Path, labs: list[Path]) -> None:
    require_shim()
    out, cache = tmp_path / "site", tmp_path / "my-cache"
    result = _build(*map(str, labs), "--offline", "--cache-dir", str(cache), "--out", str(out))
    assert result.returncode == 0, result.stderr
    # Pages: a home, a handout and one per chapter for each lab.
    assert (
        result.stderr.splitlines()[-1]
        == f"built {out}: 2 lab(s), {len(ONE) + 2 + len(TWO) + 2} lab pages"
    )

    catalog = (out / "index.html").read_text()
    # Newest first: May before March.
    assert re.findall(r'<h2><a href="([^"]+)">([^<]+)</a></h2>', catalog) == [
        ("one/index.html", "First lab"),
        ("two/index.html", "Second lab"),
    ]
    # For file://: pages are files, not folders.
    assert (out / "one" / "02-compiler-history.html").is_file()
    assert (out / "two" / "02-linkers-and-loaders.html").is_file()
    assert not (out / "one" / "02-compiler-history").exists()
    assert (out / "one" / "slides" / "003.webp").is_file()

    # The slides were rendered into the chosen cache, and a second build reuses them.
    [manifest] = cache.glob("slides/*/manifest.json")
    rendered = {p: p.stat().st_mtime_ns for p in manifest.parent.iterdir()}
    again = _build(*map(str, labs), "--offline", "--cache-dir", str(cache), "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert {p: p.stat().st_mtime_ns for p in manifest.parent.iterdir()} == rendered


def test_what_a_lab_lacks_is_told_to_the_publisher_once_not_to_its_readers(
    tmp_path: Path,
) -> None:
    """Seven labs without captions or deck: one log line each for the two, none in pages."""
    names = [f"talk{n}" for n in range(7)]
    labs = [write_lab(tmp_path, name, {"notes.md": notes(*TWO, title=name)}) for name in names]
    out = tmp_path / "site"
    result = _build(*map(str, labs), "--cache-dir", str(tmp_path / "cache"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    told = [line for line in result.stderr.splitlines() if line.startswith("talk0, ")]
    # Five names, then a count of the others; one line per thing missing.
    assert len(told) == 2, result.stderr
    assert all(line.startswith("talk0, talk1, talk2, talk3, talk4 and 2 more: ") for line in told)
    assert sum("captions" in line for line in told) == 1
    assert sum("deck" in line for line in told) == 1
    assert all("python -m generator fetch" in line for line in told)
    for page in out.rglob("*.html"):
        html = page.read_text()
        assert "generator fetch" not in html, page
        assert "make fetch" not in html, page
    chapter = (out / "talk3" / "02-linkers-and-loaders" / "index.html").read_text()
    assert "The transcript of this talk is not available yet." in chapter
    assert "The slides of this talk are not available." in chapter
