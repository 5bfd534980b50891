"""Load a lab's YAML without aliases and without deep nesting.

A few lines of nested aliases (`b: [*a, *a, ...]`) expand to gigabytes when loaded,
and a few thousand `[` exhaust the composer's recursion: a lab's YAML is untrusted, so
both are refused, with the line where they start, before anything is built from them.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 64
"""Deepest nesting of lists and mappings a lab's YAML may have."""


class RefusedYAML(yaml.MarkedYAMLError):
    """YAML that is well formed but refused: an alias, or nesting too deep."""


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing deep nesting (and aliases, unless allowed) as it composes."""

    def __init__(self, text: str, *, aliases: bool = False) -> None:
        super().__init__(text)
        self.aliases = aliases
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if not self.aliases and self.check_event(yaml.AliasEvent):
            event = self._next_event()
            raise RefusedYAML(
                problem=f"aliases (*{event.anchor}) are not allowed: write the value out",
                problem_mark=event.start_mark,
            )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise RefusedYAML(
                    problem=f"nested deeper than {MAX_DEPTH} levels",
                    problem_mark=self._next_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # A value PyYAML cannot build (a 5,000-digit number) is refused at its line.
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError):
            kind = node.tag.rsplit(":", 1)[-1]
            raise RefusedYAML(
                problem=f"this value cannot be read as {kind}", problem_mark=node.start_mark
            ) from None

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        # Only its form says `2025-13-45` is a date: keep it as text, which readers of
        # dates report as not a date, as they do for any other text.
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)

    def _next_event(self) -> Any:
        """Return the event the composer reads next (types-PyYAML leaves this untyped)."""
        return self.peek_event()  # type: ignore[no-untyped-call]


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def load(text: str) -> Any:
    """Return the value of a YAML document, refusing aliases and deep nesting."""
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def compose(text: str) -> yaml.Node | None:
    """Return the node tree of a YAML document, refusing aliases and deep nesting."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def check_syntax(text: str) -> None:
    """Raise `yaml.YAMLError` when a stream of YAML documents is malformed or nested too deep.

    Aliases are fine here (a compose file has many): nodes are composed, never expanded.
    """
    loader = _Loader(text, aliases=True)
    try:
        while loader.check_node():
            loader.get_node()
    finally:
        loader.dispose()
