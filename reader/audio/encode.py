"""Encode an edition's audio in one ffmpeg run: the episode, every section, the m4b.

ffmpeg reads the episode's raw PCM once, applies the loudness gain and a
peak limiter, and splits it: the whole stream becomes ``episode.mp3`` (with
ID3v2.4 tags and chapters from an ffmetadata file: an ordered top-level
CTOC with one CHAP per chapter), each section's slice becomes its own MP3,
and optionally an AAC ``.m4b`` carries the same chapters. ffmpeg runs each
encoder in its own thread, so the outputs encode in parallel.

Files are written under their final names in ``out_dir``, which is the
caller's staging directory: the caller publishes it whole, or not at all.
The episode is never re-saved with mutagen, which reorders CHAP frames.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.audio.ffmpeg import pcm_input_args, run_ffmpeg
from reader.audio.loudness import mastering_filter
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

_MP3 = ["-c:a", "libmp3lame", "-b:a", BITRATE, "-compression_level", "7", "-id3v2_version", "4"]
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
    tags: EpisodeTags, *, title: str | None = None, track: str | None = None
) -> list[str]:
    values = {
        "title": title or tags.title,
        "artist": tags.artist,
        "album": tags.album,
        "date": tags.date,
        "language": tags.language,
        "comment": tags.comment,
        "track": track,
        "genre": "Podcast",
    }
    args = []
    for key, value in values.items():
        if value:
            args += ["-metadata", f"{key}={value}"]
    return args


def read_duration_ms(path: Path) -> int:
    """Length of an MP3 or M4B as mutagen computes it (it counts the encoder's
    delay and padding too: about 60 ms more than decoders give back)."""
    import mutagen

    try:
        audio = mutagen.File(path)
    except mutagen.MutagenError as e:
        raise AudioError(f"{path}: cannot read audio: {e}") from e
    if audio is None or audio.info is None:
        raise AudioError(f"{path}: not an audio file mutagen can read")
    return round(float(audio.info.length) * 1000)


def _encoded(path: Path, samples: int, sample_rate_hz: int) -> EncodedFile:
    """The file as written; its duration is what decoders give back, exactly: ffmpeg
    writes the encoder delay and padding in the LAME header and decoders honour it."""
    if not path.is_file() or path.stat().st_size == 0:
        raise AudioError(f"{path.name}: ffmpeg wrote no audio")
    duration_ms = round(samples * 1000 / sample_rate_hz)
    return EncodedFile(path=path, bytes=path.stat().st_size, duration_ms=duration_ms)


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
) -> EncodeResult:
    """Write the episode, each section file and optionally the m4b into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for span in sections:
        (out_dir / span.filename).parent.mkdir(parents=True, exist_ok=True)
    meta = out_dir / ".chapters.ffmeta"
    meta.write_text(build_ffmetadata(chapters), encoding="utf-8")
    branches = 1 + len(sections) + (1 if m4b_name else 0)
    graph = [
        f"[0:a]{mastering_filter(gain_db)},asplit={branches}"
        + "".join(f"[b{i}]" for i in range(branches))
    ]
    for i, span in enumerate(sections, start=1):
        graph.append(
            f"[b{i}]atrim=start_sample={span.start_sample}:end_sample={span.end_sample}"
            f",asetpts=PTS-STARTPTS[s{i}]"
        )
    args = [*pcm_input_args(raw_pcm, sample_rate_hz=sample_rate_hz), "-i", str(meta)]
    args += ["-filter_complex", ";".join(graph), "-y"]
    args += ["-map", "[b0]", "-map_metadata", "1", "-map_chapters", "1", *_tag_args(tags)]
    args += [*_MP3, str(out_dir / episode_name)]
    total = len(sections)
    for i, span in enumerate(sections, start=1):
        args += ["-map", f"[s{i}]", "-map_metadata", "-1", "-map_chapters", "-1"]
        args += [*_tag_args(tags, title=span.title, track=f"{span.number}/{total}")]
        args += [*_MP3, str(out_dir / span.filename)]
    if m4b_name:
        args += ["-map", f"[b{branches - 1}]", "-map_metadata", "1", "-map_chapters", "1"]
        args += [*_tag_args(tags), *_M4B, str(out_dir / m4b_name)]
    try:
        run_ffmpeg(args, what=f"encoding {tags.title!r}")
    finally:
        meta.unlink(missing_ok=True)
    total_samples = raw_pcm.stat().st_size // 2
    return EncodeResult(
        episode=_encoded(out_dir / episode_name, total_samples, sample_rate_hz),
        sections=tuple(
            _encoded(out_dir / s.filename, s.end_sample - s.start_sample, sample_rate_hz)
            for s in sections
        ),
        m4b=_encoded(out_dir / m4b_name, total_samples, sample_rate_hz) if m4b_name else None,
    )
