"""The slide viewer's files load when a reader first opens a slide, not with every page.

mkdocs-glightbox puts its stylesheet and script in every page's head, where they hold up
the first paint, and starts the viewer from an inline script at the end of the body. Here
the two files leave the head, and the inline script becomes data (`type="text/plain"`)
naming them, which `labsite.js` loads and runs on the first click on a slide.
"""

from __future__ import annotations

import re

from generator.formats import escape

_STYLE = re.compile(r'<link href="([^"]*glightbox\.min\.css)" rel="stylesheet">\n?')
_SCRIPT = re.compile(r'<script src="([^"]*glightbox\.min\.js)"></script>\n?')
_INIT = '<script id="init-glightbox">'


def defer_lightbox(html: str) -> str:
    """Return the page with the viewer's files loaded on demand (unchanged if it has none)."""
    style, script = _STYLE.search(html), _SCRIPT.search(html)
    if style is None or script is None or _INIT not in html:
        return html
    waiting = (
        f'<script id="init-glightbox" type="text/plain" data-style="{escape(style.group(1))}" '
        f'data-script="{escape(script.group(1))}">'
    )
    html = _SCRIPT.sub("", _STYLE.sub("", html, count=1), count=1)
    return html.replace(_INIT, waiting, 1)
