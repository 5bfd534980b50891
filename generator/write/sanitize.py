"""Turn Markdown and links from a lab's notes into HTML that carries no script.

Safety is decided on what the browser will see: the notes' Markdown is rendered first
(reference-style links resolved, entities such as `&#58;` decoded), and the HTML is then
cleaned by ammonia (through `nh3`), which keeps only text formatting and links whose
scheme is http(s) or mailto, or that are relative.
"""

from __future__ import annotations

import html
import re

TAGS = frozenset(
    {"a", "p", "em", "strong", "b", "i", "del", "s", "code", "pre", "br", "hr"}
    | {"ul", "ol", "li", "blockquote", "h3", "h4", "h5", "h6"}
)
"""What the notes' prose may become: text formatting, lists and links; no media, no forms."""
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
SCHEMES = frozenset({"http", "https", "mailto"})
# Dropped with their content, not just their tags: their text is not prose.
_DROPPED = {"script", "style", "textarea", "title", "noscript", "template"}
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
# A browser skips these around a URL, and tabs and newlines anywhere in it.
_URL_EDGES = "".join(map(chr, range(0x21)))
_URL_GAPS = re.compile(r"[\t\n\r]")


def notes_html(text: str, site: str) -> str:
    """Render Markdown from the notes to clean HTML; `/links` lead into `site`.

    Raw HTML in the notes is shown as text, the way it is written. markdown-it-py follows
    CommonMark and takes linear time on the inputs that make other parsers quadratic
    (thousands of `[` or `[x](`).
    """
    from markdown_it import MarkdownIt  # when a page is written, not on every start

    renderer = MarkdownIt("commonmark", {"html": False}).enable("strikethrough")
    return clean(renderer.render(text), site)


def clean(fragment: str, site: str) -> str:
    """Return an HTML fragment with only prose elements and safe links left."""
    import nh3  # when a page is written, not on every start

    cleaned = nh3.clean(
        fragment,
        tags=set(TAGS),
        clean_content_tags=_DROPPED,
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(SCHEMES),
        link_rel="noopener",
        url_relative=lambda url: safe_url(url, site),
    )
    # MkDocs reads the page's Markdown (fences first) before it sets raw HTML aside.
    return cleaned.replace("`", "&#96;").replace("~", "&#126;")


def safe_url(url: str, site: str) -> str | None:
    """Return the URL a browser would follow for a link of the notes, or None if it is unsafe.

    Only http(s), mailto and relative URLs are safe; `/path` is made absolute against
    `site` (the lab's web site, from lab.yml), which must itself be http(s).
    """
    seen = _URL_GAPS.sub("", url).strip(_URL_EDGES)
    if seen.startswith("/") and not seen.startswith("//") and not seen.startswith("/\\"):
        base = _URL_GAPS.sub("", site).strip(_URL_EDGES).rstrip("/")
        if not re.match(r"https?://[^/\\]", base, re.IGNORECASE):
            return None
        seen = base + seen
    scheme = _SCHEME.match(seen)
    if scheme and scheme.group(1).lower() not in SCHEMES:
        return None
    return seen


def link(url: str, text: str, site: str) -> str:
    """Return a clean `<a>` to a URL of the notes (entities decoded as Markdown would)."""
    anchor = f'<a href="{html.escape(html.unescape(url))}">{html.escape(text)}</a>'
    return clean(anchor, site)
