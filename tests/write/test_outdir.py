"""The output folder: only sites this generator built are replaced, and none is ever lost."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from labs import write_lab
from paths import ROOT
from tools import run_cli, sigterm_cli_when

from generator.build import build_site
from generator.errors import GeneratorError

MARKER = ".labsite-site"
"""The file that says a folder is a site this generator built."""
LOCK = ".building"
"""The file a running build keeps locked in its staging folder."""

NOTES = "---\ntitle: Lab\n---\n\n## Sections\n\n- [0:00](https://youtu.be/abcdefghijk) Start\n"


def _lab(parent: Path, notes: str = NOTES, name: str = "lab") -> Path:
    return write_lab(parent, name, {"notes.md": notes})


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_cli(*args)


def _dead_pid() -> int:
    """Return the id of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_a_folder_that_merely_holds_an_index_html_is_refused_by_name(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    (home / "Documents" / "thesis.txt").write_text("years of work")
    (home / ".bashrc").write_text("export PS1='$ '\n")
    (home / "index.html").write_text("<p>my page</p>")
    before = _tree(home)
    result = _cli("build", _lab(tmp_path), "--out", home, "--cache-dir", tmp_path / "cache")
    assert result.returncode == 1, result.stderr
    assert f"--out {home} is not empty and is not a site this generator built" in result.stderr
    assert "Traceback" not in result.stderr
    assert _tree(home) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "lab"]


def test_a_built_site_carries_the_marker_and_is_replaced_by_the_next_build(tmp_path: Path) -> None:
    lab = _lab(tmp_path)
    out = tmp_path / "site"
    build_site([lab], out, cache_dir=tmp_path / "c")
    assert (out / MARKER).is_file()
    (lab / "notes.md").write_text(NOTES.replace("Start", "Beginning"))
    build_site([lab], out, cache_dir=tmp_path / "c")
    assert (out / "01-beginning" / "index.html").is_file()
    assert not (out / "01-start").exists()
    # An empty folder is fine too.
    empty = tmp_path / "empty"
    empty.mkdir()
    build_site([lab], empty, cache_dir=tmp_path / "c")
    assert (empty / MARKER).is_file()


def test_mkdocs_build_marks_its_site_so_the_generator_may_replace_it(tmp_path: Path) -> None:
    """`make site` builds with `mkdocs build`; `make labs` then builds into the same folder."""
    out = tmp_path / "site"
    mkdocs = Path(sys.executable).parent / "mkdocs"
    built = subprocess.run(
        [str(mkdocs), "build", "--site-dir", str(out)], capture_output=True, text=True, cwd=ROOT
    )
    assert built.returncode == 0, built.stderr
    assert (out / MARKER).is_file()
    result = _cli("build", _lab(tmp_path), "--out", out, "--cache-dir", tmp_path / "c")
    assert result.returncode == 0, result.stderr
    assert (out / "01-start" / "index.html").is_file()


def _stale_staging(out: Path, pid: int, tag: str) -> Path:
    """Lay out a staging folder as a build killed while MkDocs was writing leaves it."""
    folder = out.parent / f".{out.name}.new-{pid}-{tag}"
    (folder / "site" / "assets").mkdir(parents=True)
    (folder / "site" / "assets" / "big.bin").write_bytes(b"\0" * 4096)
    (folder / LOCK).write_text("")
    return folder


def test_stale_staging_folders_are_removed_but_not_a_running_builds(tmp_path: Path) -> None:
    lab = _lab(tmp_path)
    out = tmp_path / "site"
    stale = _stale_staging(out, _dead_pid(), "abc123")
    no_lock = out.parent / f".{out.name}.new-{_dead_pid()}-def456"
    no_lock.mkdir()
    running = _stale_staging(out, os.getpid(), "ghi789")
    with (running / LOCK).open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        build_site([lab], out, cache_dir=tmp_path / "c")
    assert not stale.exists()
    assert not no_lock.exists()
    assert (running / "site" / "assets" / "big.bin").is_file(), "a running build's folder stays"
    assert (out / "01-start" / "index.html").is_file()


def test_a_site_left_aside_by_a_killed_swap_is_put_back_even_when_the_build_fails(
    tmp_path: Path,
) -> None:
    out = tmp_path / "site"
    # Killed between the two renames: the old site waits aside, nothing is at `out`.
    aside = tmp_path / f".site.old-{_dead_pid()}-xyz"
    (aside / "site").mkdir(parents=True)
    (aside / "site" / MARKER).write_text("")
    (aside / "site" / "index.html").write_text("previous site")
    bad = _lab(tmp_path, "---\ntitle: x\n---\nno chapters\n", name="bad")
    with pytest.raises(GeneratorError, match="Sections"):
        build_site([bad], out, cache_dir=tmp_path / "c")
    assert (out / "index.html").read_text() == "previous site"
    assert not aside.exists()


def test_sigterm_stops_a_build_like_ctrl_c_and_leaves_the_old_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site([_lab(tmp_path, name="first")], out, cache_dir=tmp_path)
    before = _tree(out)
    # As many chapters as a lab may have: MkDocs is still writing pages when the signal comes.
    chapters = "".join(
        f"- [{n // 60}:{n % 60:02d}](https://youtu.be/abcdefghijk) Chapter {n}\n"
        for n in range(300)
    )
    big = _lab(tmp_path, f"---\ntitle: Big\n---\n\n## Sections\n\n{chapters}", name="big")
    stopped = sigterm_cli_when(
        lambda: any(p.is_dir() for p in tmp_path.glob(".site.new-*/site")),
        *("build", big, "--out", out, "--cache-dir", tmp_path / "c"),
        what="the build writing its staging folder",
    )
    stderr = stopped.stderr
    assert stopped.returncode == 128 + signal.SIGTERM, stderr
    assert "terminated; nothing was left half-written" in stderr
    assert "Traceback" not in stderr
    assert not list(tmp_path.glob(".site.*")), "no staging folder outlives the build"
    assert _tree(out) == before
