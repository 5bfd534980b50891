"""What the pages' scripts share with the Python that writes the pages.

Each page's player carries its description as JSON in its `data-config` attribute, which
`labsite-player.js` reads: the player's kind and
moment, its embed, the provider module and host library it loads, and the values below.
"""

from __future__ import annotations

import json
from typing import Any

SCRIPTS = "assets/labsite/"
"""Where the site serves its own scripts, styles and the players' libraries."""
THEATRE = "screen and (min-width: 60em) and (min-height: 33em)"
"""The theatre layout's media query, as `labsite.css` has it: wide and tall enough for the
player, a slide and a paragraph at once."""
STORAGE = {"layout": "labsite.layout", "speed": "labsite.speed", "language": "labsite.language"}
"""The reader's choices kept in the browser's localStorage, by what they are."""
PROVIDERS = {
    "media": ("players/media.js", "vendor/hls/hls.light.min.js"),
    "youtube": ("players/youtube.js", None),
    "vimeo": ("players/vimeo.js", "vendor/vimeo-player/player.min.js"),
    "peertube": ("players/peertube.js", "vendor/peertube/player.min.js"),
}
"""Each kind of player's module and the library it loads when it plays, under `SCRIPTS`."""


def config_json(values: dict[str, Any]) -> str:
    """Return `values` as the player's JSON (the template escapes it for its attribute)."""
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
