"""System tools the tests need: `make test` installs them, so a missing one is a failure."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from paths import ROOT

SHIM = ROOT / ".cache" / "npm" / "node_modules" / "iframe-worker" / "shim" / "index.js"
"""The iframe-worker shim that `make setup` installs with npm; offline builds need it."""


def require_tool(name: str, package: str) -> str:
    """Return the path of a command; without it the test fails (`make setup` installs it)."""
    found = shutil.which(name)
    if found:
        return found
    pytest.fail(f"{name} is not installed (Debian package {package}; `make setup` installs it)")


def require_shim() -> Path:
    """Return the iframe-worker shim; without it the test fails (`make setup` installs it)."""
    if SHIM.is_file():
        return SHIM
    pytest.fail(f"{SHIM} is missing: `make setup` installs it with npm (Debian package npm)")


def run_cli(
    *args: str | Path, timeout: float = 900, preexec_fn: Callable[[], object] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator ARGS` as a user would; the timeout guards a hang, it is no timing."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=timeout,
        preexec_fn=preexec_fn,
    )


def sigterm_cli_when(
    ready: Callable[[], bool],
    *args: str | Path,
    what: str,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator ARGS`, send it SIGTERM once `ready()`, and wait for it.

    `what` names the moment waited for, for the failure when it never comes. The timeout
    guards a hang; it is no timing.
    """
    command = [sys.executable, "-m", "generator", *map(str, args)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + timeout
        while not ready() and process.poll() is None:
            assert time.monotonic() < deadline, f"never came: {what}"
            time.sleep(0.01)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
    return subprocess.CompletedProcess(command, process.returncode, "", err)
