"""Find the speaker labels captions write as text: `JOHN: words`, `- Ada: words`, `>> Bob: words`.

A `Name:` at the start of a caption line names who speaks when nothing else could be meant:
after a dialogue dash or `>>`, in capitals, or as one of several names that each start more
than one line of the file. "Note:", "Step 2:" and a sentence with a colon are text.
The labels found become WebVTT voices (`<v Name>`), which the cue text parser reads.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Sequence

MAX_NAME = 40
"""Longest speaker name: a longer `...:` prefix is a sentence with a colon in it."""
MIN_REPEATS = 2
"""A capitalised label without a dash or capitals must start this many lines of the file..."""
MIN_NAMES = 2
"""...and be one of at least this many such labels: a dialogue has more than one voice."""

_LABEL = re.compile(
    r"(?P<lead>-[ \t]*|>>[ \t]*)?(?P<name>[^\W\d_][\w.'’-]*(?:[ \t]+[\w.'’-]+){0,3})"
    r"[ \t]*:[ \t]+(?=\S)"
)
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "la", "le", "da", "di", "du", "del"})
# Words that end in a colon in captions without naming anyone.
_NOT_NAMES = frozenset(
    str.split(
        """note notes nb ps example examples step tip tips hint warning caution important
    remember reminder update edit source sources translation translator translated
    caption captions subtitle subtitles transcript music lyrics sound audio
    question questions answer answers error output input result results summary todo
    chapter part section slide demo link url www http https re fw subject date time
    location address phone email definition bonus fact quote"""
    )
)


def voiced(lines: Sequence[str], names: frozenset[str]) -> tuple[str, ...]:
    """Return a cue's lines with each label of `names` at a line's start made a `<v>` tag."""
    out = []
    for line in lines:
        match = _LABEL.match(line)
        if match and match["name"] in names:
            name = html.escape(match["name"], quote=False)
            line = f"</v><v {name}>{line[match.end() :]}"
        out.append(line)
    return tuple(out)


def speaker_labels(cues: Sequence[Sequence[str]]) -> frozenset[str]:
    """Return the names that label speakers in a file's cues (each cue as its lines)."""
    clear: set[str] = set()
    repeated: Counter[str] = Counter()
    for lines in cues:
        for line in lines:
            match = _LABEL.match(line)
            if match is None or not _is_name(match["name"]):
                continue
            name = match["name"]
            letters = [char for char in name if char.isalpha()]
            if match["lead"] or (len(letters) >= 2 and all(char.isupper() for char in letters)):
                clear.add(name)
            else:
                repeated[name] += 1
    names = [name for name, count in repeated.items() if count >= MIN_REPEATS]
    return frozenset(clear | (set(names) if len(names) >= MIN_NAMES else set()))


def _is_name(name: str) -> bool:
    """Tell whether a `...:` prefix can name a person: capitalised words, a number, a particle."""
    words = name.split()
    if len(name) > MAX_NAME or len(name) < 2 or words[0].casefold() in _NOT_NAMES:
        return False
    return all(word[0].isupper() or word.isdigit() or word in _PARTICLES for word in words)
