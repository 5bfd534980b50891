"""Check a lab for its publisher: notes, settings, deck, captions and every snippet."""

from __future__ import annotations

from pathlib import Path

from generator.check import demo
from generator.check.demo import Finding
from generator.errors import DeckError, InputError, Problem
from generator.lab import CONFIG_FILE, DECK_FILE, NOTES_FILE, VIDEO_DIR, demo_zip
from generator.languages import language_of
from generator.read import captions, deck, labconfig, notes, video
from generator.read.confine import OUTSIDE, inside, outside_paths
from generator.summary import summarise


def check_lab(lab_dir: Path, *, cache_dir: Path | None = None) -> list[Finding]:
    """Return every problem found in the lab at `lab_dir`, errors first.

    `cache_dir` holds Go's build cache (in `go/` under it) for the demo's build and tests.
    """
    # The site never reads a file through such a link: the publisher has to know.
    findings = [Finding(Problem(str(p), 0, OUTSIDE), "error") for p in outside_paths(lab_dir)]
    outside = {
        p
        for p in (lab_dir / NOTES_FILE, lab_dir / CONFIG_FILE, lab_dir / DECK_FILE)
        if p.is_symlink() and not inside(p, lab_dir)
    }
    if lab_dir / NOTES_FILE in outside:
        return findings
    try:
        lab_notes = notes.read_notes(lab_dir / NOTES_FILE, lab_id=lab_dir.resolve().name)
    except InputError as err:
        return [*findings, Finding(err.problem, "error")]
    findings += [Finding(w, "warning") for w in lab_notes.warnings]

    config: labconfig.LabConfig | None = None
    try:
        config_path = lab_dir / CONFIG_FILE
        config = (
            labconfig.LabConfig(path=str(config_path))
            if config_path in outside
            else labconfig.read_config(config_path)
        )
        labconfig.demo_snippets(config, lab_dir, lab_notes.chapters)
        demo_zip(lab_dir.resolve(), config)
    except InputError as err:
        findings.append(Finding(err.problem, "error"))
    else:
        if config.demo_steps or (lab_dir / "demo").is_dir():
            go_cache = cache_dir / "go" if cache_dir is not None else None
            findings += demo.check_demo(lab_dir, cache_dir=go_cache)

    # The demo's hadolint settings (e.g. Chainguard's :latest tags) apply to the notes too.
    hadolint_config = lab_dir / "demo" / ".hadolint.yaml"
    use_config = hadolint_config.is_file() and inside(hadolint_config, lab_dir)
    for block in lab_notes.code_blocks:
        findings += demo.check_snippet(
            language_of(block.info)[0],
            block.code,
            lab_notes.path,
            block.line,
            hadolint_config=hadolint_config if use_config else None,
        )

    deck_path = lab_dir / DECK_FILE
    if deck_path in outside:
        pass  # already reported
    elif deck_path.exists() and not deck_path.is_file():
        findings.append(Finding(Problem(str(deck_path), 0, "not a regular file"), "error"))
    elif deck_path.exists():
        try:
            slides = len(deck.read_deck(deck_path).slides)
        except DeckError as err:
            findings.append(Finding(err.problem, "warning"))
        else:
            try:
                if config is not None:
                    labconfig.resolve_pins(config, lab_notes.chapters, slides)
            except InputError as err:
                findings.append(Finding(err.problem, "error"))
    else:
        findings.append(
            Finding(
                Problem(str(deck_path), 0, "no slide deck: the site will have no slides"), "warning"
            )
        )

    if lab_notes.video_id:
        try:
            info = video.read_video_dir(lab_dir / VIDEO_DIR, lab_notes.video_id)
        except InputError as err:
            findings.append(Finding(err.problem, "warning"))
            info = None
        if info is None or info.captions is None:
            message = "no captions fetched: run `python -m generator fetch` for a transcript"
            findings.append(Finding(Problem(str(lab_dir / VIDEO_DIR), 0, message), "warning"))
        else:
            try:
                loaded = captions.load_captions(info.captions)
            except InputError as err:
                findings.append(Finding(err.problem, "warning"))
            else:
                findings += [Finding(problem, "warning") for problem in loaded.problems]
                if not loaded.cues:
                    message = "the captions have no words: the site will have no transcript"
                    findings.append(Finding(Problem(str(info.captions), 0, message), "warning"))
            for warning in video.compare_chapters(lab_notes.chapters, info.chapters):
                findings.append(Finding(Problem(str(lab_dir / VIDEO_DIR), 0, warning), "warning"))
    ordered = sorted(findings, key=lambda f: f.severity != "error")
    return summarise(ordered, str, _more)


def _more(finding: Finding, count: int) -> Finding:
    """Return the finding that stands for `count` more like `finding`."""
    problem = finding.problem
    message = f"… and {count:,} more like “{problem.message}”"
    return Finding(Problem(problem.file, 0, message), finding.severity)
