"""Whole frames of a constant-bit-rate MP3, found by their headers (pure byte work).

Sections are cut out of the encoded episode by copying frames, the way
``ffmpeg -c copy`` would but without starting a process per edition. Only
Layer III is read, and only what our own encoder writes; anything else gives
None and the caller cuts with ffmpeg instead.

Timeline: decoders drop the encoder delay given in the LAME tag plus their
own 529-sample delay, so frame ``k`` holds the samples from
``k * samples_per_frame - skip`` of the original audio.

Gapless playback: the first frame of each file is an Info frame (the Xing
header of a constant-bit-rate MP3) with LAME's extension, whose delay and
padding fields tell decoders how many samples to drop at each end. ffmpeg
writes one for the episode but signs it ``Lavc``, which only ffmpeg reads;
``lame_tagged`` signs it ``LAME`` so that every LAME-aware reader (mutagen,
Apple's players, foobar2000, Rockbox) honours it, and ``section_info_frame``
writes one for each section file, so that a section decodes to exactly its
samples and its chapters land where they were planned.
"""

from __future__ import annotations

import functools
import io
import math
from dataclasses import dataclass
from typing import Any, BinaryIO

__all__ = [
    "LAME_VERSION",
    "Cut",
    "FrameIndex",
    "crc16",
    "index_file",
    "index_frames",
    "lame_tagged",
    "prepare_crc16",
    "section_info_frame",
]

_CHUNK = 1 << 20

_DECODER_DELAY = 529
LAME_VERSION = b"LAME3.100"
"""The encoder string of the LAME tag: libmp3lame (through ffmpeg) encodes our MP3s."""
_CBR = 1
"""LAME tag VBR method: constant bit rate."""
_BITRATES_KBPS = {
    3: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),  # MPEG-1
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),  # MPEG-2
    0: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),  # MPEG-2.5
}
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


