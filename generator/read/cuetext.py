"""Read a cue's text as the WebVTT cue text parsing rules do: the words, and who says them.

Every `<` starts a tag that runs to the next `>` or to the end of the cue, so `a <b`,
`<c.` and `&<` leave only the text before them; character references are HTML's (`&amp;`,
`&lt;`, `&nbsp;`, `&copy;`, ...); timestamp tags (`<00:01.500>`) are markup, not words.
A `<v Name>` tag says who speaks until its `</v>` or the end of the cue. Ruby text (`<rt>`,
a reading aid printed above its base text) is left out, as in WebVTT's chapter titles.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_WHITESPACE = "\t\n\f "
# The elements the tree builder makes; other tags are dropped and their text kept.
_ELEMENTS = frozenset({"c", "i", "b", "u", "ruby", "rt", "v", "lang"})


@dataclass(frozen=True)
class Said:
    """A stretch of a cue's text and the voice it is in (None outside any `<v>`)."""

    text: str
    voice: str | None


# A tag runs from "<" to the next ">" or to the end of the cue; text runs to the next "<".
_TOKEN = re.compile(r"<([^>]*)>?|[^<]+")
_TAG = re.compile(r"<[^>]*>?")


def read(raw: str) -> tuple[Said, ...]:
    """Return the cue's text in stretches of one voice each, entities decoded, tags dropped."""
    if "<v" not in raw and "<rt" not in raw:
        # Without voices or ruby text, the tree keeps every piece of text between tags.
        text = plain(raw)
        return (Said(text, None),) if text else ()
    open_: list[tuple[str, str | None]] = []
    said: list[Said] = []
    for token in _TOKEN.finditer(raw):
        body = token.group(1)
        if body is None:
            if any(name == "rt" for name, _ in open_):
                continue
            text = html.unescape(token.group(0))
            voice = next((v for name, v in reversed(open_) if name == "v"), None)
            if said and said[-1].voice == voice:
                said[-1] = Said(said[-1].text + text, voice)
            else:
                said.append(Said(text, voice))
        elif body.startswith("/"):
            _close(open_, body[1:])
        elif not body[:1].isdigit():  # a digit starts a timestamp tag
            _open(open_, body)
    return tuple(said)


def plain(raw: str) -> str:
    """Return the cue's text without its markup, entities decoded."""
    if "<v" in raw or "<rt" in raw:
        return "".join(part.text for part in read(raw))
    return "".join(html.unescape(piece) for piece in _TAG.split(raw))


def _open(open_: list[tuple[str, str | None]], body: str) -> None:
    """Open the element a start tag (its inside: name, classes, annotation) makes, if any."""
    head, annotation = body, ""
    for index, char in enumerate(body):
        if char in _WHITESPACE:
            head, annotation = body[:index], body[index + 1 :]
            break
    name = head.split(".", 1)[0]
    if name not in _ELEMENTS or (name == "rt" and (not open_ or open_[-1][0] != "ruby")):
        return
    voice = " ".join(html.unescape(annotation).split()) if name == "v" else None
    open_.append((name, voice))


def _close(open_: list[tuple[str, str | None]], name: str) -> None:
    """Close the current element when an end tag names it (`</ruby>` also closes its `<rt>`)."""
    if open_ and open_[-1][0] == name:
        open_.pop()
    elif open_ and name == "ruby" and open_[-1][0] == "rt":
        del open_[-2:]
