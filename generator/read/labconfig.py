"""Read a lab directory's optional `lab.yml`: fetch sources, demo files by chapter, manual pins."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.errors import InputError
from generator.languages import language_of
from generator.model import Chapter, Snippet
from generator.read import safeyaml
from generator.read.confine import resolved
from generator.read.textfile import read_text

DEFAULT_SITE = "https://edu.chainguard.dev"


@dataclass(frozen=True)
class DemoStep:
    """The demo files a chapter shows, as tabs, and the commands of its "Run this step" box."""

    chapter: str | int
    files: tuple[str, ...]
    run: str | None
    line: int


@dataclass(frozen=True)
class LabConfig:
    """The publisher's settings for one lab; every key is optional."""

    path: str
    site: str = DEFAULT_SITE
    """Where relative links of the notes (like the deck's) resolve."""
    presenter: str | None = None
    deck_url: str | None = None
    pins: tuple[tuple[str | int, int, int], ...] = ()
    """(chapter title or 0-based index, first slide number or 0 for none, line)."""
    demo_zip: str | None = None
    """A folder of the lab offered as a zip download."""
    demo_steps: tuple[DemoStep, ...] = ()


def read_config(path: Path) -> LabConfig:
    """Read `lab.yml` at `path`; an absent file gives the defaults."""
    if not path.is_file():
        return LabConfig(path=str(path))
    try:
        node = safeyaml.compose(read_text(path))
    except safeyaml.RefusedYAML as err:
        line = err.problem_mark.line + 1 if err.problem_mark else 0
        raise InputError(path, line, str(err.problem)) from None
    except yaml.MarkedYAMLError as err:
        line = err.problem_mark.line + 1 if err.problem_mark else 0
        raise InputError(path, line, f"not valid YAML: {err.problem}") from None
    except yaml.YAMLError as err:
        raise InputError(path, 0, f"not valid YAML: {err}") from None
    except OSError as err:
        raise InputError(path, 0, f"cannot read lab.yml: {err.strerror}") from None
    if node is None:
        return LabConfig(path=str(path))
    top = _mapping(node, path)
    known = {"site", "presenter", "deck_url", "pins", "demo"}
    for key, value in top.items():
        if key not in known:
            raise InputError(
                path, _line(value), f"unknown key {key!r} (known: {', '.join(sorted(known))})"
            )
    demo = _mapping(top["demo"], path) if "demo" in top else {}
    return LabConfig(
        path=str(path),
        site=_string(top.get("site"), path) or DEFAULT_SITE,
        presenter=_string(top.get("presenter"), path),
        deck_url=_string(top.get("deck_url"), path),
        pins=_pins(top.get("pins"), path),
        demo_zip=_path(demo.get("zip"), path),
        demo_steps=_steps(demo.get("chapters"), path),
    )


def resolve_chapter(key: str | int, chapters: Sequence[Chapter], file: str, line: int) -> Chapter:
    """Return the chapter a lab.yml entry names by exact title or 0-based index."""
    if isinstance(key, int):
        if 0 <= key < len(chapters):
            return chapters[key]
        raise InputError(
            file, line, f"chapter index {key} is out of range (0..{len(chapters) - 1})"
        )
    for chapter in chapters:
        if chapter.title == key:
            return chapter
    folded = [c for c in chapters if c.title.casefold().strip() == key.casefold().strip()]
    if len(folded) == 1:
        return folded[0]
    raise InputError(file, line, f"no chapter is titled {key!r}")


def resolve_pins(config: LabConfig, chapters: Sequence[Chapter], slides: int) -> dict[int, int]:
    """Return pins as chapter index → first slide number (0: no slide), checked."""
    pins: dict[int, int] = {}
    lines: dict[int, int] = {}
    for key, slide, line in config.pins:
        chapter = resolve_chapter(key, chapters, config.path, line)
        if not 0 <= slide <= slides:
            raise InputError(
                config.path, line, f"slide {slide} does not exist (the deck has {slides})"
            )
        pins[chapter.index] = slide
        lines[chapter.index] = line
    # Chapters get ordered runs of slides, so pinned first slides must rise with the chapters.
    previous: tuple[int, int] | None = None
    for index in sorted(pins):
        if pins[index] == 0:
            continue
        if previous is not None and pins[index] <= previous[1]:
            raise InputError(
                config.path,
                lines[index],
                f"pin of {chapters[index].title!r} (slide {pins[index]}) must come after the pin of "
                f"{chapters[previous[0]].title!r} (slide {previous[1]}), as the chapters do",
            )
        previous = (index, pins[index])
    return pins