@dataclass(frozen=True, slots=True)
class FrameIndex:
    offsets: tuple[int, ...]
    """Byte offset of each audio frame, then the end of the last one."""
    samples_per_frame: int
    skip: int
    """Samples decoders drop from the start: encoder delay plus decoder delay."""
    info: bytes = b""
    """The Info frame as written (the first frame, before ``offsets[0]``)."""

    @property
    def encoder_delay(self) -> int:
        """Samples the encoder put before the audio (the LAME tag's delay)."""
        return self.skip - _DECODER_DELAY

    def padding_for(self, total_samples: int) -> int:
        """The LAME tag padding that makes all the frames decode to ``total_samples``."""
        frames = len(self.offsets) - 1
        return frames * self.samples_per_frame - total_samples - (self.skip - _DECODER_DELAY)

    def cut(self, start_sample: int, end_sample: int) -> Cut:
        """The frames to copy for ``[start_sample, end_sample)``, and the gapless delay and
        padding that make them decode to exactly those samples.

        One whole frame before the first sample is kept too (when there is one): a
        decoder's first frame only warms up its filter bank.
        """
        spf = self.samples_per_frame
        frames = len(self.offsets) - 1
        encoder_delay = self.skip - _DECODER_DELAY
        first = min(frames, max(0, (start_sample + encoder_delay - spf) // spf))
        last = min(frames, max(first + 1, -(-(end_sample + self.skip) // spf)))
        delay = start_sample + encoder_delay - first * spf
        padding = last * spf - end_sample - encoder_delay
        return Cut(first=first, last=last, delay=delay, padding=padding)


@dataclass(frozen=True, slots=True, kw_only=True)
class Cut:
    """Frames ``[first, last)`` of an episode, with the LAME tag's ``delay`` and
    ``padding`` (samples decoders drop at the start, and at the end plus their own
    529) that make them decode to exactly the samples asked for."""

    first: int
    last: int
    delay: int
    padding: int


def _header(data: bytes, at: int) -> tuple[int, int, int] | None:
    """(frame bytes, samples per frame, side-info bytes) of a Layer III header at ``at``."""
    if at + 4 > len(data):
        return None
    return _header_word(int.from_bytes(data[at : at + 4], "big"))


@functools.lru_cache(maxsize=256)
def _header_word(h: int) -> tuple[int, int, int] | None:
    """``_header`` of the 32-bit word ``h``. An encoder's frames share a word or two
    (the padding bit), so an episode's ten thousand frames are decoded twice."""
    version, layer = (h >> 19) & 3, (h >> 17) & 3
    bitrate_index, rate_index, padding = (h >> 12) & 15, (h >> 10) & 3, (h >> 9) & 1
    if h >> 21 != 0x7FF or version == 1 or layer != 1 or rate_index == 3:
        return None
    if bitrate_index in (0, 15):
        return None
    bitrate = _BITRATES_KBPS[version][bitrate_index] * 1000
    rate = _SAMPLE_RATES[version][rate_index]
    mono = (h >> 6) & 3 == 3
    if version == 3:
        return 144 * bitrate // rate + padding, 1152, 17 if mono else 32
    return 72 * bitrate // rate + padding, 576, 9 if mono else 17


def index_frames(data: bytes) -> FrameIndex | None:
    """``index_file`` of MP3 bytes in memory."""
    return index_file(io.BytesIO(data))


def index_file(file: BinaryIO) -> FrameIndex | None:
    """The audio frames of an MP3 with an ID3v2 tag and a Xing/Info header, or None.

    Reads the file in chunks, so indexing an episode of hours keeps little in memory.
    """
    buffer = file.read(_CHUNK)
    base = 0  # file offset of buffer[0]
    at = 0
    if buffer[:3] == b"ID3" and len(buffer) >= 10:
        at = 10 + ((buffer[6] << 21) | (buffer[7] << 14) | (buffer[8] << 7) | buffer[9])
    offsets: list[int] = []
    encoder_delay = -1
    samples = 0
    info = b""
    while True:
        wanted = 4 if encoder_delay >= 0 else 200  # the first frame's Info header too
        while at - base + wanted > len(buffer):
            tail = buffer[at - base :]  # empty when a frame ran past the buffer's end
            file.seek(at + len(tail))
            more = file.read(_CHUNK)
            buffer, base = tail + more, at
            if not more:
                break
        header = _header(buffer, at - base)
        if header is None:
            if at - base >= len(buffer) or buffer[at - base : at - base + 3] == b"TAG":
                break  # the end, or an ID3v1 tag there
            return None
        size, samples, side = header
        if encoder_delay < 0:  # the first frame: the Xing/Info header, not audio
            tag = at - base + 4 + side
            if buffer[tag : tag + 4] not in (b"Info", b"Xing"):
                return None
            delay = buffer[tag + 120 + 21 : tag + 120 + 24]
            if len(delay) < 3:
                return None
            encoder_delay = (delay[0] << 4) | (delay[1] >> 4)
            info = bytes(buffer[at - base : at - base + size])
        else:
            offsets.append(at)
        at += size
    if encoder_delay < 0 or at > file.seek(0, io.SEEK_END):  # no audio, or a cut-off frame
        return None
    offsets.append(at)
    return FrameIndex(
        offsets=tuple(offsets),
        samples_per_frame=samples,
        skip=encoder_delay + _DECODER_DELAY,
        info=info,
    )


# -- the Info frame and its LAME tag ---------------------------------------------------

_CRC16 = []
for _byte in range(256):
    _crc = _byte
    for _ in range(8):
        _crc = (_crc >> 1) ^ 0xA001 if _crc & 1 else _crc >> 1
    _CRC16.append(_crc)

_LANES_FROM_BYTES = 1 << 14
"""Data this long or longer is checked in lanes with numpy (a section's audio, not a
tag): a byte at a time in Python took a fifth of a second for the seed's sections."""


def crc16(data: bytes, crc: int = 0) -> int:
    """CRC-16 (polynomial 0x8005, reflected, as LAME computes it), continuing ``crc``."""
    if len(data) >= _LANES_FROM_BYTES:
        crc, data = _crc16_lanes(data, crc)
    table = _CRC16
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def prepare_crc16() -> None:
    """Import numpy and make the table ``crc16`` checks long data with, ahead of the
    first check (a fifth of a second, best spent while encoders run)."""
    _crc16_pairs()


@functools.cache
def _crc16_pairs() -> Any:
    """The CRC register after two bytes, by ``register ^ (first | second << 8)``, as a
    numpy array of 65,536: one lookup takes a 16-bit word."""
    import numpy as np

    table = np.array(_CRC16, dtype=np.uint16)
    x = np.arange(1 << 16, dtype=np.uint32)
    low = table[x & 0xFF].astype(np.uint32)
    return (low >> 8) ^ table[((x >> 8) ^ low) & 0xFF]


def _crc16_lanes(data: bytes, crc: int) -> tuple[int, bytes]:
    """``crc`` continued over the most of ``data`` that splits into equal lanes of
    16-bit words, and the bytes left over (fewer than a lane and a word).

    A CRC without a final XOR is linear: the CRC of ``A + B`` is the register after
    ``A``, run through ``len(B)`` zero bytes, XOR the CRC of ``B`` from zero. So the
    lanes are all checked at once, one numpy step per word of a lane, then folded
    together in order, each fold shifting the register by one lane of zeros (a
    linear map of 16 bits, kept as two tables of 256)."""
    import numpy as np

    pairs = _crc16_pairs()
    words = len(data) // 2
    lane = max(1, math.isqrt(words))
    lanes = words // lane
    used = 2 * lane * lanes
    grid = np.frombuffer(data, dtype="<u2", count=lane * lanes).reshape(lanes, lane)
    grid = grid.astype(np.uint32).T.copy()  # each row: one word of every lane
    registers = np.zeros(lanes, dtype=np.uint32)
    for row in grid:
        registers = pairs[registers ^ row]
    # The register of each bit after a lane of zero words; a shift is linear in it.
    images = np.array([1 << bit for bit in range(16)], dtype=np.uint32)
    for _ in range(lane):
        images = pairs[images]
    low = _span_table(images[:8].tolist())
    high = _span_table(images[8:].tolist())
    for register in registers.tolist():
        crc = low[crc & 0xFF] ^ high[crc >> 8] ^ register
    return crc, data[used:]


def _span_table(basis: list[int]) -> list[int]:
    """The XOR of ``basis[i]`` for each bit ``i`` set, for every byte."""
    table = [0] * 256
    for value in range(1, 256):
        lowest = value & -value
        table[value] = table[value ^ lowest] ^ basis[lowest.bit_length() - 1]
    return table


def _xing_offset(frame: bytes) -> int:
    """Where ``Info``/``Xing`` starts in ``frame``; ValueError when it does not."""
    header = _header(frame, 0)
    if header is None:
        raise ValueError("not an MPEG Layer III frame")
    at = 4 + header[2]
    if frame[at : at + 4] not in (b"Info", b"Xing") or frame[at + 7] != 0x0F:
        raise ValueError("no Info header with frames, bytes, TOC and quality")
    if len(frame) < at + 156:
        raise ValueError("the Info frame is too short for a LAME tag")
    return at


def lame_tagged(frame: bytes, *, padding: int | None = None) -> bytes:
    """``frame`` (an Info frame with a LAME-style tag, as ffmpeg writes it) signed as
    LAME, marked constant bit rate, with ``padding`` when given, and with the tag's
    CRC recomputed."""
    at = _xing_offset(frame)
    out = bytearray(frame)
    lame = at + 120
    if padding is not None:
        if not _DECODER_DELAY <= padding < 1 << 12:
            raise ValueError(f"padding {padding} does not fit the LAME tag")
        delay = int.from_bytes(out[lame + 21 : lame + 24], "big") >> 12
        out[lame + 21 : lame + 24] = ((delay << 12) | padding).to_bytes(3, "big")
    out[lame : lame + 9] = LAME_VERSION
    out[lame + 9] = _CBR  # revision 0, VBR method: CBR
    kbps = _BITRATES_KBPS[(frame[1] >> 3) & 3][frame[2] >> 4]
    out[lame + 20] = min(kbps, 255)
    out[lame + 34 : lame + 36] = crc16(bytes(out[: lame + 34])).to_bytes(2, "big")
    return bytes(out)


def section_info_frame(
    template: bytes, *, frame_sizes: list[int], delay: int, padding: int, audio_crc: int
) -> bytes:
    """The Info frame for a file of the frames ``frame_sizes`` (bytes each) cut from the
    MP3 whose Info frame is ``template``: frame count, byte count, seek table, gapless
    ``delay`` and ``padding``, music length and CRC (``audio_crc``), tag CRC."""
    if not 0 <= delay < 1 << 12:
        raise ValueError(f"delay {delay} does not fit the LAME tag")
    at = _xing_offset(template)
    out = bytearray(lame_tagged(template, padding=padding))
    total = len(template) + sum(frame_sizes)
    out[at + 8 : at + 12] = len(frame_sizes).to_bytes(4, "big")
    out[at + 12 : at + 16] = total.to_bytes(4, "big")
    starts = [len(template)]
    for size in frame_sizes[:-1]:
        starts.append(starts[-1] + size)
    for i in range(100):
        position = starts[i * len(frame_sizes) // 100] if frame_sizes else 0
        out[at + 16 + i] = min(255, position * 256 // total)
    lame = at + 120
    out[lame + 21 : lame + 24] = ((delay << 12) | padding).to_bytes(3, "big")
    out[lame + 28 : lame + 32] = total.to_bytes(4, "big")
    out[lame + 32 : lame + 34] = audio_crc.to_bytes(2, "big")
    out[lame + 34 : lame + 36] = crc16(bytes(out[: lame + 34])).to_bytes(2, "big")
    return bytes(out)
