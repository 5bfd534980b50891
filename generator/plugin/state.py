"""What one build of the plugin is asked to do, and what it holds while it runs."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.structure.nav import Navigation

from generator.model import HeldLab, Notes
from generator.pagecache import PageCache
from generator.write import share
from generator.write.reuse import Reuse
from generator.write.search import SearchIndex
from generator.write.site import SitePlan


@dataclass(frozen=True)
class BuildRequest:
    """What `generator build` hands the plugin: labs it loaded, the previous site, offline."""

    labs: Sequence[HeldLab]
    reuse: Reuse | None = None
    """The previous site's pages that may be taken unchanged."""
    offline: bool = False
    site_notes: Sequence[Notes] = ()
    """Every lab's notes, when this build makes only some of the site's labs (one shard of
    it): the site is named and laid out as the whole one is."""
    made_in: Path | None = None
    """A site folder that already holds the labs' pages and files (the parts of a sharded
    build, joined): they are taken from there, not made again."""
    jobs: int | None = None
    """How many cores the build's per-file work may use (None: all the machine's)."""


@dataclass
class BuildState:
    """Everything one build of the plugin works with; made again by every `on_config`."""

    labs: list[HeldLab]
    lab_dirs: list[Path]
    cache_dir: Path
    offline: bool
    pagefind: bool
    """Whether this build searches with a Pagefind index (online) or the theme's own."""
    page_cache: PageCache
    reuse: Reuse | None = None
    shim: Path | None = None
    single: bool | None = None
    """Whether the site is one lab at its root (None: when it has one lab)."""
    made_in: Path | None = None
    plan: SitePlan | None = None
    local_navs: dict[str, Navigation] = field(default_factory=dict)
    """The navigation each page shows, by source URI (absent: the site's whole navigation)."""
    writers: dict[str, Callable[[], str]] = field(default_factory=dict)
    """Source URI of each generated page → what writes its Markdown when MkDocs reads it."""
    page_keys: dict[str, str] = field(default_factory=dict)
    """Source URI of each generated page → its key in the page cache."""
    converted: set[str] = field(default_factory=set)
    """Generated pages whose Markdown MkDocs converted in this build (not from the cache)."""
    output_keys: dict[str, str] = field(default_factory=dict)
    """Source URI of each lab page → the key of its output (what it is made from)."""
    cards: dict[str, share.Card] = field(default_factory=dict)
    languages: dict[str, str] = field(default_factory=dict)
    """The language of each generated page that is known to be its talk's."""
    """What each generated page says of itself when shared, by source URI."""
    search: SearchIndex | None = None


FUTURE = 4_102_444_800
"""2100-01-01: the time of the stamp of pages to make, newer than any page written."""


def stamps(cache_dir: Path) -> tuple[Path, Path]:
    """Return the empty files generated pages are backed by: to make, and taken as they are.

    MkDocs' dirty build makes a page whose source is newer than the page written, and
    leaves the others: a page taken from the previous site is backed by a file of 1970.
    """
    folder = cache_dir / "stamps"
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for name, when in (("make", FUTURE), ("taken", 0)):
        path = folder / name
        if path.is_symlink() or (path.exists() and not path.is_file()):
            path.unlink()  # a cache folder is not trusted: its stamps are only ever files
        if not path.is_file():
            path.write_bytes(b"")
        if path.stat().st_mtime != when:
            os.utime(path, (when, when))
        made.append(path)
    return made[0], made[1]
