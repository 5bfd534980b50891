"""Render one deck into a cache folder as a build does: python -m bench.render_deck DECK DIR."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from generator.read.render import render_deck


def main(argv: list[str]) -> int:
    """Hash the deck (its cache key) and render every slide at both widths into DIR."""
    deck, cache = Path(argv[0]), Path(argv[1])
    render_deck(deck, hashlib.sha256(deck.read_bytes()).hexdigest(), cache)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
