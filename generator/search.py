"""Search that stays instant at any size: a Pagefind index behind Material's search box.

Material's own search sends the whole site's text to every reader and indexes it in the
browser: with a hundred 50-minute talks, seconds before the first result. Pagefind splits
its index into small chunks and fetches only those a query needs. The theme's search box
and result list stay; the theme's search worker is replaced by one that asks Pagefind
(`static/search-worker.js`). From `file://`, where a page may not fetch files, the offline
build keeps the theme's own search.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.errors import GeneratorError

OUTPUT = "pagefind"
"""Folder of the index in the site."""
WORKER_URI = "assets/labsite/search-worker.js"
ROOT_SELECTOR = "article.md-content__inner"
"""The page's own content: the theme's header, navigation and footer are not indexed."""
EXCLUDE_SELECTORS = (".headerlink", ".md-content__button", ".md-source-file")
TIMEOUT = 1800
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
"""Pagefind's own search interfaces: the theme's search box is the interface here."""
_THEME_WORKER = re.compile(
    r'("search":\s*")([^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js(")'
)


@dataclass(frozen=True)
class SearchIndex:
    """What indexing a site made."""

    pages: int
    bytes: int
    """Size of the index folder, every chunk and fragment included."""


def use_index_worker(html: str) -> str:
    """Point a page's theme configuration at the worker that searches the Pagefind index."""
    return _THEME_WORKER.sub(rf"\g<1>\g<2>{WORKER_URI}\g<3>", html, count=1)


def index_site(site_dir: Path) -> SearchIndex:
    """Write the Pagefind index of every page under `site_dir` into `site_dir/pagefind`."""
    command = [
        str(_executable()),
        "--site",
        str(site_dir),
        "--output-subdir",
        OUTPUT,
        "--root-selector",
        ROOT_SELECTOR,
        "--exclude-selectors",
        ", ".join(EXCLUDE_SELECTORS),
        "--silent",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise GeneratorError(f"the search index could not be built: {err}") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise GeneratorError(
            "the search index could not be built: " + (detail[-1] if detail else "pagefind failed")
        )
    folder = site_dir / OUTPUT
    for name in UNUSED:
        (folder / name).unlink(missing_ok=True)
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    pages = len(list((folder / "fragment").glob("*.pf_fragment")))
    return SearchIndex(pages=pages, bytes=size)


def _executable() -> Path:
    """Return the Pagefind binary that the `pagefind-bin` package installs."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise GeneratorError("pagefind-bin is not installed: run `make setup`") from None
    try:
        return Path(get_executable())
    except FileNotFoundError as err:
        raise GeneratorError(f"the Pagefind binary is missing: {err}") from None
