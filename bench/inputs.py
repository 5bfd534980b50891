"""Lay out the benchmark's inputs: lab folders made at run time from ../shared."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEFAULT_LAB = ROOT / "assets" / "labs" / "ll202509"


def deck_of_lab(shared: Path) -> dict[str, Path]:
    """Return each lab's deck, as named by the ground-truth files that come with the decks."""
    decks = {}
    for truth in sorted((shared / "align" / "dev").glob("*.json")):
        data = json.loads(truth.read_text(encoding="utf-8"))
        decks[data["lab"]] = shared / "decks" / data["deck"]
    return decks


def shared_labs(shared: Path, parent: Path) -> list[Path]:
    """Make a lab folder for every lab page in `shared`, with its deck when there is one."""
    decks = deck_of_lab(shared)
    labs = []
    for page in sorted((shared / "labs").glob("ll*.md")):
        lab = parent / page.stem
        lab.mkdir(parents=True)
        shutil.copyfile(page, lab / "notes.md")
        if page.stem in decks:
            shutil.copyfile(decks[page.stem], lab / "deck.pdf")
        labs.append(lab)
    return labs


def reference_site(parent: Path, pages: int) -> Path:
    """Write a plain MkDocs site of `pages` simple Markdown pages with the same theme."""
    docs = parent / "docs"
    docs.mkdir(parents=True)
    # A chapter-sized page: a title, a few paragraphs, a list and a code block.
    body = (
        "Some text about containers, images and builds, long enough to wrap once or twice "
        "in the content column of the theme. " * 3
    )
    for number in range(pages):
        name = "index.md" if number == 0 else f"page-{number:03d}.md"
        (docs / name).write_text(
            f"# Page {number}\n\n{body}\n\n## Details\n\n- one\n- two\n- three\n\n"
            f"```sh\necho page {number}\n```\n\n{body}\n",
            encoding="utf-8",
        )
    (parent / "mkdocs.yml").write_text(
        "site_name: Reference\n"
        "theme:\n  name: material\n  features: [navigation.instant, content.code.copy]\n"
        "plugins: [search]\n"
        "markdown_extensions: [admonition, attr_list, pymdownx.highlight, pymdownx.superfences]\n",
        encoding="utf-8",
    )
    return parent / "mkdocs.yml"
