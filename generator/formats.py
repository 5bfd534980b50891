"""Format model values for pages: times, durations, slugs, escaped text."""

from __future__ import annotations

import html
import math
import re
import unicodedata
from datetime import date

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def clock(seconds: float) -> str:
    """Format seconds as `M:SS`, or `H:MM:SS` from one hour on."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def moment(seconds: float) -> int:
    """Return the whole second a `#t=` link gives for what starts at `seconds`.

    The first second at or after the start (as pages write it, to a tenth): a page opened
    there shows that slide or paragraph, not the one before it.
    """
    return max(0, math.ceil(round(seconds, 1)))


def long_date(day: date) -> str:
    """Format a date as "September 4, 2025" (in English, whatever the machine's locale)."""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def duration(seconds: float) -> str:
    """Format a length as `3 min 15 s`, `1 h 2 min` or `45 s`."""
    whole = max(0, round(seconds))
    if whole >= 3600:
        # Past an hour, to the nearest minute: 59 s more is "1 h 1 min", not "1 h".
        hours, minutes = divmod(round(whole / 60), 60)
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    minutes, secs = divmod(whole, 60)
    if minutes:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    return f"{secs} s"


def slugify(text: str, limit: int = 60, fallback: str = "chapter") -> str:
    """Return a lower-case ASCII slug of `text`, cut at a word boundary near `limit`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or fallback


def escape(text: str) -> str:
    """Escape text for HTML, quotes included, and for the Markdown page it is written into.

    MkDocs looks for code fences (``` or ~~~) before it sets raw HTML aside, so a line of
    slide text or a caption that opens a fence would turn the page around it into code.
    """
    return html.escape(text, quote=True).replace("`", "&#96;").replace("~", "&#126;")


def markdown_text(text: str) -> str:
    """Escape text so that Markdown shows it literally (no markup, no HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def shorten(text: str, limit: int) -> str:
    """Return text on one line, cut at a word boundary with "…" when longer than `limit`."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + "…"
