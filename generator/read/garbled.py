"""Tell text from mojibake: what a PDF's text layer gives for a font without a usable Unicode map.

Such a font's character codes come out as arbitrary code points: combining marks with no
letter to sit on, unassigned or private-use characters, letters of three scripts in one
word (`͍͋͏͓͑೔ຊޠ`). A slide whose text looks like that is read from its picture instead.
"""

from __future__ import annotations

import unicodedata

REPLACEMENT = "\ufffd"
"""What a reader puts where a character had no Unicode value."""
MAX_MARKS = 3
"""More combining marks than this on one letter: no writing system stacks them so."""

# Scripts that share words in real text: Latin, Greek and Cyrillic in technical prose
# ("5 μs"), and the scripts of Chinese, Japanese and Korean with each other and with Latin.
_TOGETHER = (
    frozenset({"LATIN", "GREEK", "CYRILLIC"}),
    frozenset({"LATIN", "CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO", "IDEOGRAPHIC"}),
)
# Letters and marks whose name does not begin with their script.
_NO_SCRIPT = frozenset({"COMBINING", "MODIFIER", "ZERO", "MICRO", "FEMININE", "MASCULINE"})
_BROKEN = frozenset({"Cn", "Cs", "Co", "Cc"})


def is_garbled(text: str) -> bool:
    """Tell whether a line of a text layer is not text (a single icon glyph aside)."""
    return any(_word_is_garbled(_without_icons(word)) for word in text.split())


def _without_icons(word: str) -> str:
    """Drop private-use characters at a word's ends: icon fonts put their glyphs there."""
    return word.strip("".join(char for char in word if unicodedata.category(char) == "Co"))


def _word_is_garbled(word: str) -> bool:
    scripts: set[str] = set()
    # The script of the character the next mark sits on: "" for any, None for nothing.
    base: str | None = None
    marks = 0
    for char in word:
        category = unicodedata.category(char)
        if char == REPLACEMENT or category in _BROKEN:
            return True
        if category.startswith("M"):
            marks += 1
            script = _script(char)
            if base is None or marks > MAX_MARKS or (script and base and script != base):
                return True
            continue
        marks = 0
        base = _script(char) if category.startswith("L") else ""
        if base:
            scripts.add(base)
    return len(scripts) > 1 and not any(scripts <= together for together in _TOGETHER)


def _script(char: str) -> str:
    """Return the script a letter or mark belongs to, from its Unicode name ("" if none)."""
    word = unicodedata.name(char, "").split(" ", 1)[0]
    if word in _NO_SCRIPT:
        return ""
    return "CJK" if word in {"CJK", "HALFWIDTH", "FULLWIDTH"} else word
