"""Installed from its wheel, outside the checkout: the command line and the plugin work.

The wheel is built from a copy of the project and installed into a new virtual
environment with pip; the libraries it depends on are taken from the project's own
environment (added to the new one's path as plain folders, so that nothing of the
checkout comes with them), as nothing here may be downloaded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from bench.inputs import copy_default_lab
from tests.sites import ROOT

pytestmark = pytest.mark.xdist_group("install")

LEFT_OUT = {".git", ".venv", ".cache", "site", "site-offline", "build", "__pycache__"}


def _run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    environment.pop("PYTHONPATH", None)
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, env=environment, timeout=600
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the `bin` folder of a new environment with the project's wheel installed."""
    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=lambda folder, names: {n for n in names if n in LEFT_OUT or n.endswith(".egg-info")},
    )
    wheels = base / "wheels"
    built = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--wheel-dir",
            str(wheels),
            str(source),
        ],
        cwd=base,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = wheels.glob("*.whl")
    fresh = base / "fresh"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(fresh)], cwd=base)
    assert made.returncode == 0, made.stderr
    python = fresh / "bin" / "python"
    done = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--quiet",
            "--disable-pip-version-check",
            str(wheel),
        ],
        cwd=base,
    )
    assert done.returncode == 0, done.stderr
    site_packages = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            cwd=base,
        ).stdout.strip()
    )
    # A folder named in a .pth file joins the path as it is; its own .pth files (the
    # checkout's editable install among them) are not run.
    libraries = sysconfig.get_paths()["purelib"]
    (site_packages / "libraries.pth").write_text(libraries + "\n", encoding="utf-8")
    return fresh / "bin"


def test_the_package_is_the_installed_one_not_the_checkout(installed: Path, tmp_path: Path) -> None:
    found = _run(
        [str(installed / "python"), "-c", "import generator; print(generator.__file__)"],
        cwd=tmp_path,
    )
    assert found.returncode == 0, found.stderr
    where = Path(found.stdout.strip())
    assert where.is_relative_to(installed.parent), where
    assert not where.is_relative_to(ROOT)


def test_the_console_script_builds_a_lab_from_another_folder(
    installed: Path, tmp_path: Path
) -> None:
    lab = copy_default_lab(tmp_path)
    out = tmp_path / "site"
    shown = _run([str(installed / "labsite"), "--help"], cwd=tmp_path)
    assert shown.returncode == 0 and "build" in shown.stdout
    result = _run(
        [
            str(installed / "labsite"),
            "build",
            str(lab),
            "--out",
            str(out),
            "--cache-dir",
            str(tmp_path / "cache"),
        ],
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Static Chainguard Container Images" in home
    assert (out / "assets" / "labsite" / "labsite.js").is_file()
    assert "Traceback" not in result.stderr


def test_an_offline_build_finds_the_shim_the_package_carries(
    installed: Path, tmp_path: Path
) -> None:
    lab = copy_default_lab(tmp_path)
    out = tmp_path / "site"
    result = _run(
        [
            str(installed / "python"),
            "-m",
            "generator",
            "build",
            str(lab),
            "--offline",
            "--out",
            str(out),
            "--cache-dir",
            str(tmp_path / "cache"),
        ],
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert (out / "assets" / "javascripts" / "iframe-worker-shim.js").stat().st_size > 1000


USER_CONFIG = """\
site_name: Ada's notes
theme:
  name: material
plugins:
  - search
  - labsite:
      labs: [my-talk]
"""


def test_a_user_site_keeps_its_pages_and_gains_the_lab(installed: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    docs = project / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Welcome\n\nAda's own home page.\n", encoding="utf-8")
    (docs / "about.md").write_text("# About\n\nWho Ada is.\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(USER_CONFIG, encoding="utf-8")
    shutil.move(copy_default_lab(project), project / "my-talk")
    result = _run([str(installed / "python"), "-m", "mkdocs", "build", "--strict"], cwd=project)
    assert result.returncode == 0, result.stderr
    log = result.stderr
    assert "WARNING" not in log and "Warning" not in log and "Traceback" not in log, log
    site = project / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Ada's own home page." in home
    assert "Who Ada is." in (site / "about" / "index.html").read_text(encoding="utf-8")
    lab_home = (site / "talks" / "index.html").read_text(encoding="utf-8")
    assert "Static Chainguard Container Images" in lab_home
    # The site's navigation names its own pages and the lab.
    assert 'href="about/"' in home and 'href="talks/"' in home
    chapters = sorted(p.name for p in (site / "talks").iterdir() if p.name[:2].isdigit())
    assert chapters, "the lab's chapters are under talks/"


def test_a_generated_page_in_the_place_of_a_user_file_is_an_error_naming_both(
    installed: Path, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    docs = project / "docs"
    (docs / "talks").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    mine = docs / "talks" / "index.md"
    mine.write_text("# My talks\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(USER_CONFIG, encoding="utf-8")
    shutil.move(copy_default_lab(project), project / "my-talk")
    result = _run([str(installed / "python"), "-m", "mkdocs", "build"], cwd=project)
    assert result.returncode != 0
    assert str(mine) in result.stderr and "talks/index.md" in result.stderr
    assert "prefix" in result.stderr and "Traceback" not in result.stderr
    assert mine.read_text(encoding="utf-8") == "# My talks\n"
