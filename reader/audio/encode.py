"""Encode an edition's audio: the episode, every section, the m4b.

The first ffmpeg run reads the episode's raw PCM once, applies the loudness
gain and a peak limiter, and encodes ``episode.mp3`` (with ID3v2.4 tags and
chapters from an ffmetadata file: an ordered top-level CTOC with one CHAP
per chapter) and, when asked, an AAC ``.m4b`` with the same chapters.

Each section file is then cut out of the episode without re-encoding: the
episode is encoded without LAME's bit reservoir, so every MP3 frame stands
alone, and a section is the run of whole frames (26 ms each at 22.05 kHz)
that holds its samples, copied byte for byte behind its own ID3 tag. Every
section starts and ends inside a pause, so a cut never falls on speech. This
halves the encoding work; ffmpeg's stream copy is the fallback for an MP3
whose frames ``index_frames`` cannot read.

Files are written under their final names in ``out_dir``, which is the
caller's staging directory: the caller publishes it whole, or not at all.
The episode is never re-saved with mutagen, which reorders CHAP frames.
"""

from __future__ import annotations

import importlib
import itertools
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.audio.ffmpeg import pcm_input_args, run_ffmpeg
from reader.audio.id3 import comment_frame, id3_size, with_id3_frame
from reader.audio.language import iso639_2
from reader.audio.loudness import LARGE_FRAMES, loudness_from_report, mastering_filter
from reader.audio.mp3frames import FrameIndex, crc16, index_file, lame_tagged, section_info_frame
from reader.edition.model import Chapter, EpisodeTags, SectionSpan
from reader.errors import AudioError

__all__ = [
    "BITRATE",
    "EncodeResult",
    "EncodedFile",
    "build_ffmetadata",
    "encode_edition",
    "read_duration_ms",
]

BITRATE = "64k"

_MP3 = ["-c:a", "libmp3lame", "-b:a", BITRATE, "-compression_level", "7", "-reservoir", "0"]
_ID3 = ["-id3v2_version", "4"]
_M4B = ["-c:a", "aac", "-aac_coder", "fast", "-b:a", BITRATE, "-f", "ipod"]


@dataclass(frozen=True, slots=True, kw_only=True)
class EncodedFile:
    path: Path
    bytes: int
    duration_ms: int


@dataclass(frozen=True, slots=True, kw_only=True)
class EncodeResult:
    episode: EncodedFile
    sections: tuple[EncodedFile, ...]
    m4b: EncodedFile | None = None
    integrated_lufs: float | None = None
    """Loudness of the mastered episode, when asked to measure it while encoding."""

    @property
    def files(self) -> tuple[EncodedFile, ...]:
        return (self.episode, *self.sections, *((self.m4b,) if self.m4b else ()))


def _escape(value: str) -> str:
    """Escape a value for an ffmetadata file: ``\\ = ; #`` and newlines."""
    for char in ("\\", "=", ";", "#", "\n"):
        value = value.replace(char, "\\" + char)
    return value


def build_ffmetadata(chapters: Sequence[Chapter]) -> str:
    """An ffmetadata file holding ``chapters`` in order (times in milliseconds)."""
    lines = [";FFMETADATA1"]
    for chapter in chapters:
        lines += [
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={chapter.start_ms}",
            f"END={chapter.end_ms}",
            f"title={_escape(chapter.title)}",
        ]
    return "\n".join(lines) + "\n"


def _tag_args(
    tags: EpisodeTags,
    *,
    title: str | None = None,
    track: str | None = None,
    comment: bool = True,
) -> list[str]:
    """ffmpeg's ``-metadata`` for ``tags``; ``comment=False`` for MP3s, whose ``COMM``
    frame ``_finish_episode`` writes (ffmpeg would write ``TXXX:comment``)."""
    values = {
        "title": title or tags.title,
        "artist": tags.artist,
        "album": tags.album,
        "date": tags.date,
        "language": iso639_2(tags.language),
        "comment": tags.comment if comment else None,
        "track": track,
        "genre": "Podcast",
    }
    args = []
    for key, value in values.items():
        if value:
            args += ["-metadata", f"{key}={value}"]
    return args


def read_duration_ms(path: Path) -> int:
    """Length of an MP3 or M4B as mutagen computes it (for our MP3s, from the LAME
    tag's frame count, delay and padding: what decoders give back)."""
    import mutagen

    try:
        audio = mutagen.File(path)
    except mutagen.MutagenError as e:
        raise AudioError(f"{path}: cannot read audio: {e}") from e
    if audio is None or audio.info is None:
        raise AudioError(f"{path}: not an audio file mutagen can read")
    return round(float(audio.info.length) * 1000)


