"""Page loads as Lighthouse measures them: a lab's home and a chapter, mobile, served twice.

Lighthouse 12 (npm, installed by `make setup`) runs Debian's Chromium headless against the
site served on 127.0.0.1, once by a plain static server and once by one that sends the
precompressed `.br`/`.gz` copies the build writes, as nginx's `gzip_static`/`brotli_static`
or Caddy's `precompressed` would. Each page is measured `RUNS` times and the median run is
kept: on a busy machine one run can be ten points off. Scores are figures for the table,
never test assertions.

    .venv/bin/python -m bench.lighthouse [SITE_DIR] [--runs N]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from bench.inputs import ROOT

LIGHTHOUSE = ROOT / ".cache" / "npm" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = Path("/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
RUNS = 3
"""Lighthouse runs of each page, each way of serving it; the table shows the median run."""


@dataclass(frozen=True)
class PageLoad:
    """What Lighthouse found on one page."""

    page: str
    compressed: bool
    scores: dict[str, int]
    first_paint_ms: float
    largest_paint_ms: float
    bytes: int
    """What a first visit downloads (transfer sizes)."""
    gzip_bytes: int
    """What the same requests weigh with the `.gz` copies sent."""
    brotli_bytes: int
    """What the same requests weigh with the `.br` copies sent."""
    runs: tuple[int, ...] = ()
    """The performance score of every run, the median one's among them."""

    def line(self) -> str:
        """Return the figures as one line of the table."""
        scores = " ".join(f"{name} {self.scores[name]:>3}" for name in CATEGORIES)
        served = "precompressed" if self.compressed else "as built"
        spread = "/".join(map(str, self.runs))
        return (
            f"  {self.page:<8} {served:<13} {scores} (runs {spread})  "
            f"FCP {self.first_paint_ms / 1000:.1f} s  LCP {self.largest_paint_ms / 1000:.1f} s  "
            f"{_kib(self.bytes)} KiB; with gzip {_kib(self.gzip_bytes)}, "
            f"brotli {_kib(self.brotli_bytes)}"
        )


def _kib(size: int) -> str:
    return f"{size / 1024:,.0f}"


def available() -> str | None:
    """Return why Lighthouse cannot run here, or None."""
    if not LIGHTHOUSE.exists():
        return f"{LIGHTHOUSE} is missing: run `make setup` (it installs Lighthouse with npm)"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: run `make setup`"
    return None


def measure(site: Path, pages: dict[str, str], runs: int = RUNS) -> list[PageLoad]:
    """Run Lighthouse on each page (name → path in the site), plain and precompressed."""
    found = []
    for compressed in (False, True):
        with _serve(site, compressed) as base:
            for name, path in pages.items():
                loads = [_lighthouse(site, base, path, name, compressed) for _ in range(runs)]
                found.append(median_run(loads))
    return found


def median_run(loads: list[PageLoad]) -> PageLoad:
    """Return the run of median performance, with every run's score.

    Of equal scores, the later largest paint ranks lower; of an even count, the lower of
    the two middle runs is taken.
    """
    ranked = sorted(loads, key=lambda load: (load.scores["performance"], -load.largest_paint_ms))
    middle = ranked[(len(ranked) - 1) // 2]
    return replace(middle, runs=tuple(load.scores["performance"] for load in loads))


def _lighthouse(site: Path, base: str, path: str, name: str, compressed: bool) -> PageLoad:
    url = base + path
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as scratch:
        report = Path(scratch) / "report.json"
        command = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            f"--only-categories={','.join(CATEGORIES)}",
        ]
        env = {**os.environ, "CHROME_PATH": str(CHROMIUM), "TMPDIR": scratch}
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
        if done.returncode != 0 or not report.exists():
            raise RuntimeError(f"lighthouse failed on {url}: {done.stderr.strip()[-300:]}")
        data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    requests = audits["network-requests"]["details"]["items"]
    return PageLoad(
        page=name,
        compressed=compressed,
        scores={k: round(100 * (data["categories"][k]["score"] or 0)) for k in CATEGORIES},
        first_paint_ms=audits["first-contentful-paint"]["numericValue"],
        largest_paint_ms=audits["largest-contentful-paint"]["numericValue"],
        bytes=int(audits["total-byte-weight"]["numericValue"]),
        gzip_bytes=copies_weight(site, base, requests, compressed, ".gz"),
        brotli_bytes=copies_weight(site, base, requests, compressed, ".br"),
    )


