"""Check a lab for its publisher: what loading it finds, then its demo and every snippet.

The loading is the build's own (`load.load_lab`), so `check` says what `build` would; on
top, links that lead out of the lab are errors here (the build only leaves them out), and
the demo is built and tested and the notes' code blocks linted.
"""

from __future__ import annotations

from pathlib import Path

from generator.cache import default_cache_dir
from generator.check import demo
from generator.errors import Diagnostic, InputError
from generator.languages import language_of
from generator.layout import LabFolder
from generator.load import load_lab
from generator.read import labconfig, notes
from generator.read.confine import OUTSIDE, inside, outside_paths
from generator.summary import summarise


def check_lab(lab_dir: Path, *, cache_dir: Path | None = None) -> list[Diagnostic]:
    """Return every problem found in the lab at `lab_dir`, errors first.

    `cache_dir` holds what loading renders (slides, OCR) and Go's caches (in `go/` under it).
    """
    cache_dir = cache_dir or default_cache_dir()
    folder = LabFolder(lab_dir)
    # The site never reads a file through such a link: the publisher has to know.
    found = [Diagnostic(str(p), 0, OUTSIDE, "error") for p in outside_paths(lab_dir)]
    if folder.notes.is_symlink() and not inside(folder.notes, lab_dir):
        return found
    try:
        lab = load_lab(lab_dir, cache_dir)
    except InputError as err:
        found.append(err.problem.as_("error"))
        lab = None
    if lab is not None:
        # A notice for the build's summary (no deck, no captions) is the publisher's warning.
        found += [d.as_("warning") for d in lab.diagnostics if d.message != OUTSIDE]
    found += _demo(folder, cache_dir)
    found += _snippets(folder)
    ordered = sorted(found, key=lambda d: d.severity != "error")
    return summarise(ordered, str, _more)


def _demo(folder: LabFolder, cache_dir: Path) -> list[Diagnostic]:
    """Build, test and lint the demo, when lab.yml names its steps or it has a demo folder."""
    try:
        config = labconfig.read_config(folder.config)
    except InputError:
        return []  # loading reported it
    if not (config.demo_steps or folder.demo.is_dir()):
        return []
    return demo.check_demo(folder.root, cache_dir=cache_dir / "go")


def _snippets(folder: LabFolder) -> list[Diagnostic]:
    """Lint the notes' code blocks as the reader will copy them."""
    try:
        lab_notes = notes.read_notes(folder.notes, lab_id=folder.root.resolve().name)
    except InputError:
        return []  # loading reported it
    # The demo's hadolint settings (e.g. Chainguard's :latest tags) apply to the notes too.
    hadolint_config = folder.demo / ".hadolint.yaml"
    use_config = hadolint_config.is_file() and inside(hadolint_config, folder.root)
    found: list[Diagnostic] = []
    for block in lab_notes.code_blocks:
        found += demo.check_snippet(
            language_of(block.info)[0],
            block.code,
            lab_notes.path,
            block.line,
            hadolint_config=hadolint_config if use_config else None,
        )
    return found


def _more(first: Diagnostic, count: int) -> Diagnostic:
    """Return the diagnostic that stands for `count` more like `first`."""
    return Diagnostic(first.file, 0, f"… and {count:,} more like “{first.message}”", first.severity)
