"""The episode's head and its section files, cut from its frames (effects).

Each section file is cut out of the episode without re-encoding: the episode
is encoded without LAME's bit reservoir, so every MP3 frame stands alone, and
a section is the run of whole frames (26 ms each at 22.05 kHz) that holds its
samples, copied byte for byte behind its own Info frame and ID3 tag. Every
section starts and ends inside a pause, so a cut never falls on speech.
ffmpeg's stream copy is the fallback for an MP3 whose frames ``index_file``
cannot read.

The episode's own ID3 tag is the one ffmpeg wrote (text frames, an ordered
CTOC, the CHAP frames), extended byte for byte: it is never re-saved with
mutagen, which reorders CHAP frames.
"""

from __future__ import annotations

import importlib
import io
import itertools
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from reader.audio.ffmpeg import run_ffmpeg
from reader.audio.id3 import comment_frame, id3_size, with_id3_frame
from reader.audio.language import iso639_2
from reader.audio.mp3frames import FrameIndex, crc16, index_file, lame_tagged, section_info_frame
from reader.audio.split import crc16_combine
from reader.edition.model import EpisodeTags, SectionSpan
from reader.errors import AudioError

__all__ = ["ID3_ARGS", "cut_sections", "finish_episode", "read_episode_tag", "tag_args"]

ID3_ARGS = ["-id3v2_version", "4"]
_CHUNK = 1 << 20


def tag_args(
    tags: EpisodeTags,
    *,
    title: str | None = None,
    track: str | None = None,
    comment: bool = True,
) -> list[str]:
    """ffmpeg's ``-metadata`` for ``tags``; ``comment=False`` for MP3s, whose ``COMM``
    frame ``read_episode_tag`` adds (ffmpeg would write ``TXXX:comment``)."""
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


def read_episode_tag(file: BinaryIO, tags: EpisodeTags, *, name: str) -> bytes:
    """The ID3 tag ffmpeg wrote at the start of ``file`` (left just after it), with the
    description added as ``COMM``; empty when there is none."""
    file.seek(0)
    head = file.read(10)
    tag_bytes = 10 + id3_size(head) if head[:3] == b"ID3" else 0
    file.seek(0)
    tag = file.read(tag_bytes)
    if tags.comment:
        language = iso639_2(tags.language) or "und"
        added = with_id3_frame(tag, comment_frame(tags.comment, language=language))
        if added is None:
            raise AudioError(f"{name}: ffmpeg wrote an ID3 tag reader cannot extend")
        tag = added
    return tag


def finish_episode(path: Path, tags: EpisodeTags, index: FrameIndex, total_samples: int) -> None:
    """Sign the episode's Info frame (right after its ID3 tag) as a LAME tag, so that
    every LAME-aware player honours its gapless delay and padding, with the padding
    that leaves exactly ``total_samples``; add the description as ``COMM``. The head
    of the file ffmpeg wrote is rewritten, the frames of its tag kept in order."""
    info = index.info
    with path.open("rb") as file:
        tag = read_episode_tag(file, tags, name=path.name)
        if file.read(len(info)) != info:
            raise AudioError(f"{path.name}: the Info frame is not where it was indexed")
        temp = path.with_name(f".{path.name}.tmp")
        with temp.open("wb") as out:
            out.write(tag)
            out.write(lame_tagged(info, padding=index.padding_for(total_samples)))
            shutil.copyfileobj(file, out, _CHUNK)
    os.replace(temp, path)


def _crc_of(file: BinaryIO, start: int, end: int, *, name: str) -> int:
    file.seek(start)
    crc = 0
    while start < end:
        chunk = file.read(min(_CHUNK, end - start))
        if not chunk:
            raise AudioError(f"{name}: ended before its last frame")
        crc = crc16(chunk, crc)
        start += len(chunk)
    return crc


