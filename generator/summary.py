"""Keep the log readable: warnings of one kind are summarised after the first few."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from generator.errors import Diagnostic

KEEP = 5
"""How many warnings of one kind are shown before the rest are counted."""
# What varies between warnings of one kind: quoted text and numbers (lines, times, counts).
_VARIABLE = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|\d+(?:[:.,]\d+)*")

T = TypeVar("T")


def kind(message: str) -> str:
    """Return what a warning says with the parts that vary between its kind left out."""
    return _VARIABLE.sub("…", message)


def summarise(
    items: Sequence[T],
    text: Callable[[T], str],
    more: Callable[[T, int], T],
    keep: int = KEEP,
) -> list[T]:
    """Return `items` with only the first `keep` of each kind, then one `more(first, count)`.

    The summary of a kind takes the place of its first left-out item.
    """
    seen: dict[str, int] = {}
    for item in items:
        key = kind(text(item))
        seen[key] = seen.get(key, 0) + 1
    out: list[T] = []
    shown: dict[str, int] = {}
    for item in items:
        key = kind(text(item))
        count = shown.get(key, 0)
        shown[key] = count + 1
        if count < keep:
            out.append(item)
        elif count == keep:
            out.append(more(item, seen[key] - keep))
    return out


def more_like(first: Diagnostic, count: int) -> Diagnostic:
    """Return the diagnostic that stands for `count` more of the kind of `first`."""
    message = f"… and {count:,} more like “{first.message}”"
    return Diagnostic(first.file, 0, message, first.severity)


def by_message(pairs: Sequence[tuple[str, str]], keep: int = KEEP) -> list[str]:
    """Return one line per message of (name, message) pairs: the names that gave it, then it.

    Past `keep` names, the rest are counted: a notice that a thousand labs share is one line.
    """
    names: dict[str, list[str]] = {}
    for name, message in pairs:
        names.setdefault(message, []).append(name)
    lines = []
    for message, who in names.items():
        shown = ", ".join(who[:keep])
        if len(who) > keep:
            shown += f" and {len(who) - keep:,} more"
        lines.append(f"{shown}: {message}")
    return lines
