"""The MkDocs plugin: `mkdocs build` and `mkdocs serve` turn lab directories into pages.

Hooks delegate: loading is `generator.load`, the site's layout `write.site`, navigation
`plugin.nav`, the files added `plugin.files`, search `write.search`. One `BuildState` holds
what a build works with.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.cache import code_version
from generator.errors import GeneratorError, one_line
from generator.load import hold_lab_cached
from generator.pagecache import KEEP_DAYS, PageCache, settings_key, templates_version
from generator.plugin.config import LabSiteConfig, folder_of
from generator.plugin.files import SCRIPTS, STATIC_URI, add_lab_pages, add_site_files
from generator.plugin.nav import local_navigations, site_nav
from generator.plugin.offline import local_shim, offline_site, unshare
from generator.plugin.state import BuildRequest, BuildState
from generator.summary import by_message
from generator.write import share
from generator.write.compress import compress_site, prune_store
from generator.write.labplan import nav_title
from generator.write.lightbox import defer_lightbox
from generator.write.markup import DEFAULT, Templates
from generator.write.pages import relative
from generator.write.search import LabPages, index_site, plan_shards, use_index_worker
from generator.write.site import plan_site, series_title

log = logging.getLogger("mkdocs.plugins.labsite")

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATES = PACKAGE / "templates"
"""Theme overrides: `main.html` adds each page's card and the feed link to its head."""
DEFAULTS = PACKAGE / "defaults" / "mkdocs.yml"
"""The package's own settings: a site of the labs alone, named after them."""
GUEST_TITLE = "Talks"
_HTML_LANG = re.compile(r'(<html\b[^>]*?\slang=)"[^"]*"')
"""The page's language in its `<html>` tag, which search indexes it by."""


