"""The MkDocs plugin: `mkdocs build` and `mkdocs serve` turn lab directories into pages."""

from __future__ import annotations

import hashlib
import logging
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from generator.cache import code_version
from generator.errors import GeneratorError, one_line
from generator.formats import escape
from generator.load import load_lab_cached
from generator.model import Lab
from generator.pagecache import PageCache, settings_key, templates_version
from generator.summary import by_message
from generator.write import share
from generator.write.feeds import FEED_URI
from generator.write.outdir import MARKER, MARKER_TEXT
from generator.write.pages import relative
from generator.write.reuse import Reuse
from generator.write.search import (
    LabPages,
    SearchIndex,
    index_site,
    lab_words,
    plan_shards,
    use_index_worker,
)
from generator.write.site import PageOut, SitePlan, nav_title, plan_site

log = logging.getLogger("mkdocs.plugins.labsite")

STATIC = ("labsite.css", "labsite.js", "reader.js", "search-worker.js")
STATIC_URI = "assets/labsite/"
SHIM_URI = "assets/javascripts/iframe-worker-shim.js"
TEMPLATES = Path(__file__).resolve().parent / "templates"
"""Theme overrides: `main.html` adds each page's card and the feed link to its head."""


class LabSiteConfig(base.Config):
    """Options of the `labsite` plugin."""

    enabled = opt.Type(bool, default=True)
    labs = opt.ListOfItems(opt.Type(str), default=["assets/labs/ll202509"])
    """Lab directories, relative to mkdocs.yml."""
    cache_dir = opt.Type(str, default=".cache")
    """Where rendered slides and other derived files are kept between builds."""
    catalog_title = opt.Type(str, default="Learning Labs")
    offline = opt.Type(bool, default=False)
    """Build for hosting without internet: local video or a thumbnail link, no YouTube frame."""
    search = opt.Choice(("pagefind", "theme"), default="pagefind")
    """`pagefind`: a chunked index, instant at any size; `theme`: Material's own (offline: always)."""
    iframe_worker = opt.Type(str, default=".cache/npm/node_modules/iframe-worker/shim/index.js")
    """The iframe-worker shim (npm) that lets search run from file://; `make setup` installs it."""