def _finish_episode(path: Path, tags: EpisodeTags, index: FrameIndex, total_samples: int) -> None:
    """Sign the episode's Info frame (right after its ID3 tag) as a LAME tag, so that
    every LAME-aware player honours its gapless delay and padding, with the padding
    that leaves exactly ``total_samples``; add the description as ``COMM``. The head
    of the file ffmpeg wrote is rewritten, the frames of its tag kept in order
    (mutagen would scramble the chapters)."""
    info = index.info
    with path.open("rb") as file:
        head = file.read(10)
        tag_bytes = 10 + id3_size(head) if head[:3] == b"ID3" else 0
        file.seek(0)
        tag = file.read(tag_bytes)
        if file.read(len(info)) != info:
            raise AudioError(f"{path.name}: the Info frame is not where it was indexed")
        if tags.comment:
            language = iso639_2(tags.language) or "und"
            added = with_id3_frame(tag, comment_frame(tags.comment, language=language))
            if added is None:
                raise AudioError(f"{path.name}: ffmpeg wrote an ID3 tag reader cannot extend")
            tag = added
        temp = path.with_name(f".{path.name}.tmp")
        with temp.open("wb") as out:
            out.write(tag)
            out.write(lame_tagged(info, padding=index.padding_for(total_samples)))
            shutil.copyfileobj(file, out, 1 << 20)
    os.replace(temp, path)


def _encoded(path: Path, samples: int, sample_rate_hz: int) -> EncodedFile:
    """The file as written, with the duration of the audio it was made from. For
    the episode that is what decoders give back, exactly (ffmpeg writes the encoder
    delay and padding in the LAME header and decoders honour it); a section file,
    cut at frame boundaries, holds at most a frame more at each end."""
    if not path.is_file() or path.stat().st_size == 0:
        raise AudioError(f"{path.name}: ffmpeg wrote no audio")
    duration_ms = round(samples * 1000 / sample_rate_hz)
    return EncodedFile(path=path, bytes=path.stat().st_size, duration_ms=duration_ms)


def _cut_sections(
    episode: Path,
    sections: Sequence[SectionSpan],
    *,
    tags: EpisodeTags,
    sample_rate_hz: int,
    out_dir: Path,
) -> FrameIndex | None:
    """Copy each section's frames out of ``episode`` into its own tagged file, behind
    an Info frame whose gapless delay and padding make it decode to exactly its span.
    Returns the episode's frame index (None when ffmpeg cut the sections instead)."""
    with episode.open("rb") as file:
        index = index_file(file)
        if index is None:
            _cut_with_ffmpeg(episode, sections, tags=tags, rate_hz=sample_rate_hz, out_dir=out_dir)
            return None
        offsets = index.offsets
        for span in sections:
            cut = index.cut(span.start_sample, span.end_sample)
            start, end = offsets[cut.first], offsets[cut.last]
            sizes = [b - a for a, b in itertools.pairwise(offsets[cut.first : cut.last + 1])]
            path = out_dir / span.filename
            file.seek(start)
            crc = 0
            with path.open("wb") as out:
                out.write(bytes(len(index.info)))  # the Info frame, once the CRC is known
                while start < end:
                    chunk = file.read(min(1 << 20, end - start))
                    if not chunk:
                        raise AudioError(f"{episode.name}: ended before its last frame")
                    out.write(chunk)
                    crc = crc16(chunk, crc)
                    start += len(chunk)
                out.seek(0)
                out.write(
                    section_info_frame(
                        index.info,
                        frame_sizes=sizes,
                        delay=cut.delay,
                        padding=cut.padding,
                        audio_crc=crc,
                    )
                )
            _write_id3(path, tags, title=span.title, track=f"{span.number}/{len(sections)}")
    return index


def _write_id3(path: Path, tags: EpisodeTags, *, title: str, track: str) -> None:
    """The same ID3v2.4 tags ffmpeg writes from ``_tag_args``."""
    frames: Any = importlib.import_module("mutagen.id3")  # mutagen has no type hints
    values = {
        "TIT2": title,
        "TRCK": track,
        "TCON": "Podcast",
        "TPE1": tags.artist,
        "TALB": tags.album,
        "TDRC": tags.date,
        "TLAN": iso639_2(tags.language),
    }
    id3 = frames.ID3()
    for frame, value in values.items():
        if value:
            id3.add(getattr(frames, frame)(encoding=3, text=value))
    if tags.comment:
        language = iso639_2(tags.language) or "und"
        id3.add(frames.COMM(encoding=3, lang=language, desc="", text=tags.comment))
    id3.save(path, v2_version=4)


