"""Encode tones and silences with the real ffmpeg, then read them back."""

from __future__ import annotations

import math
import subprocess
from array import array
from pathlib import Path

import mutagen.mp3
import mutagen.mp4
import pytest
from mutagen.id3 import CTOC

from reader.audio import (
    EncodeResult,
    encode_edition,
    ffmpeg_exe,
    gain_to_target,
    mastering_filter,
    measure_loudness,
    read_duration_ms,
)
from reader.audio.encode import build_ffmetadata
from reader.audio.loudness import Loudness
from reader.audio.split import find_seams
from reader.audio.stream import EpisodeHead, EpisodeStream, encode_streamed
from reader.edition.model import Chapter, EpisodeTags, SectionSpan
from reader.errors import AudioError

RATE = 22050
FRAME = 576
"""Samples in one MPEG-2 Layer III frame (22.05 kHz)."""
TITLES = ["Opening", "Dehydration = water; #1", "What causes cramps?"]
TAGS = EpisodeTags(
    title="What Causes Inner Thigh Cramps?",
    artist="Osgood",
    album="What Causes Inner Thigh Cramps?",
    date="2022-12-29",
    language="en",
    comment="It's about cramps: ünïcode & more.",
)


def _tone_pcm(seconds: float, bursts: list[float], amplitude: float = 0.1) -> bytes:
    """Silence with a 0.5 s, 440 Hz burst starting at each time in ``bursts``."""
    pcm = array("h", bytes(2 * int(seconds * RATE)))
    for start in bursts:
        first = int(start * RATE)
        for i in range(RATE // 2):
            pcm[first + i] = int(32767 * amplitude * math.sin(2 * math.pi * 440 * i / RATE))
    return pcm.tobytes()


def _decode(path: Path) -> array[int]:
    out = subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-i",
            str(path),
            "-f",
            "s16le",
            "-ac",
            "1",
            "-ar",
            str(RATE),
            "-",
        ],
        check=True,
        capture_output=True,
    ).stdout
    return array("h", out)


def _first_sound(samples: array[int], threshold: int = 1000) -> float:
    return next(i for i, s in enumerate(samples) if abs(s) > threshold) / RATE


