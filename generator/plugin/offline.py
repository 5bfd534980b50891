"""How an offline build sets the site up, and how a rebuild keeps the previous site intact.

An offline build is for hosting without internet (opened from file://, a USB stick): no
directory URLs, no web fonts, no CDN, search through Material's offline plugin and the
iframe-worker shim served from the site itself.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

SHIM_URI = "assets/javascripts/iframe-worker-shim.js"
SHIM = Path(__file__).resolve().parent.parent / "static" / "vendor" / "iframe-worker" / "shim.js"
"""The iframe-worker shim that `make setup` installs with npm into the package."""


def offline_site(config: MkDocsConfig, *, wanted: bool) -> bool:
    """Decide whether this build is for hosting without internet, and set the site up so.

    The one place that decides: `wanted` (the plugin's `offline`, `generator build
    --offline`), or Material's offline plugin switched on in mkdocs.yml.
    """
    offline_plugin = config.plugins.get("material/offline")
    enabled = bool(offline_plugin and offline_plugin.config.enabled)
    if not (wanted or enabled):
        return False
    if offline_plugin is None:
        raise PluginError(
            "an offline build needs Material's offline plugin for search from file://: "
            "add `- offline` under `plugins:` in mkdocs.yml"
        )
    # Its settings were read before this one's: it now writes the offline search index.
    offline_plugin.config.enabled = True
    # Files opened from a USB stick: no directory URLs, no web fonts, no CDN.
    config.use_directory_urls = False
    config.theme["font"] = False
    # Instant navigation gives up under file:// without ever signalling a page as ready,
    # so the scripts that wait for it (code copy buttons) would never start.
    features = config.theme.get("features", [])
    config.theme["features"] = [f for f in features if not f.startswith("navigation.instant")]
    # Material's offline plugin adds a CDN copy unless a polyfill already names it.
    polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in p]
    config.extra["polyfills"] = [*polyfills, SHIM_URI]
    return True


def local_shim(chosen: str | None, root: Path) -> Path:
    """Return the search worker's file:// shim (`chosen`, relative to the site's `root`, else
    the package's), served locally; refuse when it is missing.

    Material's offline plugin would otherwise load the shim from a CDN on every page,
    and a site for hosting without internet would reach for another host.
    """
    shim = (root / chosen).resolve() if chosen else SHIM
    if not shim.is_file():
        raise PluginError(
            f"the offline build needs the iframe-worker shim for search from file://, "
            f"and {shim} is missing: install npm (Debian: apt-get install npm), "
            "then run `make setup`"
        )
    return shim


def unshare(path: Path) -> None:
    """Remove a file MkDocs is about to write if it is a link into the previous site.

    Pages taken from the previous site are hard links: writing through one would change the
    previous site too, which must stay as it was until the new one replaces it.
    """
    try:
        if path.stat().st_nlink > 1:
            os.unlink(path)
    except FileNotFoundError:
        pass
