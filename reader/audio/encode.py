"""Encode an edition's audio: the episode, every section, the m4b.

ffmpeg reads the episode's raw PCM, applies the loudness gain and a peak
limiter, measures the mastered audio's loudness (EBU R128) and encodes
``episode.mp3`` (with ID3v2.4 tags and chapters from an ffmetadata file: an
ordered top-level CTOC with one CHAP per chapter) and, when asked, an AAC
``.m4b`` with the same chapters. One ffmpeg does all of it; or, to use more
than one core, the MP3 is encoded in parts, one ffmpeg each, at once, and
the parts' frames are joined (``reader.audio.split``), beside one more
ffmpeg for the m4b. Either way the episode decodes to exactly its samples.

The section files are then cut out of the episode's frames without
re-encoding (``reader.audio.sections``), which halves the encoding work.

Files are written under their final names in ``out_dir``, which is the
caller's staging directory: the caller publishes it whole, or not at all.
The episode is never re-saved with mutagen, which reorders CHAP frames.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.audio.ffmpeg import pcm_input_args, run_ffmpeg, run_ffmpegs
from reader.audio.loudness import (
    LARGE_FRAMES,
    integrated_lufs,
    loudness_from_report,
    mastering_filter,
    momentary_lufs,
)
from reader.audio.mp3frames import FrameIndex, index_file, section_info_frame
from reader.audio.sections import (
    ID3_ARGS,
    cut_sections,
    finish_episode,
    read_episode_tag,
    tag_args,
)
from reader.audio.split import episode_parts, find_seams
from reader.edition.model import Chapter, EpisodeTags, SectionSpan
from reader.errors import AudioError

__all__ = [
    "BITRATE",
    "MP3_ARGS",
    "EncodeResult",
    "EncodedFile",
    "JoinedParts",
    "build_ffmetadata",
    "encode_edition",
    "encoded_file",
    "episode_parts",
    "join_parts",
    "m4b_args",
    "read_duration_ms",
    "write_joined_info",
]

BITRATE = "64k"

MP3_ARGS = ["-c:a", "libmp3lame", "-b:a", BITRATE, "-compression_level", "7", "-reservoir", "0"]
_ID3 = ID3_ARGS
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


def encoded_file(path: Path, samples: int, sample_rate_hz: int) -> EncodedFile:
    """The file as written, with the duration of the audio it was made from. For
    the episode that is what decoders give back, exactly (ffmpeg writes the encoder
    delay and padding in the LAME header and decoders honour it); a section file,
    cut at frame boundaries, holds at most a frame more at each end."""
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
    measure: bool = False,
    oversampling: int = 1,
    parts: int = 1,
) -> EncodeResult:
    """Write the episode, each section file and optionally the m4b into ``out_dir``;
    with ``measure``, also measure the loudness of the mastered audio on the way.
    ``oversampling`` makes the limiter a true-peak one (``mastering_filter``).

    With ``parts`` above 1 (``episode_parts``), the MP3 is encoded in up to that many
    parts at once, split in pauses near equal lengths (``reader.audio.split``)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for span in sections:
        (out_dir / span.filename).parent.mkdir(parents=True, exist_ok=True)
    meta = out_dir / ".chapters.ffmeta"
    meta.write_text(build_ffmetadata(chapters), encoding="utf-8")
    episode = out_dir / episode_name
    total_samples = raw_pcm.stat().st_size // 2
    mastering = mastering_filter(gain_db, sample_rate_hz=sample_rate_hz, oversampling=oversampling)
    m4b = out_dir / m4b_name if m4b_name else None
    seams = (
        find_seams(raw_pcm, total_samples=total_samples, parts=parts, sample_rate_hz=sample_rate_hz)
        if parts > 1
        else []
    )
    job = _Job(
        raw_pcm=raw_pcm,
        meta=meta,
        mastering=mastering,
        sample_rate_hz=sample_rate_hz,
        tags=tags,
        episode=episode,
        m4b=m4b,
        measure=measure,
    )
    try:
        lufs, joined = _encode_in_parts(job, seams) if seams else (_encode_whole(job), None)
    finally:
        meta.unlink(missing_ok=True)
    cut = cut_sections(
        episode,
        sections,
        tags=tags,
        sample_rate_hz=sample_rate_hz,
        out_dir=out_dir,
        index=joined.index if joined else None,
    )
    if joined is not None:
        assert cut is not None  # the joined frames were indexed
        write_joined_info(episode, joined, audio_crc=cut[1], total_samples=total_samples)
    elif cut is not None:  # None: an MP3 reader cannot index, left as ffmpeg wrote it
        finish_episode(episode, tags, cut[0], total_samples)
    return EncodeResult(
        episode=encoded_file(episode, total_samples, sample_rate_hz),
        sections=tuple(
            encoded_file(out_dir / s.filename, s.end_sample - s.start_sample, sample_rate_hz)
            for s in sections
        ),
        m4b=encoded_file(m4b, total_samples, sample_rate_hz) if m4b else None,
        integrated_lufs=lufs,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class JoinedParts:
    """An episode written from its parts' frames, its Info frame still to write."""

    index: FrameIndex
    """Its frames; ``info`` is the first part's Info frame, the template."""
    info_at: int
    """Where the Info frame goes: right after the ID3 tag."""


@dataclass(frozen=True, slots=True, kw_only=True)
class _Job:
    """What one encode of an edition's audio reads, applies and writes."""

    raw_pcm: Path
    meta: Path
    """The chapters, as an ffmetadata file."""
    mastering: str
    """The ffmpeg filter chain (``mastering_filter``)."""
    sample_rate_hz: int
    tags: EpisodeTags
    episode: Path
    m4b: Path | None
    measure: bool

    @property
    def what(self) -> str:
        return f"encoding {self.tags.title!r}"


def _encode_whole(job: _Job) -> float | None:
    """One ffmpeg: master the PCM once, encode the episode (and the m4b) from it and
    measure it; returns the loudness measured (None unless ``measure``)."""
    branches = 1 + (1 if job.m4b else 0) + (1 if job.measure else 0)
    graph = f"[0:a]{LARGE_FRAMES},{job.mastering},asplit={branches}" + "".join(
        f"[b{i}]" for i in range(branches)
    )
    if job.measure:
        graph += f";[b{branches - 1}]ebur128=framelog=quiet,anullsink"
    args = [*pcm_input_args(job.raw_pcm, sample_rate_hz=job.sample_rate_hz), "-i", str(job.meta)]
    args += ["-filter_complex", graph, "-y"]
    args += ["-map", "[b0]", "-map_metadata", "1", "-map_chapters", "1"]
    args += tag_args(job.tags, comment=False)
    args += [*MP3_ARGS, *_ID3, str(job.episode)]
    if job.m4b:
        args += ["-map", "[b1]", "-map_metadata", "1", "-map_chapters", "1"]
        args += [*tag_args(job.tags), *_M4B, str(job.m4b)]
    report = run_ffmpeg(args, what=job.what)
    return loudness_from_report(report, what=job.what).integrated_lufs if job.measure else None


def _encode_in_parts(job: _Job, seams: Sequence[int]) -> tuple[float | None, JoinedParts]:
    """The PCM cut at ``seams`` (samples), each part mastered, measured and encoded by
    its own ffmpeg, all at once (and the m4b, whole, by one more), then the parts'
    frames joined into ``episode``; the loudness is that of all the parts' blocks."""
    bounds = [0, *seams, job.raw_pcm.stat().st_size // 2]
    files = [job.episode.with_name(f".{job.episode.name}.part{i}") for i in range(len(bounds) - 1)]
    commands = []
    for i, (start, end) in enumerate(itertools.pairwise(bounds)):
        graph = f"[0:a]atrim=end_sample={end - start},{LARGE_FRAMES},{job.mastering}"
        graph += ",asplit=2[out][m];[m]ebur128=framelog=info,anullsink" if job.measure else "[out]"
        args = ["-f", "s16le", "-ar", str(job.sample_rate_hz), "-ac", "1"]
        args += ["-skip_initial_bytes", str(2 * start), "-i", str(job.raw_pcm)]
        if i == 0:  # its tag, with every chapter, becomes the episode's
            args += ["-i", str(job.meta), "-filter_complex", graph, "-map", "[out]"]
            args += ["-map_metadata", "1", "-map_chapters", "1"]
            args += [*tag_args(job.tags, comment=False), *MP3_ARGS, *_ID3]
        else:
            args += ["-filter_complex", graph, "-map", "[out]", "-map_metadata", "-1"]
            args += [*MP3_ARGS, "-id3v2_version", "0"]
        commands.append([*args, "-f", "mp3", "-y", str(files[i])])
    if job.m4b:
        commands.append(
            m4b_args(
                job.raw_pcm,
                job.meta,
                mastering=job.mastering,
                sample_rate_hz=job.sample_rate_hz,
                tags=job.tags,
                m4b=job.m4b,
            )
        )
    try:
        reports = run_ffmpegs(commands, what=job.what)
        with files[0].open("rb") as first:
            tag = read_episode_tag(first, job.tags, name=job.episode.name)
        joined = join_parts(job.episode, files, bounds, tag=tag, what=job.what)
    finally:
        for file in files:
            file.unlink(missing_ok=True)
    if not job.measure:
        return None, joined
    blocks = [b for report in reports[: len(files)] for b in momentary_lufs(report)]
    if not blocks:
        raise AudioError(f"{job.what}: ffmpeg reported no loudness")
    lufs = integrated_lufs(blocks)
    return (lufs if math.isfinite(lufs) else -70.0), joined


def m4b_args(
    raw_pcm: Path, meta: Path, *, mastering: str, sample_rate_hz: int, tags: EpisodeTags, m4b: Path
) -> list[str]:
    """ffmpeg's args for the m4b, made whole from ``raw_pcm`` beside an MP3 encoded in
    parts: mastered as the MP3 is, with the chapters of the ffmetadata ``meta``."""
    args = [*pcm_input_args(raw_pcm, sample_rate_hz=sample_rate_hz)]
    args += ["-i", str(meta), "-af", f"{LARGE_FRAMES},{mastering}", "-map", "0:a"]
    args += ["-map_metadata", "1", "-map_chapters", "1", *tag_args(tags), *_M4B]
    return [*args, "-y", str(m4b)]


def join_parts(
    episode: Path, files: Sequence[Path], bounds: Sequence[int], *, tag: bytes, what: str
) -> JoinedParts:
    """Write ``episode``: the ID3 ``tag``, room for an Info frame, then each part's
    frames up to where the next part's begin (``reader.audio.split``)."""
    indexes = []
    for file in files:
        with file.open("rb") as f:
            index = index_file(f)
        if index is None:
            raise AudioError(f"{what}: cannot read the frames of {file.name}")
        indexes.append(index)
    spf, skip, info = indexes[0].samples_per_frame, indexes[0].skip, indexes[0].info
    if any((i.samples_per_frame, i.skip) != (spf, skip) for i in indexes):
        raise AudioError(f"{what}: the parts were encoded with different frame timings")
    with episode.open("wb") as out:
        out.write(tag)
        out.write(bytes(len(info)))  # the Info frame, once the CRC is known
        offsets = [out.tell()]
        for n, (file, index) in enumerate(zip(files, indexes, strict=True)):
            last = len(index.offsets) - 1
            if n + 1 < len(files):
                last = (bounds[n + 1] - bounds[n]) // spf
                if last > len(index.offsets) - 1:
                    raise AudioError(f"{what}: {file.name} ended before its seam")
            start = offsets[-1] - index.offsets[0]
            offsets += [start + at for at in index.offsets[1 : last + 1]]
            with file.open("rb") as part:
                part.seek(index.offsets[0])
                left = index.offsets[last] - index.offsets[0]
                while left > 0:  # in chunks: a part of an episode of hours is large
                    chunk = part.read(min(1 << 20, left))
                    if not chunk:
                        raise AudioError(f"{what}: {file.name} ended before its last frame")
                    out.write(chunk)
                    left -= len(chunk)
    return JoinedParts(
        index=FrameIndex(offsets=tuple(offsets), samples_per_frame=spf, skip=skip, info=info),
        info_at=len(tag),
    )


def write_joined_info(
    episode: Path, joined: JoinedParts, *, audio_crc: int, total_samples: int
) -> None:
    """The joined episode's Info frame: its frames, gapless delay and padding, CRC."""
    offsets = joined.index.offsets
    info = section_info_frame(
        joined.index.info,
        frame_sizes=[b - a for a, b in itertools.pairwise(offsets)],
        delay=joined.index.encoder_delay,
        padding=joined.index.padding_for(total_samples),
        audio_crc=audio_crc,
    )
    with episode.open("r+b") as file:
        file.seek(joined.info_at)
        file.write(info)
