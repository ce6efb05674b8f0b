"""Encoding the episode in parts at once: where it splits, and that the joined frames
play as one encode of the whole (real ffmpeg)."""

from __future__ import annotations

import math
import os
import subprocess
from array import array
from pathlib import Path

import mutagen.mp3
import pytest
from mutagen.id3 import CTOC

from reader.audio import encode_edition, episode_parts, ffmpeg_exe
from reader.audio.ffmpeg import run_ffmpegs
from reader.audio.loudness import integrated_lufs, measure_loudness, momentary_lufs
from reader.audio.mp3frames import crc16
from reader.audio.split import GUARD_FRAMES, crc16_combine, find_seams, seam_near
from reader.edition.model import Chapter, EpisodeTags, SectionSpan
from reader.errors import AudioError

RATE = 22050
FRAME = 576
TAGS = EpisodeTags(title="Parts", artist="Osgood", album="Parts", date=None, language="en")


def _speechlike(seconds: float, bursts: list[tuple[float, float]]) -> bytes:
    """Silence with a loud, wobbling, noisy tone over each ``(start, end)`` in seconds."""
    pcm = array("h", bytes(2 * int(seconds * RATE)))
    seed = 1
    for start, end in bursts:
        for i in range(int(start * RATE), int(end * RATE)):
            seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
            t = i / RATE
            tone = math.sin(2 * math.pi * (300 + 200 * math.sin(2 * math.pi * 3 * t)) * t)
            pcm[i] = int(9000 * tone + (seed % 2001 - 1000))
    return pcm.tobytes()


