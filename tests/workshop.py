"""The real workshop of ../shared (2½ hours, 32 chapters, a deck with pictures of slides) as a
built site, its slides rendered and read once per test run."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build_site

WORKSHOP = Path("talks") / "workshop3-evals"
"""The workshop's lab folder, under ../shared."""


def workshop_site(shared: Path, factory: pytest.TempPathFactory) -> Path:
    """Build the workshop's site into a new folder and return it.

    The cache is one for the whole run: rendering and reading the deck is the slow part.
    """
    out = factory.mktemp("workshop") / "site"
    build_site([shared / WORKSHOP], out, cache_dir=factory.getbasetemp() / "workshop-cache")
    return out


def chapter_page(site: Path, number: int) -> str:
    """Return the HTML of the chapter page numbered `number` (1-based, as its folder is)."""
    [page] = site.glob(f"{number:02d}-*/index.html")
    return page.read_text(encoding="utf-8")
