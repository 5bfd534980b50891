"""The output folder's rules, called directly: which folders a build may replace, the staging
folder, the swap, and the repair of what a killed build left behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import GeneratorError
from generator.write.outdir import (
    LOCK,
    MARKER,
    check_out,
    is_replaceable,
    recover,
    replace_dir,
    staging,
)


def _dead_pid() -> int:
    """Return the id of a process that has ended."""
    code = "import os; print(os.getpid())"
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return int(done.stdout)


def _site(folder: Path, page: str) -> Path:
    folder.mkdir(parents=True)
    (folder / MARKER).write_text("built\n")
    (folder / "index.html").write_text(page)
    return folder


def _leftover(out: Path, kind: str, pid: int, tag: str = "x1y2") -> Path:
    """Make the folder a build of `pid` would leave beside `out` (`new`: staging, `old`: aside)."""
    folder = out.parent / f".{out.name}.{kind}-{pid}-{tag}"
    folder.mkdir()
    return folder


def test_an_empty_folder_or_a_built_site_may_be_replaced_and_nothing_else(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    built = _site(tmp_path / "built", "old")
    earlier = tmp_path / "earlier"
    (earlier / "assets" / "labsite").mkdir(parents=True)
    (earlier / "assets" / "labsite" / "labsite.js").write_text("")
    other = tmp_path / "home"
    other.mkdir()
    (other / "thesis.tex").write_text("years of work")
    assert is_replaceable(empty) and is_replaceable(built) and is_replaceable(earlier)
    assert not is_replaceable(other)


def test_check_out_accepts_new_empty_and_built_folders(tmp_path: Path) -> None:
    labs = [tmp_path / "labs" / "ll1"]
    labs[0].mkdir(parents=True)
    (tmp_path / "empty").mkdir()
    _site(tmp_path / "built", "old")
    for out in ("new", "empty", "built", "labs/ll1-site"):
        check_out(tmp_path / out, labs)


def test_check_out_refuses_a_folder_of_other_files_naming_the_marker(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "index.html").write_text("someone's own page")
    with pytest.raises(GeneratorError, match=rf"{MARKER}"):
        check_out(out, [])


@pytest.mark.parametrize("out", [".", "labs", "labs/ll1"])
def test_check_out_refuses_a_folder_that_holds_an_input(tmp_path: Path, out: str) -> None:
    lab = tmp_path / "labs" / "ll1"
    lab.mkdir(parents=True)
    (lab / "notes.md").write_text("# notes")
    with pytest.raises(GeneratorError, match="would replace"):
        check_out((tmp_path / out).resolve(), [lab])


def test_check_out_refuses_the_root_and_a_file(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError, match="root folder"):
        check_out(Path("/"), [])
    (tmp_path / "site").write_text("a file")
    with pytest.raises(GeneratorError, match="not a folder"):
        check_out(tmp_path / "site", [])


def test_staging_is_a_locked_folder_beside_out_removed_afterwards(tmp_path: Path) -> None:
    out = tmp_path / "site"
    with staging(out) as folder:
        assert folder.parent == tmp_path
        assert folder.name.startswith(f".site.new-{os.getpid()}-")
        assert (folder / LOCK).is_file()
        (folder / "index.html").write_text("new")
    assert not folder.exists()
    with pytest.raises(RuntimeError), staging(out) as failed:
        raise RuntimeError("the build broke")
    assert not failed.exists()
    assert list(tmp_path.iterdir()) == []


def test_replace_dir_puts_the_build_in_place_marked_and_leaves_nothing_beside(
    tmp_path: Path,
) -> None:
    out = tmp_path / "site"
    first = tmp_path / "first"
    first.mkdir()
    (first / "index.html").write_text("first")
    replace_dir(first, out)
    assert (out / "index.html").read_text() == "first" and (out / MARKER).is_file()

    second = tmp_path / "second"
    second.mkdir()
    (second / "other.html").write_text("second")
    replace_dir(second, out)
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "other.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_replace_dir_refuses_to_replace_a_file(tmp_path: Path) -> None:
    (tmp_path / "site").write_text("a file")
    built = tmp_path / "built"
    built.mkdir()
    with pytest.raises(GeneratorError, match="not a folder"):
        replace_dir(built, tmp_path / "site")
    assert (tmp_path / "site").read_text() == "a file"


def test_recover_removes_a_dead_build_s_staging_but_not_a_running_one_s(tmp_path: Path) -> None:
    out = _site(tmp_path / "site", "current")
    dead = _leftover(out, "new", _dead_pid())
    (dead / "index.html").write_text("half a site")
    with staging(out) as running:
        assert recover(out) == [dead]
        assert running.is_dir() and not dead.exists()
    assert (out / "index.html").read_text() == "current"


def test_recover_leaves_alone_what_a_running_swap_set_aside(tmp_path: Path) -> None:
    out = tmp_path / "site"
    # This process is running: between its two renames, its old site waits aside.
    aside = _leftover(out, "old", os.getpid())
    _site(aside / "site", "the previous site")
    assert recover(out) == []
    assert not out.exists() and (aside / "site" / "index.html").is_file()


def test_recover_ignores_folders_that_only_look_like_leftovers(tmp_path: Path) -> None:
    out = _site(tmp_path / "site", "current")
    for name in (".site.new-notapid-x", ".other.new-1-x", "site.new-1-x", ".site.older-1-x"):
        (tmp_path / name).mkdir()
    assert recover(out) == []
    assert len(list(tmp_path.iterdir())) == 5


def test_recover_puts_back_a_site_a_killed_swap_left_aside(tmp_path: Path) -> None:
    out = tmp_path / "site"
    aside = _leftover(out, "old", _dead_pid())
    _site(aside / "site", "the previous site")
    assert recover(out) == [aside]
    assert (out / "index.html").read_text() == "the previous site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_recover_keeps_the_new_site_when_the_swap_was_done(tmp_path: Path) -> None:
    out = _site(tmp_path / "site", "the new site")
    aside = _leftover(out, "old", _dead_pid())
    _site(aside / "site", "the previous site")
    assert recover(out) == [aside]
    assert (out / "index.html").read_text() == "the new site"
    assert not aside.exists()


def test_recover_in_a_folder_that_does_not_exist_removes_nothing(tmp_path: Path) -> None:
    assert recover(tmp_path / "nowhere" / "site") == []
