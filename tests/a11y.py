"""Accessibility audits in a real browser with axe-core, as selenium-axe-python bundles it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from selenium_axe_python import Axe

BLOCKING = frozenset({"serious", "critical"})
"""Impacts that fail a test; "moderate" and "minor" are reported only."""

_RUN = """
var done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(
  function (results) { done({violations: results.violations, version: axe.version}); },
  function (error) { done({error: String(error)}); }
);
"""


@dataclass(frozen=True)
class Violation:
    """One axe rule that fails on a page, with the elements where it fails."""

    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        where = ", ".join(self.targets[:4]) + (" …" if len(self.targets) > 4 else "")
        return f"{self.impact} {self.rule}: {self.help} ({len(self.targets)}×: {where})"


def audit(driver: Any) -> list[Violation]:
    """Run every axe-core rule on the page the driver shows; return the violations."""
    Axe(driver).inject()
    driver.set_script_timeout(60)
    results = driver.execute_async_script(_RUN)
    if "error" in results:
        raise AssertionError(f"axe-core failed on {driver.current_url}: {results['error']}")
    return [
        Violation(
            rule=v["id"],
            impact=v.get("impact") or "minor",
            help=v["help"],
            targets=tuple(_selector(n["target"]) for n in v["nodes"]),
        )
        for v in results["violations"]
    ]


def blocking(violations: Iterable[Violation]) -> list[Violation]:
    """Return the violations serious or critical enough to fail a test."""
    return [v for v in violations if v.impact in BLOCKING]


def by_impact(violations: Iterable[Violation]) -> dict[str, list[str]]:
    """Summarise violations as impact → rule ids (with element counts)."""
    summary: dict[str, Counter[str]] = {}
    for v in violations:
        summary.setdefault(v.impact, Counter())[v.rule] += len(v.targets)
    return {
        impact: [f"{rule}×{n}" for rule, n in sorted(c.items())] for impact, c in summary.items()
    }


def _selector(target: Any) -> str:
    # Elements inside frames come as a list of selectors, outermost first.
    return " >>> ".join(target) if isinstance(target, list) else str(target)