class LabSitePlugin(BasePlugin[LabSiteConfig]):
    """Read the configured labs and add their pages, images and files to the site."""

    def __init__(self) -> None:
        self.labs: list[Lab] = []
        self.plan: SitePlan | None = None
        self.lab_dirs: list[Path] = []
        self.shim: Path | None = None
        self.preloaded: list[Lab] | None = None
        """Labs already loaded by the caller (`generator build`), used instead of `labs`."""
        self.local_navs: dict[str, Navigation] = {}
        """The navigation each page shows, by source URI (absent: the site's whole navigation)."""
        self.page_cache: PageCache | None = None
        self.page_keys: dict[str, str] = {}
        """Source URI of each generated page → its key in the page cache."""
        self.converted: set[str] = set()
        """Generated pages whose Markdown MkDocs converted in this build (not from the cache)."""
        self.output_keys: dict[str, str] = {}
        """Source URI of each lab page → the key of its output (what it is made from)."""
        self.reuse: Reuse | None = None
        """Set by `generator build`: the previous site's pages that may be taken unchanged."""
        self.pagefind = False
        """Whether this build searches with a Pagefind index (online) or the theme's own."""
        self.search_index: SearchIndex | None = None
        self.cards: dict[str, share.Card] = {}
        """What each generated page says of itself when shared, by source URI."""

    # Runs late so that other plugins (offline, search) see the final nav and settings.
    @event_priority(-50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        root = Path(config.config_file_path or ".").resolve().parent
        offline_plugin = config.plugins.get("material/offline")
        offline = self.config.offline or bool(offline_plugin and offline_plugin.config.enabled)
        if offline:
            # Files opened from a USB stick: no directory URLs, no web fonts, no CDN.
            config.use_directory_urls = False
            config.theme["font"] = False
            # Instant navigation gives up under file:// without ever signalling a page as
            # ready, so the scripts that wait for it (code copy buttons) would never start.
            features = config.theme.get("features", [])
            config.theme["features"] = [
                f for f in features if not f.startswith("navigation.instant")
            ]
            self.shim = self.local_shim(root)
            # Material's offline plugin adds a CDN copy unless a polyfill already names it.
            config.extra["polyfills"] = [SHIM_URI]
        # From file:// a page cannot fetch the index's chunks: the theme's search works there.
        self.pagefind = self.config.search == "pagefind" and not offline
        self.search_index = None
        self.lab_dirs = [(root / lab).resolve() for lab in self.config.labs]
        cache_dir = (root / self.config.cache_dir).resolve()
        try:
            self.labs = self.preloaded or [
                load_lab_cached(lab_dir, cache_dir) for lab_dir in self.lab_dirs
            ]
            self.plan = plan_site(
                self.labs,
                use_directory_urls=config.use_directory_urls,
                catalog_title=self.config.catalog_title,
                cache_dir=cache_dir,
                offline=offline,
                site_url=config.site_url,
            )
        except GeneratorError as err:
            raise PluginError(str(err)) from None
        except OSError as err:  # a cache_dir that is a file, a folder that cannot be written
            where = f"{err.filename}: " if err.filename else ""
            raise PluginError(one_line(f"{where}{err.strerror or err}")) from None
        for lab in self.labs:
            for warning in lab.warnings:
                log.warning("%s", warning)
        notices = [(lab.notes.id, notice.message) for lab in self.labs for notice in lab.notices]
        for line in by_message(notices):
            log.info("%s", line)
        self.page_cache = PageCache(
            cache_dir / "html",
            settings_key(
                config.config_file_path,
                offline=offline,
                use_directory_urls=config.use_directory_urls,
                site_url=config.site_url,
                features=config.theme.get("features", []),
                catalog_title=self.config.catalog_title,
                search=self.config.search,
                code=code_version(),
                templates=templates_version(config.theme.dirs),
            ),
        )
        self.page_keys = {}
        self.converted = set()
        self.output_keys = {}
        if not config.nav:
            config.nav = self.plan.nav
        # After the site's own overrides (custom_dir), before the theme.
        if str(TEMPLATES) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))
        # The stage of a lab page holds Markdown headings inside its HTML.
        if "md_in_html" not in config.markdown_extensions:
            config.markdown_extensions.append("md_in_html")
        config.extra_css.append(STATIC_URI + "labsite.css")
        config.extra_javascript.append(STATIC_URI + "labsite.js")
        config.extra_javascript.append(STATIC_URI + "reader.js")
        return config

    def local_shim(self, root: Path) -> Path:
        """Return the search worker's file:// shim, served locally; refuse when it is missing.

        Material's offline plugin would otherwise load the shim from a CDN on every page,
        and a site for hosting without internet would reach for another host.
        """
        shim = (root / self.config.iframe_worker).resolve()
        if not shim.is_file():
            raise PluginError(
                f"the offline build needs the iframe-worker shim for search from file://, "
                f"and {shim} is missing: install npm (Debian: apt-get install npm), "
                "then run `make setup`"
            )
        return shim

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.plan is None:
            return None
        site_dir = Path(config.site_dir)
        self.cards = {page.src_uri: page.card for page in self.plan.pages if page.card}
        for page in self.plan.pages:
            lazy = LazyPage(config, page)
            if page.key is not None and self.page_cache is not None:
                key = hashlib.sha256(f"{self.page_cache.settings}\0{page.key}".encode()).hexdigest()
                self.output_keys[page.src_uri] = key
            if self.reuse is not None and page.src_uri in self.output_keys:
                key = self.output_keys[page.src_uri]
                # The theme's own search indexes pages as they are made: it needs them all.
                if self.pagefind:
                    lazy.reused = self.reuse.take(page.src_uri, key, lazy.dest_uri, site_dir)
                else:
                    self.reuse.record(page.src_uri, key, lazy.dest_uri)
            files.append(lazy)
        for out in self.plan.files:
            if files.get_file_from_path(out.uri) is not None:
                log.info("%s: the site has its own, the generated one is left out", out.uri)
                continue
            if out.source is not None:
                files.append(File.generated(config, out.uri, abs_src_path=str(out.source)))
            else:
                files.append(File.generated(config, out.uri, content=out.content or b""))
        if self.shim is not None:
            files.append(File.generated(config, SHIM_URI, abs_src_path=str(self.shim)))
        # Marks the site as this generator's: `build --out` may replace it later. MkDocs
        # leaves out files whose names start with "." unless told to include them.
        files.append(
            File.generated(config, MARKER, content=MARKER_TEXT, inclusion=InclusionLevel.INCLUDED)
        )
        static = resources.files("generator") / "static"
        for name in STATIC:
            files.append(
                File.generated(config, STATIC_URI + name, content=(static / name).read_bytes())
            )
        if self.reuse is not None and self.pagefind:
            # Files copied as they are (theme assets, slides, transcripts) are linked from the
            # old site when MkDocs would not copy them again. Offline builds copy them all:
            # the theme's offline plugin rewrites some of its own files in place.
            for file in files:
                if file.abs_src_path is not None and not file.is_documentation_page():
                    self.reuse.take_file(file.dest_uri, Path(file.abs_src_path), site_dir)
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if not self.config.enabled or self.plan is None:
            return None
        self.local_navs = local_navigations(nav, self.plan.lab_homes, self.plan.handouts)
        return nav

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled or self.page_cache is None or not _generated(page):
            return None
        # A handout repeats its chapters: search results lead to the chapters themselves.
        if self.pagefind or (self.plan and page.file.src_uri in self.plan.handouts):
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        key = self.page_cache.key(page.file.src_uri, markdown)
        self.page_keys[page.file.src_uri] = key
        cached = self.page_cache.get(key)
        if cached is None:
            self.converted.add(page.file.src_uri)
            return markdown
        page.toc = cached.toc
        return ""  # converted before: MkDocs has nothing to do

    # Last, so that what is kept is the HTML after every other plugin changed it.
    @event_priority(-100)
    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        key = self.page_keys.get(page.file.src_uri)
        if not self.config.enabled or self.page_cache is None or key is None:
            return None
        if page.file.src_uri in self.converted:
            self.page_cache.put(key, html, page.toc)
        else:
            cached = self.page_cache.get(key)
            if cached is None:
                raise PluginError(f"the page cache lost {page.file.src_uri} during the build")
            page.toc = cached.toc
        page.markdown = ""
        return ""  # held on disk until the page is written

    def on_template_context(self, context: Any, *, template_name: str, config: MkDocsConfig) -> Any:
        # The 404 page too would otherwise list every chapter of every lab.
        if self.config.enabled and "" in self.local_navs:
            context["nav"] = self.local_navs[""]
        return context

    # First, so that every other plugin sees the page's HTML.
    @event_priority(100)
    def on_page_context(
        self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        if not self.config.enabled:
            return None
        # Pages outside the navigation (a listing's later pages) show the site's own part.
        local = self.local_navs.get(page.file.src_uri) or self.local_navs.get("")
        if local is not None:
            context["nav"] = local
        context["labsite_head"] = self._head(page, config)
        # A lab's page names its lab in the browser's tab and the header, not only itself
        # (a lab's home is "Overview" in its navigation).
        card = self.cards.get(page.file.src_uri)
        if card is not None:
            page.meta["title"] = nav_title(card.title)
        key = self.page_keys.get(page.file.src_uri)
        if key is not None and self.page_cache is not None:
            cached = self.page_cache.get(key)
            if cached is None:
                raise PluginError(f"the page cache lost {page.file.src_uri} during the build")
            page.content = cached.html
        return context

    def _head(self, page: Page, config: MkDocsConfig) -> str:
        """Return the page's card and the feed link, for the theme's head."""
        card = self.cards.get(page.file.src_uri) or share.Card(
            page.title or config.site_name, config.site_description or "", None
        )
        site_name = self.config.catalog_title or config.site_name
        feed = relative(page.url, FEED_URI) if not config.site_url else config.site_url + FEED_URI
        alternate = (
            f'<link rel="alternate" type="application/atom+xml" '
            f'title="{escape(site_name)}" href="{escape(feed)}">'
        )
        tags = share.head(card, page_url=page.url, site_url=config.site_url, site_name=site_name)
        return f"{alternate}\n{tags}"

    # Last: the page is written, its HTML need not stay in memory.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        if page.file.src_uri in self.page_keys:
            page.content = ""
        return use_index_worker(output) if self.pagefind else None

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        if self.config.enabled and self.pagefind:
            return use_index_worker(output_content)
        return None

    # Last: the index is made from the pages as written, after every other plugin.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        if self.page_cache is not None:
            self.page_cache.prune()
        if self.pagefind and self.plan is not None:
            site_dir = Path(config.site_dir)
            labs = [
                LabPages(folder, _words(lab), tuple(self.output_keys.get(u) for u in uris))
                for lab, folder, uris in self.plan.lab_folders
            ]
            shards = plan_shards(site_dir, labs)
            previous, known = None, {}
            if self.reuse is not None:
                previous, known = self.reuse.previous, dict(self.reuse.old_shards)
                self.reuse.new_shards = {s.name: s.key for s in shards if s.key is not None}
            try:
                self.search_index = index_site(site_dir, shards, previous, known)
            except GeneratorError as err:
                raise PluginError(str(err)) from None
            log.info(
                "search index: %d pages in %d shards (%d unchanged), %d KiB",
                self.search_index.pages,
                self.search_index.shards,
                self.search_index.reused,
                self.search_index.bytes // 1024,
            )

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.config.enabled:
            for lab_dir in self.lab_dirs:
                server.watch(str(lab_dir))
        return server


def local_navigations(
    nav: Navigation, lab_homes: frozenset[str], apart: frozenset[str] = frozenset()
) -> dict[str, Navigation]:
    """Give every page of a catalog the navigation of its own lab only.

    A page that listed every chapter of every lab would grow with the catalog, and so would
    the whole site with the square of its size. A lab's pages show the site's top-level pages
    and their lab's section; the other pages show the top-level pages and the sections that are
    not labs (tags), and so do the theme's own pages (404) under the key "". Previous/next
    links stay within a lab and skip the pages `apart`.
    """
    if not lab_homes:
        _link_in_order(nav.pages, apart)
        return {}
    top = [item for item in nav.items if not item.is_section]
    sections = [item for item in nav.items if item.is_section]
    labs = [s for s in sections if any(p.file.src_uri in lab_homes for p in _pages(s))]
    others = [s for s in sections if s not in labs]
    navs: dict[str, Navigation] = {}
    for section in labs:
        members = _pages(section)
        local = Navigation([*top, section], [*_top_pages(top), *members])
        _link_in_order(members, apart)
        for page in members:
            navs[page.file.src_uri] = local
    shared = Navigation(
        [*top, *others], [*_top_pages(top), *(p for s in others for p in _pages(s))]
    )
    _link_in_order(shared.pages)
    for page in shared.pages:
        navs[page.file.src_uri] = shared
    navs[""] = shared
    return navs


def _pages(section: Section) -> list[Page]:
    found: list[Page] = []
    for child in section.children:
        if isinstance(child, Section):
            found += _pages(child)
        elif isinstance(child, Page):
            found.append(child)
    return found


def _top_pages(items: list[Any]) -> list[Page]:
    return [item for item in items if isinstance(item, Page)]


def _link_in_order(members: list[Page], apart: frozenset[str] = frozenset()) -> None:
    """Set previous/next page links (the theme's footer) within one lab, around pages `apart`."""
    chain = [page for page in members if page.file.src_uri not in apart]
    for number, page in enumerate(chain):
        page.previous_page = chain[number - 1] if number else None
        page.next_page = chain[number + 1] if number + 1 < len(chain) else None
    for page in members:
        if page.file.src_uri in apart:
            page.previous_page = page.next_page = None


class LazyPage(File):
    """A generated page whose Markdown is written only when MkDocs reads it."""

    def __init__(self, config: MkDocsConfig, page: PageOut) -> None:
        super().__init__(
            page.src_uri,
            src_dir=None,
            dest_dir=config.site_dir,
            use_directory_urls=config.use_directory_urls,
        )
        self.generated_by = "labsite"
        self._write = page.write
        self.reused = False
        """True when the page was taken from the previous site: MkDocs need not make it."""

    @property
    def content_string(self) -> str:
        return self._write()

    @content_string.setter
    def content_string(self, value: str) -> None:
        self._write = lambda: value

    @property
    def content_bytes(self) -> bytes:
        return self._write().encode("utf-8")

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self._write = lambda: value.decode("utf-8")

    def is_modified(self) -> bool:
        return not self.reused


def _words(lab: Lab) -> int:
    """Count about as many words as a lab's pages hold (transcript, slides, titles, intro)."""
    texts = [p.text for p in lab.paragraphs] + [lab.notes.intro]
    texts += [c.title for c in lab.notes.chapters]
    texts += [f"{p.slide.title} {p.slide.text}" for p in lab.placed]
    return lab_words(texts)


def _generated(page: Page) -> bool:
    return isinstance(page.file, LazyPage)
