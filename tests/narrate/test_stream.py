"""Narrating while encoding: the episode streamed into its encoders as it is spoken
is the episode encoded after the speech, and a failure leaves no edition."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from array import array
from pathlib import Path

import mutagen.mp3
import pytest
from mutagen.id3 import CTOC
from support.editions import FAKE_VOICE, article_text
from support.fake_engine import FAKE_ENGINE

from reader import processes
from reader.audio import TARGET_LUFS, ffmpeg_exe, measure_loudness
from reader.audio import stream as audio_stream
from reader.edition.manifest import Manifest
from reader.errors import AudioError
from reader.narrate import NarrateSettings, narrate_text, pipeline
from reader.narrate.mastering import ACCEPT_LU
from reader.speech import register_engine

RATE = 22050
SLUG = "streamed"


def _article() -> str:
    """About two and a half minutes of the fake engine's tones, in five chapters."""
    return article_text(
        SLUG, title="Streamed", author="Osgood", date=dt.date(2024, 1, 2), chapter_seconds=30.0
    )


def _narrate(out: Path, cache: Path, *, force: bool = False) -> Manifest:
    register_engine("fake", FAKE_ENGINE)
    settings = NarrateSettings(
        out_dir=out, voice=str(FAKE_VOICE), cache_dir=cache, speech_workers=2, force=force
    )
    return narrate_text(_article(), settings=settings, format="markdown", source="s.md").manifest


class _Encodes:
    """Counts the encodes of today's path (after the speech)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        encode = pipeline.encode_edition

        def counted(*args: object, **kwargs: object) -> object:
            self.count += 1
            return encode(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(pipeline, "encode_edition", counted)


def _decode(path: Path) -> array[int]:
    out = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-"],
        check=True,
        capture_output=True,
    ).stdout
    return array("h", out)


def _offset(cache: Path) -> float:
    data = json.loads((cache / "mastering.json").read_text(encoding="utf-8"))
    ((_, (offset, _count)),) = data["offsets"].items()
    return float(offset)


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The article narrated with the episode streamed (once the voice's offset is
    known, so with no second encode), and narrated with today's path."""
    root = tmp_path_factory.mktemp("stream")
    with pytest.MonkeyPatch.context() as monkeypatch:
        _narrate(root / "learn", root / "cache")  # teaches the fake voice's offset
        encodes = _Encodes(monkeypatch)
        seams: list[int] = []
        cut = audio_stream.EpisodeStream.cut

        def spied(stream: audio_stream.EpisodeStream) -> None:
            seams.append(stream.samples)
            cut(stream)

        monkeypatch.setattr(audio_stream.EpisodeStream, "cut", spied)
        _narrate(root / "streamed", root / "cache", force=True)
        assert len(seams) == 1, "two parts, encoded at once"
        assert encodes.count == 0, "streamed and kept, not encoded again"
        monkeypatch.setattr(pipeline, "STREAM_MIN_CHARACTERS", 10**9)
        _narrate(root / "after", root / "cache", force=True)
        assert encodes.count >= 1  # today's path
    return root / "streamed" / SLUG, root / "after" / SLUG


def test_the_streamed_episode_is_the_episode_encoded_after_speech(
    editions: tuple[Path, Path],
) -> None:
    streamed, after = editions
    ours = json.loads((streamed / "manifest.json").read_text(encoding="utf-8"))
    theirs = json.loads((after / "manifest.json").read_text(encoding="utf-8"))
    assert ours["duration_ms"] == theirs["duration_ms"] > 120_000
    assert ours["chapters"] == theirs["chapters"]
    assert (streamed / "transcript.vtt").read_text() == (after / "transcript.vtt").read_text()
    a, b = _decode(streamed / "episode.mp3"), _decode(after / "episode.mp3")
    assert len(a) == len(b)  # the layout's samples, exactly: the same in both
    assert abs(len(a) - ours["duration_ms"] * RATE / 1000) <= RATE / 2000
    # The same audio within what MP3 changes: the difference is far below the signal.
    signal = sum(x * x for x in b[::7])
    noise = sum((x - y) ** 2 for x, y in zip(a[::7], b[::7], strict=True))
    assert noise < signal / 100


