"""`check` runs a lab's code: it says so, and keeps Go's caches where it is told."""

from __future__ import annotations

import subprocess
from pathlib import Path

from labs import write_lab
from tools import run_cli

NOTES = "---\ntitle: Go\n---\n\n## Sections\n\n- [0:00](https://youtu.be/abcdefghijk) Start\n"


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_cli(*args)


def test_check_help_says_it_runs_code_from_the_lab() -> None:
    result = _cli("check", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "that executes code from the lab folder, so run it only on folders you trust" in text
    assert "where Go's build and module caches are kept, under DIR/go" in text


def test_check_keeps_gos_caches_under_the_cache_dir(tmp_path: Path) -> None:
    lab = write_lab(
        tmp_path,
        "lab",
        {
            "notes.md": NOTES,
            "demo/go.mod": "module example.com/tiny\n\ngo 1.21\n",
            "demo/main.go": "package main\n\nfunc main() {}\n",
        },
    )
    cache = tmp_path / "cache"
    result = _cli("check", lab, "--cache-dir", cache)
    assert " error" not in result.stdout, result.stdout
    assert result.returncode == 0, result.stdout + result.stderr
    assert (cache / "go" / "build" / "README").is_file(), "Go's build cache is under --cache-dir"
    assert any((cache / "go" / "build").rglob("*-d")), "and holds what the build made"
