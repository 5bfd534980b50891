"""What the plugin adds to MkDocs' files: the labs' pages, and the site's own files."""

from __future__ import annotations

import hashlib
import logging
from importlib import resources
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.plugin.offline import SHIM_URI
from generator.plugin.state import BuildState, stamps
from generator.write import browser
from generator.write.outdir import MARKER, MARKER_TEXT
from generator.write.site import SitePlan

log = logging.getLogger("mkdocs.plugins.labsite")

SCRIPTS = ("labsite-time.js", "labsite-player.js", "labsite.js", "reader.js")
"""The scripts of every page, in the order they run; the players' modules load when they apply."""
STATIC = ("labsite.css", *SCRIPTS, "search-worker.js")
PLAYERS = ("players", "vendor/vimeo-player", "vendor/peertube", "vendor/hls")
"""The player providers and the host libraries they load, served as they are."""
STATIC_URI = browser.SCRIPTS


def add_lab_pages(files: Files, config: MkDocsConfig, state: BuildState, plan: SitePlan) -> None:
    """Add a generated file for each of the plan's pages, taking unchanged ones from the last site.

    A page that would land where one of the site's own files is raises PluginError naming both.
    """
    site_dir = Path(config.site_dir)
    taken = {f.dest_uri: f for f in files if f.inclusion.is_included()}
    fresh, reused = stamps(state.cache_dir)
    for page in plan.pages:
        file = File.generated(config, page.src_uri, abs_src_path=str(fresh))
        clash = taken.get(file.dest_uri)
        if clash is not None:
            raise PluginError(
                f"{clash.abs_src_path or clash.src_uri} and the labs' page {page.src_uri} "
                f"would both be {file.dest_uri}: rename the site's file, or set the "
                "labsite plugin's `prefix` to put the labs in a folder of their own"
            )
        key = hashlib.sha256(f"{state.page_cache.settings}\0{page.key}".encode()).hexdigest()
        if page.key is not None:
            state.output_keys[page.src_uri] = key
        if state.reuse is not None and page.key is not None:
            # The theme's own search indexes pages as they are made: it needs them all.
            if not state.pagefind:
                state.reuse.record(page.src_uri, key, file.dest_uri)
            elif state.reuse.take(page.src_uri, key, file.dest_uri, site_dir):
                # Older than the page taken: MkDocs' dirty build leaves it as it is.
                file.abs_src_path = str(reused)
        state.writers[page.src_uri] = page.write
        files.append(file)


def add_site_files(files: Files, config: MkDocsConfig, state: BuildState, plan: SitePlan) -> None:
    """Add the plan's files (slides, downloads, feed), the shim, the marker and the static files."""
    site_dir = Path(config.site_dir)
    for out in plan.files:
        if files.get_file_from_path(out.uri) is not None:
            log.info("%s: the site has its own, the generated one is left out", out.uri)
            continue
        if out.source is not None:
            files.append(File.generated(config, out.uri, abs_src_path=str(out.source)))
        else:
            files.append(File.generated(config, out.uri, content=out.content or b""))
    if state.shim is not None:
        files.append(File.generated(config, SHIM_URI, abs_src_path=str(state.shim)))
    # Marks the site as this generator's: `build --out` may replace it later. MkDocs
    # leaves out files whose names start with "." unless told to include them.
    files.append(
        File.generated(config, MARKER, content=MARKER_TEXT, inclusion=InclusionLevel.INCLUDED)
    )
    static = resources.files("generator") / "static"
    served = list(STATIC)
    for folder in PLAYERS:
        if (static / folder).is_dir():
            served += sorted(f"{folder}/{f.name}" for f in (static / folder).iterdir())
    for name in served:
        # A licence written in Markdown is a file to read, not a page of the site.
        uri = STATIC_URI + (name.removesuffix(".md") + ".txt" if name.endswith(".md") else name)
        files.append(File.generated(config, uri, content=(static / name).read_bytes()))
    if state.reuse is not None and state.pagefind:
        # Files copied as they are (theme assets, slides, transcripts) are linked from the
        # old site when MkDocs would not copy them again. Offline builds copy them all:
        # the theme's offline plugin rewrites some of its own files in place.
        for file in files:
            if file.abs_src_path is not None and not file.is_documentation_page():
                state.reuse.take_file(file.dest_uri, Path(file.abs_src_path), site_dir)
