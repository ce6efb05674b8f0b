"""Where to split an episode to encode its MP3 in parts at once, and how the parts join.

One LAME encode runs on one core. To use more, the episode's PCM is split
at seams, each part is mastered and encoded by its own ffmpeg, and the
episode is the parts' frames end to end, behind one Info frame.

Frame ``k`` of an MP3 holds the samples from ``k * samples_per_frame - skip``
of what was encoded. A part that starts at episode sample ``S``, a whole
number ``m`` of frames, therefore has the same timeline as the episode
shifted by ``m`` frames: its frame ``j`` is the episode's frame ``m + j``.
The episode takes frames ``[0, m)`` from the part before the seam and the
rest from the part after it. The bit reservoir is off, so no frame borrows
bytes from another, and each seam lies in digital silence long enough that
every frame next to it encodes silence in either part: the encoder delay, the
decoder's filter bank and the MDCT's overlap with the neighbouring frames all
fall in it (``GUARD_FRAMES``). Decoded, the joined frames give the same
samples as one encode of the whole, within what MP3 changes anyway (LAME
adapts as it goes, so a part's encoder, which has not heard what came before
the seam, may quantise a little differently further on).

``find_seams`` reads the PCM; the rest is pure arithmetic on bytes and CRCs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path

__all__ = [
    "GUARD_FRAMES",
    "MIN_PART_S",
    "crc16_combine",
    "episode_parts",
    "find_seams",
    "seam_in_silence",
    "seam_near",
]

GUARD_FRAMES = 3
"""Frames of silence kept on each side of a seam, beyond the encoder's delay: the
frame that ends there, and its neighbours that overlap it in the MDCT and in the
decoder's filter bank. With two, the tests' joined episode decodes to the very
samples of one encode of the whole; the third is margin."""

MIN_PART_S = 30.0
"""The shortest part worth an ffmpeg of its own: starting one costs tens of
milliseconds, what 30 s of audio takes to encode on the other core."""

_SOUND = re.compile(rb"[^\x00]")

ENCODER_DELAY_FRAMES = 2
"""An upper bound on LAME's encoder delay plus the decoder's, in frames (576 plus
529 samples, under two 576-sample frames, at 22.05 kHz)."""


def episode_parts(total_samples: int, *, sample_rate_hz: int, cores: int) -> int:
    """How many parts to encode an episode in: one per core, but none shorter than
    ``MIN_PART_S``."""
    longest = int(total_samples / (MIN_PART_S * sample_rate_hz))
    return max(1, min(cores, longest))


def seam_near(
    pcm: bytes,
    *,
    first_sample: int,
    target_sample: int,
    samples_per_frame: int,
) -> int | None:
    """The seam nearest ``target_sample`` found in ``pcm`` (16-bit mono samples from
    ``first_sample`` of the episode): a whole number of frames into the episode,
    with digital silence for the encoder and decoder delays and ``GUARD_FRAMES``
    frames before it, and ``GUARD_FRAMES`` frames after it. None if there is none."""
    spf = samples_per_frame
    before = (ENCODER_DELAY_FRAMES + GUARD_FRAMES) * spf
    after = GUARD_FRAMES * spf
    silence = bytes(2 * (before + after))
    best: int | None = None
    at = pcm.find(silence)
    while at >= 0:
        sound = _SOUND.search(pcm, at + len(silence))
        stop = sound.start() if sound else len(pcm)
        start = first_sample + (at + 1) // 2  # the first whole silent sample
        end = first_sample + stop // 2
        seam = seam_in_silence(start, end, target_sample=target_sample, samples_per_frame=spf)
        if seam is not None:
            if best is None or abs(seam - target_sample) < abs(best - target_sample):
                best = seam
        at = pcm.find(silence, stop)
    return best


def seam_in_silence(
    start_sample: int, end_sample: int, *, target_sample: int, samples_per_frame: int
) -> int | None:
    """The seam nearest ``target_sample`` that digital silence over
    ``[start_sample, end_sample)`` of the episode allows (the rules of ``seam_near``),
    or None: a pause known to be silent, such as one laid out between two clips, needs
    no scanning."""
    spf = samples_per_frame
    before = (ENCODER_DELAY_FRAMES + GUARD_FRAMES) * spf
    after = GUARD_FRAMES * spf
    low = -(-(start_sample + before) // spf) * spf  # the seams this silence allows
    high = (end_sample - after) // spf * spf
    if low > high:
        return None
    return min(high, max(low, round(target_sample / spf) * spf))


SEARCH_S = 20.0
"""How far from an even split a seam is looked for: speech pauses often."""


def samples_per_frame(sample_rate_hz: int) -> int:
    """Samples in one Layer III frame: 1152 for MPEG-1 rates, 576 below 32 kHz."""
    return 1152 if sample_rate_hz >= 32000 else 576


def find_seams(raw_pcm: Path, *, total_samples: int, parts: int, sample_rate_hz: int) -> list[int]:
    """Where to split the episode's PCM (``raw_pcm``, 16-bit mono) into ``parts`` parts
    of about equal length: the seam (``seam_near``) nearest each even split, within
    ``SEARCH_S``. Fewer seams when there is no silence long enough near one."""
    spf = samples_per_frame(sample_rate_hz)
    reach = min(int(SEARCH_S * sample_rate_hz), total_samples // (2 * parts))
    seams: list[int] = []
    with raw_pcm.open("rb") as file:
        for n in range(1, parts):
            target = total_samples * n // parts
            first = max(0, target - reach)
            file.seek(2 * first)
            pcm = file.read(2 * (min(total_samples, target + reach) - first))
            seam = seam_near(pcm, first_sample=first, target_sample=target, samples_per_frame=spf)
            if seam is not None and 0 < seam < total_samples and seam > (seams or [0])[-1]:
                seams.append(seam)
    return seams


def crc16_combine(crc_first: int, crc_second: int, second_bytes: int) -> int:
    """The CRC-16 of two byte strings end to end (LAME's: ``reader.audio.mp3frames.crc16``)
    from each one's CRC and the second's length, as zlib's ``crc32_combine`` does:
    the first CRC is run through ``second_bytes`` zero bytes (one linear map over
    GF(2) per power of two, ``_zero_bytes``), then the second is added."""
    crc = crc_first
    for bit, matrix in enumerate(_zero_bytes(second_bytes.bit_length())):
        if second_bytes >> bit & 1:
            crc = _times(matrix, crc)
    return crc ^ crc_second


@functools.cache
def _zero_bytes(count: int) -> tuple[tuple[int, ...], ...]:
    """The maps that run a CRC through 1, 2, 4 ... ``2 ** (count - 1)`` zero bytes, as
    16 columns each: the image of each bit of the register."""
    if count == 0:
        return ()
    if count > 1:
        shorter = _zero_bytes(count - 1)
        return (*shorter, _square(shorter[-1]))
    bit = (0xA001, *(1 << n for n in range(15)))  # one zero bit (LAME's polynomial, reflected)
    return (_square(_square(_square(bit))),)


def _times(matrix: Sequence[int], vector: int) -> int:
    total = 0
    column = 0
    while vector:
        if vector & 1:
            total ^= matrix[column]
        vector >>= 1
        column += 1
    return total


def _square(matrix: Sequence[int]) -> tuple[int, ...]:
    return tuple(_times(matrix, column) for column in matrix)
