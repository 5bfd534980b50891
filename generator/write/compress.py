"""Precompressed copies of a site's text files, for hosts that serve them as they are.

nginx (`gzip_static`, `brotli_static`) and Caddy (`file_server { precompressed br gzip }`)
send `page.html.gz` or `.br` to a browser that accepts it, instead of compressing every
request or not at all. Every text file past `MIN_BYTES` gets both, made deterministically
(no time or name in the gzip header). A file taken unchanged from the previous site (the
same file, hard-linked) takes its compressed copies from there too, so that a rebuild
costs what changed.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import brotli

from generator.cache import write_atomic

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


@dataclass(frozen=True)
class Compressed:
    """What precompression made."""

    files: int
    taken: int
    """Files whose compressed copies came from the previous site."""
    bytes_in: int
    gzip_bytes: int
    brotli_bytes: int


def compress_site(site_dir: Path, previous: Path | None = None) -> Compressed:
    """Write `.gz` and `.br` beside every text file of `site_dir` past `MIN_BYTES`."""
    files = taken = bytes_in = gzip_bytes = brotli_bytes = 0
    for path in _text_files(site_dir):
        data_size = path.stat().st_size
        if data_size < MIN_BYTES:
            continue
        files += 1
        bytes_in += data_size
        relative = path.relative_to(site_dir)
        old = previous / relative if previous is not None else None
        if old is not None and _take(path, old):
            taken += 1
        else:
            data = path.read_bytes()
            write_atomic(_beside(path, ".gz"), gzip.compress(data, GZIP_LEVEL, mtime=0))
            write_atomic(_beside(path, ".br"), brotli.compress(data, quality=BROTLI_QUALITY))
        gzip_bytes += _beside(path, ".gz").stat().st_size
        brotli_bytes += _beside(path, ".br").stat().st_size
    return Compressed(files, taken, bytes_in, gzip_bytes, brotli_bytes)


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
