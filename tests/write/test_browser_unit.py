"""The values the pages' scripts share with Python: the player's JSON and where scripts are."""

from __future__ import annotations

import json

from generator.write.browser import PROVIDERS, SCRIPTS, STORAGE, config_json


def test_the_player_s_json_is_compact_with_sorted_keys_and_text_as_written() -> None:
    values = {"start": 3725, "kind": "youtube", "title": 'Über </script> & "x"', "end": None}
    assert config_json(values) == (
        '{"end":null,"kind":"youtube","start":3725,"title":"Über </script> & \\"x\\""}'
    )


def test_the_same_values_give_the_same_json_whatever_their_order() -> None:
    one = {"storage": STORAGE, "kind": "media", "eager": True}
    other = {"eager": True, "kind": "media", "storage": dict(reversed(list(STORAGE.items())))}
    assert config_json(one) == config_json(other)
    assert json.loads(config_json(one)) == one


def test_every_player_s_module_and_library_is_a_script_under_the_site_s_folder() -> None:
    assert SCRIPTS.endswith("/") and not SCRIPTS.startswith("/")
    assert set(PROVIDERS) == {"media", "youtube", "vimeo", "peertube"}
    for kind, (module, library) in PROVIDERS.items():
        assert module == f"players/{kind}.js"
        assert library is None or (library.startswith("vendor/") and library.endswith(".js"))
    # YouTube's own script comes from YouTube, once the reader plays: nothing is vendored.
    assert PROVIDERS["youtube"][1] is None
