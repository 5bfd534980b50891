"""The browser the tests drive: it reports start-up errors and stays off the network."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from browser import console_errors, serve

pytestmark = pytest.mark.xdist_group("browser")

FAILING_START = """<!doctype html><html><head>
<script>throw new Error("thrown while the page starts");</script>
<script>Promise.reject(new Error("rejected while the page starts"));</script>
<script>console.error("logged while the page starts");</script>
</head><body><p>loaded</p></body></html>"""
FETCH = """
var done = arguments[arguments.length - 1];
fetch(arguments[0], {mode: "no-cors"}).then(function (r) { return r.text(); })
  .then(done, function (e) { done("failed: " + e); });
"""


def test_errors_of_a_pages_start_up_are_reported(browser: Any, tmp_path: Path) -> None:
    page = tmp_path / "start.html"
    page.write_text(FAILING_START)
    console_errors(browser)
    browser.get(page.as_uri())
    errors = "\n".join(console_errors(browser))
    for words in ("thrown while", "rejected while", "logged while"):
        assert f"{words} the page starts" in errors
    assert console_errors(browser) == [], "each error is reported once"


def _failures(driver: Any) -> dict[str, str]:
    """Return, by URL, why each request since the last look failed."""
    urls, failed = {}, {}
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message.get("method") == "Network.requestWillBeSent":
            urls[params["requestId"]] = params["request"]["url"]
        elif message.get("method") == "Network.loadingFailed":
            failed[urls.get(params["requestId"], "?")] = params["errorText"]
    return failed


def test_pages_reach_this_machine_and_nothing_else(browser: Any, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><p>local</p>")
    (tmp_path / "data.txt").write_text("from 127.0.0.1")
    with serve(tmp_path) as base:
        browser.get(base)
        browser.set_script_timeout(30)
        _failures(browser)
        assert browser.execute_async_script(FETCH, base + "data.txt") == "from 127.0.0.1"
        # A documentation address and a real name: the proxy where nothing listens stops both.
        for url in ("http://192.0.2.1/", "https://example.org/"):
            assert browser.execute_async_script(FETCH, url).startswith("failed: ")
        assert _failures(browser) == {
            "http://192.0.2.1/": "net::ERR_PROXY_CONNECTION_FAILED",
            "https://example.org/": "net::ERR_PROXY_CONNECTION_FAILED",
        }
    console_errors(browser)
