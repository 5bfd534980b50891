"""What one build of the plugin is asked to do, and what it holds while it runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.structure.nav import Navigation

from generator.model import Lab
from generator.pagecache import PageCache
from generator.write import share
from generator.write.reuse import Reuse
from generator.write.search import SearchIndex
from generator.write.site import SitePlan


@dataclass(frozen=True)
class BuildRequest:
    """What `generator build` hands the plugin: labs it loaded, the previous site, offline."""

    labs: Sequence[Lab]
    reuse: Reuse | None = None
    """The previous site's pages that may be taken unchanged."""
    offline: bool = False


@dataclass
class BuildState:
    """Everything one build of the plugin works with; made again by every `on_config`."""

    labs: list[Lab]
    lab_dirs: list[Path]
    cache_dir: Path
    offline: bool
    pagefind: bool
    """Whether this build searches with a Pagefind index (online) or the theme's own."""
    page_cache: PageCache
    reuse: Reuse | None = None
    shim: Path | None = None
    plan: SitePlan | None = None
    local_navs: dict[str, Navigation] = field(default_factory=dict)
    """The navigation each page shows, by source URI (absent: the site's whole navigation)."""
    page_keys: dict[str, str] = field(default_factory=dict)
    """Source URI of each generated page → its key in the page cache."""
    converted: set[str] = field(default_factory=set)
    """Generated pages whose Markdown MkDocs converted in this build (not from the cache)."""
    output_keys: dict[str, str] = field(default_factory=dict)
    """Source URI of each lab page → the key of its output (what it is made from)."""
    cards: dict[str, share.Card] = field(default_factory=dict)
    """What each generated page says of itself when shared, by source URI."""
    search: SearchIndex | None = None
