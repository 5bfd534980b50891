"""Check a lab for its publisher: notes, settings, deck, captions and every snippet."""

from __future__ import annotations

from pathlib import Path

from generator import captions, check, deck, labconfig, notes, video
from generator.check import Finding
from generator.errors import DeckError, InputError, Problem
from generator.lab import CONFIG_FILE, DECK_FILE, NOTES_FILE, VIDEO_DIR, demo_zip
from generator.snippets import language_of


def check_lab(lab_dir: Path) -> list[Finding]:
    """Return every problem found in the lab at `lab_dir`, errors first."""
    findings: list[Finding] = []
    try:
        lab_notes = notes.read_notes(lab_dir / NOTES_FILE, lab_id=lab_dir.resolve().name)
    except InputError as err:
        return [Finding(err.problem, "error")]
    findings += [Finding(w, "warning") for w in lab_notes.warnings]

    config: labconfig.LabConfig | None = None
    try:
        config = labconfig.read_config(lab_dir / CONFIG_FILE)
        labconfig.demo_snippets(config, lab_dir, lab_notes.chapters)
        demo_zip(lab_dir.resolve(), config)
    except InputError as err:
        findings.append(Finding(err.problem, "error"))
    else:
        if config.demo_steps or (lab_dir / "demo").is_dir():
            findings += check.check_demo(lab_dir)

    # The demo's hadolint settings (e.g. Chainguard's :latest tags) apply to the notes too.
    hadolint_config = lab_dir / "demo" / ".hadolint.yaml"
    for block in lab_notes.code_blocks:
        findings += check.check_snippet(
            language_of(block.info)[0],
            block.code,
            lab_notes.path,
            block.line,
            hadolint_config=hadolint_config if hadolint_config.is_file() else None,
        )

    deck_path = lab_dir / DECK_FILE
    if deck_path.exists():
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
                captions.read_captions(info.captions)
            except InputError as err:
                findings.append(Finding(err.problem, "warning"))
            for warning in video.compare_chapters(lab_notes.chapters, info.chapters):
                findings.append(Finding(Problem(str(lab_dir / VIDEO_DIR), 0, warning), "warning"))
    return sorted(findings, key=lambda f: f.severity != "error")
