"""The generator's errors: user mistakes become one clear message, never a traceback."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

Severity = Literal["error", "warning", "notice"]
"""An error breaks the site; a warning costs part of it; a notice is worth knowing."""


class GeneratorError(Exception):
    """Base of every error the generator reports to its user."""


@dataclass(frozen=True)
class Diagnostic:
    """What a command found about an input, located by file and line (line 0: the whole file).

    `build`, `check` and `inspect` all report these: `build` logs warnings and sums notices
    up, `check` prints every one with its severity, `inspect` lists the notes' warnings.
    """

    file: str
    line: int
    message: str
    severity: Severity = "warning"

    def __str__(self) -> str:
        return one_line(f"{self.where}: {self.message}")

    @property
    def where(self) -> str:
        """Return `FILE:LINE`, or `FILE` when the whole file is meant."""
        return f"{self.file}:{self.line}" if self.line else self.file

    def report(self) -> str:
        """Return the diagnostic with its severity, as `check` prints it."""
        return one_line(f"{self.where}: {self.severity}: {self.message}")

    def as_(self, severity: Severity) -> Diagnostic:
        """Return the same finding with another severity."""
        return Diagnostic(self.file, self.line, self.message, severity)


Problem = Diagnostic
"""The name readers use for what they found: a warning unless they say otherwise."""


def one_line(text: str) -> str:
    """Return a message fit for a terminal: one line, no control characters.

    File names and tool output come from the lab: an escape sequence must not reach the
    terminal, nor a newline forge a line of its own. Line breaks become " / ", other
    control characters their escape (\x1b).
    """
    if text.isprintable():
        return text
    text = " / ".join(part.strip() for part in text.splitlines() if part.strip())
    return "".join(
        c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii")
        for c in text
    )


class InputError(GeneratorError):
    """An input file the generator cannot use."""

    def __init__(self, file: str | Path, line: int, message: str) -> None:
        self.problem = Diagnostic(str(file), line, message, "error")
        super().__init__(str(self.problem))

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in a worker process, it crosses back whole.
        return (type(self), (self.problem.file, self.problem.line, self.problem.message))


class DeckError(InputError):
    """A slide deck that cannot be read (corrupt, encrypted, empty)."""


class FetchError(GeneratorError):
    """Something the fetcher could not download; the cache is left as it was."""


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: stop the way Ctrl-C stops, cleaning up on the way out."""


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Stop on SIGTERM the way Ctrl-C stops: every `finally` runs, staging is removed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
