"""Words of a text as the aligner compares them, and how much each one says."""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping

_STOPWORD_LIST = """a an the and or of for to in on at by with from as is are be been was were it its this
    that these those your you we our my me us they their them which who will can do does did
    into about over via vs versus so if then than there all any some much very just also let
    lets not s t re ll ve d m http https www com org html"""
STOPWORDS = frozenset(_STOPWORD_LIST.split())
"""English function words, skipped: they belong to the language, not to any talk."""
# Single letters joined by "&" are one word: "Q & A", "R&D".
_AMPERSAND = re.compile(r"\b([a-z])\s*&\s*([a-z])\b")
_SPLIT = re.compile(r"[^a-z0-9]+")
_LABEL_NUMBER = re.compile(r"\d{1,2}")


def tokens(text: str) -> list[str]:
    """Return the normalised, stemmed content words of a text, in order, then its labels.

    A word followed by a small number ("Demo 2", "Level 1", "Part 3") also gives the label
    "demo#2", so that sections numbered apart stay apart.
    """
    text = unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'")
    text = _AMPERSAND.sub(r"\1\2", text)
    words = []
    for word in _SPLIT.split(text):
        if not word or word in STOPWORDS or (len(word) == 1 and not word.isdigit()):
            continue
        words.append(stem(word))
    labelled = [
        f"{word}#{after}"
        for word, after in itertools.pairwise(words)
        if not word.isdigit() and _LABEL_NUMBER.fullmatch(after)
    ]
    return words + labelled


def stem(word: str) -> str:
    """Strip plural and verb endings so that "remediation", "remediated" and "remediate" meet."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ation", "ating", "ated", "ate", "ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            # "scanning" and "scan": undo the doubled consonant before the ending.
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
                word = word[:-1]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def is_label(word: str) -> bool:
    """Tell whether a term is a numbered label ("demo#2") rather than a word."""
    return "#" in word


class Rarity:
    """How much a term says, learned from the documents of one talk (its slides, its speech).

    Inverse document frequency: a term found in every document (the product's name, "model"
    in a talk about models) says little; a term of one slide says much.
    """

    def __init__(self, documents: Iterable[Iterable[str]]) -> None:
        frequency: Counter[str] = Counter()
        size = 0
        for document in documents:
            frequency.update(set(document))
            size += 1
        self.size = size
        self.idf: Mapping[str, float] = {
            term: math.log((size + 1) / (count + 0.5)) for term, count in frequency.items()
        }
        self.unseen = math.log((size + 1) / 0.5)

    def __call__(self, term: str) -> float:
        """Return the weight of a term: high when rare, never below zero."""
        return max(self.idf.get(term, self.unseen), 0.0)
