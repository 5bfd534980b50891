"""Download a lab's slide deck: a PDF at a web address, checked as it streams, stored atomically."""

from __future__ import annotations

import contextlib
import http.client
import os
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import urljoin, urlsplit

from generator.errors import FetchError

USER_AGENT = "labsite-generator/0.1 (Python urllib)"
MAX_DECK_BYTES = 300 * 1024 * 1024
CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchReport:
    """What a fetch did, as paths relative to the lab directory."""

    fetched: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    """Files already complete, not downloaded again."""
    failed: tuple[str, ...] = ()
    """What the source does not offer (e.g. no English captions); errors raise FetchError."""

    def __add__(self, other: FetchReport) -> FetchReport:
        return FetchReport(
            self.fetched + other.fetched, self.skipped + other.skipped, self.failed + other.failed
        )

    def summary(self) -> str:
        """Return the report as one line for the person who ran the fetch."""
        parts = [f"fetched {', '.join(self.fetched)}" if self.fetched else "nothing new fetched"]
        if self.skipped:
            parts.append(f"{len(self.skipped)} file(s) already present")
        if self.failed:
            parts.append(f"not available: {'; '.join(self.failed)}")
        return "; ".join(parts)

    def under(self, folder: str) -> FetchReport:
        """Return the report with every path inside `folder`."""
        return FetchReport(
            tuple(f"{folder}/{n}" for n in self.fetched),
            tuple(f"{folder}/{n}" for n in self.skipped),
            self.failed,
        )


def fetch_deck(
    deck_url: str, dest: Path, *, site: str, timeout: float = 20, retries: int = 3
) -> FetchReport:
    """Download the slide deck to `dest` unless a PDF is already there."""
    if _is_pdf(dest):
        return FetchReport(skipped=(dest.name,))
    url = resolve_url(deck_url, site)
    reason = ""
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(min(4.0, 0.5 * 2 ** (attempt - 1)))
        try:
            _download_pdf(url, dest, timeout)
            return FetchReport(fetched=(dest.name,))
        except urllib.error.HTTPError as err:
            reason = f"HTTP {err.code} {err.reason}"
            if err.code < 500 and err.code != 429:
                break
        except (urllib.error.URLError, http.client.HTTPException, OSError) as err:
            reason = str(getattr(err, "reason", "") or err) or type(err).__name__
        except FetchError as err:
            reason = str(err)
            break
    raise FetchError(f"could not download the deck from {url}: {reason}")


def resolve_url(url: str, site: str) -> str:
    """Resolve a link from the notes against the site; only http(s) links are followed."""
    try:
        if not urlsplit(url).scheme:
            url = urljoin(site.rstrip("/") + "/", url)
        web = urlsplit(url).scheme in ("http", "https")
    except ValueError:  # "http://[" and the like
        web = False
    if not web:
        raise FetchError(f"not a web address: {url}")
    return url


def _download_pdf(url: str, dest: Path, timeout: float) -> None:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        expected = response.headers.get("Content-Length")

        def write(out: IO[bytes]) -> None:
            size = _copy_stream(response, out)
            if expected and expected.isdecimal() and size != int(expected):
                raise http.client.IncompleteRead(b"", int(expected) - size)

        _write_atomic(dest, write)


def _copy_stream(source: IO[bytes], out: IO[bytes]) -> int:
    """Copy a PDF download, refusing what is not a PDF or is too large; return its size."""
    size = 0
    while chunk := source.read(CHUNK):
        if not size and not chunk.startswith(b"%PDF"):
            raise FetchError(f"the deck is not a PDF (it starts with {chunk[:16]!r})")
        size += len(chunk)
        if size > MAX_DECK_BYTES:
            raise FetchError(f"the deck is larger than {MAX_DECK_BYTES // 2**20} MB")
        out.write(chunk)
    if not size:
        raise FetchError("the deck download is empty")
    return size


def _write_atomic(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write a file through a temporary file in the same folder, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(4) == b"%PDF"
    except OSError:
        return False
