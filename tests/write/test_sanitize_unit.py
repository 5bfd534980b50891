"""Markdown and links of the notes as HTML that carries no script."""

from __future__ import annotations

import pytest
from fragments import find, one
from hostile import unsafe

from generator.write.sanitize import clean, link, notes_html, safe_url

SITE = "https://labs.example.org/"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " \x01javascript:alert(1)",  # a browser skips control characters and spaces before it
        "java\tscr\nipt:alert(1)",  # and tabs and newlines inside it
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
    ],
)
def test_links_with_a_scheme_other_than_http_https_or_mailto_are_unsafe(url: str) -> None:
    assert safe_url(url, SITE) is None


@pytest.mark.parametrize(
    ("url", "seen"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("HTTP://example.org/", "HTTP://example.org/"),
        ("mailto:ada@example.org", "mailto:ada@example.org"),
        ("  https://example.org/\n", "https://example.org/"),
        ("docs/page.html", "docs/page.html"),
        ("#resources", "#resources"),
        # A path from the root is the lab's web site's (lab.yml's `site`), not this site's.
        ("/blog/static-images/", "https://labs.example.org/blog/static-images/"),
    ],
)
def test_safe_links_are_the_url_a_browser_follows(url: str, seen: str) -> None:
    assert safe_url(url, SITE) == seen


def test_a_path_from_the_root_needs_an_http_site_to_lead_into() -> None:
    assert safe_url("/docs/", "https://labs.example.org") == "https://labs.example.org/docs/"
    assert safe_url("/docs/", "") is None
    assert safe_url("/docs/", "javascript:alert(1)//") is None
    assert safe_url("/docs/", "https://") is None


def test_raw_html_in_the_notes_is_shown_as_written() -> None:
    made = notes_html('Before <script>alert(1)</script> "><img src=x onerror=alert(1)>', SITE)
    assert unsafe(made) == []
    assert find(made, "script") == [] and find(made, "img") == []
    assert one(made, "p").text == 'Before <script>alert(1)</script> "><img src=x onerror=alert(1)>'


def test_markdown_prose_keeps_its_formatting_and_safe_links() -> None:
    made = notes_html('Some **bold** and `code` [docs](/docs/ "The docs")\n\n- one\n', SITE)
    assert one(made, "strong").text == "bold"
    assert one(made, "code").text == "code"
    anchor = one(made, "a")
    assert anchor.attrs == {
        "href": "https://labs.example.org/docs/",
        "title": "The docs",
        "rel": "noopener",
    }
    assert one(made, "li").text == "one"


@pytest.mark.parametrize(
    "markdown",
    [
        "[x](javascript:alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x][ref]\n\n[ref]: javascript:alert(1)",
        "<javascript:alert(1)>",
    ],
)
def test_unsafe_links_in_markdown_lose_their_href(markdown: str) -> None:
    made = notes_html(markdown, SITE)
    assert unsafe(made) == []
    assert all("href" not in a.attrs for a in find(made, "a"))


def test_struck_through_text_in_the_notes_stays_struck_through() -> None:
    made = notes_html("Use ~~latest~~ a pinned tag.", SITE)
    assert [n.text for n in find(made, "del") + find(made, "s")] == ["latest"]


def test_clean_keeps_prose_elements_and_drops_media_scripts_and_handlers() -> None:
    made = clean(
        '<h2>Big</h2><h3 onclick="x()">Small</h3><p style="color:red">Text</p>'
        '<iframe src="https://example.org/"></iframe><style>p{}</style>'
        '<a href="https://example.org/" target="_blank">out</a>',
        SITE,
    )
    assert unsafe(made) == []
    assert find(made, "h2") == [] and find(made, "iframe") == [] and find(made, "style") == []
    assert one(made, "h3").attrs == {}
    assert one(made, "p").attrs == {}
    assert one(made, "a").attrs == {"href": "https://example.org/", "rel": "noopener"}
    assert "p{}" not in made  # a style's content is not prose


def test_clean_output_opens_no_code_fence_in_the_page_s_markdown() -> None:
    made = clean("<p>```python</p><p>~~~</p>", SITE)
    assert "`" not in made and "~" not in made
    assert [p.text for p in find(made, "p")] == ["```python", "~~~"]


def test_a_link_from_the_notes_is_an_anchor_with_its_text_escaped() -> None:
    made = link("https://example.org/?a=1&amp;b=2", 'R&D "><script>x</script>', SITE)
    anchor = one(made, "a")
    assert anchor.attrs["href"] == "https://example.org/?a=1&b=2"
    assert anchor.text == 'R&D "><script>x</script>'
    assert find(made, "script") == []


def test_a_link_to_an_unsafe_url_keeps_its_text_only() -> None:
    made = link("javascript:alert(1)", "Slides", SITE)
    assert unsafe(made) == []
    assert one(made, "a").attrs.get("href") is None and one(made, "a").text == "Slides"


def test_non_ascii_prose_and_links_stay_as_written() -> None:
    made = notes_html("Über [Café](https://example.org/café) — 日本語", SITE)
    assert one(made, "p").text == "Über Café — 日本語"
    # Markdown percent-encodes a link's URL; the browser follows the same address.
    assert one(made, "a").attrs["href"] == "https://example.org/caf%C3%A9"
