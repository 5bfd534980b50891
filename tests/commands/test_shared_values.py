"""Values the pages' scripts and styles repeat from `generator.write.browser` agree with it."""

from __future__ import annotations

import json
import re

from paths import ROOT

from generator.write import browser

STATIC = ROOT / "generator" / "static"


def _ems(query: str) -> dict[str, float]:
    return {k: float(v) for k, v in re.findall(r"\((min-width|min-height): ([\d.]+)em\)", query)}


def test_the_style_sheet_s_theatre_is_the_one_python_and_the_scripts_know() -> None:
    css = (STATIC / "labsite.css").read_text(encoding="utf-8")
    queries = re.findall(r"@media ([^{]+?)\s*\{", css)
    theatre = [q for q in queries if "min-width: 60em" in q or "min-height" in q]
    assert theatre == [browser.THEATRE]
    # Its complement hides the layout button: just under each bound, by one 64th of an em.
    below = next(q for q in queries if "max-height" in q)
    bounds = {k: float(v) for k, v in re.findall(r"\((max-width|max-height): ([\d.]+)em\)", below)}
    wanted = _ems(browser.THEATRE)
    assert bounds == {
        "max-width": wanted["min-width"] - 1 / 64,
        "max-height": wanted["min-height"] - 1 / 64,
    }
    script = (STATIC / "labsite.js").read_text(encoding="utf-8")
    assert f'var THEATRE = "{browser.THEATRE}";' in script


def test_the_reader_keeps_its_choices_under_the_keys_python_names() -> None:
    script = (STATIC / "reader.js").read_text(encoding="utf-8")
    found = re.search(r"var storage = (\{[^}]*\});", script)
    assert found is not None
    keys = json.loads(re.sub(r"(\w+):", r'"\1":', found.group(1)))
    assert keys == browser.STORAGE


def test_every_player_module_is_in_the_package() -> None:
    for module, _library in browser.PROVIDERS.values():
        assert (STATIC / module).is_file(), module
