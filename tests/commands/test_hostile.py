"""No script from a lab folder runs in its pages, whatever its fields hold (property tests).

Hypothesis puts hostile strings into every text field a lab can carry at once: the notes'
front matter, intro, chapters, code and resources; lab.yml; the video's info.json; the
captions; the slides' text; a demo file's name. The pages are parsed with an HTML parser
and must hold no event handler, no javascript:, data: or vbscript: URL, and no script,
frame, object, style or form that the site's theme does not put there itself.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import markdown
import pytest
from hostile import BENIGN, Hostile, labs, unsafe, write_hostile_lab
from htmlparts import Element, elements
from hypothesis import HealthCheck, Phase, event, given, seed, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from generator.build import DEFAULT_CONFIG, build_site
from generator.errors import InputError
from generator.load import load_lab
from generator.model import Lab, hold
from generator.write.site import plan_site
from tests.sites import ROOT

SEED = 20251127
PAGES_EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "300"))
"""Labs whose pages are written and rendered with the site's Markdown settings."""
SITE_EXAMPLES = 3
"""Labs built into whole sites by MkDocs (a few seconds each)."""


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@pytest.fixture(scope="module")
def render() -> Callable[[str], str]:
    """Render a page's Markdown the way the site's MkDocs configuration does."""
    config = load_config(str(DEFAULT_CONFIG), docs_dir=str(ROOT / "docs"))
    md = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )

    def convert(text: str) -> str:
        md.reset()
        return md.convert(text)

    return convert


@pytest.fixture(scope="module")
def benign(workdir: Path) -> Lab:
    return load_lab(write_hostile_lab(workdir, "benign", BENIGN), workdir / "cache")


def _titles(nav: object) -> Iterator[str]:
    if isinstance(nav, dict):
        for title, value in nav.items():
            yield str(title)
            yield from _titles(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from _titles(item)


@seed(SEED)
@settings(
    max_examples=PAGES_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # Each example reads and renders a whole lab: shrinking would take minutes.
    phases=[Phase.explicit, Phase.generate],
)
@given(lab=labs, offline=st.booleans())
def test_pages_of_a_hostile_lab_carry_no_script(
    lab: Hostile, offline: bool, workdir: Path, render: Callable[[str], str], benign: Lab
) -> None:
    with tempfile.TemporaryDirectory(dir=workdir) as scratch:
        try:
            sources = load_lab(write_hostile_lab(Path(scratch), "hostile", lab), workdir / "cache")
        except InputError as err:
            # Refusing a lab is fine; what matters is that it is refused by name.
            assert str(err).startswith(scratch), err
            event("refused")
            return
        plan = plan_site(
            [hold(sources), hold(benign)],
            use_directory_urls=True,
            catalog_title="Labs",
            cache_dir=workdir / "cache",
            offline=offline,
        )
    for page in plan.pages:
        assert unsafe(render(page.markdown)) == [], page.src_uri
    for title in _titles(plan.nav):
        # Material prints some titles as they are: they must hold no markup at all.
        assert elements(title) == [], title


# -- whole sites --------------------------------------------------------------------


def _resolve(page: str, value: str) -> str:
    """Return a link of the page at `page` (site-relative path) as a site-relative path."""
    if re.match(r"[a-z][a-z0-9+.-]*:|/|#", value, re.I):
        return value
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), value))


def _signature(element: Element, page: str) -> tuple[str, tuple[tuple[str, str], ...], str]:
    """Describe a theme element the same way on every page, whatever its depth."""
    attrs = dict(element.attrs)
    for name in ("href", "src"):
        if name in attrs:
            attrs[name] = _resolve(page, attrs[name])
    if attrs.get("rel") in ("prev", "next"):
        attrs["href"] = ""  # where the neighbouring page is
    if attrs.get("type") == "application/atom+xml":
        attrs["title"] = ""  # the site's name: its labs' series, an attribute's text
    # A script's or a style's text is what it does; any other element's text is the page's.
    text = element.text if element.tag in ("script", "style") else ""
    text = re.sub(r'"(base|search)": "[^"]*"', r'"\1": ""', text)
    text = re.sub(r'new URL\("[^"]*",location\)', 'new URL("",location)', text)
    return element.tag, tuple(sorted(attrs.items())), text


def _card(element: Element) -> bool:
    """Tell whether an element is the page's own card: text in meta tags, data in JSON-LD.

    Their values come from the lab (titles, descriptions) but are never markup: a meta tag's
    content is an attribute's text, and JSON-LD is data a browser does not run.
    """
    attrs = element.attrs
    if element.tag == "meta" and len(attrs) == 2 and "content" in attrs:
        key = attrs.get("property") or attrs.get("name") or ""
        if not key.startswith(("og:", "twitter:")) and key != "description":
            return False
        return not (key.endswith((":url", ":image")) and _is_script_url(attrs["content"]))
    if element.tag == "script" and attrs == {"type": "application/ld+json"}:
        try:
            json.loads(element.text)
        except ValueError:
            return False
        return True
    return False


def _is_script_url(value: str) -> bool:
    return bool(unsafe(f'<a href="{html.escape(value)}"></a>'))


def _pages(site: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(site.rglob("*.html")):
        yield path.relative_to(site).as_posix(), path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def theme(workdir: Path) -> dict[bool, set[tuple[str, tuple[tuple[str, str], ...], str]]]:
    """The script, style, form, link and meta elements the theme puts in benign sites."""
    found: dict[bool, set[tuple[str, tuple[tuple[str, str], ...], str]]] = {}
    calm = [write_hostile_lab(workdir / "theme", name, BENIGN) for name in ("calm", "quiet")]
    for offline in (False, True):
        out = workdir / f"theme-{offline}"
        build_site(calm, out, cache_dir=workdir / "cache", offline=offline)
        found[offline] = {
            _signature(element, page) for page, html in _pages(out) for element in elements(html)
        }
    return found


@seed(SEED)
@settings(
    max_examples=SITE_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # Each example reads and renders a whole lab: shrinking would take minutes.
    phases=[Phase.explicit, Phase.generate],
)
@given(lab=labs, offline=st.booleans())
def test_built_sites_of_hostile_labs_carry_no_script(
    lab: Hostile,
    offline: bool,
    workdir: Path,
    theme: dict[bool, set[tuple[str, tuple[tuple[str, str], ...], str]]],
) -> None:
    with tempfile.TemporaryDirectory(dir=workdir) as scratch:
        folders = [
            write_hostile_lab(Path(scratch), "hostile", lab),
            write_hostile_lab(Path(scratch), "calm", BENIGN),
        ]
        out = Path(scratch) / "site"
        try:
            build_site(
                folders,
                out,
                cache_dir=workdir / "cache",
                offline=offline,
            )
        except InputError as err:
            assert str(err).startswith(scratch), err
            event("refused")
            return
        own = theme[offline]
        for page, html in _pages(out):

            def allowed(element: Element, page: str = page) -> bool:
                return _signature(element, page) in own or _card(element)

            assert unsafe(html, allowed=allowed) == [], page
        index = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
        for doc in index["docs"]:
            # Material's search shows titles and teasers as HTML.
            assert unsafe(doc["title"]) == [] and unsafe(doc["text"]) == [], doc["location"]
