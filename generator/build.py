"""Build a complete static site from lab directories with MkDocs, atomically."""

from __future__ import annotations

import calendar
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from generator.errors import GeneratorError, InputError, sigterm_as_interrupt
from generator.load import load_labs
from generator.model import Lab
from generator.plugin import BuildRequest, LabSitePlugin
from generator.write.outdir import check_out, recover, replace_dir, staging
from generator.write.reuse import Reuse, read_previous, write_manifest
from generator.write.search import SearchIndex
from generator.write.site import check_unique

log = logging.getLogger("generator")

DEFAULT_CONFIG = Path(__file__).resolve().parent / "defaults" / "mkdocs.yml"
"""The settings of a site that is the labs alone (theme, plugins, Markdown extensions)."""


@dataclass(frozen=True)
class BuiltSite:
    """What a build made."""

    labs: list[Lab]
    pages: int
    """Pages of the labs (homes, chapters and handouts)."""
    reused: int
    """Lab pages taken unchanged from the site the build replaced."""
    search: SearchIndex | None
    """The Pagefind index, when the site has one (online builds)."""


def build_site(
    labs: Sequence[Path],
    out: Path,
    *,
    config_file: Path | None = None,
    cache_dir: Path,
    offline: bool = False,
    strict: bool = False,
    fresh: bool = False,
    jobs: int | None = None,
) -> BuiltSite:
    """Build the site of `labs` into `out` and say what it made; on failure `out` is left as it was."""
    missing = [lab for lab in labs if not (lab / "notes.md").exists()]
    if missing:
        raise InputError(missing[0] / "notes.md", 0, "not a lab directory: there is no notes.md")
    out = out.resolve()
    check_out(out, [*labs, cache_dir, *([config_file] if config_file else [])])
    with sigterm_as_interrupt():
        recover(out)
        # Load and plan first, so that bad input is reported as itself, before anything is written.
        loaded = load_labs(labs, cache_dir.resolve(), jobs)
        check_unique(loaded)
        # `fresh`: every page is made again, nothing is taken from the previous site.
        reuse = read_previous(out) if out.is_dir() and not fresh else Reuse(None)
        with staging(out) as folder:
            search = _mkdocs_build(
                loaded,
                folder / "site",
                reuse,
                config_file=config_file,
                cache_dir=cache_dir,
                offline=offline,
                strict=strict,
            )
            write_manifest(folder / "site", reuse)
            replace_dir(folder / "site", out)
    return BuiltSite(
        labs=loaded,
        pages=sum(len(lab.notes.chapters) + 2 for lab in loaded),
        reused=reuse.taken,
        search=search,
    )


def _mkdocs_build(
    loaded: Sequence[Lab],
    site_dir: Path,
    reuse: Reuse,
    *,
    config_file: Path | None,
    cache_dir: Path,
    offline: bool,
    strict: bool,
) -> SearchIndex | None:
    """Build the loaded labs' site into `site_dir` with MkDocs; return its search index.

    Without `config_file`, the package's own settings make a site of the labs alone.
    """
    overrides: dict[str, str] = {"site_dir": str(site_dir)}
    if config_file is None:
        config_file = DEFAULT_CONFIG
        docs = site_dir.parent / "docs"
        docs.mkdir(exist_ok=True)
        overrides["docs_dir"] = str(docs)
    errors: list[str] = []
    try:
        config = load_config(str(config_file), strict=strict, **overrides)
        plugin = config.plugins.get("labsite")
        if not isinstance(plugin, LabSitePlugin):
            raise GeneratorError(f"{config_file}: the 'labsite' plugin is not enabled")
        plugin.config.cache_dir = str(cache_dir.resolve())
        plugin.prepare(BuildRequest(labs=loaded, reuse=reuse, offline=offline))
        # "Dirty": MkDocs skips the pages the plugin took from the previous site. Everything
        # else is new in the empty staging folder and is made as in any build.
        with _source_date(loaded), _build_log(errors):
            build(config, dirty=True)
    except (ConfigurationError, PluginError, Abort) as err:
        # MkDocs logs what went wrong in a hook and aborts with words of its own.
        raise GeneratorError(errors[-1] if errors else str(err)) from None
    return plugin.state.search if plugin.state else None


class _BuildLog(logging.Filter):
    """Hold back what MkDocs' build logs that this build reports itself (or need not).

    Errors are kept, to be raised as the build's own error in one line; the warning about
    dirty builds is dropped: this one starts from an empty folder.
    """

    def __init__(self, errors: list[str]) -> None:
        super().__init__()
        self.errors = errors

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            self.errors.append(record.getMessage())
            return False
        return "'dirty' build" not in record.getMessage()


@contextmanager
def _build_log(errors: list[str]) -> Iterator[None]:
    logger = logging.getLogger("mkdocs.commands.build")
    held = _BuildLog(errors)
    logger.addFilter(held)
    try:
        yield
    finally:
        logger.removeFilter(held)


@contextmanager
def _source_date(labs: Sequence[Lab]) -> Iterator[None]:
    """Date the build by its newest lab unless SOURCE_DATE_EPOCH is set."""
    # MkDocs dates the sitemap (sitemap.xml.gz's gzip header; `lastmod` when the site has a
    # URL) with the day of the build: two builds of the same labs on two days would differ.
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(newest_lab_date(labs))
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def newest_lab_date(labs: Sequence[Lab]) -> int:
    """Return the newest date of the labs as a Unix time (0 when none has a date)."""
    dates = [calendar.timegm(lab.notes.date.timetuple()) for lab in labs if lab.notes.date]
    return max(dates, default=0)
