"""Encode the episode while it is spoken, in parts, with a gain chosen up front (effects).

``encode_edition`` starts once the whole episode is on disk, because its gain
comes from the whole article's loudness. ``EpisodeStream`` instead takes the
episode's PCM as it is spoken: each piece goes to the episode's PCM file and
to the stdin of the encoder of the current part, an ffmpeg with the very
filter chain and MP3 settings of ``encode_edition``'s parts (gain, limiter,
``ebur128`` blocks logged). ``cut`` ends a part at a seam (a whole number of
frames into the episode, in silence: ``reader.audio.split``) and starts the
next part's encoder there, so on two cores one part is encoded while the
rest is still being spoken.

The parts carry no tag: the chapters are known only once every clip is.
``EpisodeHead`` then makes the episode's ID3 tag with ffmpeg's own writer
(a tiny encode of a moment of silence with the ffmetadata's chapters; never
mutagen, which reorders CHAP frames) while the part encoders finish, and
``encode_streamed`` joins the parts' frames behind it as ``encode_edition``
does, cuts the sections and writes the Info frame. The
loudness of the mastered episode is that of all the parts' blocks, for the
caller to check against its target.

A failure anywhere kills every part encoder and raises ``AudioError``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.audio.encode import (
    MP3_ARGS,
    EncodeResult,
    build_ffmetadata,
    encoded_file,
    join_parts,
    m4b_args,
    write_joined_info,
)
from reader.audio.ffmpeg import PipedFfmpeg, RunningFfmpegs, pcm_input_args
from reader.audio.loudness import LARGE_FRAMES, integrated_lufs, mastering_filter, momentary_lufs
from reader.audio.sections import ID3_ARGS, cut_sections, read_episode_tag, tag_args
from reader.audio.split import samples_per_frame
from reader.edition.model import Chapter, EpisodeTags, SectionSpan
from reader.errors import AudioError

__all__ = ["EpisodeHead", "EpisodeStream", "Streamed", "encode_streamed"]


class _PartEncoder(PipedFfmpeg):
    """One ffmpeg mastering, measuring and encoding PCM fed to its stdin by a thread
    (the speaker never waits on the pipe), into ``path``."""

    _QUEUED = 256

    def __init__(self, path: Path, *, sample_rate_hz: int, mastering: str, what: str) -> None:
        self.path = path
        graph = f"[0:a]{LARGE_FRAMES},{mastering},asplit=2[out][m]"
        graph += ";[m]ebur128=framelog=info,anullsink"
        args = [*pcm_input_args(Path("pipe:0"), sample_rate_hz=sample_rate_hz)]
        args += ["-filter_complex", graph, "-map", "[out]", "-map_metadata", "-1"]
        args += [*MP3_ARGS, "-id3v2_version", "0", "-f", "mp3", "-y", str(path)]
        super().__init__(args, what=what, queued=self._QUEUED, name="part-encoder-feed")


@dataclass(frozen=True, slots=True, kw_only=True)
class Streamed:
    """An episode encoded while it was spoken: its parts, not yet joined."""

    files: tuple[Path, ...]
    bounds: tuple[int, ...]
    """Where each part starts, in samples of the episode, then where the last ends."""
    gain_db: float
    integrated_lufs: float
    """The mastered episode's loudness, from all the parts' blocks (-70: silence)."""

    @property
    def total_samples(self) -> int:
        return self.bounds[-1]


class EpisodeStream:
    """The episode's PCM, written in order to ``raw_pcm`` and to one part encoder at a
    time (a context manager: leaving it unfinished kills the encoders)."""

    def __init__(
        self,
        raw_pcm: Path,
        *,
        sample_rate_hz: int,
        gain_db: float,
        oversampling: int = 1,
        what: str = "encoding the episode",
    ) -> None:
        self.raw_pcm = raw_pcm
        self.sample_rate_hz = sample_rate_hz
        self.samples_per_frame = samples_per_frame(sample_rate_hz)
        self.gain_db = gain_db
        self.what = what
        self.samples = 0
        """Samples written so far: where the next write goes on the episode's timeline."""
        self._mastering = mastering_filter(
            gain_db, sample_rate_hz=sample_rate_hz, oversampling=oversampling
        )
        self._bounds = [0]
        self._parts: list[_PartEncoder] = []
        self._file = raw_pcm.open("wb")
        self._finished = False
        try:
            self._start_part()
        except BaseException:
            self._file.close()
            raise

    def _start_part(self) -> None:
        path = self.raw_pcm.with_name(f".{self.raw_pcm.stem}.part{len(self._parts)}.mp3")
        self._parts.append(
            _PartEncoder(
                path,
                sample_rate_hz=self.sample_rate_hz,
                mastering=self._mastering,
                what=self.what,
            )
        )

    def write(self, pcm: bytes) -> None:
        """Append 16-bit mono samples to the episode."""
        if len(pcm) % 2:
            raise AudioError(f"{self.what}: a clip of an odd number of bytes")
        if not pcm:
            return
        self._parts[-1].write(pcm)
        self._file.write(pcm)
        self.samples += len(pcm) // 2

    def write_silence(self, samples: int) -> None:
        if samples > 0:
            self.write(bytes(2 * samples))

    def cut(self) -> None:
        """End the current part here (a seam: a whole number of frames into the
        episode, in silence) and start the next part's encoder."""
        if self.samples % self.samples_per_frame or self.samples <= self._bounds[-1]:
            raise ValueError(f"no seam at sample {self.samples}")
        self._parts[-1].end_input()
        self._bounds.append(self.samples)
        self._start_part()

    def finish(self) -> Streamed:
        """End the last part, wait for every encoder; the parts and their loudness."""
        self._file.close()
        self._parts[-1].end_input()
        reports = [part.wait() for part in self._parts]
        self._finished = True
        blocks = [b for report in reports for b in momentary_lufs(report)]
        if not blocks:
            raise AudioError(f"{self.what}: ffmpeg reported no loudness")
        lufs = integrated_lufs(blocks)
        for part in self._parts:
            part.kill()  # ended: this closes its report
        return Streamed(
            files=tuple(part.path for part in self._parts),
            bounds=(*self._bounds, self.samples),
            gain_db=self.gain_db,
            integrated_lufs=lufs if lufs > -70.0 else -70.0,
        )

    def close(self) -> None:
        """Kill the encoders (unless finished) and close the PCM file."""
        self._file.close()
        for part in self._parts:
            part.kill()
            if not self._finished:
                part.path.unlink(missing_ok=True)

    def __enter__(self) -> EpisodeStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class EpisodeHead:
    """The episode's ID3 tag, chapters and all, as ffmpeg's own writer makes it: a
    tiny encode of a moment of silence with the ffmetadata's chapters (never
    mutagen, which reorders CHAP frames). It needs only the tags and chapters, so
    the pipeline starts it as soon as the last clip is placed, and it runs while the
    part encoders finish (it took 80 ms after them). A context manager: leaving it
    stops ffmpeg and removes its files from ``out_dir``."""

    def __init__(
        self,
        tags: EpisodeTags,
        chapters: Sequence[Chapter],
        *,
        sample_rate_hz: int,
        out_dir: Path,
        episode_name: str = "episode.mp3",
    ) -> None:
        self.tags = tags
        self.episode_name = episode_name
        out_dir.mkdir(parents=True, exist_ok=True)
        self.meta = out_dir / ".chapters.ffmeta"
        """The chapters as ffmetadata, for the m4b too."""
        self.meta.write_text(build_ffmetadata(chapters), encoding="utf-8")
        self._path = out_dir / f".{episode_name}.tag"
        rate = str(sample_rate_hz)
        # The input's own -t: the output's chapters are not cut to it.
        args = ["-f", "lavfi", "-t", "0.05", "-i", f"anullsrc=r={rate}:cl=mono"]
        args += ["-i", str(self.meta), "-map", "0:a", "-map_metadata", "1", "-map_chapters", "1"]
        args += [*tag_args(tags, comment=False), *MP3_ARGS, *ID3_ARGS, "-f", "mp3", "-y"]
        try:
            self._running = RunningFfmpegs([[*args, str(self._path)]], what=self._what)
        except BaseException:
            self.meta.unlink(missing_ok=True)
            raise

    @property
    def _what(self) -> str:
        return f"encoding {self.tags.title!r}"

    def tag(self) -> bytes:
        """The tag, with the description added (``read_episode_tag``), once ffmpeg ends."""
        self._running.wait()
        with self._path.open("rb") as file:
            return read_episode_tag(file, self.tags, name=self.episode_name)

    def close(self) -> None:
        self._running.kill()
        self.meta.unlink(missing_ok=True)
        self._path.unlink(missing_ok=True)

    def __enter__(self) -> EpisodeHead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def encode_streamed(
    streamed: Streamed,
    *,
    raw_pcm: Path,
    sample_rate_hz: int,
    tags: EpisodeTags,
    chapters: Sequence[Chapter],
    sections: Sequence[SectionSpan],
    out_dir: Path,
    episode_name: str = "episode.mp3",
    m4b_name: str | None = None,
    oversampling: int = 1,
    head: EpisodeHead | None = None,
) -> EncodeResult:
    """Write the episode from ``streamed``'s parts, its sections and optionally the
    m4b (encoded from ``raw_pcm`` with the same gain) into ``out_dir``, as
    ``encode_edition`` would have; the parts' files are removed. ``head`` is the
    episode's tag already started for these ``tags`` and ``chapters`` in ``out_dir``
    (closed here); without it the tag is made now."""
    what = f"encoding {tags.title!r}"
    episode = out_dir / episode_name
    out_dir.mkdir(parents=True, exist_ok=True)
    for span in sections:
        (out_dir / span.filename).parent.mkdir(parents=True, exist_ok=True)
    try:
        if head is None:
            head = EpisodeHead(
                tags,
                chapters,
                sample_rate_hz=sample_rate_hz,
                out_dir=out_dir,
                episode_name=episode_name,
            )
        with head:
            m4b = out_dir / m4b_name if m4b_name else None
            if m4b:
                mastering = mastering_filter(
                    streamed.gain_db, sample_rate_hz=sample_rate_hz, oversampling=oversampling
                )
                args = m4b_args(
                    raw_pcm,
                    head.meta,
                    mastering=mastering,
                    sample_rate_hz=sample_rate_hz,
                    tags=tags,
                    m4b=m4b,
                )
                with RunningFfmpegs([args], what=what) as running:
                    tag = head.tag()
                    running.wait()
            else:
                tag = head.tag()
            joined = join_parts(episode, streamed.files, streamed.bounds, tag=tag, what=what)
    finally:
        for part in streamed.files:
            part.unlink(missing_ok=True)
    total = streamed.total_samples
    cut = cut_sections(
        episode,
        sections,
        tags=tags,
        sample_rate_hz=sample_rate_hz,
        out_dir=out_dir,
        index=joined.index,
    )
    assert cut is not None  # the joined frames were indexed
    write_joined_info(episode, joined, audio_crc=cut[1], total_samples=total)
    return EncodeResult(
        episode=encoded_file(episode, total, sample_rate_hz),
        sections=tuple(
            encoded_file(out_dir / s.filename, s.end_sample - s.start_sample, sample_rate_hz)
            for s in sections
        ),
        m4b=encoded_file(m4b, total, sample_rate_hz) if m4b else None,
        integrated_lufs=streamed.integrated_lufs,
    )
