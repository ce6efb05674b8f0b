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

import mmap
from dataclasses import dataclass

Bytes = bytes | mmap.mmap

__all__ = ["FrameIndex", "index_frames"]

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


def _header(data: Bytes, at: int) -> tuple[int, int, int] | None:
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


def index_frames(data: Bytes) -> FrameIndex | None:
    """The audio frames of an MP3 with an ID3v2 tag and a Xing/Info header, or None."""
    at = 0
    if data[:3] == b"ID3" and len(data) >= 10:
        at = 10 + ((data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9])
    first = _header(data, at)
    if first is None:
        return None
    size, samples, side = first
    tag = at + 4 + side
    if data[tag : tag + 4] not in (b"Info", b"Xing"):
        return None
    lame = tag + 120
    delay_bytes = data[lame + 21 : lame + 24]
    if len(delay_bytes) < 3:
        return None
    encoder_delay = (delay_bytes[0] << 4) | (delay_bytes[1] >> 4)
    at += size
    offsets = []
    while at < len(data):
        header = _header(data, at)
        if header is None:
            if data[at : at + 3] == b"TAG":  # an ID3v1 tag at the end
                break
            return None
        offsets.append(at)
        at += header[0]
    if at > len(data):
        return None
    offsets.append(at)
    return FrameIndex(
        offsets=tuple(offsets), samples_per_frame=samples, skip=encoder_delay + _DECODER_DELAY
    )
