"""Keep generated pages' HTML on disk: converted once per content, held there until written.

MkDocs converts every page's Markdown to HTML before it writes any page, and keeps all of
it in memory meanwhile: for a catalog of a thousand talks, gigabytes. The plugin puts each
generated page's HTML (and its table of contents) here as soon as it is made and reads it
back only to write that page, so memory stays flat; a page whose Markdown did not change
since an earlier build is not converted again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc

from generator.atomic import remove_unused, write_atomic

KEEP_DAYS = 30
"""Entries no build has used for this long are removed."""
_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "mkdocs-glightbox")


@dataclass(frozen=True)
class CachedPage:
    """A generated page as MkDocs made it: its HTML and its table of contents."""

    html: str
    toc: TableOfContents


class PageCache:
    """HTML of generated pages by the hash of their Markdown and of the site's settings."""

    def __init__(self, folder: Path, settings: str) -> None:
        self.folder = folder
        self.settings = settings

    def key(self, src_uri: str, markdown: str) -> str:
        """Return the key of a page's HTML: what the Markdown and the settings make it."""
        text = f"{self.settings}\0{src_uri}\0{markdown}"
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, key: str) -> CachedPage | None:
        """Return the page stored under `key`, or None."""
        path = self._path(key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            page = CachedPage(data["html"], get_toc(data["toc"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        os.utime(path)  # still in use: keep it from pruning
        return page

    def put(self, key: str, html: str, toc: TableOfContents) -> None:
        """Store a page's HTML and table of contents under `key`."""
        data = {"html": html, "toc": [_token(item) for item in toc]}
        write_atomic(self._path(key), json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def prune(self, days: float = KEEP_DAYS) -> int:
        """Remove entries unused for `days`; return how many."""
        return remove_unused(self.folder, "*/*.json", days)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"


def settings_key(config_file: str | None, **options: object) -> str:
    """Return a hash of what, besides its Markdown, shapes a page's HTML."""
    digest = hashlib.sha256()
    if config_file and os.path.isfile(config_file):
        digest.update(Path(config_file).read_bytes())
    for package in _PACKAGES:
        try:
            digest.update(f"{package}={metadata.version(package)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=none\0".encode())
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def templates_version(folders: Sequence[str]) -> str:
    """Return a hash of the theme's templates (the site's overrides included), by their stat."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.html")):
            try:
                info = path.stat()
            except OSError:
                continue
            digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _token(item: AnchorLink) -> dict[str, Any]:
    """Return a table-of-contents entry as the token MkDocs builds it from."""
    return {
        "level": item.level,
        "id": item.id,
        "name": item.title,
        "children": [_token(child) for child in item.children],
    }