class LabSitePlugin(BasePlugin[LabSiteConfig]):
    """Read the configured labs and add their pages, images and files to the site."""

    def __init__(self) -> None:
        self.request: BuildRequest | None = None
        self.state: BuildState | None = None
        self.templates = DEFAULT
        """The pages' templates: the site theme's `labsite/` overrides, then the package's."""
        self.serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs serve` rebuilds on every edit and serves from memory: nothing to precompress.
        self.serving = command == "serve"

    def prepare(self, request: BuildRequest) -> None:
        """Build these labs (already loaded), taking what it can from the previous site."""
        self.request = request

    # Runs late so that other plugins (offline, search) see the final nav and settings.
    @event_priority(-50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.state = None
        if not self.config.enabled:
            return None
        root = Path(config.config_file_path or ".").resolve().parent
        request = self.request or BuildRequest(())
        offline = offline_site(config, wanted=self.config.offline or request.offline)
        cache_dir = (root / self.config.cache_dir).resolve()
        lab_dirs = [(root / lab).resolve() for lab in self.config.labs]
        try:
            labs = list(request.labs) or [hold_lab_cached(d, cache_dir) for d in lab_dirs]
        except GeneratorError as err:
            raise PluginError(str(err)) from None
        except OSError as err:  # a cache_dir that is a file, a folder that cannot be written
            where = f"{err.filename}: " if err.filename else ""
            raise PluginError(one_line(f"{where}{err.strerror or err}")) from None
        outlines = [held.outline for held in labs]
        if request.labs:
            lab_dirs = [Path(lab.directory) for lab in outlines]
        # The package's settings name no site: its header says the labs' series, or the talk.
        if config.config_file_path and Path(config.config_file_path).resolve() == DEFAULTS:
            site_notes = request.site_notes or [lab.notes for lab in outlines]
            config.site_name = nav_title(series_title(site_notes) or GUEST_TITLE)
        for lab in outlines:
            for warning in lab.warnings:
                log.warning("%s", warning)
        notices = [(lab.notes.id, notice.message) for lab in outlines for notice in lab.notices]
        for line in by_message(notices):
            log.info("%s", line)
        page_cache = PageCache(
            cache_dir / "html",
            settings_key(
                config.config_file_path,
                offline=offline,
                use_directory_urls=config.use_directory_urls,
                site_url=config.site_url,
                features=config.theme.get("features", []),
                catalog_title=self.config.catalog_title or config.site_name,
                search=self.config.search,
                code=code_version(),
                templates=templates_version(config.theme.dirs),
            ),
        )
        # From file:// a page cannot fetch the index's chunks: the theme's search works there.
        self.state = BuildState(
            labs=labs,
            lab_dirs=lab_dirs,
            cache_dir=cache_dir,
            offline=offline,
            pagefind=self.config.search == "pagefind" and not offline,
            page_cache=page_cache,
            reuse=request.reuse,
            shim=local_shim(self.config.iframe_worker, root) if offline else None,
            single=len(request.site_notes) == 1 if request.site_notes else None,
            made_in=request.made_in,
        )
        # After the site's own overrides (custom_dir), before the theme.
        if str(TEMPLATES) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))
        # The stage of a lab page holds Markdown headings inside its HTML.
        if "md_in_html" not in config.markdown_extensions:
            config.markdown_extensions.append("md_in_html")
        config.extra_css.append(STATIC_URI + "labsite.css")
        config.extra_javascript.extend(STATIC_URI + name for name in SCRIPTS)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        state = self.state
        if state is None:
            return None
        own_pages = [f for f in files.documentation_pages(inclusion=InclusionLevel.is_in_nav)]
        has_home = any(f.dest_uri == "index.html" for f in files.documentation_pages())
        folder = folder_of(self.config.prefix, has_home)
        title = self.config.catalog_title or (GUEST_TITLE if folder else config.site_name)
        self.templates = Templates(config.theme.dirs)
        try:
            plan = plan_site(
                state.labs,
                use_directory_urls=config.use_directory_urls,
                catalog_title=title,
                cache_dir=state.cache_dir,
                offline=state.offline,
                site_url=config.site_url,
                root=folder,
                templates=self.templates,
                single=state.single,
                made_in=state.made_in,
            )
        except GeneratorError as err:
            raise PluginError(str(err)) from None
        state.plan = plan
        config.nav = site_nav(config.nav, [f.src_uri for f in own_pages], plan.nav)
        state.cards = {page.src_uri: page.card for page in plan.pages if page.card}
        state.languages = {page.src_uri: page.lang for page in plan.pages if page.lang}
        add_lab_pages(files, config, state, plan)
        add_site_files(files, config, state, plan)
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        state = self.state
        if state is None or state.plan is None:
            return None
        state.local_navs = local_navigations(nav, state.plan.lab_homes, state.plan.handouts)
        return nav

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page | None:
        # A generated page's Markdown is written when MkDocs reads it, not held all build.
        writer = self.state.writers.get(page.file.src_uri) if self.state else None
        if writer is not None:
            try:
                page.file.content_string = writer()
            except GeneratorError as err:  # a theme's template that does not work
                raise PluginError(str(err)) from None
        return page

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        state = self.state
        if state is None or page.file.src_uri not in state.writers:
            return None
        page.file.content_string = ""  # read: MkDocs holds the Markdown in the page now
        # A handout repeats its chapters: search results lead to the chapters themselves.
        if state.pagefind or (state.plan and page.file.src_uri in state.plan.handouts):
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        key = state.page_cache.key(page.file.src_uri, markdown)
        state.page_keys[page.file.src_uri] = key
        cached = state.page_cache.get(key)
        if cached is None:
            state.converted.add(page.file.src_uri)
            return markdown
        page.toc = cached.toc
        return ""  # converted before: MkDocs has nothing to do

    # Last, so that what is kept is the HTML after every other plugin changed it.
    @event_priority(-100)
    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        state = self.state
        key = state.page_keys.get(page.file.src_uri) if state else None
        if state is None or key is None:
            return None
        if page.file.src_uri in state.converted:
            state.page_cache.put(key, html, page.toc)
        else:
            page.toc = self._cached(key, page).toc
        page.markdown = ""
        return ""  # held on disk until the page is written

    def _cached(self, key: str, page: Page) -> Any:
        assert self.state is not None
        cached = self.state.page_cache.get(key)
        if cached is None:
            raise PluginError(f"the page cache lost {page.file.src_uri} during the build")
        return cached

    def on_template_context(self, context: Any, *, template_name: str, config: MkDocsConfig) -> Any:
        # The 404 page too would otherwise list every chapter of every lab.
        if self.state is not None and "" in self.state.local_navs:
            context["nav"] = self.state.local_navs[""]
        return context

    # First, so that every other plugin sees the page's HTML.
    @event_priority(100)
    def on_page_context(
        self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        state = self.state
        if state is None:
            return None
        # Pages outside the navigation (a listing's later pages) show the site's own part.
        local = state.local_navs.get(page.file.src_uri) or state.local_navs.get("")
        if local is not None:
            context["nav"] = local
        context["labsite_head"] = self._head(page, config)
        # A lab's page names its lab in the browser's tab and the header, not only itself
        # (a lab's home is "Overview" in its navigation).
        card = state.cards.get(page.file.src_uri)
        if card is not None:
            page.meta["title"] = nav_title(card.title)
        key = state.page_keys.get(page.file.src_uri)
        if key is not None:
            page.content = self._cached(key, page).html
        return context

    def _head(self, page: Page, config: MkDocsConfig) -> str:
        """Return the page's card and the feed link, for the theme's head."""
        assert self.state is not None and self.state.plan is not None
        card = self.state.cards.get(page.file.src_uri) or share.Card(
            page.title or config.site_name, config.site_description or "", None
        )
        site_name = self.config.catalog_title or config.site_name
        feed_uri = self.state.plan.feed
        feed = relative(page.url, feed_uri) if not config.site_url else config.site_url + feed_uri
        return share.head(
            card,
            page_url=page.url,
            site_url=config.site_url,
            site_name=site_name,
            feed=feed,
            templates=self.templates,
        )

    # Last: the page is written, its HTML need not stay in memory.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        state = self.state
        if state is None:
            return None
        if page.file.src_uri in state.page_keys:
            page.content = ""
        unshare(Path(page.file.abs_dest_path))
        output = defer_lightbox(output)
        lang = state.languages.get(page.file.src_uri)
        if lang is not None:
            output = _HTML_LANG.sub(lambda m: f'{m.group(1)}"{lang}"', output, count=1)
        return use_index_worker(output, page.file.src_uri) if state.pagefind else output

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        if self.state is not None and self.state.pagefind and template_name.endswith(".html"):
            return use_index_worker(output_content, template_name)
        return None

    # Last: the index is made from the pages as written, after every other plugin.
    @event_priority(-100)
    def _index(self, *, config: MkDocsConfig) -> None:
        state = self.state
        if state is None:
            return
        state.page_cache.prune()
        if state.pagefind and state.plan is not None:
            site_dir = Path(config.site_dir)
            labs = [
                LabPages(folder, held.words, tuple(state.output_keys.get(u) for u in uris))
                for held, folder, uris in state.plan.lab_folders
            ]
            shards = plan_shards(site_dir, labs)
            previous, known = None, {}
            if state.reuse is not None:
                previous, known = state.reuse.previous, dict(state.reuse.old_shards)
                state.reuse.new_shards = {s.name: s.key for s in shards if s.key is not None}
            try:
                state.search = index_site(site_dir, shards, previous, known)
            except GeneratorError as err:
                raise PluginError(str(err)) from None
            log.info(
                "search index: %d pages in %d shards (%d unchanged), %d KiB",
                state.search.pages,
                state.search.shards,
                state.search.reused,
                state.search.bytes // 1024,
            )

    # After everything (the index, the theme's offline files): what the host will serve.
    @event_priority(-200)
    def _compress(self, *, config: MkDocsConfig) -> None:
        state = self.state
        if state is None or self.serving:
            return
        previous = state.reuse.previous if state.reuse is not None else None
        jobs = (self.request.jobs if self.request else None) or os.cpu_count() or 1
        store = state.cache_dir / "compressed"
        done = compress_site(Path(config.site_dir), previous, workers=jobs, store=store)
        prune_store(store, KEEP_DAYS)
        log.info(
            "precompressed %d files (%d unchanged): %d KiB, gzip %d KiB, brotli %d KiB",
            done.files,
            done.taken,
            done.bytes_in // 1024,
            done.gzip_bytes // 1024,
            done.brotli_bytes // 1024,
        )

    on_post_build = CombinedEvent(_index, _compress)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.state is not None:
            for lab_dir in self.state.lab_dirs:
                server.watch(str(lab_dir))
        return server
