"""Build a complete static site from lab directories with MkDocs, atomically."""

from __future__ import annotations

import calendar
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from generator.errors import GeneratorError
from generator.lab import LabSources, load_lab
from generator.notes import read_notes

log = logging.getLogger("generator")


def build_site(
    labs: Sequence[Path],
    out: Path,
    *,
    config_file: Path,
    cache_dir: Path,
    offline: bool = False,
    strict: bool = False,
) -> list[LabSources]:
    """Build the site of `labs` into `out` and return them; on failure `out` is left as it was."""
    missing = [lab for lab in labs if not (lab / "notes.md").is_file()]
    if missing:
        raise GeneratorError(f"{missing[0]}: not a lab directory (no notes.md in it)")
    # Load first, so that bad input is reported as itself and before anything is written.
    loaded = [load_lab(lab, cache_dir.resolve()) for lab in labs]
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        config = load_config(str(config_file), site_dir=str(staging / "site"), strict=strict)
        plugin = config.plugins.get("labsite")
        if plugin is None:
            raise GeneratorError(f"{config_file}: the 'labsite' plugin is not enabled")
        plugin.config.labs = [str(lab.resolve()) for lab in labs]
        plugin.config.cache_dir = str(cache_dir.resolve())
        plugin.preloaded = loaded
        if offline:
            plugin.config.offline = True
            config.theme["font"] = False
            offline_plugin = config.plugins.get("material/offline")
            if offline_plugin is not None:
                offline_plugin.config.enabled = True
        with _source_date(labs):
            build(config)
        replace_dir(staging / "site", out)
    except (ConfigurationError, PluginError, Abort) as err:
        raise GeneratorError(str(err)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return loaded


@contextmanager
def _source_date(labs: Sequence[Path]) -> Iterator[None]:
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


def newest_lab_date(labs: Sequence[Path]) -> int:
    """Return the newest date of the labs' notes as a Unix time (0 when none has a date)."""
    dates = []
    for lab in labs:
        try:
            notes = read_notes(lab / "notes.md", lab_id=lab.resolve().name)
        except GeneratorError:
            continue  # the build itself reports unusable notes, with their file and line
        if notes.date is not None:
            dates.append(calendar.timegm(notes.date.timetuple()))
    return max(dates, default=0)


def replace_dir(built: Path, out: Path) -> None:
    """Put the finished `built` folder at `out`, replacing what was there in one step."""
    if out.exists() and not out.is_dir():
        raise GeneratorError(f"{out} exists and is not a folder")
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.replace(out, old / out.name)
    os.replace(built, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
