"""How cost grows with the catalog: 10 → 120 (→ 1,000) labs of 50-minute talks.

For each size: the first build (empty cache), a full build with a warm cache into a new
folder, and a rebuild after one lab's notes changed, those two in turns; bytes and build
time per page; the peak memory of the build's whole process tree; the search index's size;
and in Chromium, over HTTP, how long typing a word takes to show results and how many bytes
the reader downloads for them, against the theme's own search of the same site.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.catalog import make_catalog
from bench.inputs import derive_config
from bench.report import Row
from bench.timing import Measured, interleave, process

MIB = 1024 * 1024
QUERY = "wonderful"
"""A word of the caption sample: every lab's transcript says it, in many chapters."""
SEARCH_TIMEOUT = 120.0
SEARCH_FILES = ("/search/", "/pagefind/", "/workers/search", "search-worker.js")
"""What a reader downloads to search: an index, its chunks, the workers."""


@dataclass(frozen=True)
class Size:
    """What one catalog size measured."""

    labs: int
    pages: int
    first: Measured
    """The first build: empty cache, new folder, labs loaded on every core (the default)."""
    first_one: Measured
    """The same first build with `--jobs 1`: labs loaded one at a time."""
    full: Measured
    """Warm cache, every page made again (`--fresh`), the previous site replaced."""
    edit: Measured
    """Warm cache, same folder, one lab's notes changed."""
    shards: tuple[Measured, ...]
    """The first build split in two shards (`--shard K/2`), each with a cache of its own as
    on a machine of its own, run one after the other here."""
    merge: Measured
    """`merge` of the shards' parts into the site, empty cache."""
    html_bytes: int
    index_bytes: int
    search: SearchTiming | None
    theme_search: SearchTiming | None

    def as_dict(self) -> dict[str, Any]:
        """Return the figures for results.json."""
        return {
            "labs": self.labs,
            "pages": self.pages,
            "first_build_s": self.first.seconds,
            "first_build_peak_mib": (self.first.peak_bytes or 0) / MIB,
            "first_build_one_job_s": self.first_one.seconds,
            "full_build_s": self.full.seconds,
            "full_build_runs": self.full.times,
            "full_build_peak_mib": (self.full.peak_bytes or 0) / MIB,
            "rebuild_after_edit_s": self.edit.seconds,
            "rebuild_after_edit_runs": self.edit.times,
            "shard_builds_s": [shard.seconds for shard in self.shards],
            "merge_s": self.merge.seconds,
            "merge_peak_mib": (self.merge.peak_bytes or 0) / MIB,
            "html_bytes_per_page": self.html_bytes / self.pages,
            "first_build_ms_per_page": 1000 * self.first.seconds / self.pages,
            "full_build_ms_per_page": 1000 * self.full.seconds / self.pages,
            "search_index_bytes": self.index_bytes,
            "search": self.search.as_dict() if self.search else None,
            "theme_search": self.theme_search.as_dict() if self.theme_search else None,
        }


@dataclass(frozen=True)
class SearchTiming:
    """A query typed into the search box: time to the first results, and the bytes of the
    search's files (index, chunks, workers) the page fetched for it."""

    seconds: float
    bytes: int
    results: int

    def as_dict(self) -> dict[str, Any]:
        """Return the figures for results.json."""
        return {"seconds": self.seconds, "bytes": self.bytes, "results": self.results}


def measure(
    shared: Path, work: Path, sizes: list[int], repeat: int, python: str, env: dict[str, str]
) -> list[Size]:
    """Measure every catalog size."""
    return [_size(shared, work / f"catalog-{n}", n, repeat, python, env) for n in sizes]


