"""Reading the stored video folder, and comparing its chapters with the notes'."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.model import Chapter
from generator.read.video import VideoInfo, compare_chapters, find_files, read_video_dir

VIDEO_ID = "4Cjy_iBNr3I"
INFO = {
    "id": VIDEO_ID,
    "title": "Static Chainguard Container Images",
    "duration": 3011,
    "chapters": [
        {"start_time": 88.0, "end_time": 200.0, "title": "Why static?"},
        {"start_time": 0.0, "end_time": 88.0, "title": "Welcome"},
    ],
}


def store(folder: Path, *names: str, info: object = INFO) -> Path:
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).write_bytes(b"x")
    if info is not None:
        (folder / f"{VIDEO_ID}.info.json").write_text(json.dumps(info, indent=2))
    return folder


def test_a_missing_folder_or_video_reads_as_none(tmp_path: Path) -> None:
    assert read_video_dir(tmp_path / "video", VIDEO_ID) is None
    store(tmp_path / "video", "otherVideo1.en.vtt", "otherVideo1.jpg", info=None)
    assert read_video_dir(tmp_path / "video", VIDEO_ID) is None


def test_the_stored_files_are_found_by_video_id(tmp_path: Path) -> None:
    folder = store(
        tmp_path / "video",
        f"{VIDEO_ID}.de.vtt",
        f"{VIDEO_ID}.en-US.srt",
        f"{VIDEO_ID}.en.json3",
        f"{VIDEO_ID}.en.vtt",
        f"{VIDEO_ID}.live_chat.json3",
        f"{VIDEO_ID}.webp",
        f"{VIDEO_ID}.mp4",
        f".{VIDEO_ID}.mp4.x.part",
    )
    assert read_video_dir(folder, VIDEO_ID) == VideoInfo(
        video_id=VIDEO_ID,
        title="Static Chainguard Container Images",
        duration=3011.0,
        chapters=((0.0, "Welcome"), (88.0, "Why static?")),
        thumbnail=folder / f"{VIDEO_ID}.webp",
        media=folder / f"{VIDEO_ID}.mp4",
        captions=folder / f"{VIDEO_ID}.en.vtt",
        captions_lang="en",
        # Another language's captions; US English is English again.
        translations=(("de", folder / f"{VIDEO_ID}.de.vtt"),),
    )


def test_regional_english_and_other_formats_are_fallbacks(tmp_path: Path) -> None:
    folder = store(tmp_path / "v", f"{VIDEO_ID}.de.vtt", f"{VIDEO_ID}.en-GB.srt", info=None)
    files = find_files(folder, VIDEO_ID)
    assert (files.captions, files.captions_lang) == (folder / f"{VIDEO_ID}.en-GB.srt", "en-GB")
    (folder / f"{VIDEO_ID}.en-GB.srt").unlink()
    assert find_files(folder, VIDEO_ID).captions_lang == "de"


def test_captions_without_info_still_count(tmp_path: Path) -> None:
    folder = store(tmp_path / "video", f"{VIDEO_ID}.en.vtt", info=None)
    info = read_video_dir(folder, VIDEO_ID)
    assert info is not None
    assert (info.title, info.duration, info.chapters) == ("", None, ())
    assert info.captions == folder / f"{VIDEO_ID}.en.vtt"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('{\n  "id": "4Cjy_iBNr3I",\n  "title": "x",,\n}', 3, "invalid JSON"),
        ("[1, 2]", 1, "not a JSON object"),
        ('{\n  "id": "someOtherId",\n  "title": "x"\n}', 2, "someOtherId"),
        ('{"id": "4Cjy_iBNr3I",\n "duration": "long"}', 2, "duration"),
        ('{"id": "4Cjy_iBNr3I",\n\n "chapters": [{"title": "no start"}]}', 3, "start_time"),
    ],
)
def test_a_broken_info_json_is_an_input_error_with_its_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    folder = tmp_path / "video"
    folder.mkdir()
    (folder / f"{VIDEO_ID}.info.json").write_text(text)
    with pytest.raises(InputError, match=message) as caught:
        read_video_dir(folder, VIDEO_ID)
    assert caught.value.problem.line == line
    assert caught.value.problem.file == str(folder / f"{VIDEO_ID}.info.json")


NOTES = (Chapter(0, 0, "Welcome"), Chapter(1, 88, "Why static?"), Chapter(2, 300, "Demo"))


def test_matching_chapters_give_no_warning() -> None:
    video = ((0.0, "welcome"), (89.5, "Why Static"), (301.0, "Demo!"))
    assert compare_chapters(NOTES, video) == []
    assert compare_chapters(NOTES, ()) == []


def test_differing_starts_and_titles_are_reported() -> None:
    video = ((0.0, "Welcome"), (95.0, "Why static?"), (300.0, "Live demo"))
    assert compare_chapters(NOTES, video) == [
        "chapter 2 'Why static?' starts at 1:28 in the notes, at 1:35 in the video",
        "chapter 3 is 'Demo' in the notes, 'Live demo' in the video",
    ]


def test_a_different_chapter_count_names_the_unmatched_chapters() -> None:
    video = ((0.0, "Welcome"), (88.0, "Why static?"), (200.0, "Setup"), (300.0, "Demo"))
    assert compare_chapters(NOTES, video) == [
        "the video has 4 chapters, the notes have 3 chapters",
        "video chapter 3:20 'Setup' is not in the notes",
    ]
    assert compare_chapters(NOTES[:2], video[:1]) == [
        "the video has 1 chapter, the notes have 2 chapters",
        "notes chapter 1:28 'Why static?' has no chapter in the video",
    ]
