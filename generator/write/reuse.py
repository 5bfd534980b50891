"""Take unchanged pages from the site a build replaces instead of making them again.

Every site `generator build` writes lists, in a manifest, the key of each lab page it wrote
(what the page was made from: the lab's files, the code, the site's settings). The next
build into the same folder hard-links a page whose key is unchanged from the old site into
the new one and tells MkDocs not to make it. After one lab of a catalog is edited, only its
pages, the catalog and the search index are made again.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.atomic import write_atomic

MANIFEST = ".labsite-pages.json"
FORMAT = 1


@dataclass(frozen=True)
class PageRecord:
    """A page of a built site: its key and where it was written, relative to the site."""

    key: str
    dest: str


@dataclass
class Reuse:
    """The pages of the previous site that a build may take, and what this build records."""

    previous: Path | None
    """The site being replaced, or None when there is nothing to reuse."""
    old: Mapping[str, PageRecord] = field(default_factory=dict)
    new: dict[str, PageRecord] = field(default_factory=dict)
    """The pages of the site being built, by source URI."""
    taken: int = 0
    """How many pages were taken from the previous site."""
    old_shards: Mapping[str, str] = field(default_factory=dict)
    """The keys of the previous site's search index shards, by name."""
    new_shards: dict[str, str] = field(default_factory=dict)
    any_key: bool = False
    """Take every page recorded at the same place, whatever its key: the previous site is the
    joined parts of a sharded build, made from these labs with these settings (checked
    before), on machines whose keys differ (where the package is installed, file times)."""
    _real_folders: set[str] = field(default_factory=set)
    """Folders of the previous site already seen to be folders, not links."""
    _made_folders: set[Path] = field(default_factory=set)
    """Folders of the new site already made."""

    def _real_file(self, dest: str) -> bool:
        """Tell whether `dest` is a file of the previous site that no link leads out of it."""
        assert self.previous is not None
        parts = PurePosixPath(dest).parts
        if not parts or ".." in parts or PurePosixPath(dest).is_absolute():
            return False
        folder = ""
        for part in parts[:-1]:
            folder = f"{folder}/{part}" if folder else part
            if folder in self._real_folders:
                continue
            path = self.previous / folder
            if path.is_symlink() or not path.is_dir():
                return False
            self._real_folders.add(folder)
        file = self.previous / dest
        return file.is_file() and not file.is_symlink()

    def record(self, src_uri: str, key: str, dest: str) -> None:
        """Record a page that this build makes, for the next build to reuse."""
        self.new[src_uri] = PageRecord(key, dest)

    def take(self, src_uri: str, key: str, dest: str, site_dir: Path) -> bool:
        """Record a page; link the previous site's copy into `site_dir` when its key is unchanged.

        Return True when the page was taken and need not be made.
        """
        self.new[src_uri] = PageRecord(key, dest)
        record = self.old.get(src_uri)
        if self.previous is None or record is None or record.dest != dest:
            return False
        if record.key != key and not self.any_key:
            return False
        if not self._real_file(dest):
            return False
        self._link(self.previous / dest, site_dir / dest)
        self.taken += 1
        return True

    def take_file(self, dest: str, source: Path, site_dir: Path) -> None:
        """Link the previous site's copy of a copied file (a slide, a script) when MkDocs
        would not copy it again: same size, and not older than its source.

        MkDocs skips such a file in a dirty build, so it never writes into the linked copy.
        """
        if self.previous is None or not self._real_file(dest):
            return
        old = self.previous / dest
        try:
            before, now = old.stat(), source.stat()
        except OSError:
            return
        if before.st_size == now.st_size and before.st_mtime >= now.st_mtime:
            self._link(old, site_dir / dest)

    def _link(self, source: Path, target: Path) -> None:
        folder = target.parent
        if folder not in self._made_folders:
            folder.mkdir(parents=True, exist_ok=True)
            self._made_folders.add(folder)
        try:
            os.link(source, target)
        except OSError:  # another file system, or links not allowed: a copy does as well
            shutil.copyfile(source, target)


def read_previous(site: Path) -> Reuse:
    """Return what can be reused from the site at `site` (nothing when it has no manifest)."""
    try:
        data = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return Reuse(None)
        old = {
            str(uri): PageRecord(str(entry["key"]), str(entry["dest"]))
            for uri, entry in data["pages"].items()
        }
        shards = {str(name): str(key) for name, key in data.get("shards", {}).items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return Reuse(None)
    return Reuse(site, old, old_shards=shards)


def write_manifest(site: Path, reuse: Reuse) -> None:
    """Write the manifest of the pages a build made into its site."""
    pages = {uri: {"key": r.key, "dest": r.dest} for uri, r in sorted(reuse.new.items())}
    shards = dict(sorted(reuse.new_shards.items()))
    data = json.dumps(
        {"format": FORMAT, "pages": pages, "shards": shards}, indent=0, sort_keys=True
    )
    write_atomic(site / MANIFEST, data.encode("utf-8"))
