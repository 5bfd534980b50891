"""Tell a slide title read by OCR that can be published from a doubtful reading.

OCR takes the tallest line high on a picture for its title. On a screenshot, a chart or a
photo that line is often not a title at all (a chart's label, a browser's address bar), or
is read with stray marks: "= Q", "® Datasets: @ user/set", "LIP2+OCR+LLaMA2-7B". A page
that shows such a reading as the slide's name misleads; "Slide 12" with the reading kept in
the slide's text does not. A title is kept when tesseract was sure of its words and it reads
like a title: words, not symbols, code or a paragraph.
"""

from __future__ import annotations

import re

MIN_CONFIDENCE = 60.0
"""Mean word confidence (0-100) below which tesseract's reading of a title is doubtful."""
MAX_WORDS = 14
"""A longer line is a sentence, a paragraph or code that happens to be on top, not a title."""
MIN_LETTERS = 2
"""A title has at least this many letters."""
MIN_LETTER_SHARE = 0.6
"""Share of a title's characters (spaces aside) that are letters, at least."""
ALONE = frozenset("&-–—/+:·")
"""Marks that stand alone between a title's words ("Q & A", "Docker + Go", "Part 1 – Setup")."""
_EDGES = "\"'“”‘’()[].,:;!?…*"
"""What may open or close a word of a title: quotes, brackets, punctuation."""
_TRAILING = "+#"
"""What may end a word that names something: C++, C#."""
_WORD = re.compile(r"[^\W_]+(?:[-'’/.&,:][^\W_]+)*", re.UNICODE)
"""A word of a title: letters and digits, joined by a hyphen, apostrophe, slash, dot, ampersand,
comma or colon ("A/B", "don't", "v1.2", "R&D", "3:30")."""
_ELLIPSIS = re.compile(r"[.…]{2,}")
_ADDRESS = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # ada@example.org
    r"|https?://\S+|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/\S*"  # example.org/path
)
"""An e-mail address or a web address: slides end with them ("Thank you! ada@example.org")."""


def confident_title(title: str, confidence: float = 100.0) -> bool:
    """Tell whether a title read by OCR (with tesseract's `confidence` in it) can be published."""
    words = title.split()
    if not words:
        return True  # no title: the slide is "Slide N" anyway
    if confidence < MIN_CONFIDENCE or len(words) > MAX_WORDS:
        return False
    letters = sum(char.isalpha() for char in title)
    if letters < MIN_LETTERS or letters < MIN_LETTER_SHARE * len("".join(words)):
        return False
    return all(_is_title_word(word) for word in words)


def _is_title_word(word: str) -> bool:
    """Tell whether one token reads as a word of a title, not a stray mark or garbled text."""
    if word in ALONE or _ELLIPSIS.fullmatch(word) or _ADDRESS.fullmatch(word.strip(_EDGES)):
        return True
    core = word.strip(_EDGES)
    core = core.rstrip(_TRAILING) if core[:1].isalnum() else core
    return bool(core) and _WORD.fullmatch(core) is not None
