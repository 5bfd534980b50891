"""The MkDocs plugin: `mkdocs build` and `mkdocs serve` turn lab directories into pages."""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from generator.errors import GeneratorError
from generator.lab import LabSources, load_lab
from generator.site import SitePlan, plan_site

log = logging.getLogger("mkdocs.plugins.labsite")

STATIC = ("labsite.css", "labsite.js")
STATIC_URI = "assets/labsite/"
SHIM_URI = "assets/javascripts/iframe-worker-shim.js"


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
    iframe_worker = opt.Type(str, default=".cache/npm/node_modules/iframe-worker/shim/index.js")
    """The iframe-worker shim (npm) that lets search run from file://; `make setup` installs it."""


class LabSitePlugin(BasePlugin[LabSiteConfig]):
    """Read the configured labs and add their pages, images and files to the site."""

    def __init__(self) -> None:
        self.labs: list[LabSources] = []
        self.plan: SitePlan | None = None
        self.lab_dirs: list[Path] = []
        self.shim: Path | None = None
        self.preloaded: list[LabSources] | None = None
        """Labs already loaded by the caller (`generator build`), used instead of `labs`."""

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
        self.lab_dirs = [(root / lab).resolve() for lab in self.config.labs]
        cache_dir = (root / self.config.cache_dir).resolve()
        try:
            self.labs = self.preloaded or [
                load_lab(lab_dir, cache_dir) for lab_dir in self.lab_dirs
            ]
            self.plan = plan_site(
                self.labs,
                use_directory_urls=config.use_directory_urls,
                catalog_title=self.config.catalog_title,
                offline=offline,
            )
        except GeneratorError as err:
            raise PluginError(str(err)) from None
        for sources in self.labs:
            for warning in sources.lab.warnings:
                log.warning("%s", warning)
            for notice in sources.notices:
                log.info("%s: %s", sources.lab.notes.id, notice)
        if not config.nav:
            config.nav = self.plan.nav
        config.extra_css.append(STATIC_URI + "labsite.css")
        config.extra_javascript.append(STATIC_URI + "labsite.js")
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
        for page in self.plan.pages:
            files.append(File.generated(config, page.src_uri, content=page.markdown))
        for out in self.plan.files:
            if out.source is not None:
                files.append(File.generated(config, out.uri, abs_src_path=str(out.source)))
            else:
                files.append(File.generated(config, out.uri, content=out.content or b""))
        if self.shim is not None:
            files.append(File.generated(config, SHIM_URI, abs_src_path=str(self.shim)))
        static = resources.files("generator") / "static"
        for name in STATIC:
            files.append(
                File.generated(config, STATIC_URI + name, content=(static / name).read_bytes())
            )
        return files

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.config.enabled:
            for lab_dir in self.lab_dirs:
                server.watch(str(lab_dir))
        return server