def _size(
    shared: Path, work: Path, count: int, repeat: int, python: str, env: dict[str, str]
) -> Size:
    labs = make_catalog(shared, work / "labs", count)
    cache, site, full = work / "cache", work / "site", work / "full"
    build = [python, "-m", "generator", "build", *map(str, labs), "--cache-dir", str(cache)]
    first = process([*build, "--out", str(site)], env=env)()
    alone = [*build[:-1], str(work / "cache-one"), "--jobs", "1", "--out", str(work / "site-one")]
    first_one = process(alone, env=env)()
    _remove(work / "site-one")
    _remove(work / "cache-one")
    shards, parts = [], []
    for number in (1, 2):
        part, shard_cache = work / f"part-{number}", str(work / f"cache-shard-{number}")
        shard_build = [*build[:-1], shard_cache, "--shard", f"{number}/2", "--out", str(part)]
        shards.append(_once(process(shard_build, env=env)()))
        parts.append(str(part))
    merge_cache = str(work / "cache-merge")
    merging = [python, "-m", "generator", "merge", *parts, "--cache-dir", merge_cache]
    merge = _once(process([*merging, "--out", str(work / "merged")], env=env)())
    for folder in ("part-1", "part-2", "cache-shard-1", "cache-shard-2", "cache-merge", "merged"):
        _remove(work / folder)
    process([*build, "--out", str(full)], env=env)()  # a site for the full builds to replace
    pages = sum(1 for p in site.rglob("*.html") if p.name != "404.html")
    html = sum(p.stat().st_size for p in site.rglob("*.html"))
    index = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    edited = _Editor(labs[len(labs) // 2] / "notes.md")
    # A thousand labs take minutes a build: fewer turns there.
    turns = repeat if count <= 200 else 1
    result = interleave(
        {
            "full": process([*build, "--out", str(full), "--fresh"], env=env),
            "edit": process([*build, "--out", str(site)], env=env),
        },
        turns,
        before={"edit": edited.toggle},
        warmup=0,
    )
    search, theme = search_latency(site), None
    # The theme's search of a thousand labs would load a 70 MB index: compared up to 200.
    if count <= 200:
        theme_site = work / "theme-site"
        config = derive_config(work / "theme-mkdocs.yml", labs, search="theme")
        process([*build, "--out", str(theme_site), "--config", str(config)], env=env)()
        theme = search_latency(theme_site)
    return Size(
        count,
        pages,
        _once(first),
        _once(first_one),
        result["full"],
        result["edit"],
        tuple(shards),
        merge,
        html,
        index,
        search,
        theme,
    )


def rows(sizes: list[Size]) -> list[Row]:
    """Return the ratios the scale promises, for the benchmark's table."""
    if not sizes:
        return []
    small, out = sizes[0], []
    for large in sizes[1:]:
        case = f"{large.labs} vs {small.labs} labs"
        out += [
            Row(
                "per page: HTML",
                case,
                large.html_bytes / large.pages / 1024,
                small.html_bytes / small.pages / 1024,
                "KiB",
                f"the same at {small.labs} labs",
                f"{large.pages} vs {small.pages} pages",
            ),
            Row(
                "per page: full build",
                case,
                large.full.seconds / large.pages,
                small.full.seconds / small.pages,
                "s",
                f"the same at {small.labs} labs",
                "warm cache, every page made",
                large.full.times,
                small.full.times,
            ),
        ]
    for size in sizes:
        out.append(
            Row(
                "first build: both cores",
                f"{size.labs} labs",
                size.first.seconds,
                size.first_one.seconds,
                "s",
                "the same build with --jobs 1",
                "empty cache; labs loaded in parallel, MkDocs' pages in one process",
            )
        )
        out.append(
            Row(
                "rebuild after an edit",
                f"{size.labs} labs",
                size.edit.seconds,
                size.full.seconds,
                "s",
                "full build (--fresh), warm cache",
                "one lab's notes changed; the other labs' pages and shards reused",
                size.edit.times,
                size.full.times,
            )
        )
        out.append(
            Row(
                "two machines: slowest shard + merge",
                f"{size.labs} labs",
                max(shard.seconds for shard in size.shards) + size.merge.seconds,
                size.first.seconds,
                "s",
                "the first build on one machine",
                f"--shard K/2 on two 2-core machines, then merge "
                f"({size.merge.seconds:.1f} s, peak {(size.merge.peak_bytes or 0) / MIB:.0f} MiB)",
            )
        )
        if size.search and size.theme_search:
            out.append(
                Row(
                    "search: first results",
                    f"{size.labs} labs",
                    size.search.seconds,
                    size.theme_search.seconds,
                    "s",
                    "the theme's own search of the same site",
                    f"Chromium over HTTP; {size.search.bytes / MIB:.2f} MiB fetched vs "
                    f"{size.theme_search.bytes / MIB:.2f} MiB",
                )
            )
    return out


def table(sizes: list[Size]) -> str:
    """Return the scale table: one line per catalog size."""
    header = (
        "labs",
        "pages",
        "first build",
        "full build",
        "after an edit",
        "per page",
        "HTML/page",
        "peak memory",
        "index",
        "search",
        "fetched",
    )
    lines = [header]
    for s in sizes:
        lines.append(
            (
                f"{s.labs:,}",
                f"{s.pages:,}",
                f"{s.first.seconds:.1f} s",
                f"{s.full.seconds:.1f} s",
                f"{s.edit.seconds:.1f} s",
                f"{1000 * s.full.seconds / s.pages:.1f} ms",
                f"{s.html_bytes / s.pages / 1024:.1f} KiB",
                f"{max(s.first.peak_bytes or 0, s.full.peak_bytes or 0) / MIB:.0f} MiB",
                f"{s.index_bytes / MIB:.1f} MiB",
                f"{s.search.seconds:.2f} s" if s.search else "–",
                f"{s.search.bytes / MIB:.2f} MiB" if s.search else "–",
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(c.rjust(w) for c, w in zip(line, widths, strict=True)) for line in lines
    )


def search_latency(site: Path) -> SearchTiming:
    """Open the site's catalog in Chromium, type `QUERY`, time the first results."""
    from selenium.webdriver.common.by import By

    from tests.browser import start_browser, wait_for

    with _counting_server(site) as (url, counter), _profile(site) as profile:
        driver = start_browser(profile)
        try:
            driver.get(url)
            # As a reader does: type as soon as the page is there. The theme's own search
            # fetches its index with the page; its bytes count from the page's start.
            box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
            box.click()
            # One query, as a user's last keystroke sends it; the page stamps when it went
            # out and when the first result was in the list.
            driver.execute_script(_TYPE, QUERY)
            seconds = wait_for(
                lambda: driver.execute_script("return window.__searched"),
                timeout=SEARCH_TIMEOUT,
                what="search results",
            )
            results = len(driver.find_elements(By.CSS_SELECTOR, ".md-search-result__item"))
            return SearchTiming(float(seconds) / 1000, counter.bytes, results)
        finally:
            driver.quit()


_TYPE = """
const word = arguments[0];
const input = document.querySelector("input.md-search__input");
const list = document.querySelector(".md-search-result__list");
const start = performance.now();
new MutationObserver((changes, observer) => {
  if (list.textContent.toLowerCase().includes(word)) {
    window.__searched = performance.now() - start;
    observer.disconnect();
  }
}).observe(list, {childList: true, subtree: true, characterData: true});
input.value = word;
input.dispatchEvent(new Event("input", {bubbles: true}));
input.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true, key: word.slice(-1)}));
"""


class _Counter:
    """Bytes a server sent since the last reset."""

    def __init__(self) -> None:
        self.bytes = 0
        self.lock = threading.Lock()

    def add(self, count: int) -> None:
        with self.lock:
            self.bytes += count

    def reset(self) -> None:
        with self.lock:
            self.bytes = 0


@contextmanager
def _counting_server(site: Path) -> Iterator[tuple[str, _Counter]]:
    counter = _Counter()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def copyfile(self, source: Any, outputfile: Any) -> None:
            data = source.read()
            if any(part in self.path for part in SEARCH_FILES):
                counter.add(len(data))
            outputfile.write(data)

    handler = functools.partial(Handler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", counter
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def _profile(site: Path) -> Iterator[Path]:
    profile = site.parent / f".chromium-{os.getpid()}"
    profile.mkdir(exist_ok=True)
    try:
        yield profile
    finally:
        _remove(profile)


class _Editor:
    """Change one lab's notes before each rebuild: a chapter title, back and forth."""

    def __init__(self, notes: Path) -> None:
        self.notes = notes
        self.flip = False

    def toggle(self) -> None:
        text = self.notes.read_text(encoding="utf-8")
        marker = " (edited)"
        lines = text.split("\n")
        for number, line in enumerate(lines):
            if line.lstrip().startswith("- [") and "](" in line:
                lines[number] = line.removesuffix(marker) if self.flip else line + marker
                break
        self.flip = not self.flip
        self.notes.write_text("\n".join(lines), encoding="utf-8")


def _once(run: Any) -> Measured:
    return Measured((run,))


def _remove(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)
