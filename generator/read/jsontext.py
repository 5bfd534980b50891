"""Read the JSON a lab holds (video info, json3 captions) as untrusted text.

Every failure is a FILE:LINE message: syntax, nesting too deep for the parser, and numbers
past the 4,300 digits Python converts. A lone UTF-16 surrogate (`"\\ud800"`) parses but no
UTF-8 file can hold it, so it becomes U+FFFD before anything is written from it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from generator.errors import InputError

_SURROGATE = re.compile("[\ud800-\udfff]")


def parse(text: str, path: Path | str, *, invalid: str = "invalid JSON") -> Any:
    """Return the value of a JSON text; raise InputError naming `path` when it cannot be read."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(path, err.lineno, f"{invalid}: {err.msg}") from None
    except RecursionError:
        raise InputError(path, 1, "JSON nested too deeply") from None
    except ValueError:  # int() refuses numbers past 4,300 digits
        raise InputError(path, 1, f"{invalid}: a number too long to read") from None
    return _without_surrogates(value)


def _without_surrogates(value: Any) -> Any:
    """Return `value` with lone surrogates in its strings (keys too) replaced, without recursion."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if not isinstance(value, dict | list):
        return value
    top: list[Any] = [value]
    stack: list[Any] = [value]
    while stack:
        node = stack.pop()
        items = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        for key, item in items:
            if isinstance(item, str):
                node[key] = _SURROGATE.sub("\ufffd", item)
            elif isinstance(item, dict | list):
                stack.append(item)
            if isinstance(node, dict) and isinstance(key, str) and _SURROGATE.search(key):
                node[_SURROGATE.sub("\ufffd", key)] = node.pop(key)
    return top[0]
