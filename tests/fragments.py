"""Query what a page writer made: its elements by tag and class, their attributes and words.

The reading is `htmlparts.elements`; this adds the look-ups the unit tests of the write stage
make on a fragment of a page.
"""

from __future__ import annotations

from dataclasses import dataclass

from htmlparts import elements


@dataclass(frozen=True)
class Node:
    """An element: its tag, attributes and the text inside it (character references resolved)."""

    tag: str
    attrs: dict[str, str]
    raw: str
    """The text inside it as written (a script's JSON, say)."""

    @property
    def text(self) -> str:
        """Return the text with each run of white space as one space."""
        return " ".join(self.raw.split())

    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()


def find(markup: str, tag: str, cls: str | None = None) -> list[Node]:
    """Return every `tag` element of `markup` (those of class `cls`, when given), in order."""
    found = [Node(e.tag, e.attrs, e.text) for e in elements(markup) if e.tag == tag]
    return [node for node in found if cls is None or cls in node.classes()]


def one(markup: str, tag: str, cls: str | None = None) -> Node:
    """Return the only `tag` element (of class `cls`) of `markup`."""
    found = find(markup, tag, cls)
    assert len(found) == 1, f"{len(found)} <{tag} class={cls!r}> elements in {markup!r}"
    return found[0]
