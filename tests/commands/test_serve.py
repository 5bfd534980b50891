"""`mkdocs serve` rebuilds when a lab file changes, and never writes into docs/."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from browser import free_port, wait_for
from labs import notes, write_lab
from paths import ROOT

from bench.inputs import derive_config

DOCS = ROOT / "docs"


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


def _get(url: str) -> str | None:
    """Return the page at `url`, or None while the server does not have it."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError):
        return None


def test_serve_rebuilds_on_a_lab_change_and_leaves_docs_alone(tmp_path: Path) -> None:
    lab = write_lab(
        tmp_path, "lab", {"notes.md": notes("0:00 Opening words", "1:00 Compiler history")}
    )
    config = derive_config(tmp_path / "mkdocs.yml", [lab], cache_dir=str(tmp_path / "cache"))
    before = _snapshot(DOCS)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        page = wait_for(lambda: _get(base + "02-compiler-history/"), 120, "the first build")
        assert "<h1" in page and "Compiler history" in page
        # The publisher renames a chapter in the notes: the served site follows.
        notes_file = lab / "notes.md"
        notes_file.write_text(notes_file.read_text().replace("Compiler history", "Linker lore"))
        renamed = wait_for(lambda: _get(base + "02-linker-lore/"), 120, "the rebuild")
        assert "Linker lore" in renamed
        assert _get(base + "02-compiler-history/") is None, "the old page is gone"
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert "Traceback" not in errors
    assert _snapshot(DOCS) == before, "nothing was written into docs/"
    assert not (DOCS / "labs").exists()
