"""What loading one lab found: its warnings and notices, in the order found."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Diagnostic
from generator.summary import more_like, summarise


@dataclass
class Found:
    """What loading one lab found, in the order it was found."""

    folder: Path
    items: list[Diagnostic] = field(default_factory=list)

    def warn(self, file: str | Path, message: str, line: int = 0) -> None:
        self.items.append(Diagnostic(str(file), line, message, "warning"))

    def notice(self, message: str) -> None:
        self.items.append(Diagnostic(str(self.folder), 0, message, "notice"))

    def add(self, found: Diagnostic) -> None:
        self.items.append(found.as_("warning") if found.severity == "error" else found)

    def summary(self) -> tuple[Diagnostic, ...]:
        """Return what was found, warnings of one kind summarised after the first few."""

        return tuple(summarise(self.items, str, more_like))
