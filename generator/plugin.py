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


class LabSitePlugin(BasePlugin[LabSiteConfig]):
    """Read the configured labs and add their pages, images and files to the site."""

    def __init__(self) -> None:
        self.labs: list[LabSources] = []
        self.plan: SitePlan | None = None
        self.lab_dirs: list[Path] = []

    # Runs late so that other plugins (offline, search) see the final nav and settings.
    @event_priority(-50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        root = Path(config.config_file_path or ".").resolve().parent
        self.lab_dirs = [(root / lab).resolve() for lab in self.config.labs]
        cache_dir = (root / self.config.cache_dir).resolve()
        try:
            self.labs = [load_lab(lab_dir, cache_dir) for lab_dir in self.lab_dirs]
            self.plan = plan_site(
                self.labs,
                use_directory_urls=config.use_directory_urls,
                catalog_title=self.config.catalog_title,
                offline=self.config.offline,
            )
        except GeneratorError as err:
            raise PluginError(str(err)) from None
        for sources in self.labs:
            for warning in sources.lab.warnings:
                log.warning("%s", warning)
        if not config.nav:
            config.nav = self.plan.nav
        config.extra_css.append(STATIC_URI + "labsite.css")
        config.extra_javascript.append(STATIC_URI + "labsite.js")
        return config

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
