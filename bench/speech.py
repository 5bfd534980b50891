"""Speech recognition: time against the sound's length, memory, and words heard right.

The sample is espeak-ng's synthetic voice reading sentences whose words are known (see
`bench.speechsample`): cleaner than a person in a hall, so its word error rate is a lower
bound of a real talk's. Ours runs as `python -m generator transcribe` with an empty cache,
model loading and ffmpeg's decoding included; the reference is faster-whisper alone on
the whole file with the same weights and settings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.cases import ENV, MIB, PYTHON, Fresh
from bench.report import Row
from bench.speechsample import mux_video, synthesize, word_error_rate
from bench.timing import interleave, process
from generator.read.captions import load_captions
from generator.speech.recognize import BEAM_SIZE
from generator.speech.weights import PACKAGED

THREADS = 2
"""CPU threads both recognizers use: the machine's two cores."""
REPEAT_SENTENCES = 4
"""How many times the sample's sentences are read: about five minutes, two windows."""
VIDEO_ID = "SpEeChBeNcH"


def speech(work: Path, repeat: int) -> tuple[list[Row], dict[str, Any]]:
    """Transcribe five minutes of speech, in turns with faster-whisper alone."""
    sample = synthesize(work / "speech-sample", repeat=REPEAT_SENTENCES)
    lab = work / "speech-lab"
    (lab / "video").mkdir(parents=True)
    (lab / "notes.md").write_text(_notes(), encoding="utf-8")
    video = mux_video(sample.wav, lab / "video" / f"{VIDEO_ID}.mp4")
    cache = Fresh(work / "speech-cache")
    heard = work / "speech-reference.txt"
    ours_command = [PYTHON, "-m", "generator", "transcribe", str(lab), "--force"]
    ours_command += ["--threads", str(THREADS), "--cache-dir", str(cache.path)]
    reference_command = [PYTHON, "-m", "bench.whisper_reference", str(video), str(THREADS)]
    result = interleave(
        {
            "ours": process(ours_command, env=ENV),
            "faster-whisper": process([*reference_command, str(heard)], env=ENV),
        },
        repeat,
        before={"ours": cache.renew},
    )
    ours, theirs = result["ours"], result["faster-whisper"]
    cues = load_captions(lab / "video" / f"{VIDEO_ID}.en.auto.vtt").cues
    wer = word_error_rate(sample.text, " ".join(c.text for c in cues))
    reference_wer = word_error_rate(sample.text, heard.read_text(encoding="utf-8"))
    seconds = sample.seconds
    settings = f"{PACKAGED} int8, {THREADS} threads, beam {BEAM_SIZE}"
    case = f"{seconds / 60:.1f} min of speech"
    rows = [
        Row(
            "speech",
            case,
            ours.seconds,
            seconds,
            "s",
            "the sound's length (real time)",
            f"{seconds / ours.seconds:.1f}× real time; {settings}; model loading included; "
            f"word error rate {wer:.1%} on espeak-ng speech (synthetic, words known)",
            ours.times,
        ),
        Row(
            "speech",
            case,
            ours.seconds,
            theirs.seconds,
            "s",
            "faster-whisper alone, whole file at once, same settings",
            f"its word error rate {reference_wer:.1%}",
            ours.times,
            theirs.times,
        ),
        Row(
            "speech",
            f"{case}, peak memory",
            (ours.peak_bytes or 0) / MIB,
            (theirs.peak_bytes or 0) / MIB,
            "MiB",
            "faster-whisper alone, whole file at once",
            "ours hears 5 min at a time: as much for a longer talk, the reference's grows",
        ),
    ]
    facts = {
        "model": PACKAGED,
        "threads": THREADS,
        "beam_size": BEAM_SIZE,
        "audio_seconds": round(seconds, 1),
        "times_real_time": round(seconds / ours.seconds, 1),
        "word_error_rate": round(wer, 4),
        "reference_word_error_rate": round(reference_wer, 4),
        "sample": f"espeak-ng, {len(sample.sentences)} sentences of known words (synthetic voice)",
    }
    return rows, facts


def _notes() -> str:
    link = f"https://www.youtube.com/watch?v={VIDEO_ID}"
    return (
        '---\ntitle: "Speech benchmark"\ndate: 2025-01-01\n---\n\n'
        f"{{{{< youtube {VIDEO_ID} >}}}}\n\n## Sections\n\n- [0:00]({link}&t=0s) All\n"
    )
