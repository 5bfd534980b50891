"""Read an HTML page as a list of its elements: tag, attributes, text and line of each."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)
"""Elements without an end tag: nothing is ever inside them."""


@dataclass(frozen=True)
class Element:
    """An element of a page, as html.parser reads it."""

    tag: str
    attributes: tuple[tuple[str, str], ...]
    """Every attribute in the order written, repeats included; one without a value is ""."""
    text: str
    """All the text inside it, its children's too, with character references resolved."""
    line: int
    """The line its start tag is on, from 1."""
    depth: int
    """How many elements it is inside."""

    @property
    def attrs(self) -> dict[str, str]:
        """Return the attributes by name (of a repeated one, the last value)."""
        return dict(self.attributes)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Element] = []
        # For each element not closed yet: where it is in `found`, its first piece of text.
        self._open: list[tuple[int, int]] = []
        self._pieces: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(tag, attrs)
        if tag not in VOID:
            self._open.append((len(self.found) - 1, len(self._pieces)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        # An end tag also closes the elements opened inside it and left open (a <p>, an <li>).
        for depth in range(len(self._open) - 1, -1, -1):
            if self.found[self._open[depth][0]].tag == tag:
                self._close_from(depth)
                return

    def handle_data(self, data: str) -> None:
        self._pieces.append(data)

    def close(self) -> None:
        super().close()
        self._close_from(0)

    def _add(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = tuple((name, value or "") for name, value in attrs)
        line = self.getpos()[0]
        self.found.append(Element(tag, attributes, "", line, len(self._open)))

    def _close_from(self, depth: int) -> None:
        """Close the open elements from `depth` in: each gets the text written inside it."""
        while len(self._open) > depth:
            index, first = self._open.pop()
            text = "".join(self._pieces[first:])
            self.found[index] = dataclasses.replace(self.found[index], text=text)


def elements(html: str) -> list[Element]:
    """Return every element of `html` in the order their start tags come."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.found


def inside(found: Sequence[Element], outer: Callable[[Element], bool]) -> list[Element]:
    """Return the elements of `found` (a page's, in order) inside any that `outer` picks."""
    held = []
    depth: int | None = None  # of the picked element the walk is in, if it is in one
    for element in found:
        if depth is not None and element.depth <= depth:
            depth = None
        if depth is not None:
            held.append(element)
        elif outer(element):
            depth = element.depth
    return held