def demo_snippets(
    config: LabConfig, lab_dir: Path, chapters: Sequence[Chapter]
) -> tuple[Snippet, ...]:
    """Read every demo file lab.yml maps to a chapter; a missing file is an error."""
    snippets: list[Snippet] = []
    for step in config.demo_steps:
        chapter = resolve_chapter(step.chapter, chapters, config.path, step.line)
        for name in step.files:
            snippets.append(
                _demo_file(lab_dir, name, chapter.index, config.path, step.line, "demo")
            )
        if step.run:
            snippets.append(
                _demo_file(lab_dir, step.run, chapter.index, config.path, step.line, "run")
            )
    return tuple(snippets)


def _demo_file(lab_dir: Path, name: str, chapter: int, file: str, line: int, role: str) -> Snippet:
    path = resolved(lab_dir / name)
    if path is None:
        raise InputError(file, line, f"{name!r} is a link that cannot be followed (a loop?)")
    if not path.is_relative_to(lab_dir.resolve()):
        raise InputError(file, line, f"{name!r} is outside the lab directory")
    try:
        code = read_text(path)
    except FileNotFoundError:
        raise InputError(file, line, f"demo file {name!r} does not exist") from None
    except OSError as err:
        raise InputError(file, line, f"cannot read demo file {name!r}: {err.strerror}") from None
    lang, _ = language_of(Path(name).name)
    return Snippet(
        source="demo",
        lang=lang,
        code=code.rstrip("\n"),
        chapter=chapter,
        title=Path(name).name if role == "demo" else "Run this step",
        path=name,
        heading=role,
    )


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _mapping(node: yaml.Node, path: Path) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise InputError(path, _line(node), "expected a mapping of keys to values")
    return {str(key.value): value for key, value in node.value}


def _string(node: yaml.Node | None, path: Path) -> str | None:
    if node is None:
        return None
    if not isinstance(node, yaml.ScalarNode):
        raise InputError(path, _line(node), "expected a single value")
    return str(node.value).strip() or None


def _path(node: yaml.Node | None, path: Path) -> str | None:
    """Return a path lab.yml names, refusing control characters (a NUL cuts a path short)."""
    value = _string(node, path)
    if value is not None and any(ord(c) < 32 or ord(c) == 127 for c in value):
        assert node is not None
        raise InputError(path, _line(node), f"{value!r} is not a path: it has control characters")
    return value


def _number(text: str) -> int | None:
    """Return `text` as a small whole number (a slide or chapter number), else None."""
    return int(text) if text.isdecimal() and len(text) <= 6 else None


def _pins(node: yaml.Node | None, path: Path) -> tuple[tuple[str | int, int, int], ...]:
    if node is None:
        return ()
    pins: list[tuple[str | int, int, int]] = []
    for key, value in _mapping(node, path).items():
        slide = _number(str(value.value)) if isinstance(value, yaml.ScalarNode) else None
        if slide is None:
            raise InputError(
                path, _line(value), f"pin for {key!r} must be a slide number (0: none)"
            )
        chapter = _number(key)
        pins.append((key if chapter is None else chapter, slide, _line(value)))
    return tuple(pins)


def _steps(node: yaml.Node | None, path: Path) -> tuple[DemoStep, ...]:
    if node is None:
        return ()
    if not isinstance(node, yaml.SequenceNode):
        raise InputError(path, _line(node), "demo.chapters must be a list")
    steps: list[DemoStep] = []
    for item in node.value:
        entry = _mapping(item, path)
        if "chapter" not in entry:
            raise InputError(path, _line(item), "each demo entry needs a 'chapter'")
        raw = _string(entry["chapter"], path) or ""
        files_node = entry.get("files")
        files: list[str] = []
        if files_node is not None:
            if not isinstance(files_node, yaml.SequenceNode):
                raise InputError(path, _line(files_node), "'files' must be a list of paths")
            files = [_path(f, path) or "" for f in files_node.value]
        number = _number(raw)
        steps.append(
            DemoStep(
                chapter=raw if number is None else number,
                files=tuple(f for f in files if f),
                run=_path(entry.get("run"), path),
                line=_line(item),
            )
        )
    return tuple(steps)