def copies_weight(
    site: Path, base: str, requests: list[dict[str, Any]], compressed: bool, suffix: str
) -> int:
    """Return what these requests weigh with each file's copy of `suffix` sent, where it has one.

    A request keeps its headers and the files without a copy; what it was sent (the file, or
    with `compressed` the copy the server chose) is swapped for the copy of `suffix`.
    """
    total = 0
    for request in requests:
        transferred = int(request.get("transferSize") or 0)
        file = _site_file(site, base, str(request.get("url", "")))
        if transferred == 0 or file is None:  # from the cache, a data: URL, nothing of the site's
            total += transferred
            continue
        sent = _chosen(file, (".br", ".gz") if compressed else ())
        wanted = _chosen(file, (suffix,))
        total += max(transferred - sent.stat().st_size, 0) + wanted.stat().st_size
    return total


def _site_file(site: Path, base: str, url: str) -> Path | None:
    if not url.startswith(base):
        return None
    path = site / unquote(urlsplit(url).path).lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def _chosen(file: Path, suffixes: tuple[str, ...]) -> Path:
    """Return the first copy of `file` there is among `suffixes`, else the file."""
    for suffix in suffixes:
        copy = file.with_name(file.name + suffix)
        if copy.is_file():
            return copy
    return file


class _Handler(http.server.SimpleHTTPRequestHandler):
    """A static server; with `precompressed`, it sends a file's .br or .gz copy if asked."""

    precompressed = False

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepted = self.headers.get("Accept-Encoding", "")
        if self.precompressed and path.is_file():
            for suffix, coding in ((".br", "br"), (".gz", "gzip")):
                copy = path.with_name(path.name + suffix)
                if coding in accepted and copy.is_file():
                    body = copy.open("rb")
                    self.send_response(200)
                    self.send_header("Content-Type", self.guess_type(str(path)))
                    self.send_header("Content-Encoding", coding)
                    self.send_header("Content-Length", str(copy.stat().st_size))
                    self.send_header("Vary", "Accept-Encoding")
                    self.end_headers()
                    return body
        return super().send_head()


@contextmanager
def _serve(site: Path, precompressed: bool) -> Iterator[str]:
    handler = type("Handler", (_Handler,), {"precompressed": precompressed})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def lab_pages(site: Path) -> dict[str, str]:
    """Return a built lab site's home and its eighth chapter (or the last there is)."""
    chapters = sorted(p.name for p in site.iterdir() if p.is_dir() and p.name[:2].isdigit())
    chapter = next((c for c in chapters if c.startswith("08-")), chapters[-1])
    return {"home": "", "chapter": f"{chapter}/"}


def shared_lab_site(shared: Path, work: Path) -> Path:
    """Build a real Learning Lab with its deck (ll202508) into `work`; return the site."""
    lab = work / "ll202508"
    lab.mkdir(parents=True)
    shutil.copyfile(shared / "labs" / "ll202508.md", lab / "notes.md")
    shutil.copyfile(shared / "decks" / "learning-lab-dfc-202508.pdf", lab / "deck.pdf")
    site = work / "site"
    command = [sys.executable, "-m", "generator", "build", str(lab), "--out", str(site)]
    subprocess.run([*command, "--cache-dir", str(work / "cache")], check=True, capture_output=True)
    return site


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lighthouse", description=__doc__)
    parser.add_argument(
        "site", type=Path, nargs="?", help="a built site (default: build the default lab)"
    )
    parser.add_argument("--runs", type=int, default=RUNS, help="runs of each page (median kept)")
    args = parser.parse_args(argv)
    why = available()
    if why:
        print(why, file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="lighthouse-site-") as scratch:
        site = args.site or Path(scratch) / "site"
        if args.site is None:
            lab = Path(scratch) / "lab"
            shutil.copytree(ROOT / "assets" / "labs" / "ll202509", lab)
            command = [sys.executable, "-m", "generator", "build", str(lab), "--out", str(site)]
            subprocess.run([*command, "--cache-dir", str(Path(scratch) / "cache")], check=True)
        for load in measure(site, lab_pages(site), max(1, args.runs)):
            print(load.line())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
