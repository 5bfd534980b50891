"""What the checks share: running a tool with a time limit, and their findings."""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.errors import Diagnostic

# A cold build compiles the standard library; a few minutes covers a slow machine.
TOOL_TIMEOUT = 600


def run_tool(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a tool, turning a hang into a failed result instead of an exception."""
    try:
        return subprocess.run(
            args,
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=TOOL_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(
            args, 124, "", f"{args[0]} timed out after {TOOL_TIMEOUT} s"
        )


def error_at(file: str, line: int, message: str) -> Diagnostic:
    return Diagnostic(file, line, message, "error")


def warning_at(file: str, line: int, message: str) -> Diagnostic:
    return Diagnostic(file, line, message, "warning")
