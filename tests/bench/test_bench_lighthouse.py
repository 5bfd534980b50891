"""The page-load bench's own parts: its server of precompressed copies, its sums, its median."""

from __future__ import annotations

import gzip
import urllib.request
from pathlib import Path

import brotli

from bench.lighthouse import PageLoad, _serve, copies_weight, median_run

PAGE = b"<!doctype html><title>t</title>" + b"<p>a transcript line</p>" * 200  # 4,831 bytes
SMALL = b"body{margin:0}"


def _site(root: Path) -> Path:
    (root / "talk").mkdir(parents=True)
    (root / "talk" / "index.html").write_bytes(PAGE)
    (root / "talk" / "index.html.gz").write_bytes(gzip.compress(PAGE, mtime=0))
    (root / "talk" / "index.html.br").write_bytes(brotli.compress(PAGE))
    (root / "style.css").write_bytes(SMALL)
    return root


def _get(url: str, accept: str) -> tuple[str | None, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers.get("Content-Encoding"), response.read()


def test_the_precompressed_server_sends_the_copy_the_browser_accepts(tmp_path: Path) -> None:
    site = _site(tmp_path)
    with _serve(site, precompressed=True) as base:
        assert _get(base + "talk/", "gzip, br") == (
            "br",
            (site / "talk/index.html.br").read_bytes(),
        )
        assert _get(base + "talk/index.html", "gzip") == (
            "gzip",
            (site / "talk/index.html.gz").read_bytes(),
        )
        assert _get(base + "talk/", "identity") == (None, PAGE)
        assert _get(base + "style.css", "gzip, br") == (None, SMALL)
    with _serve(site, precompressed=False) as base:
        assert _get(base + "talk/", "gzip, br") == (None, PAGE)


def test_copies_weight_swaps_what_was_sent_for_each_copy(tmp_path: Path) -> None:
    site = _site(tmp_path)
    base = "http://127.0.0.1:8000/"
    headers = 200
    gz, br = (len((site / f"talk/index.html{s}").read_bytes()) for s in (".gz", ".br"))
    plain = [
        {"url": base + "talk/", "transferSize": headers + len(PAGE)},
        {"url": base + "style.css", "transferSize": headers + len(SMALL)},
        {"url": "data:image/svg+xml,<svg/>", "transferSize": 0},
        {"url": base + "gone.js", "transferSize": 150},  # a 404: counted as it came
    ]
    rest = headers + len(SMALL) + 150
    assert copies_weight(site, base, plain, False, ".gz") == headers + gz + rest
    assert copies_weight(site, base, plain, False, ".br") == headers + br + rest
    served = [{"url": base + "talk/", "transferSize": headers + br}, *plain[1:]]
    assert copies_weight(site, base, served, True, ".gz") == headers + gz + rest
    assert copies_weight(site, base, served, True, ".br") == headers + br + rest


def _load(performance: int, lcp: float) -> PageLoad:
    scores = {"performance": performance, "accessibility": 100, "best-practices": 100, "seo": 100}
    return PageLoad("home", True, scores, 1000.0, lcp, 80_000, 90_000, 82_000)


def test_the_median_run_is_kept_with_every_run_s_score() -> None:
    chosen = median_run([_load(74, 2400.0), _load(99, 1600.0), _load(97, 1700.0)])
    assert chosen.scores["performance"] == 97 and chosen.largest_paint_ms == 1700.0
    assert chosen.runs == (74, 99, 97)
    # Of two runs the worse is kept, and of equal scores the later paint.
    assert median_run([_load(99, 1600.0), _load(90, 2000.0)]).scores["performance"] == 90
    assert median_run([_load(95, 1600.0), _load(95, 2000.0)]).largest_paint_ms == 2000.0
