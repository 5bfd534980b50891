"""Lay out the benchmark's inputs: lab folders made at run time from ../shared."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEFAULT_LAB = ROOT / "assets" / "labs" / "ll202509"
DEFAULT_CONFIG = ROOT / "mkdocs.yml"
FETCHED = frozenset({"video", "deck.pdf"})
"""What `fetch` adds to a lab folder (git-ignored): not part of the lab as the project ships it."""


def copy_default_lab(parent: Path, source: Path = DEFAULT_LAB) -> Path:
    """Copy the default lab as the repository holds it into `parent`, without fetched files."""

    def fetched(folder: str, names: list[str]) -> set[str]:
        return FETCHED & set(names) if Path(folder) == source else set()

    lab = parent / source.name
    shutil.copytree(source, lab, ignore=fetched)
    return lab


def derive_config(
    path: Path, labs: Sequence[Path] | None, *, docs_dir: Path | None = None, **labsite: object
) -> Path:
    """Write at `path` the project's mkdocs.yml with other labs, or without `labsite` (None).

    Everything else (theme, features, other plugins, Markdown extensions) stays as it is,
    so that a site built with it is configured like the project's own. `labsite` sets
    options of the plugin; `docs_dir` replaces the project's docs folder.
    """
    with DEFAULT_CONFIG.open(encoding="utf-8") as file:
        config = yaml_load(file)
    config["docs_dir"] = str(docs_dir or ROOT / config.get("docs_dir", "docs"))
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
    """Write a site of `pages` chapter-like pages, configured like ours without our plugin.

    Each page uses what ours do: headings, paragraphs, an admonition, code in content tabs,
    a figure in Markdown-in-HTML and an image for the lightbox, so that every plugin and
    extension of the configuration has work to do.
    """
    docs = parent / "docs"
    (docs / "img").mkdir(parents=True)
    Image.new("RGB", (480, 270), (40, 60, 120)).save(docs / "img" / "slide.webp", quality=80)
    body = (
        "Some text about containers, images and builds, long enough to wrap once or twice "
        "in the content column of the theme. " * 3
    )
    for number in range(pages):
        name = "index.md" if number == 0 else f"page-{number:03d}.md"
        (docs / name).write_text(
            f"# Page {number}\n\n{body}\n\n## Slides\n\n"
            '<figure markdown="span">\n  ![Slide](img/slide.webp){ width="480" }\n'
            f"  <figcaption>slide {number}</figcaption>\n</figure>\n\n"
            f'!!! note "Note {number}"\n\n    {body}\n\n## Code\n\n'
            f'=== "Dockerfile"\n\n    ```dockerfile\n    FROM scratch\n    COPY app /app{number}\n    ```\n\n'
            f'=== "run.sh"\n\n    ```sh\n    docker build -t page{number} .\n    ```\n\n'
            f"## Transcript\n\n{body}\n\n{body}\n",
            encoding="utf-8",
        )
    return derive_config(parent / "mkdocs.yml", None, docs_dir=docs)
