"""`make setup` installs the Debian packages the tests need, or says in one line how to."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from paths import ROOT

SCRIPT = ROOT / "scripts" / "system-packages"


def _fake_bin(folder: Path, *, installed: set[str], uid: int, with_npm: bool) -> Path:
    """Make a folder of stand-ins for dpkg-query, id, apt-get (and npm) that log their calls."""
    folder.mkdir()
    log = folder / "calls.log"
    listed = " ".join(sorted(installed))
    commands = {
        # dpkg-query -W -f=FORMAT PACKAGE: "install ok installed" for the packages listed.
        "dpkg-query": f'for p in {listed}; do [ "$p" = "${{@: -1}}" ] && '
        'printf "install ok installed" && exit 0; done; exit 1',
        "id": f"echo {uid}",
        "apt-get": f'echo "apt-get $*" >> {log}',
    }
    if with_npm:
        commands["npm"] = "exit 0"
    for name, body in commands.items():
        path = folder / name
        path.write_text(f"#!/bin/bash\n{body}\n")
        path.chmod(0o755)
    # Only these commands are found: npm and apt-get of this machine must stay out of sight.
    (folder / "grep").symlink_to(shutil.which("grep") or "/bin/grep")
    return folder


def _run(bin_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": str(bin_dir)}
    return subprocess.run(
        [shutil.which("bash") or "/bin/bash", str(SCRIPT)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )


def _packages() -> list[str]:
    """The packages the script names in its `packages=(...)` list, read from the script."""
    text = SCRIPT.read_text()
    listed = text.split("packages=(", 1)[1].split(")", 1)[0]
    return listed.split()


def test_nothing_missing_installs_nothing_and_says_nothing(tmp_path: Path) -> None:
    bin_dir = _fake_bin(tmp_path / "bin", installed=set(_packages()), uid=0, with_npm=True)
    result = _run(bin_dir)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert not (bin_dir / "calls.log").exists()


def test_as_root_only_the_missing_packages_are_installed(tmp_path: Path) -> None:
    present = set(_packages()) - {"ffmpeg", "chromium-driver"}
    bin_dir = _fake_bin(tmp_path / "bin", installed=present, uid=0, with_npm=False)
    result = _run(bin_dir)
    assert result.returncode == 0, result.stderr
    calls = (bin_dir / "calls.log").read_text().splitlines()
    assert calls[0] == "apt-get update -qq"
    words = calls[1].split()
    assert words[:2] == ["apt-get", "install"]
    packages = {word for word in words[2:] if not word.startswith("-")}
    assert packages == {"chromium-driver", "ffmpeg", "npm"}


def test_not_root_names_the_command_in_one_line_and_exits_2(tmp_path: Path) -> None:
    bin_dir = _fake_bin(tmp_path / "bin", installed={"file"}, uid=1000, with_npm=True)
    result = _run(bin_dir)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert "apt-get install" in lines[0]
    for package in set(_packages()) - {"file"}:
        assert package in lines[0].split()
    assert not (bin_dir / "calls.log").exists()


def test_make_setup_and_ci_run_the_same_set_up() -> None:
    makefile = (ROOT / "Makefile").read_text()
    setup = next(line for line in makefile.splitlines() if line.startswith("setup:"))
    assert "system" in setup.split(":", 1)[1].split()
    assert "scripts/system-packages" in makefile
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci and "apt-get" not in ci
