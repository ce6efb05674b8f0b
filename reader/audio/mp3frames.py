"""Whole frames of a constant-bit-rate MP3, found by their headers (pure byte work).

Sections are cut out of the encoded episode by copying frames, the way
``ffmpeg -c copy`` would but without starting a process per edition. Only
Layer III is read, and only what our own encoder writes; anything else gives
None and the caller cuts with ffmpeg instead.

Timeline: decoders drop the encoder delay given in the LAME tag plus their
own 529-sample delay, so frame ``k`` holds the samples from
``k * samples_per_frame - skip`` of the original audio.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import BinaryIO

__all__ = ["FrameIndex", "index_file", "index_frames"]

_CHUNK = 1 << 20

_DECODER_DELAY = 529
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

    def byte_range(self, start_sample: int, end_sample: int) -> tuple[int, int]:
        """Bytes of the frames that hold ``[start_sample, end_sample)``."""
        frames = len(self.offsets) - 1
        first = min(frames, max(0, (start_sample + self.skip) // self.samples_per_frame))
        last = min(frames, max(first, -(-(end_sample + self.skip) // self.samples_per_frame)))
        return self.offsets[first], self.offsets[last]


def _header(data: bytes, at: int) -> tuple[int, int, int] | None:
    """(frame bytes, samples per frame, side-info bytes) of a Layer III header at ``at``."""
    if at + 4 > len(data):
        return None
    h = int.from_bytes(data[at : at + 4], "big")
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
        else:
            offsets.append(at)
        at += size
    if encoder_delay < 0 or at > file.seek(0, io.SEEK_END):  # no audio, or a cut-off frame
        return None
    offsets.append(at)
    return FrameIndex(
        offsets=tuple(offsets), samples_per_frame=samples, skip=encoder_delay + _DECODER_DELAY
    )
