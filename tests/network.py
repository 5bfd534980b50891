"""The tests' closed network: the guard, and what it refused."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

GUARD_DIR = Path(__file__).resolve().parent / "netguard"
PROXY_VARIABLES = (
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "ftp_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "FTP_PROXY",
)


def _load_guard() -> ModuleType:
    spec = importlib.util.spec_from_file_location("netguard", GUARD_DIR / "sitecustomize.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_guard = _load_guard()


def install_guard(record: Callable[[str], None], patch: Callable[[Any, str, Any], None]) -> None:
    """Close the network in this process: see netguard/sitecustomize.py."""
    _guard.install(record, patch)


@dataclass
class ClosedNetwork:
    """What the tests' code, and the Python processes it started, tried to reach."""

    log: Path
    refused: list[str] = field(default_factory=list)

    def attempts(self) -> list[str]:
        """Return every host refused so far, in this process and in child processes."""
        children = self.log.read_text(encoding="utf-8").split() if self.log.exists() else []
        return self.refused + children[1::2]

    def forget(self) -> None:
        """Forget the attempts so far: a test that expects them has checked them."""
        self.refused.clear()
        self.log.unlink(missing_ok=True)
