"""Hostile lab folders for property tests, and the checks that built HTML is inert."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from htmlparts import Element, elements
from hypothesis import strategies as st
from labs import write_lab
from pdfs import write_pdf

VIDEO = "abcdefghijk"

# Pieces of attacks on HTML, Markdown, URLs and the generator's own syntax.
PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><iframe src=javascript:alert(1)></iframe>",
    "<object data=javascript:alert(1)></object>",
    "<embed src=data:text/html,x>",
    "<style>*{color:red}</style>",
    "<form action=javascript:alert(1)><button formaction=javascript:alert(1)>x</button></form>",
    "<a href='javascript:alert(1)'>x</a>",
    "<a href=&#106;avascript:alert(1)>x</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<svg><animate attributeName=href values=javascript:alert(1) /></svg>",
    "<details open ontoggle=alert(1)>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "{: onclick=alert(1) }",
    '{ .x onclick="alert(1)" }',
    "[x](javascript:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](<javascript:alert(1)>)",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[x][r]",
    "[r]: javascript:alert(1)",
    "&lt;script&gt;",
    "&#60;script&#62;",
    "&amp;",
    "`",
    "```",
    "~~~",
    "*",
    "_",
    "|",
    "\\",
    "#",
    "!!! note",
    '=== "tab"',
    "{{< youtube x >}}",
    "{% raw %}",
    "{{ config }}",
    "$ rm -rf /",
    " --> ",
    "\t",
    "\x00",
    "\u202e",
    "\u200f",
    "\ufeff",
    "http://[",
)
URLS = (
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "javascript&#58;alert(1)",
    "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)",
    "jav&#x0A;ascript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "http://[",
    "//evil.example/x",
    "/relative/path",
    "https://example.com/ok",
    "mailto:someone@example.com",
    "#fragment",
    "deck.pdf",
)
# Slide text goes through a PDF in Latin-1, drawn with Helvetica. Rendering a deck takes
# a while, so the slides carry a few mixes of every printable payload (each rendered once).
ASCII_PAYLOADS = tuple(p for p in PAYLOADS if p.isascii() and p.isprintable())
SLIDE_TEXTS = tuple(" ".join(ASCII_PAYLOADS[start::6]) for start in range(6))
_TEXT = st.characters(exclude_categories=("Cs", "Cc", "Co", "Cn"))


def _pieces(payloads: tuple[str, ...], alphabet: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(payloads), st.text(alphabet=alphabet, max_size=6))
    return st.lists(piece, min_size=1, max_size=5).map("".join)


text = _pieces(PAYLOADS, _TEXT)
"""Any hostile text, on one or more lines."""
line = text.map(lambda value: " ".join(value.split()) or "x")
"""Hostile text on one line, never empty."""
url = st.one_of(st.sampled_from(URLS), line.map(lambda value: value.replace(" ", "")))


@dataclass(frozen=True)
class Hostile:
    """Every text field a lab can carry."""

    title: str
    linktitle: str
    description: str
    tags: tuple[str, str]
    presenter: str
    intro: str
    reference: str
    chapters: tuple[str, str]
    heading: str
    fence_info: str
    code: str
    resource_title: str
    resource_url: str
    deck_url: str
    site: str
    config_presenter: str
    config_deck_url: str
    video_title: str
    video_description: str
    video_chapter: str
    captions: tuple[str, str]
    slide_title: str
    slide_text: str
    demo_name: str


def _file_name(value: str) -> str:
    """Return a hostile string as a name a file can have."""
    name = value.replace("/", "|").replace("\x00", "0").encode()[:200].decode(errors="ignore")
    return name.strip(". ") or "x"


labs = st.builds(
    Hostile,
    title=line,
    linktitle=line,
    description=text,
    tags=st.tuples(line, line),
    presenter=line,
    intro=text,
    reference=url,
    chapters=st.tuples(line, line),
    heading=line,
    fence_info=line,
    code=text,
    resource_title=line,
    resource_url=url,
    deck_url=url,
    site=url,
    config_presenter=line,
    config_deck_url=url,
    video_title=text,
    video_description=text,
    video_chapter=text,
    captions=st.tuples(text, text),
    slide_title=st.sampled_from(SLIDE_TEXTS).map(lambda value: f"Slide {value[:40]}"),
    slide_text=st.sampled_from(SLIDE_TEXTS),
    demo_name=line.map(_file_name),
)

BENIGN = Hostile(
    title="A calm lab",
    linktitle="Calm",
    description="About static images.",
    tags=("containers", "go"),
    presenter="Ada Lovelace",
    intro="We build **images** with [docs](https://example.com) and `code`.",
    reference="https://example.com/ref",
    chapters=("Welcome", "Building"),
    heading="Build it",
    fence_info="sh",
    code="echo hello",
    resource_title="Guide",
    resource_url="https://example.com/guide",
    deck_url="/downloads/deck.pdf",
    site="https://example.com",
    config_presenter="Ada Lovelace",
    config_deck_url="https://example.com/deck.pdf",
    video_title="Calm",
    video_description="A talk.",
    video_chapter="Welcome",
    captions=("Hello and welcome.", "Now we build."),
    slide_title="Static images",
    slide_text="Smaller and safer",
    demo_name="Dockerfile",
)


def _no_fences(value: str) -> str:
    """Keep a fence in a field from swallowing the rest of the notes (that is a notes error)."""
    return value.replace("```", "``").replace("~~~", "~~")


def write_hostile_lab(parent: Path, name: str, lab: Hostile) -> Path:
    """Write a lab folder that carries the hostile strings in every field."""

    def scalar(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    intro = "\n".join(
        line for line in _no_fences(lab.intro).split("\n") if not line.lstrip().startswith("#")
    )
    notes = (
        "---\n"
        f"title: {scalar(lab.title)}\n"
        f"linktitle: {scalar(lab.linktitle)}\n"
        f"description: {scalar(lab.description)}\n"
        "date: 2025-09-01\n"
        f"tags: {scalar(list(lab.tags))}\n"
        f"presenter: {scalar(lab.presenter)}\n"
        "---\n\n"
        f"{intro}\n\nSee [the reference][ref] and [that][ref].\n\n"
        f"[ref]: {lab.reference.replace(chr(10), '')}\n\n"
        f"{{{{< youtube {VIDEO} >}}}}\n\n"
        "## Sections\n\n"
        f"- [0:00](https://youtu.be/{VIDEO}) One {lab.chapters[0]}\n"
        f"- [1:00](https://youtu.be/{VIDEO}?t=60) Two {lab.chapters[1]}\n\n"
        f"### One {_no_fences(lab.heading)}\n\n"
        f"```{_no_fences(lab.fence_info).replace('`', '')}\n{_no_fences(lab.code)}\n```\n\n"
        "## Resources\n\n"
        f"- [Slide deck {lab.resource_title}]({lab.deck_url})\n"
        f"- [{lab.resource_title}]({lab.resource_url})\n"
    )
    config = (
        f"site: {scalar(lab.site)}\n"
        f"presenter: {scalar(lab.config_presenter)}\n"
        f"deck_url: {scalar(lab.config_deck_url)}\n"
        "demo:\n  zip: demo\n  chapters:\n"
        f"    - chapter: 0\n      files: [{scalar('demo/' + lab.demo_name)}]\n"
    )
    info = {
        "id": VIDEO,
        "title": lab.video_title,
        "description": lab.video_description,
        "duration": 120,
        "chapters": [
            {"start_time": 0, "title": lab.video_chapter},
            {"start_time": 60, "title": lab.video_chapter},
        ],
    }
    cues = "".join(
        f"00:{start:02d}.000 --> 00:{start + 20:02d}.000\n{text}\n\n"
        for start, text in zip((1, 30), lab.captions, strict=True)
    )
    folder = write_lab(
        parent,
        name,
        {
            "notes.md": notes,
            f"demo/{lab.demo_name}": lab.code,
            "lab.yml": config,
            f"video/{VIDEO}.info.json": json.dumps(info),
            f"video/{VIDEO}.en.vtt": f"WEBVTT\n\n{cues}",
        },
    )
    write_pdf(
        folder / "deck.pdf",
        [[("One", 40)], [(lab.slide_title, 40), (lab.slide_text, 20)]],
    )
    return folder


# Where a browser follows or loads a URL (or, for SVG animation, sets one).
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background"}
    | {"cite", "srcset", "ping", "manifest", "codebase", "longdesc", "usemap", "profile"}
    | {"icon", "archive", "classid", "lowsrc", "dynsrc", "to", "from", "values", "by"}
)
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
FOREIGN = frozenset(
    {"script", "iframe", "object", "embed", "style", "form", "base", "frame", "frameset"}
    | {"applet", "link", "meta", "noscript", "template", "animate", "set", "foreignobject"}
)
"""Elements no content of a lab may bring into a page."""
# GLightbox puts these attributes into the page as HTML.
HTML_ATTRIBUTES = frozenset({"data-title", "data-description"})


def _browser_url(value: str) -> str:
    """Return a URL the way a browser reads it: no tabs or newlines, no edges, any case."""
    return re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(0x21)))).lower()


def unsafe(html: str, allowed: Callable[[Element], bool] = lambda element: False) -> list[str]:
    """Return what in `html` could run script; `allowed` tells the site's own elements."""
    found = []
    for element in elements(html):
        # Every attribute as written, repeats too: any of them may be the one a browser reads.
        for name, value in element.attributes:
            if name.startswith("on"):
                found.append(f"<{element.tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES:
                candidates = value.split(",") if name == "srcset" else [value]
                if any(_browser_url(c).startswith(BAD_SCHEMES) for c in candidates):
                    found.append(f"<{element.tag} {name}={value!r}>")
            if name == "style" and re.search(r"expression|url\s*\(|javascript", value, re.I):
                found.append(f"<{element.tag} style={value!r}>")
            if name in HTML_ATTRIBUTES and elements(value):
                found.append(f"<{element.tag} {name}={value!r}> is HTML")
        if element.tag in FOREIGN and not allowed(element):
            found.append(f"foreign <{element.tag} {element.attrs}>")
    return found