@pytest.fixture(
    scope="module",
    params=[(1, 1), (4, 1), (1, 2), (4, 2), (1, -2), (4, -1)],
    ids=[
        "limiter",
        "true-peak-limiter",
        "in-parts",
        "true-peak-in-parts",
        "streamed-in-parts",
        "true-peak-streamed",
    ],
)
def edition(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> tuple[Path, Path]:
    """The same edition with the plain limiter and the oversampled one Piper's
    voices are mastered with, encoded whole and in two parts joined in the pause
    between 4.5 and 7 s, or streamed (negative parts: ``EpisodeStream``, fed in
    pieces, cut in that pause): timings, sections, tags and loudness must not differ."""
    oversampling, parts = request.param
    streamed = parts < 0
    parts = abs(parts)
    root = tmp_path_factory.mktemp("enc")
    raw = root / "episode.pcm"
    raw.write_bytes(_tone_pcm(9.0, [1.0, 4.0, 7.0]))
    spans = [(0, 3.5), (3.5, 6.5), (6.5, 9.0)]
    chapters = [
        Chapter(title=t, start_ms=int(a * 1000), end_ms=int(b * 1000))
        for t, (a, b) in zip(TITLES, spans, strict=True)
    ]
    sections = [
        SectionSpan(
            number=n,
            title=t,
            filename=f"sections/{n:02d}-s.mp3",
            start_sample=int(a * RATE),
            end_sample=int(b * RATE),
        )
        for n, (t, (a, b)) in enumerate(zip(TITLES, spans, strict=True), start=1)
    ]
    out = root / "edition"
    gain = gain_to_target(measure_loudness(raw, sample_rate_hz=RATE))
    seams = find_seams(raw, total_samples=9 * RATE, parts=parts, sample_rate_hz=RATE)
    assert len(seams) == parts - 1 and all(4.5 * RATE < s < 7 * RATE for s in seams)
    if streamed:
        result = _encode_streamed(
            raw, gain, chapters, sections, out, seams=seams, oversampling=oversampling
        )
    else:
        result = encode_edition(
            raw,
            sample_rate_hz=RATE,
            gain_db=gain,
            tags=TAGS,
            chapters=chapters,
            sections=sections,
            out_dir=out,
            m4b_name="episode.m4b",
            measure=True,
            oversampling=oversampling,
            parts=parts,
        )
    mastered = measure_loudness(
        raw,
        sample_rate_hz=RATE,
        pre_filter=mastering_filter(gain, sample_rate_hz=RATE, oversampling=oversampling),
    )
    assert result.integrated_lufs is not None
    assert abs(result.integrated_lufs - mastered.integrated_lufs) <= 0.1
    assert sorted(p.name for p in out.iterdir()) == ["episode.m4b", "episode.mp3", "sections"]
    assert [f.path.name for f in result.files] == [
        "episode.mp3",
        "01-s.mp3",
        "02-s.mp3",
        "03-s.mp3",
        "episode.m4b",
    ]
    assert result.episode.duration_ms == 9000
    assert [s.duration_ms for s in result.sections] == [3500, 3000, 2500]
    assert all(f.bytes == f.path.stat().st_size for f in result.files)
    return out, raw


def test_episode_has_id3v24_tags_and_ordered_chapters(edition: tuple[Path, Path]) -> None:
    out, _ = edition
    tags = mutagen.mp3.MP3(out / "episode.mp3").tags
    assert tags is not None and tags.version[:2] == (2, 4)
    assert str(tags["TIT2"]) == TAGS.title and str(tags["TPE1"]) == "Osgood"
    assert str(tags["TALB"]) == TAGS.album and str(tags["TDRC"]) == "2022-12-29"
    (toc,) = [f for f in tags.values() if isinstance(f, CTOC)]
    chaps = [tags[f"CHAP:{cid}"] for cid in toc.child_element_ids]
    assert [str(c.sub_frames["TIT2"]) for c in chaps] == TITLES
    assert [c.start_time for c in chaps] == [0, 3500, 6500]


def test_decoded_timeline_is_exact(edition: tuple[Path, Path]) -> None:
    out, _ = edition
    episode = _decode(out / "episode.mp3")
    assert len(episode) == 9 * RATE
    assert abs(_first_sound(episode) - 1.0) < 0.005
    assert abs(_first_sound(episode[int(3.5 * RATE) :]) - 0.5) < 0.005
    # Sections are whole MP3 frames of the episode: a frame of slack at each end
    # (the last one also keeps the encoder's padding).
    third = _decode(out / "sections" / "03-s.mp3")
    assert abs(len(third) - int(2.5 * RATE)) <= 2 * FRAME
    assert abs(_first_sound(third) - 0.5) <= FRAME / RATE
    assert abs(read_duration_ms(out / "episode.mp3") - 9000) <= 100


def test_sections_are_tagged_with_title_and_track(edition: tuple[Path, Path]) -> None:
    out, _ = edition
    tags = mutagen.mp3.MP3(out / "sections" / "02-s.mp3").tags
    assert tags is not None
    assert str(tags["TIT2"]) == TITLES[1]
    assert str(tags["TRCK"]) == "2/3"
    assert str(tags["TALB"]) == TAGS.album
    assert not [k for k in tags.keys() if k.startswith("CHAP")]


def test_m4b_carries_the_chapters(edition: tuple[Path, Path]) -> None:
    out, _ = edition
    m4b = mutagen.mp4.MP4(out / "episode.m4b")
    assert m4b.chapters is not None
    assert [c.title for c in m4b.chapters] == TITLES
    assert [round(c.start, 2) for c in m4b.chapters] == [0.0, 3.5, 6.5]


def test_loudness_reaches_the_podcast_target(edition: tuple[Path, Path]) -> None:
    out, raw = edition
    before = measure_loudness(raw, sample_rate_hz=RATE)
    after = measure_loudness(out / "episode.mp3", true_peak=True)
    assert before.integrated_lufs < -20
    assert -17.0 <= after.integrated_lufs <= -15.0
    assert after.true_peak_dbtp is not None and after.true_peak_dbtp <= -1.0


def test_gain_to_target_handles_silence_and_bounds() -> None:
    assert gain_to_target(Loudness(integrated_lufs=-20.0)) == pytest.approx(4.0)
    assert gain_to_target(Loudness(integrated_lufs=-float("inf"))) == 0.0
    assert gain_to_target(Loudness(integrated_lufs=-69.0)) == 30.0


def test_ffmetadata_escapes_special_characters() -> None:
    text = build_ffmetadata([Chapter(title="a=b;c#d\\e\nf", start_ms=0, end_ms=10)])
    assert text.splitlines()[0] == ";FFMETADATA1"
    assert "title=a\\=b\\;c\\#d\\\\e\\\nf" in text


def test_ffmpeg_failure_is_an_audio_error(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="ffmpeg failed"):
        measure_loudness(tmp_path / "missing.pcm", sample_rate_hz=RATE)


def test_frame_index_is_the_same_whatever_the_read_size(
    edition: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.audio import mp3frames

    out, _ = edition
    data = (out / "episode.mp3").read_bytes()
    whole = mp3frames.index_frames(data)
    assert whole is not None and whole.offsets[-1] == len(data)
    assert len(whole.offsets) - 1 == -(-(9 * RATE + whole.skip) // FRAME)
    monkeypatch.setattr(mp3frames, "_CHUNK", 97)
    assert mp3frames.index_frames(data) == whole
    assert mp3frames.index_frames(data[:-50]) is None  # a cut-off last frame


def test_sections_fall_back_to_ffmpeg_for_an_unreadable_mp3(
    edition: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.audio import sections

    out, _ = edition
    monkeypatch.setattr(sections, "index_file", lambda file: None)
    span = SectionSpan(
        number=2,
        title=TITLES[1],
        filename="02-s.mp3",
        start_sample=int(3.5 * RATE),
        end_sample=int(6.5 * RATE),
    )
    sections.cut_sections(
        out / "episode.mp3", [span], tags=TAGS, sample_rate_hz=RATE, out_dir=tmp_path
    )
    cut = _decode(tmp_path / "02-s.mp3")
    assert abs(len(cut) - 3 * RATE) <= 2 * FRAME
    tags = mutagen.mp3.MP3(tmp_path / "02-s.mp3").tags
    assert tags is not None and str(tags["TIT2"]) == TITLES[1]


def _encode_streamed(
    raw: Path,
    gain: float,
    chapters: list[Chapter],
    sections: list[SectionSpan],
    out: Path,
    *,
    seams: list[int],
    oversampling: int,
) -> EncodeResult:
    """The edition encoded as it is spoken: ``raw`` fed in uneven pieces, cut at
    ``seams``, then finished. With the plain limiter, the episode's tag is started
    before the parts are finished, as the pipeline does; otherwise it is made after."""
    pcm = raw.read_bytes()
    work = out.parent / "work"
    work.mkdir()
    head = None
    with EpisodeStream(
        work / "episode.pcm", sample_rate_hz=RATE, gain_db=gain, oversampling=oversampling
    ) as stream:
        cursor = 0
        for end in [*seams, len(pcm) // 2]:
            while cursor < end:
                piece = min(end, cursor + 7919)  # a prime: pieces fall anywhere
                stream.write(pcm[2 * cursor : 2 * piece])
                cursor = piece
            if end in seams:
                stream.cut()
        if oversampling == 1:
            head = EpisodeHead(TAGS, chapters, sample_rate_hz=RATE, out_dir=out)
        parts = stream.finish()
    assert (work / "episode.pcm").read_bytes() == pcm
    assert parts.bounds == (0, *seams, len(pcm) // 2)
    result = encode_streamed(
        parts,
        raw_pcm=work / "episode.pcm",
        sample_rate_hz=RATE,
        tags=TAGS,
        chapters=chapters,
        sections=sections,
        out_dir=out,
        m4b_name="episode.m4b",
        oversampling=oversampling,
        head=head,
    )
    assert sorted(p.name for p in work.iterdir()) == ["episode.pcm"]  # parts removed
    return result


def _lame(path: Path) -> tuple[int, int, str]:
    """(encoder delay, padding, encoder string) of the LAME tag, as mutagen reads it."""
    from mutagen.mp3._util import XingHeader

    info = mutagen.mp3.MP3(path).info
    with path.open("rb") as file:
        file.seek(info.frame_offset + XingHeader.get_offset(info))
        xing = XingHeader(file)
    assert xing.lame_header is not None, f"{path.name}: no LAME tag mutagen reads"
    lame = xing.lame_header
    return lame.encoder_delay_start, lame.encoder_padding_end, info.encoder_info


SPANS_S = [(0, 3.5), (3.5, 6.5), (6.5, 9.0)]


@pytest.mark.parametrize("number", [0, 1, 2, 3])
def test_every_file_is_gapless_and_decodes_to_exactly_its_samples(
    edition: tuple[Path, Path], number: int
) -> None:
    """Issue 9 item 7: the LAME tag carries the encoder delay and padding, so the
    episode and each section decode to exactly their samples, and mutagen (which
    reads only tags signed LAME) gives the same length."""
    out, _ = edition
    path = out / ("episode.mp3" if number == 0 else f"sections/{number:02d}-s.mp3")
    start_s, end_s = (0.0, 9.0) if number == 0 else SPANS_S[number - 1]
    samples = int(end_s * RATE) - int(start_s * RATE)
    delay, padding, encoder = _lame(path)
    assert encoder.startswith("LAME")
    assert 529 <= padding < 4096 and 0 < delay < 4096
    assert round(mutagen.mp3.MP3(path).info.length * RATE) == samples
    decoded = _decode(path)
    assert len(decoded) == samples
    burst = next(b for b in (1.0, 4.0, 7.0) if start_s <= b < end_s)
    assert abs(_first_sound(decoded) - (burst - start_s)) < 0.001


def test_chapters_land_on_the_decoded_sound(edition: tuple[Path, Path]) -> None:
    """A burst planned 0.5 s after a chapter start is heard 0.5 s after it, within a
    millisecond, where players place the chapter (50 ms early before)."""
    out, _ = edition
    tags = mutagen.mp3.MP3(out / "episode.mp3").tags
    assert tags is not None
    (toc,) = [f for f in tags.values() if isinstance(f, CTOC)]
    starts = [tags[f"CHAP:{cid}"].start_time for cid in toc.child_element_ids]
    decoded = _decode(out / "episode.mp3")
    for start_ms, burst in zip(starts[1:], (4.0, 7.0), strict=True):
        at = int(start_ms * RATE / 1000)
        assert abs(at / RATE + _first_sound(decoded[at:]) - burst) < 0.001


def test_id3_language_is_iso_639_2_and_the_description_is_a_comment(
    edition: tuple[Path, Path],
) -> None:
    """Issue 9 item 6: TLAN was ``en``, and the description went to TXXX:comment."""
    out, _ = edition
    for path in (out / "episode.mp3", *sorted((out / "sections").glob("*.mp3"))):
        tags = mutagen.mp3.MP3(path).tags
        assert tags is not None
        assert tags["TLAN"].text == ["eng"], path.name
        assert tags["COMM::eng"].text == [TAGS.comment], path.name
        assert not [k for k in tags.keys() if k.startswith("TXXX")], path.name


def test_the_true_peak_limiter_oversamples_around_the_limiter() -> None:
    from reader.audio import mastering_filter

    plain = mastering_filter(3.0, sample_rate_hz=RATE)
    assert plain == "volume=3.00dB,alimiter=limit=0.7943:level=false:latency=true"
    true_peak = mastering_filter(3.0, sample_rate_hz=RATE, oversampling=4)
    assert true_peak == (
        "volume=3.00dB,aresample=88200,alimiter=limit=0.7943:level=false:latency=true:attack=1,"
        "aresample=22050"
    )
