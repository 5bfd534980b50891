"""A notes page's YAML front matter: found, parsed safely, and read field by field.

A field of the wrong kind is left out with a warning naming its line; only a front matter
that is missing, unclosed or not YAML is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime
from typing import Any

import yaml

from generator.errors import InputError, Problem
from generator.read import safeyaml

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n((?:.*?\n)??)---[ \t]*(?:\n|\Z)", re.DOTALL)
_PRESENTER = re.compile(
    r"\b(?:with|led by|presented by|hosted by|by)\s+"
    r"([A-Z][a-z]+(?:[ -](?:[A-Z][a-zA-Z'-]+))+)"
)


@dataclass
class FrontMatter:
    """The fields of a front matter, with what reading them found wrong."""

    meta: dict[str, Any]
    header: list[str]
    """The front matter's lines, to name the line of a field."""
    file: str
    body_start: int
    """0-based line where the page's body starts."""
    warnings: list[Problem] = field(default_factory=list)

    def line(self, key: str) -> int:
        """Return the line of `key:` in the front matter (1 when it is not found)."""
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*:")
        return next((n + 1 for n, line in enumerate(self.header) if pattern.match(line)), 1)

    def text(self, key: str) -> str:
        """Return a field that is text; anything else is reported and left out."""
        value = self.meta.get(key)
        if value is None:
            return ""
        if not is_text(value):
            message = f"{key} must be text, not a {type(value).__name__}; ignored"
            self.warnings.append(Problem(self.file, self.line(key), message))
            return ""
        return str(value).strip()

    def date(self, key: str = "date") -> Date | None:
        """Return a field that is a day (an ISO date, or a date and time)."""
        value = self.meta.get(key)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, Date):
            return value
        if value is None:
            return None
        try:
            return datetime.fromisoformat(str(value).strip().replace("Z", "+00:00")).date()
        except ValueError:
            message = f"date {value!r} is not an ISO date like 2025-09-28; ignored"
            self.warnings.append(Problem(self.file, self.line(key), message))
            return None

    def tags(self, key: str = "tags") -> tuple[str, ...]:
        """Return the tags, whether the front matter gives a list or a single string."""
        value = self.meta.get(key)
        if value is None:
            return ()
        items = [value] if is_text(value) else value if isinstance(value, list) else None
        if items is None or not all(is_text(tag) for tag in items):
            message = "tags must be a list of words; what is not a word is left out"
            self.warnings.append(Problem(self.file, self.line(key), message))
        words = [str(tag).strip() for tag in items or [] if is_text(tag)]
        return tuple(dict.fromkeys(word for word in words if word))

    def presenter(self, description: str, intro: str) -> str:
        """Return who presents: a field that names them, else "with NAME" in the prose."""
        for key in ("presenter", "presenters", "author", "authors"):
            value = self.meta.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
            if isinstance(value, list) and (names := [str(v).strip() for v in value if is_text(v)]):
                return ", ".join(name for name in names if name)
        for text in (description, intro):
            match = _PRESENTER.search(re.sub(r"\s+", " ", text))
            if match:
                return match.group(1)
        return ""


def read_front_matter(text: str, file: str) -> FrontMatter:
    """Return the front matter at the top of `text`; raise `InputError` when there is none."""
    match = _FRONT_MATTER.match(text)
    if not match:
        if text.startswith("---"):
            raise InputError(file, 1, "the front matter is not closed by a '---' line")
        raise InputError(file, 1, "no YAML front matter (a '---' block with the lab's title)")
    try:
        meta = safeyaml.load(match.group(1))
    except safeyaml.RefusedYAML as err:
        line = (err.problem_mark.line + 2) if err.problem_mark else 1
        raise InputError(file, line, f"front matter: {err.problem}") from None
    except yaml.MarkedYAMLError as err:
        line = (err.problem_mark.line + 2) if err.problem_mark else 1
        raise InputError(file, line, f"front matter is not valid YAML: {err.problem}") from None
    except yaml.YAMLError as err:
        raise InputError(file, 1, f"front matter is not valid YAML: {err}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError(file, 2, "the front matter must be a mapping of keys to values")
    body_start = match.group(0).count("\n")
    return FrontMatter(meta, text.split("\n")[:body_start], file, body_start)


def is_text(value: object) -> bool:
    """Tell whether a front matter value is one piece of text (or a number written as one)."""
    return isinstance(value, str | int | float) and not isinstance(value, bool)