def _decode(path: Path) -> array[int]:
    command = [ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-"]
    return array("h", subprocess.run(command, check=True, capture_output=True).stdout)


def _rms(samples: array[int]) -> float:
    return math.sqrt(sum(s * s for s in samples) / max(1, len(samples)))


def test_a_seam_is_a_whole_frame_in_a_silence_long_enough() -> None:
    before, after = (2 + GUARD_FRAMES) * FRAME, GUARD_FRAMES * FRAME
    loud = b"\x10\x00"
    pcm = loud * 10_000 + bytes(2 * 20_000) + loud * 10_000
    seam = seam_near(pcm, first_sample=0, target_sample=25_000, samples_per_frame=FRAME)
    assert seam is not None and seam % FRAME == 0
    assert 10_000 + before <= seam <= 30_000 - after
    assert abs(seam - 25_000) < FRAME
    # A target outside the silence gets the silence's nearest seam.
    first = seam_near(pcm, first_sample=0, target_sample=0, samples_per_frame=FRAME)
    assert first == -(-(10_000 + before) // FRAME) * FRAME
    # Where the buffer starts in the episode counts: seams are frames of the episode.
    shifted = seam_near(pcm, first_sample=100, target_sample=25_100, samples_per_frame=FRAME)
    assert shifted is not None and shifted % FRAME == 0
    short = loud * 10_000 + bytes(2 * (before + after - 1)) + loud * 10_000
    assert seam_near(short, first_sample=0, target_sample=10_000, samples_per_frame=FRAME) is None
    odd = b"\x10" + bytes(2 * 20_000) + b"\x00" + loud  # a silence that starts mid-sample
    assert seam_near(odd, first_sample=0, target_sample=5_000, samples_per_frame=FRAME) is not None


def test_parts_follow_the_cores_but_are_never_short() -> None:
    minute = 60 * RATE
    assert episode_parts(6 * minute, sample_rate_hz=RATE, cores=2) == 2
    assert episode_parts(6 * minute, sample_rate_hz=RATE, cores=1) == 1
    assert episode_parts(6 * minute, sample_rate_hz=RATE, cores=16) == 12
    assert episode_parts(minute // 3, sample_rate_hz=RATE, cores=2) == 1
    assert episode_parts(0, sample_rate_hz=RATE, cores=2) == 1


@pytest.mark.parametrize("lengths", [(0, 0), (1, 0), (0, 1), (7, 4096), (300, 70_001)])
def test_crc16_of_two_strings_combines_from_theirs(lengths: tuple[int, int]) -> None:
    first, second = os.urandom(lengths[0]), os.urandom(lengths[1])
    assert crc16_combine(crc16(first), crc16(second), len(second)) == crc16(first + second)


def test_integrated_loudness_gates_like_bs1770() -> None:
    assert integrated_lufs([-20.0] * 10) == pytest.approx(-20.0)
    # Silence (absolute gate) and quiet blocks (relative gate, 10 LU down) do not count.
    assert integrated_lufs([-20.0] * 10 + [-120.7] * 50 + [-35.0] * 5) == pytest.approx(-20.0)
    assert integrated_lufs([-20.0, -23.0]) == pytest.approx(10 * math.log10((0.01 + 10**-2.3) / 2))
    assert integrated_lufs([-120.7, float("nan")]) == -math.inf
    report = "[Parsed_ebur128_0] t: 0.4   TARGET:-23 LUFS    M: -19.3 S:-120.7     I: -19.3 LUFS"
    values = momentary_lufs(report + "\n" + report.replace("-19.3 S", "  nan S"))
    assert len(values) == 2 and values[0] == -19.3 and math.isnan(values[1])


def test_one_failing_ffmpeg_fails_them_all(tmp_path: Path) -> None:
    good = ["-f", "lavfi", "-i", "anullsrc=d=0.1", "-f", "null", "-"]
    with pytest.raises(AudioError, match="ffmpeg failed"):
        run_ffmpegs([good, ["-i", str(tmp_path / "missing.pcm"), "-f", "null", "-"]], what="x")
    assert run_ffmpegs([good, good], what="x")[1]


def test_an_episode_in_parts_plays_as_one_encoded_whole(tmp_path: Path) -> None:
    """Three parts joined at their seams: exactly as many samples, the same sound as
    one encode of the whole within what MP3 changes, and no click at a seam."""
    bursts = [(0.3, 1.5), (2.0, 3.7), (4.3, 6.0), (6.6, 7.9), (8.5, 11.6)]
    raw = tmp_path / "episode.pcm"
    raw.write_bytes(_speechlike(12.0, bursts))
    total = 12 * RATE
    seams = find_seams(raw, total_samples=total, parts=3, sample_rate_hz=RATE)
    assert len(seams) == 2 and all(s % FRAME == 0 for s in seams)
    chapters = [
        Chapter(title="One", start_ms=0, end_ms=4200),
        Chapter(title="Two", start_ms=4200, end_ms=8400),
        Chapter(title="Three", start_ms=8400, end_ms=12000),
    ]
    sections = [
        SectionSpan(
            number=n,
            title=c.title,
            filename=f"{n}.mp3",
            start_sample=c.start_ms * RATE // 1000,
            end_sample=c.end_ms * RATE // 1000,
        )
        for n, c in enumerate(chapters, start=1)
    ]
    decoded = {}
    loudness = {}
    for parts in (1, 3):
        result = encode_edition(
            raw,
            sample_rate_hz=RATE,
            gain_db=3.0,
            tags=TAGS,
            chapters=chapters,
            sections=sections,
            out_dir=tmp_path / str(parts),
            measure=True,
            parts=parts,
        )
        episode = tmp_path / str(parts) / "episode.mp3"
        decoded[parts] = _decode(episode)
        loudness[parts] = result.integrated_lufs
        assert round(mutagen.mp3.MP3(episode).info.length * RATE) == total
        for span in sections:
            cut = _decode(tmp_path / str(parts) / span.filename)
            assert len(cut) == span.end_sample - span.start_sample
    whole, joined = decoded[1], decoded[3]
    assert len(joined) == len(whole) == total
    difference = array("h", (a - b for a, b in zip(joined, whole, strict=True)))
    assert _rms(difference) < 0.01 * _rms(whole)
    for seam in seams:
        around = slice(seam - 2 * FRAME, seam + 2 * FRAME)
        assert max(map(abs, joined[around])) == max(map(abs, whole[around])) == 0
    assert loudness[3] is not None and loudness[1] is not None
    assert abs(loudness[3] - loudness[1]) <= 0.1
    tags = mutagen.mp3.MP3(tmp_path / "3" / "episode.mp3").tags
    assert tags is not None
    (toc,) = [f for f in tags.values() if isinstance(f, CTOC)]
    chaps = [tags[f"CHAP:{cid}"] for cid in toc.child_element_ids]
    assert [(str(c.sub_frames["TIT2"]), c.start_time) for c in chaps] == [
        ("One", 0),
        ("Two", 4200),
        ("Three", 8400),
    ]
    assert measure_loudness(tmp_path / "3" / "episode.mp3").integrated_lufs == pytest.approx(
        measure_loudness(tmp_path / "1" / "episode.mp3").integrated_lufs, abs=0.1
    )
