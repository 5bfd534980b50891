"""The benchmark's results: rows of ours-versus-reference, as a table and as JSON."""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Row:
    """One measurement of ours against a reference that took turns with it."""

    group: str
    case: str
    ours: float
    reference: float
    unit: str
    """"s" for seconds, "MiB" for peak memory; `ours` and `reference` are medians of the runs."""
    reference_name: str
    note: str = ""
    runs: tuple[float, ...] = ()
    reference_runs: tuple[float, ...] = ()

    @property
    def ratio(self) -> float:
        """Ours divided by the reference: below 1 is faster or smaller than the reference."""
        return self.ours / self.reference if self.reference else float("inf")


def _value(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    return f"{value:.0f} {unit}"


def table(rows: Sequence[Row]) -> str:
    """Return the rows as an aligned plain-text table, a rule between groups."""
    header = ("measurement", "case", "ours", "reference", "ratio", "reference is; note")
    cells = [
        (
            r.group,
            r.case,
            _value(r.ours, r.unit),
            _value(r.reference, r.unit),
            f"{r.ratio:.2f}×",
            "; ".join(p for p in (r.reference_name, r.note) if p),
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in [header, *cells]) for i in range(len(header) - 1)]
    right = {2, 3, 4}

    def line(row: Sequence[str]) -> str:
        parts = [
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=False))
        ]
        return "  ".join([*parts, row[-1]]).rstrip()

    rule = "-" * (sum(widths) + 2 * len(widths) + len(header[-1]))
    out = [line(header), rule]
    for index, (row, cell) in enumerate(zip(rows, cells, strict=True)):
        if index and row.group != rows[index - 1].group:
            out.append("")
        out.append(line(cell))
    return "\n".join(out)


def write_json(
    path: Path,
    rows: Sequence[Row],
    seconds: float,
    load: Sequence[float] = (),
    extra: Mapping[str, Any] | None = None,
) -> None:
    """Write the rows, their ratios and the machine they ran on (and its load) to `path`.

    `extra` holds other sections (the scale table) under their own keys.
    """
    data = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_1min": [round(value, 2) for value in load],
        },
        "seconds": round(seconds, 1),
        "rows": [{**asdict(row), "ratio": row.ratio} for row in rows],
        **(extra or {}),
    }
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
