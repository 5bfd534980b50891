"""`transcribe`: an automatic transcript for a talk without captions, from its speech.

Real tools all the way: espeak-ng speaks sentences whose words and times are known,
ffmpeg makes a video of them, faster-whisper recognizes them with the tiny.en weights
the speech extra installs, and the site is built from the caption file that results.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from labs import VIDEO_ID, notes, write_lab
from network import ClosedNetwork
from tools import ROOT, require_tool

from bench.speechsample import Sample, mux_video, synthesize, word_error_rate, words
from generator.read.captions import load_captions
from generator.read.video import find_files, read_video_dir

SENTENCES = (
    "Good morning and welcome to the workshop.",
    "First we write a small program that answers every request.",
    "Then we package it into an image with nothing else inside.",
    "Finally we check that the image starts quickly.",
)
PAUSE = 2.0
"""Seconds of silence between the sentences: each starts a cue of its own."""
MAX_WORD_ERROR_RATE = 0.3
"""The tiny model mishears a few words of a synthetic voice; a third wrong would be broken."""
TOLERANCE = 2.0
"""How far (seconds) a cue may start from the moment its sentence is spoken."""
AUTO = f"{VIDEO_ID}.en.auto.vtt"


@dataclass(frozen=True)
class Transcribed:
    lab: Path
    sample: Sample
    result: subprocess.CompletedProcess[str]


def transcribe(lab: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator transcribe` the way a user does, a model hub's address set.

    HF_HUB_OFFLINE is not set and HF_ENDPOINT names a host: a look-up of the hub would
    reach the tests' network guard, which fails the test.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    env |= {"HF_ENDPOINT": "https://hub.example.invalid", "HF_HOME": str(cache / "hf")}
    command = [sys.executable, "-m", "generator", "transcribe", str(lab)]
    return subprocess.run(
        [*command, "--cache-dir", str(cache), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
        timeout=600,
    )


def talk_lab(parent: Path, name: str, *, video: Path | None = None) -> Path:
    """A lab folder whose notes link the test video, with `video` stored as its media."""
    lab = write_lab(parent, name, {"notes.md": notes("0:00 The whole talk")})
    if video is not None:
        (lab / "video").mkdir()
        shutil.copyfile(video, lab / "video" / f"{VIDEO_ID}.mp4")
    return lab


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Sample, Path]:
    """The sentences spoken, and a video of them (a grey picture with that sound)."""
    require_tool("espeak-ng", "espeak-ng")
    require_tool("ffmpeg", "ffmpeg")
    folder = tmp_path_factory.mktemp("speech")
    sample = synthesize(folder, SENTENCES, pause=PAUSE)
    return sample, mux_video(sample.wav, folder / "talk.mp4")


@pytest.fixture(scope="module")
def transcribed(
    spoken: tuple[Sample, Path], tmp_path_factory: pytest.TempPathFactory
) -> Transcribed:
    sample, video = spoken
    parent = tmp_path_factory.mktemp("labs")
    lab = talk_lab(parent, "talk", video=video)
    return Transcribed(lab, sample, transcribe(lab, parent / "cache"))


def test_the_spoken_words_become_machine_made_captions(transcribed: Transcribed) -> None:
    result = transcribed.result
    assert result.returncode == 0, result.stderr
    path = transcribed.lab / "video" / AUTO
    assert result.stderr.strip().startswith(f"wrote {path}: ")
    cues = load_captions(path).cues
    heard = " ".join(cue.text for cue in cues)
    assert word_error_rate(" ".join(SENTENCES), heard) <= MAX_WORD_ERROR_RATE, heard


def test_each_sentence_starts_a_cue_within_two_seconds(transcribed: Transcribed) -> None:
    cues = load_captions(transcribed.lab / "video" / AUTO).cues
    for sentence in transcribed.sample.sentences:
        near = [c for c in cues if abs(c.start - sentence.start) <= TOLERANCE]
        said = set(words(sentence.text))
        assert any(len(said & set(words(c.text))) >= len(said) / 2 for c in near), (
            f"{sentence.text!r} at {sentence.start:.1f} s: cues near it are {near}"
        )


def test_the_file_says_it_is_machine_made_and_the_reader_knows(transcribed: Transcribed) -> None:
    text = (transcribed.lab / "video" / AUTO).read_text(encoding="utf-8")
    assert text.startswith("WEBVTT\n\nNOTE\nAutomatic transcript: made by speech recognition")
    info = read_video_dir(transcribed.lab / "video", VIDEO_ID)
    assert info is not None
    assert (info.captions, info.captions_lang, info.captions_machine) == (
        transcribed.lab / "video" / AUTO,
        "en",
        True,
    )


def test_a_corrected_transcript_is_kept_and_force_takes_the_cache(
    transcribed: Transcribed, tmp_path: Path
) -> None:
    lab = tmp_path / "talk"
    shutil.copytree(transcribed.lab, lab)
    auto = lab / "video" / AUTO
    corrected = auto.read_text(encoding="utf-8").replace("workshop", "hands-on workshop")
    auto.write_text(corrected, encoding="utf-8")
    cache = transcribed.lab.parent / "cache"
    again = transcribe(lab, cache)
    assert again.returncode == 0, again.stderr
    assert "already there" in again.stderr
    assert auto.read_text(encoding="utf-8") == corrected
    forced = transcribe(lab, cache, "--force")
    assert forced.returncode == 0, forced.stderr
    assert "taken from the cache" in forced.stderr
    assert auto.read_text(encoding="utf-8") == (transcribed.lab / "video" / AUTO).read_text(
        encoding="utf-8"
    )


def test_captions_given_with_the_video_come_first(transcribed: Transcribed, tmp_path: Path) -> None:
    lab = tmp_path / "talk"
    shutil.copytree(transcribed.lab, lab)
    given = lab / "video" / f"{VIDEO_ID}.en-GB.vtt"
    given.write_text("WEBVTT\n\n00:00.000 --> 00:03.000\nGood morning.\n", encoding="utf-8")
    files = find_files(lab / "video", VIDEO_ID)
    assert (files.captions, files.captions_lang, files.captions_machine) == (given, "en-GB", False)
    (lab / "video" / AUTO).unlink()
    result = transcribe(lab, tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    assert "nothing to do" in result.stderr
    assert not (lab / "video" / AUTO).exists()


def test_a_text_transcript_comes_before_the_automatic_one(
    transcribed: Transcribed, tmp_path: Path
) -> None:
    lab = tmp_path / "talk"
    shutil.copytree(transcribed.lab, lab)
    text = lab / "video" / f"{VIDEO_ID}.transcript.txt"
    text.write_text("[0:00] Ada: Good morning.\n", encoding="utf-8")
    files = find_files(lab / "video", VIDEO_ID)
    assert (files.captions, files.transcript) == (None, text)
    text.unlink()
    assert find_files(lab / "video", VIDEO_ID).captions == lab / "video" / AUTO


def test_transcribe_reaches_no_model_hub(
    spoken: tuple[Sample, Path], tmp_path: Path, no_network: ClosedNetwork
) -> None:
    lab = talk_lab(tmp_path, "talk", video=spoken[1])
    result = transcribe(lab, tmp_path / "empty-cache")
    assert result.returncode == 0, result.stderr
    assert no_network.attempts() == []


def test_the_site_shows_the_automatic_transcript_at_its_times(
    transcribed: Transcribed, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    cache = tmp_path / "cache"
    command = [sys.executable, "-m", "generator", "build", str(transcribed.lab)]
    built = subprocess.run(
        [*command, "--out", str(out), "--cache-dir", str(cache)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    pages = [p for p in out.rglob("index.html") if "ls-transcript" in p.read_text("utf-8")]
    assert pages, "no page shows a transcript"
    page = re.sub(r"<[^>]+>", " ", pages[0].read_text(encoding="utf-8"))
    assert {"workshop", "package", "image", "quickly"} <= set(words(page))
    [track] = out.rglob("transcript.vtt")
    cues = load_captions(track).cues
    for sentence in transcribed.sample.sentences:
        assert any(abs(c.start - sentence.start) <= TOLERANCE for c in cues), sentence


def test_long_talks_are_heard_a_window_at_a_time(
    spoken: tuple[Sample, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.speech import recognize
    from generator.speech.audio import measure
    from generator.speech.weights import find_weights, load_model

    sample, video = spoken
    # Windows of 7 s cut the 20 s of speech inside sentences: none may be lost or doubled.
    monkeypatch.setattr(recognize, "CHUNK_SECONDS", 7)
    model = load_model(find_weights(), threads=2)
    heard = recognize.recognize(model, measure(video))
    text = " ".join(word.text for word in heard.words)
    assert word_error_rate(" ".join(SENTENCES), text) <= MAX_WORD_ERROR_RATE, text
    starts = [word.start for word in heard.words]
    assert starts == sorted(starts)
    assert starts[-1] <= sample.seconds


# Bad input: one line, exit 2, nothing written.


def _no_captions_written(lab: Path) -> None:
    folder = lab / "video"
    assert not [p.name for p in folder.iterdir() if p.suffix == ".vtt"] if folder.is_dir() else True


def test_a_file_that_is_no_video_is_refused_in_one_line(tmp_path: Path) -> None:
    lab = talk_lab(tmp_path, "talk")
    (lab / "video").mkdir()
    (lab / "video" / f"{VIDEO_ID}.mp4").write_text("<html>Not found</html>\n", encoding="utf-8")
    result = transcribe(lab, tmp_path / "cache")
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{lab / 'video' / VIDEO_ID}.mp4: not a video or audio file")
    _no_captions_written(lab)


def test_a_video_without_sound_is_refused_in_one_line(
    spoken: tuple[Sample, Path], tmp_path: Path
) -> None:
    silent = mux_video(spoken[0].wav, tmp_path / "silent.mp4", still=False)
    lab = talk_lab(tmp_path, "talk", video=silent)
    result = transcribe(lab, tmp_path / "cache")
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        f"{lab / 'video' / VIDEO_ID}.mp4: the video has no sound track: nothing to transcribe"
    ]
    _no_captions_written(lab)


def test_a_lab_without_its_video_says_how_to_get_it(tmp_path: Path) -> None:
    lab = talk_lab(tmp_path, "talk")
    result = transcribe(lab, tmp_path / "cache")
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.splitlines()
    assert f"no {VIDEO_ID}.mp4 or {VIDEO_ID}.webm" in line and "fetch --media" in line


def test_a_language_the_model_does_not_know_is_refused(
    spoken: tuple[Sample, Path], tmp_path: Path
) -> None:
    lab = talk_lab(tmp_path, "talk", video=spoken[1])
    result = transcribe(lab, tmp_path / "cache", "--lang", "de")
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == ["error: this model knows English only, not 'de'"]
    _no_captions_written(lab)
    odd = transcribe(lab, tmp_path / "cache", "--lang", "../../x")
    assert odd.returncode == 2, odd.stderr
    assert len(odd.stderr.splitlines()) == 1
    _no_captions_written(lab)
