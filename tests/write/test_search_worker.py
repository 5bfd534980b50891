"""The search worker is set through the theme's documented settings block, or not at all."""

from __future__ import annotations

import json
import re

import pytest

from generator.errors import GeneratorError
from generator.write.search import use_index_worker

PAGE = """<html><body><main>x</main>
<script id="__config" type="application/json">{"base": "../..", "features": [],
"search": "../../assets/javascripts/workers/search.f8cc74c7.min.js", "tags": null}</script>
<script src="../../assets/javascripts/bundle.js"></script></body></html>"""


def _settings(html: str) -> dict[str, object]:
    found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    assert found is not None
    value = json.loads(found.group(1))
    assert isinstance(value, dict)
    return value


def test_the_worker_is_the_labsite_one_relative_to_the_page() -> None:
    settings = _settings(use_index_worker(PAGE, "a/b/index.html"))
    assert settings["search"] == "../../assets/labsite/search-worker.js"
    # Everything else the theme set stays as it was.
    assert settings["base"] == "../.." and settings["features"] == [] and settings["tags"] is None


def test_nothing_outside_the_block_changes() -> None:
    html = use_index_worker(PAGE, "a/b/index.html")
    assert html.startswith("<html><body><main>x</main>\n")
    assert html.endswith('<script src="../../assets/javascripts/bundle.js"></script></body></html>')


def test_text_in_the_settings_cannot_end_the_script() -> None:
    # As the theme writes it (Jinja's tojson): "<" as \u003c.
    escaped = "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"
    hostile = PAGE.replace('"tags": null', f'"tags": "{escaped}"')
    html = use_index_worker(hostile, "index.html")
    assert html.count("</script>") == PAGE.count("</script>")
    assert _settings(html)["tags"] == "</script><script>alert(1)"


@pytest.mark.parametrize(
    "page",
    [
        "<html><body>no settings</body></html>",
        '<script id="__config" type="application/json">{"base": "."}</script>',
        '<script id="__config" type="application/json">not json</script>',
    ],
)
def test_a_page_without_a_search_setting_fails_loudly(page: str) -> None:
    with pytest.raises(GeneratorError, match=r"^talks/index\.html: .*__config.*search"):
        use_index_worker(page, "talks/index.html")
