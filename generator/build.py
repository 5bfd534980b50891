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

from generator.errors import GeneratorError, InputError
from generator.lab import LabSources, load_lab
from generator.site import check_unique

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
        raise InputError(missing[0] / "notes.md", 0, "not a lab directory: there is no notes.md")
    out = out.resolve()
    _check_out(out, [*labs, cache_dir, config_file])
    # Load and plan first, so that bad input is reported as itself, before anything is written.
    loaded = [load_lab(lab, cache_dir.resolve()) for lab in labs]
    check_unique(loaded)
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
            # Refused before anything is built: without it, pages would load it from a CDN.
            plugin.local_shim(Path(config.config_file_path).resolve().parent)
        with _source_date(loaded):
            build(config)
        replace_dir(staging / "site", out)
    except (ConfigurationError, PluginError, Abort) as err:
        raise GeneratorError(str(err)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return loaded


@contextmanager
def _source_date(labs: Sequence[LabSources]) -> Iterator[None]:
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


def newest_lab_date(labs: Sequence[LabSources]) -> int:
    """Return the newest date of the labs as a Unix time (0 when none has a date)."""
    dates = [calendar.timegm(s.lab.notes.date.timetuple()) for s in labs if s.lab.notes.date]
    return max(dates, default=0)


# Files that every MkDocs site has: a folder without them is not a site to replace.
_SITE_MARKERS = ("index.html", "404.html", "sitemap.xml")


def _check_out(out: Path, inputs: Sequence[Path]) -> None:
    """Refuse an output folder whose replacement would destroy inputs or other files."""
    for path in inputs:
        path = path.resolve()
        if path == out or path.is_relative_to(out):
            raise GeneratorError(f"--out {out} would replace {path}: choose a folder of its own")
    if out.exists() and not out.is_dir():
        raise GeneratorError(f"--out {out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not any((out / m).exists() for m in _SITE_MARKERS):
        raise GeneratorError(
            f"--out {out} is a folder with other files in it, not an earlier site: "
            "choose an empty or new folder"
        )


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
