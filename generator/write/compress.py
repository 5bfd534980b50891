"""Precompressed copies of a site's text files, for hosts that serve them as they are.

nginx (`gzip_static`, `brotli_static`) and Caddy (`file_server { precompressed br gzip }`)
send `page.html.gz` or `.br` to a browser that accepts it, instead of compressing every
request or not at all. Every text file past `MIN_BYTES` gets both, made deterministically
(no time or name in the gzip header). A file taken unchanged from the previous site (the
same file, hard-linked) takes its compressed copies from there too, so that a rebuild
costs what changed; any other file whose bytes were compressed before (the theme's scripts,
a page rebuilt as it was) takes them from the cache's `compressed/` store, by their hash.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import brotli

from generator.atomic import remove_unused, write_atomic

log = logging.getLogger("generator")

MIN_BYTES = 1024
"""Smaller files gain too little: a request's headers weigh as much."""
TEXT_SUFFIXES = frozenset(
    {
        ".html",
        ".css",
        ".js",
        ".mjs",
        ".json",
        ".xml",
        ".svg",
        ".txt",
        ".vtt",
        ".srt",
        ".map",
        ".webmanifest",
        ".wasm",
    }
)
"""Files that compress well; images, fonts, PDFs, videos and Pagefind's chunks are packed."""
GZIP_LEVEL = 9
BROTLI_QUALITY = 9
"""Brotli's 10 and 11 save a little more, at ten times the time."""
_MAKER = (
    f"gzip {GZIP_LEVEL} zlib {zlib.ZLIB_RUNTIME_VERSION} "
    f"brotli {BROTLI_QUALITY} {brotli.__version__}\0"
).encode()
"""What makes the copies: part of their key in the store."""


@dataclass(frozen=True)
class Compressed:
    """What precompression made."""

    files: int
    taken: int
    """Files whose compressed copies came from the previous site."""
    bytes_in: int
    gzip_bytes: int
    brotli_bytes: int


def compress_site(
    site_dir: Path, previous: Path | None = None, *, workers: int = 1, store: Path | None = None
) -> Compressed:
    """Write `.gz` and `.br` beside every text file of `site_dir` past `MIN_BYTES`.

    `workers` threads compress at once: zlib and Brotli let go of Python's lock while they
    work, so each thread keeps a core busy. With `store` (a cache folder), copies made before
    of the same bytes are taken from it, and the new ones kept there.
    """
    chosen = [path for path in _text_files(site_dir) if path.stat().st_size >= MIN_BYTES]

    def one(path: Path) -> tuple[int, bool, int, int]:
        old = previous / path.relative_to(site_dir) if previous is not None else None
        taken = old is not None and _take(path, old)
        if not taken:
            data = path.read_bytes()
            packed = _stored(store, data) if store is not None else None
            if packed is None:
                packed = (
                    gzip.compress(data, GZIP_LEVEL, mtime=0),
                    brotli.compress(data, quality=BROTLI_QUALITY),
                )
                if store is not None:
                    _store(store, data, packed)
            write_atomic(_beside(path, ".gz"), packed[0])
            write_atomic(_beside(path, ".br"), packed[1])
        sizes = [_beside(path, suffix).stat().st_size for suffix in (".gz", ".br")]
        return path.stat().st_size, taken, sizes[0], sizes[1]

    if workers > 1 and len(chosen) > workers:
        with ThreadPoolExecutor(workers) as pool:
            done = list(pool.map(one, chosen))
    else:
        done = [one(path) for path in chosen]
    return Compressed(
        files=len(done),
        taken=sum(taken for _, taken, _, _ in done),
        bytes_in=sum(size for size, _, _, _ in done),
        gzip_bytes=sum(size for _, _, size, _ in done),
        brotli_bytes=sum(size for _, _, _, size in done),
    )


def prune_store(store: Path, days: float) -> int:
    """Remove the store's copies unused for `days`; return how many."""
    return remove_unused(store, "*/*.*", days)


def _entry(store: Path, data: bytes) -> Path:
    """Return where the store keeps the copies of `data`, as these settings and libraries
    make them: another level or version makes other bytes."""
    digest = hashlib.sha256(_MAKER + data).hexdigest()
    return store / digest[:2] / digest[2:34]


def _stored(store: Path, data: bytes) -> tuple[bytes, bytes] | None:
    """Return the stored copies of `data`, checked to unpack to it; None when there are none."""
    entry = _entry(store, data)
    try:
        packed = _beside(entry, ".gz").read_bytes(), _beside(entry, ".br").read_bytes()
    except OSError:
        return None
    try:
        same = gzip.decompress(packed[0]) == data and brotli.decompress(packed[1]) == data
    except (OSError, EOFError, brotli.error):
        same = False
    if not same:
        log.warning("%s: damaged compressed copies in the cache, made again", entry)
        return None
    for suffix in (".gz", ".br"):
        os.utime(_beside(entry, suffix))  # used: kept by `prune_store`
    return packed


def _store(store: Path, data: bytes, packed: tuple[bytes, bytes]) -> None:
    entry = _entry(store, data)
    write_atomic(_beside(entry, ".gz"), packed[0])
    write_atomic(_beside(entry, ".br"), packed[1])


def _text_files(site_dir: Path) -> Iterator[Path]:
    for folder, _, names in os.walk(site_dir):
        for name in names:
            path = Path(folder, name)
            if path.suffix in TEXT_SUFFIXES and not path.is_symlink():
                yield path


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _take(path: Path, old: Path) -> bool:
    """Link the previous site's compressed copies of the very same file, if it has them."""
    try:
        same = os.path.samefile(path, old)
    except OSError:
        return False
    if not same:
        return False
    copies = [(_beside(old, s), _beside(path, s)) for s in (".gz", ".br")]
    if not all(source.is_file() and not source.is_symlink() for source, _ in copies):
        return False
    for source, target in copies:
        target.unlink(missing_ok=True)
        os.link(source, target)
    return True
