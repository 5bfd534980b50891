"""Lay out the benchmark's inputs: lab folders made at run time from ../shared."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEFAULT_LAB = ROOT / "assets" / "labs" / "ll202509"
DEFAULT_CONFIG = ROOT / "mkdocs.yml"
FETCHED = frozenset({"video", "deck.pdf"})
"""What `fetch` adds to a lab folder (git-ignored): not part of the lab as the project ships it."""


def copy_default_lab(parent: Path) -> Path:
    """Copy the default lab as the repository holds it into `parent`, without fetched files."""

    def fetched(folder: str, names: list[str]) -> set[str]:
        return FETCHED & set(names) if Path(folder) == DEFAULT_LAB else set()

    lab = parent / DEFAULT_LAB.name
    shutil.copytree(DEFAULT_LAB, lab, ignore=fetched)
    return lab


def derive_config(path: Path, labs: Sequence[Path] | None, **labsite: object) -> Path:
    """Write at `path` the project's mkdocs.yml with other labs, or without `labsite` (None).

    Everything else (theme, features, other plugins, Markdown extensions) stays as it is,
    so that a site built with it is configured like the project's own.
    """
    with DEFAULT_CONFIG.open(encoding="utf-8") as file:
        config = yaml_load(file)
    config["docs_dir"] = str(ROOT / config.get("docs_dir", "docs"))
    plugins = []
    for entry in config["plugins"]:
        name = entry if isinstance(entry, str) else next(iter(entry))
        if name == "labsite":
            if labs is None:
                continue
            options = {} if isinstance(entry, str) else dict(entry[name])
            options.update(labsite, labs=[str(lab) for lab in labs])
            options.setdefault("cache_dir", str(ROOT / ".cache"))
            entry = {name: options}
        plugins.append(entry)
    config["plugins"] = plugins
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


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