def test_streamed_sections_decode_to_exactly_their_spans(editions: tuple[Path, Path]) -> None:
    streamed, _ = editions
    manifest = json.loads((streamed / "manifest.json").read_text(encoding="utf-8"))
    ends = [s["start_ms"] for s in manifest["sections"][1:]] + [manifest["duration_ms"]]
    for section, end_ms in zip(manifest["sections"], ends, strict=True):
        decoded = _decode(streamed / section["file"]["path"])
        assert abs(len(decoded) - (end_ms - section["start_ms"]) * RATE / 1000) <= RATE / 1000


def test_streamed_chapters_read_in_order_and_loudness_is_on_target(
    editions: tuple[Path, Path],
) -> None:
    streamed, _ = editions
    manifest = json.loads((streamed / "manifest.json").read_text(encoding="utf-8"))
    tags = mutagen.mp3.MP3(streamed / "episode.mp3").tags
    assert tags is not None
    (toc,) = [f for f in tags.values() if isinstance(f, CTOC)]
    chapters = [tags[f"CHAP:{cid}"] for cid in toc.child_element_ids]
    assert [c.sub_frames["TIT2"].text[0] for c in chapters] == [
        c["title"] for c in manifest["chapters"]
    ]
    assert [c.start_time for c in chapters] == [c["start_ms"] for c in manifest["chapters"]]
    assert tags["TIT2"].text == ["Streamed"]
    lufs = measure_loudness(streamed / "episode.mp3").integrated_lufs
    assert abs(lufs - TARGET_LUFS) <= ACCEPT_LU


def test_a_large_misprediction_is_encoded_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encodes = _Encodes(monkeypatch)
    cache = tmp_path / "cache"
    _narrate(tmp_path / "first", cache)
    learned = _offset(cache)
    voice = next(iter(json.loads((cache / "mastering.json").read_text())["offsets"]))
    stored = json.loads((cache / "mastering.json").read_text())
    stored["offsets"][voice] = [learned - 12.0, 1]  # 12 dB too much gain predicted
    (cache / "mastering.json").write_text(json.dumps(stored))
    encodes.count = 0
    manifest = _narrate(tmp_path / "second", cache, force=True)
    assert encodes.count == 1
    lufs = measure_loudness(tmp_path / "second" / SLUG / "episode.mp3").integrated_lufs
    assert abs(lufs - TARGET_LUFS) <= ACCEPT_LU
    assert manifest.episode.duration_ms == manifest.duration_ms
    # The tag started for the streamed episode was dropped with it.
    assert not [p.name for p in (tmp_path / "second" / SLUG).rglob(".*")]
    # The miss is learned, as one of two episodes: half of it.
    assert abs(_offset(cache) - (learned - 6.0)) < 0.5


def test_an_encoder_dying_mid_stream_leaves_no_edition(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write = audio_stream._PartEncoder.write
    calls = 0

    def dying(self: audio_stream._PartEncoder, pcm: bytes) -> None:
        nonlocal calls
        calls += 1
        if calls == 20:
            self._process.kill()
            self._process.wait()
        write(self, pcm)

    monkeypatch.setattr(audio_stream._PartEncoder, "write", dying)
    out = tmp_path / "out"
    with pytest.raises(AudioError, match="encoding 'Streamed': ffmpeg"):
        _narrate(out, tmp_path / "cache")
    assert calls == 20
    assert not (out / SLUG).exists()
    assert [p.name for p in out.iterdir() if p.name.startswith(".work-")] == []
    assert not [pid for pid in processes.child_pids(zombies=True) if _is_ffmpeg(pid)]


def _is_ffmpeg(pid: int) -> bool:
    try:
        return "ffmpeg" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    except OSError:
        return False
