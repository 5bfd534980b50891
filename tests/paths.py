"""Where the repository and the shared real inputs are, for every test module and helper."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The repository's root."""
SHARED = ROOT.parent / "shared"
"""The real inputs beside the repository (lab pages, decks, captions, talks)."""
