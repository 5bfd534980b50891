"""System tools the tests need: present, or a skip that CI turns into a failure."""

from __future__ import annotations

import os
import shutil

import pytest


def require_tool(name: str, package: str) -> str:
    """Return the path of a command; without it skip, except in CI, where it fails."""
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed (Debian package {package}; .ci/run installs it)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)