def _cut_with_ffmpeg(
    episode: Path,
    sections: Sequence[SectionSpan],
    *,
    tags: EpisodeTags,
    rate_hz: int,
    out_dir: Path,
) -> None:
    """``_cut_sections`` by ffmpeg's stream copy, for MP3s ``index_frames`` cannot read."""
    inputs: list[str] = []
    outputs: list[str] = []
    total = len(sections)
    for i, span in enumerate(sections):
        start = span.start_sample / rate_hz
        end = span.end_sample / rate_hz
        inputs += ["-ss", f"{start:.6f}", "-to", f"{end:.6f}", "-i", str(episode)]
        outputs += ["-map", f"{i}:a", "-c", "copy", "-map_metadata", "-1", "-map_chapters", "-1"]
        outputs += [*_tag_args(tags, title=span.title, track=f"{span.number}/{total}"), *_ID3]
        outputs += ["-y", str(out_dir / span.filename)]
    run_ffmpeg([*inputs, *outputs], what=f"cutting the sections of {tags.title!r}")


def encode_edition(
    raw_pcm: Path,
    *,
    sample_rate_hz: int,
    gain_db: float,
    tags: EpisodeTags,
    chapters: Sequence[Chapter],
    sections: Sequence[SectionSpan],
    out_dir: Path,
    episode_name: str = "episode.mp3",
    m4b_name: str | None = None,
    measure: bool = False,
    oversampling: int = 1,
) -> EncodeResult:
    """Write the episode, each section file and optionally the m4b into ``out_dir``;
    with ``measure``, also measure the loudness of the mastered audio on the way.
    ``oversampling`` makes the limiter a true-peak one (``mastering_filter``)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for span in sections:
        (out_dir / span.filename).parent.mkdir(parents=True, exist_ok=True)
    meta = out_dir / ".chapters.ffmeta"
    meta.write_text(build_ffmetadata(chapters), encoding="utf-8")
    episode = out_dir / episode_name
    branches = 1 + (1 if m4b_name else 0) + (1 if measure else 0)
    mastering = mastering_filter(gain_db, sample_rate_hz=sample_rate_hz, oversampling=oversampling)
    graph = f"[0:a]{LARGE_FRAMES},{mastering},asplit={branches}" + "".join(
        f"[b{i}]" for i in range(branches)
    )
    if measure:
        graph += f";[b{branches - 1}]ebur128=framelog=quiet,anullsink"
    args = [*pcm_input_args(raw_pcm, sample_rate_hz=sample_rate_hz), "-i", str(meta)]
    args += ["-filter_complex", graph, "-y"]
    args += ["-map", "[b0]", "-map_metadata", "1", "-map_chapters", "1"]
    args += _tag_args(tags, comment=False)
    args += [*_MP3, *_ID3, str(episode)]
    if m4b_name:
        args += ["-map", "[b1]", "-map_metadata", "1", "-map_chapters", "1"]
        args += [*_tag_args(tags), *_M4B, str(out_dir / m4b_name)]
    try:
        report = run_ffmpeg(args, what=f"encoding {tags.title!r}")
    finally:
        meta.unlink(missing_ok=True)
    loudness = loudness_from_report(report, what=f"encoding {tags.title!r}") if measure else None
    total_samples = raw_pcm.stat().st_size // 2
    index = _cut_sections(
        episode, sections, tags=tags, sample_rate_hz=sample_rate_hz, out_dir=out_dir
    )
    if index is not None:  # None: an MP3 reader cannot index, left as ffmpeg wrote it
        _finish_episode(episode, tags, index, total_samples)
    return EncodeResult(
        episode=_encoded(out_dir / episode_name, total_samples, sample_rate_hz),
        sections=tuple(
            _encoded(out_dir / s.filename, s.end_sample - s.start_sample, sample_rate_hz)
            for s in sections
        ),
        m4b=_encoded(out_dir / m4b_name, total_samples, sample_rate_hz) if m4b_name else None,
        integrated_lufs=loudness.integrated_lufs if loudness else None,
    )
