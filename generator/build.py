"""Build a complete static site from lab directories with MkDocs, atomically."""

from __future__ import annotations

import calendar
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from generator.errors import GeneratorError, InputError, sigterm_as_interrupt
from generator.load import load_labs
from generator.model import Lab
from generator.plugin import BuildRequest, LabSitePlugin
from generator.read.notes import read_notes
from generator.shards import (
    Part,
    PartLab,
    Shard,
    build_settings,
    check_parts,
    join_parts,
    read_part,
    write_part,
)
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
    """Each lab's outline (`model.outline_of`): its notes, files and what loading found."""
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
    shard: Shard | None = None,
) -> BuiltSite:
    """Build the site of `labs` into `out` and say what it made; on failure `out` is left as it was.

    With `shard`, only the labs that fall in it are built, into a part of the site that
    `merge_parts` joins with the other shards' parts.
    """
    missing = [lab for lab in labs if not (lab / "notes.md").exists()]
    if missing:
        raise InputError(missing[0] / "notes.md", 0, "not a lab directory: there is no notes.md")
    out = out.resolve()
    check_out(out, [*labs, cache_dir, *([config_file] if config_file else [])])
    request = BuildRequest(labs=(), offline=offline, jobs=jobs)
    chosen = list(labs)
    if shard is not None:
        # The part is named and laid out as the whole site: its pages are the site's own.
        site_notes = [read_notes(lab / "notes.md", lab_id=lab.resolve().name) for lab in labs]
        request = replace(request, site_notes=site_notes)
        chosen = [lab for lab in labs if shard.holds(lab.resolve())]
    with sigterm_as_interrupt():
        recover(out)
        # Load and plan first, so that bad input is reported as itself, before anything is written.
        loaded = load_labs(chosen, cache_dir.resolve(), jobs)
        check_unique([held.outline for held in loaded])
        # `fresh`: every page is made again, nothing is taken from the previous site.
        reuse = read_previous(out) if out.is_dir() and not fresh else Reuse(None)
        with staging(out) as folder:
            site = folder / "site"
            made = Made(None, ())
            if loaded or shard is None:
                request = replace(request, labs=loaded, reuse=reuse)
                made = mkdocs_build(request, site, config_file, cache_dir, strict=strict)
                write_manifest(site, reuse)
            if shard is not None:
                site.mkdir(exist_ok=True)
                part = Part(
                    shard=shard,
                    catalog=tuple(lab.resolve().name for lab in labs),
                    settings=build_settings(config_file or DEFAULT_CONFIG, offline=offline),
                    offline=offline,
                    labs=made.folders,
                )
                write_part(site, part)
            replace_dir(site, out)
    return BuiltSite(
        labs=[held.outline for held in loaded],
        pages=sum(len(held.outline.notes.chapters) + 2 for held in loaded),
        reused=reuse.taken,
        search=made.search,
    )


def merge_parts(
    parts: Sequence[Path],
    out: Path,
    *,
    config_file: Path | None = None,
    cache_dir: Path,
    strict: bool = False,
) -> BuiltSite:
    """Join the parts that `build --shard` made into the site of all their labs, in `out`.

    The site equals the one a single build of the labs makes. Every shard's part must be
    there, of the same labs and settings; on failure `out` is left as it was.
    """
    if not parts:
        raise GeneratorError("merge needs the folders of the parts to join")
    read = [(folder.resolve(), read_part(folder)) for folder in parts]
    offline = read[0][1].offline
    settings = build_settings(config_file or DEFAULT_CONFIG, offline=offline)
    held = check_parts(read, settings)
    labs = [one.lab for one in held]
    check_unique([lab.outline for lab in labs])
    out = out.resolve()
    check_out(out, [*parts, cache_dir, *([config_file] if config_file else [])])
    with sigterm_as_interrupt():
        recover(out)
        with staging(out) as folder:
            joined = folder / "parts"
            join_parts(read, joined)
            # The parts' pages are taken as they are: keys differ from machine to machine.
            reuse = replace(read_previous(joined), any_key=True)
            request = BuildRequest(labs=labs, reuse=reuse, offline=offline, made_in=joined)
            made = mkdocs_build(request, folder / "site", config_file, cache_dir, strict=strict)
            write_manifest(folder / "site", reuse)
            replace_dir(folder / "site", out)
    return BuiltSite(
        labs=[lab.outline for lab in labs],
        pages=sum(len(lab.outline.notes.chapters) + 2 for lab in labs),
        reused=reuse.taken,
        search=made.search,
    )


@dataclass(frozen=True)
class Made:
    """What the MkDocs build made: the search index (if any) and where each lab went."""

    search: SearchIndex | None
    folders: tuple[PartLab, ...]


def mkdocs_build(
    request: BuildRequest,
    site_dir: Path,
    config_file: Path | None,
    cache_dir: Path,
    *,
    strict: bool,
) -> Made:
    """Build the site of the request's loaded labs into `site_dir` with MkDocs.

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
        plugin.prepare(request)
        # "Dirty": MkDocs skips the pages the plugin took from the previous site. Everything
        # else is new in the empty staging folder and is made as in any build.
        with _source_date([held.outline for held in request.labs]), _build_log(errors):
            build(config, dirty=True)
    except (ConfigurationError, PluginError, Abort) as err:
        # MkDocs logs what went wrong in a hook and aborts with words of its own.
        raise GeneratorError(errors[-1] if errors else str(err)) from None
    state = plugin.state
    if state is None or state.plan is None:
        return Made(None, ())
    # A part's labs are their outlines: the merge takes their pages from the part.
    folders = tuple(
        PartLab(folder, replace(held, entry="", whole=None))
        for held, folder, _ in state.plan.lab_folders
    )
    return Made(state.search, folders)


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
