"""Audio at the edge: loudness, encoding and tagging with the bundled ffmpeg."""

from reader.audio.encode import (
    BITRATE,
    EncodedFile,
    EncodeResult,
    build_ffmetadata,
    encode_edition,
    episode_parts,
    read_duration_ms,
)
from reader.audio.ffmpeg import ffmpeg_exe, run_ffmpeg
from reader.audio.loudness import (
    PEAK_CEILING_DBFS,
    TARGET_LUFS,
    Loudness,
    LoudnessMeter,
    gain_to_target,
    loudness_from_report,
    mastering_filter,
    measure_loudness,
)

__all__ = [
    "BITRATE",
    "PEAK_CEILING_DBFS",
    "TARGET_LUFS",
    "EncodeResult",
    "EncodedFile",
    "Loudness",
    "build_ffmetadata",
    "encode_edition",
    "episode_parts",
    "ffmpeg_exe",
    "gain_to_target",
    "mastering_filter",
    "LoudnessMeter",
    "loudness_from_report",
    "measure_loudness",
    "read_duration_ms",
    "run_ffmpeg",
]
