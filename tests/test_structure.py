"""The package's shape: read → model → align → write, each stage importing only earlier ones,
and no module too long to read in one sitting."""

from __future__ import annotations

import ast
from pathlib import Path

from paths import ROOT

PACKAGE = ROOT / "generator"
MOST_LINES = 400
# What every stage may use: the model and the small modules beside it that read nothing.
BASE = {"model", "errors", "formats", "languages", "layout", "atomic"}
ALLOWED = {
    "read": BASE | {"read"},
    "align": BASE | {"align"},
    # The downloads a page links to are made once and kept in the one cache layer.
    "write": BASE | {"write", "cache"},
    "model": {"errors"},
}


def _stage(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def _imported(path: Path) -> list[tuple[int, str]]:
    """Return the first part below `generator` of every module `path` imports, with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # `from generator import cache` names the module in the imported names.
            if node.module == "generator":
                names = [f"generator.{alias.name}" for alias in node.names]
            else:
                names = [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "generator" and len(parts) > 1:
                found.append((node.lineno, parts[1]))
    return found


def test_each_stage_imports_only_the_stages_before_it() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        allowed = ALLOWED.get(_stage(path))
        if allowed is None:
            continue
        for line, module in _imported(path):
            if module not in allowed:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: imports generator.{module}")
    assert wrong == []


def test_the_rules_see_every_kind_of_import(tmp_path: Path) -> None:
    # The check must notice each way of writing an import, or it proves nothing.
    source = tmp_path / "m.py"
    source.write_text(
        "import generator.write.pages\n"
        "from generator.align import align\n"
        "from generator import load\n"
        "def f():\n    from generator.plugin.state import BuildState\n"
        "from . import sibling\nimport os\n",
        encoding="utf-8",
    )
    assert _imported(source) == [(1, "write"), (2, "align"), (3, "load"), (5, "plugin")]


def test_no_module_is_longer_than_can_be_read_at_once() -> None:
    long = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for path in sorted(PACKAGE.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MOST_LINES
    ]
    assert long == []
