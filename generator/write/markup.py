"""Render the markup of the labs' pages from Jinja templates that a site's theme may override.

The templates are `labsite/NAME.html`: a site's theme folders are searched first (its
`custom_dir` holds `labsite/chapter.html` to change the chapter pages), then the package's
own (`generator/templates/labsite/`). The page writers compute what a page says; the
templates only lay it out.

Every value a template prints is escaped unless it is `Markup` (sanitized notes HTML, a
code fence, another template's output). Escaping is the pages' own (`formats.escape`):
quotes, and the backticks and tildes that would open a code fence in the page's Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
)
from markupsafe import Markup

from generator.errors import InputError
from generator.formats import clock, duration, escape, long_date, markdown_text, moment

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "labsite"
"""The templates that come with the package; a theme's `labsite/NAME.html` replaces one."""
FOLDER = "labsite"


class Templates:
    """The page templates of one site: its theme's `labsite/` overrides, then the package's."""

    def __init__(self, theme_dirs: Sequence[str] = ()) -> None:
        self.theme_dirs = tuple(theme_dirs)
        loaders: list[BaseLoader] = [FileSystemLoader(list(theme_dirs))] if theme_dirs else []
        loaders.append(PrefixLoader({FOLDER: FileSystemLoader(str(PACKAGE_TEMPLATES))}))
        self.env = Environment(
            loader=ChoiceLoader(loaders),
            autoescape=True,
            undefined=StrictUndefined,
            finalize=_escaped,
            # A page's lines are the template's lines; block tags take no line of their own.
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # One instance per build: a template changed while serving is read by the next one.
            auto_reload=False,
        )
        self.env.filters.update(
            clock=clock,
            duration=duration,
            long_date=long_date,
            moment=moment,
            tenths=tenths,
            markdown=markdown,
            note=note,
            html_in_attribute=html_in_attribute,
            indent_block=indent_block,
        )

    def render(self, name: str, **context: Any) -> str:
        """Return the template `labsite/NAME` filled with `context`."""
        try:
            return self.env.get_template(f"{FOLDER}/{name}").render(**context)
        except TemplateError as err:
            raise _located(err, name) from None

    def macro(self, name: str, macro: str, *args: Any, **kwargs: Any) -> Markup:
        """Return what the macro `macro` of the template `labsite/NAME` makes of its arguments."""
        try:
            module = self.env.get_template(f"{FOLDER}/{name}").module
            return Markup(getattr(module, macro)(*args, **kwargs))
        except TemplateError as err:
            raise _located(err, name) from None

    def __repr__(self) -> str:
        return f"Templates({list(self.theme_dirs)!r})"


def _located(err: TemplateError, name: str) -> InputError:
    """Return a mistake in a template (a theme's override, say) as an error at its line."""
    if isinstance(err, TemplateSyntaxError) and err.filename:
        return InputError(err.filename, err.lineno, err.message or str(err))
    file, line = f"{FOLDER}/{name}", 0
    trace = err.__traceback__
    while trace is not None:  # Jinja gives each template's frame the template's file and line
        if trace.tb_frame.f_code.co_filename.endswith(".html"):
            file, line = trace.tb_frame.f_code.co_filename, trace.tb_lineno
        trace = trace.tb_next
    return InputError(file, line, str(err))


def _escaped(value: object) -> object:
    """Escape a printed value as the pages do, unless it is markup already."""
    if hasattr(value, "__html__"):
        return value
    return Markup(escape(str(value)))


def tenths(seconds: float) -> str:
    """Format seconds to a tenth, as the page script reads `data-start`: `27.0`."""
    return f"{seconds:.1f}"


def markdown(text: str) -> Markup:
    """Return text that Markdown shows literally (a heading's, a tab's label)."""
    return Markup(markdown_text(text))


def note(text: str) -> Markup:
    """Return a notice for readers as HTML, its `commands` shown as code."""
    return Markup(re.sub(r"&#96;(.+?)&#96;", r"<code>\1</code>", escape(text)))


def html_in_attribute(text: str) -> str:
    """Escape text that a script puts into the page as HTML (GLightbox's title and
    description); printed in an attribute, it is escaped once more."""
    return escape(text)


def indent_block(text: str) -> Markup:
    """Indent every line but empty ones by four spaces: a block inside a content tab."""
    lines = str(text).split("\n")
    indented = "\n".join(("    " + line) if line else "" for line in lines)
    return Markup(indented) if hasattr(text, "__html__") else Markup(escape(indented))


DEFAULT = Templates()
"""The package's templates alone, for pages written without a site's theme."""
