"""Write a new lab's notes page in the Learning Lab format that `notes.read_notes` reads."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import yaml

from generator.formats import clock
from generator.new.talkchapters import ChapterSource, TalkChapters
from generator.new.talkinfo import Talk

WATCH_URL = "https://www.youtube.com/watch?v="
DECK_TITLE = "Slide deck"
# Everything a link may hold but what ends a Markdown link target: spaces, quotes, brackets.
_LINK_SAFE = "!#$%&'*+,-./:;=?@[]^_`{|}~"


def estimated_note(source: ChapterSource, with_transcript: bool) -> str | None:
    """Return the sentence that tells the publisher where the chapters were found, when the
    talk had none of its own; None when it had."""
    if source == "seen":
        return (
            "These chapters start where the recording shows the slide deck's section slides: "
            "check their titles and edit them here."
        )
    if source != "deck":
        return None
    how = "placed by the transcript" if with_transcript else "spread evenly over the talk"
    return (
        f"These chapters are estimated from the slide deck's section slides, {how}: "
        "check their times and titles against the video and edit them here."
    )


def notes_page(
    talk: Talk, chapters: TalkChapters, *, deck_link: str | None, note: str | None = None
) -> str:
    """Return the Markdown of a notes page: front matter, video, sections, resources."""
    meta: dict[str, object] = {"title": talk.title}
    if talk.summary:
        meta["description"] = talk.summary
    if talk.date is not None:
        meta["date"] = talk.date
    if talk.presenter:
        meta["presenter"] = talk.presenter
    if talk.tags:
        meta["tags"] = list(talk.tags)
    front = _front_matter(meta)
    lines = ["---", front.rstrip("\n"), "---", "", _embed(talk), ""]
    lines += ["## Sections", ""]
    if note:
        lines += [note, ""]
    for chapter in chapters.chapters:
        # A video not on YouTube: the chapter's moment on the lab's page.
        link = (
            f"{WATCH_URL}{talk.video_id}&t={chapter.seconds}s"
            if talk.video_id
            else f"#t={chapter.seconds}"
        )
        lines.append(f"- [{clock(chapter.seconds)}]({link}) {chapter.title}")
    if deck_link:
        lines += ["", "## Resources", "", f"- [{DECK_TITLE}]({quote(deck_link, safe=_LINK_SAFE)})"]
    return "\n".join(lines) + "\n"


def _embed(talk: Talk) -> str:
    """Return the shortcode that names the talk's video, as Hugo sites write it."""
    source = talk.source
    if talk.file:
        return f'{{{{< video src="{talk.file}" >}}}}'
    if source is None:
        return f"{{{{< youtube {talk.video_id} >}}}}"
    if source.host == "vimeo":
        return f"{{{{< vimeo {source.id} >}}}}"
    if source.host == "peertube":
        return f'{{{{< peertube host="{urlsplit(source.url).netloc}" id="{source.id}" >}}}}'
    return f'{{{{< video src="{source.url}" >}}}}'


class _Dumper(yaml.SafeDumper):
    """YAML that quotes whatever would read as something else, with braces escaped."""


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # The notes reader finds the video's shortcode anywhere in the page: a title that
    # holds one must not look like one, so its braces are written as \x7B escapes.
    style = '"' if "{" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _string)


def _front_matter(meta: dict[str, object]) -> str:
    """Dump the front matter, one value per line."""
    text = yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=2**20)
    return text.replace("{", "\\x7B")
