"""Shared fixtures: where the real inputs in ../shared are, and a closed network."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from network import GUARD_DIR, PROXY_VARIABLES, ClosedNetwork, install_guard
from paths import SHARED
from tools import require_tool

# The browser modules' sites and fixtures.
pytest_plugins = ["sites"]


@pytest.fixture(scope="session", autouse=True)
def closed_network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClosedNetwork]:
    """Close the network for the whole test run: only 127.0.0.1, ::1 and localhost answer.

    For the whole run, so that fixtures of every scope are guarded too. Python processes the
    tests start inherit the guard through PYTHONPATH.
    """
    closed = ClosedNetwork(tmp_path_factory.mktemp("netguard") / "refused.log")
    with pytest.MonkeyPatch.context() as patch:
        install_guard(closed.refused.append, patch.setattr)
        for name in PROXY_VARIABLES:
            patch.delenv(name, raising=False)
        patch.setenv("NETGUARD", "1")
        patch.setenv("NETGUARD_LOG", str(closed.log))
        path = os.environ.get("PYTHONPATH")
        patch.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(GUARD_DIR), path) if p))
        yield closed


@pytest.fixture(autouse=True)
def no_network(closed_network: ClosedNetwork) -> Iterator[ClosedNetwork]:
    """Fail a test when it, or a fixture it uses, tried to reach another host.

    Checked even when the code under test swallowed the refusal's error.
    """
    _no_attempts(closed_network, "a fixture of this test")
    yield closed_network
    _no_attempts(closed_network, "the test")


def _no_attempts(closed: ClosedNetwork, who: str) -> None:
    attempts = closed.attempts()
    closed.forget()
    assert not attempts, f"{who} tried to reach other hosts: {sorted(set(attempts))}"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The folder of real lab pages, decks and captions; never skipped in CI."""
    if not SHARED.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SHARED} is missing: CI must provide ../shared")
        pytest.skip(f"{SHARED} is not here")
    return SHARED


@pytest.fixture
def tesseract() -> str:
    """The tesseract binary; CI installs it, so there it must be present."""
    return require_tool("tesseract", "tesseract-ocr")
