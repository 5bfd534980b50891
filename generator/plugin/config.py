"""The options of the `labsite` plugin, as a site's mkdocs.yml gives them."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as opt

GUEST_PREFIX = "talks/"
"""Where the labs go in a site that has a home page of its own."""


class LabSiteConfig(base.Config):
    """Options of the `labsite` plugin."""

    enabled = opt.Type(bool, default=True)
    labs = opt.ListOfItems(opt.Type(str), default=[])
    """Lab directories, relative to mkdocs.yml."""
    prefix = opt.Optional(opt.Type(str))
    """The site folder the labs go in. Unset: the site's root when the site has no home page
    of its own (docs/index.md), else `talks/`."""
    cache_dir = opt.Type(str, default=".cache")
    """Where rendered slides and other derived files are kept between builds."""
    catalog_title = opt.Optional(opt.Type(str))
    """Title of the labs' catalog (unset: the site's name; under a prefix, "Talks")."""
    offline = opt.Type(bool, default=False)
    """Build for hosting without internet: local video or a thumbnail link, no YouTube frame."""
    search = opt.Choice(("pagefind", "theme"), default="pagefind")
    """`pagefind`: a chunked index, instant at any size; `theme`: Material's own (offline: always)."""
    iframe_worker = opt.Optional(opt.Type(str))
    """The iframe-worker shim (npm) that lets search run from file://; unset: the copy that
    comes with the package (`make setup` puts it there)."""


def folder_of(prefix: str | None, has_home: bool) -> str:
    """Return the site folder of the labs ("" or a path ending in "/")."""
    if prefix is None:
        return GUEST_PREFIX if has_home else ""
    cleaned = "/".join(part for part in prefix.split("/") if part)
    return f"{cleaned}/" if cleaned else ""