def cut_sections(
    episode: Path,
    sections: Sequence[SectionSpan],
    *,
    tags: EpisodeTags,
    sample_rate_hz: int,
    out_dir: Path,
    index: FrameIndex | None = None,
) -> tuple[FrameIndex, int] | None:
    """Copy each section's frames out of ``episode`` into its own tagged file, behind
    an Info frame whose gapless delay and padding make it decode to exactly its span.
    ``index`` gives the episode's frames when they are known (its Info frame then
    is ``index.info``'s template, to be written). Returns the episode's frame index
    and the CRC of all its frames (None when ffmpeg cut the sections instead).

    Each byte is read through the CRC once: the frames are taken as runs between
    the sections' cuts (which overlap by a frame), and each section's CRC, and the
    episode's, is combined from its runs' (``crc16_combine``)."""
    with episode.open("rb") as file:
        index = index or index_file(file)
        if index is None:
            _cut_with_ffmpeg(episode, sections, tags=tags, rate_hz=sample_rate_hz, out_dir=out_dir)
            return None
        offsets = index.offsets
        frames = len(offsets) - 1
        cuts = [index.cut(span.start_sample, span.end_sample) for span in sections]
        points = sorted({0, frames, *(c.first for c in cuts), *(c.last for c in cuts)})
        runs = {  # frame -> (CRC, bytes) of the run of frames from it to the next point
            a: (_crc_of(file, offsets[a], offsets[b], name=episode.name), offsets[b] - offsets[a])
            for a, b in itertools.pairwise(points)
        }

        def crc_between(first: int, last: int) -> int:
            crc = 0
            for a in points[points.index(first) : points.index(last)]:
                crc = crc16_combine(crc, *runs[a])
            return crc

        for span, cut in zip(sections, cuts, strict=True):
            start, end = offsets[cut.first], offsets[cut.last]
            sizes = [b - a for a, b in itertools.pairwise(offsets[cut.first : cut.last + 1])]
            path = out_dir / span.filename
            with path.open("wb") as out:
                out.write(_id3(tags, title=span.title, track=f"{span.number}/{len(sections)}"))
                out.write(
                    section_info_frame(
                        index.info,
                        frame_sizes=sizes,
                        delay=cut.delay,
                        padding=cut.padding,
                        audio_crc=crc_between(cut.first, cut.last),
                    )
                )
                file.seek(start)
                while start < end:
                    chunk = file.read(min(_CHUNK, end - start))
                    if not chunk:
                        raise AudioError(f"{episode.name}: ended before its last frame")
                    out.write(chunk)
                    start += len(chunk)
        return index, crc_between(0, frames)


def _id3(tags: EpisodeTags, *, title: str, track: str) -> bytes:
    """The same ID3v2.4 tag ffmpeg writes from ``tag_args``, as bytes to put before the
    frames (saved into a file, mutagen would rewrite it whole to insert the tag)."""
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
    tag = io.BytesIO()
    id3.save(tag, v2_version=4)
    return tag.getvalue()


def _cut_with_ffmpeg(
    episode: Path,
    sections: Sequence[SectionSpan],
    *,
    tags: EpisodeTags,
    rate_hz: int,
    out_dir: Path,
) -> None:
    """``cut_sections`` by ffmpeg's stream copy, for MP3s ``index_file`` cannot read."""
    inputs: list[str] = []
    outputs: list[str] = []
    total = len(sections)
    for i, span in enumerate(sections):
        start = span.start_sample / rate_hz
        end = span.end_sample / rate_hz
        inputs += ["-ss", f"{start:.6f}", "-to", f"{end:.6f}", "-i", str(episode)]
        outputs += ["-map", f"{i}:a", "-c", "copy", "-map_metadata", "-1", "-map_chapters", "-1"]
        outputs += [*tag_args(tags, title=span.title, track=f"{span.number}/{total}"), *ID3_ARGS]
        outputs += ["-y", str(out_dir / span.filename)]
    run_ffmpeg([*inputs, *outputs], what=f"cutting the sections of {tags.title!r}")
