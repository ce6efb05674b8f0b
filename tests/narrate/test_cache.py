"""The speech cache: Opus or FLAC packs plus one entry per clip, shared through storage."""

from __future__ import annotations

import array
import json
import math
import time
from pathlib import Path

import pytest
from services import S3Server

from reader.cli import main
from reader.narrate.cache import SpeechCache, cache_stats, pack_codec, prune_cache
from reader.speech.words import WordTiming
from reader.storage import LocalStorage, Storage, storage_from_url

RATE = 22_050


def _tone(seconds: float, freq: float, amplitude: int = 8000) -> bytes:
    samples = array.array(
        "h",
        (
            int(amplitude * math.sin(2 * math.pi * freq * n / RATE))
            for n in range(int(seconds * RATE))
        ),
    )
    return samples.tobytes()


def _rms(pcm: bytes) -> float:
    samples = array.array("h", pcm)
    return math.sqrt(sum(s * s for s in samples) / max(len(samples), 1))


@pytest.fixture(params=["local", "s3"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Storage:
    if request.param == "local":
        return LocalStorage(tmp_path / "out")
    server: S3Server = request.getfixturevalue("s3_server")
    bucket: str = request.getfixturevalue("s3_bucket")
    return storage_from_url(
        f"s3://{bucket}/eds",
        endpoint_url=server.endpoint_url,
        access_key_id=server.access_key,
        secret_access_key=server.secret_key,
    )


def test_clips_survive_the_round_trip_through_a_pack(storage: Storage) -> None:
    clips = {"a" * 64: _tone(1.3, 220), "b" * 64: _tone(0.4, 440), "c" * 64: bytes(2 * 5001)}
    writer = SpeechCache(storage)
    for key, pcm in clips.items():
        writer.put(key, pcm)
    assert writer.read("a" * 64) == clips["a" * 64], "fresh clips come from memory"
    assert writer.flush() == 3 and writer.flush() == 0
    other = SpeechCache(storage)  # another worker sharing the storage
    for key, pcm in clips.items():
        assert other.has(key)
        assert other.samples(key) == len(pcm) // 2
        decoded = other.read(key)
        assert len(decoded) == len(pcm), "exactly as long as the clip"
        if _rms(pcm):
            assert abs(_rms(decoded) - _rms(pcm)) < 0.15 * _rms(pcm)
        else:
            assert _rms(decoded) < 30, "silence stays silent (no bleed from its neighbours)"
    assert not other.has("d" * 64)
    stats = cache_stats(storage)
    assert (stats.clips, stats.packs) == (3, 1)
    assert stats.size_bytes < len(b"".join(clips.values())) / 4, "compressed"


def test_unflushed_clips_are_not_shared(storage: Storage) -> None:
    writer = SpeechCache(storage)
    writer.put("e" * 64, _tone(0.2, 300))
    assert writer.has("e" * 64)
    assert not SpeechCache(storage).has("e" * 64)


def test_a_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    storage.put_bytes(".cache/speech/clips/ff/" + "f" * 64 + ".json", b"{not json")
    assert not SpeechCache(storage).has("f" * 64)


def test_prune_deletes_what_is_older_than_the_cutoff(storage: Storage) -> None:
    cache = SpeechCache(storage)
    cache.put("a" * 64, _tone(0.3, 200))
    cache.flush()
    storage.put_bytes(".cache/speech/mastering.json", b"{}")
    now = time.time()
    assert prune_cache(storage, older_than_s=3600, now=now).size_bytes == 0
    assert SpeechCache(storage).has("a" * 64)
    gone = prune_cache(storage, older_than_s=3600, now=now + 7200)
    assert (gone.clips, gone.packs) == (1, 1)
    assert not SpeechCache(storage).has("a" * 64)
    assert storage.get_bytes(".cache/speech/mastering.json") == b"{}", "calibration kept"


def test_reader_cache_stats_and_prune(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    cache = SpeechCache(LocalStorage(out))
    cache.put("a" * 64, _tone(0.5, 200))
    cache.put("b" * 64, _tone(0.5, 300))
    cache.flush()
    assert main(["cache", "stats", "--out", str(out), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["clips"] == 2 and stats["packs"] == 1 and stats["size_bytes"] > 0
    assert main(["cache", "stats", "--out", str(out)]) == 0
    assert "2 clips in 1 packs" in capsys.readouterr().out
    assert main(["cache", "prune", "--older-than", "1", "--out", str(out)]) == 0
    assert "deleted 0 clips and 0 packs" in capsys.readouterr().out
    assert main(["cache", "prune", "--older-than", "0", "--out", str(out)]) == 0
    assert "deleted 2 clips and 1 packs" in capsys.readouterr().out
    assert cache_stats(LocalStorage(out)).size_bytes == 0


def test_a_raw_pcm_cache_from_an_older_reader_is_read_then_packed(tmp_path: Path) -> None:
    old = tmp_path / ".cache" / "speech" / "ab" / ("ab" + "0" * 62 + ".pcm")
    old.parent.mkdir(parents=True)
    pcm = _tone(0.6, 250)
    old.write_bytes(pcm)
    cache = SpeechCache(LocalStorage(tmp_path))
    key = "ab" + "0" * 62
    assert cache.has(key) and cache.samples(key) == len(pcm) // 2 and cache.read(key) == pcm
    assert cache.flush() == 1
    assert not old.exists(), "moved into a pack"
    again = SpeechCache(LocalStorage(tmp_path))
    assert again.has(key) and len(again.read(key)) == len(pcm)


def test_word_timings_survive_the_round_trip_through_a_pack(storage: Storage) -> None:
    words = (WordTiming(0, 5, 0, 9000), WordTiming(6, 12, 9400, 20000))
    writer = SpeechCache(storage)
    writer.put("a" * 64, _tone(1.0, 220), words)
    writer.put("b" * 64, _tone(0.5, 330))  # an engine that gives no timings
    assert writer.words("a" * 64) == words, "fresh timings come from memory"
    writer.flush()
    other = SpeechCache(storage)
    assert other.words("a" * 64) == words
    assert other.words("b" * 64) == ()
    with pytest.raises(KeyError):
        other.words("c" * 64)


def test_an_entry_an_older_reader_wrote_has_no_timings(tmp_path: Path) -> None:
    """Entries from before word timing keep their audio; their words are then estimated."""
    storage = LocalStorage(tmp_path)
    writer = SpeechCache(storage)
    writer.put("a" * 64, _tone(0.5, 220), (WordTiming(0, 4, 0, 5000),))
    writer.flush()
    name = ".cache/speech/clips/aa/" + "a" * 64 + ".json"
    entry = json.loads(storage.get_bytes(name) or b"")
    del entry["words"]
    storage.put_bytes(name, json.dumps(entry).encode())
    old = SpeechCache(storage)
    assert old.has("a" * 64) and old.samples("a" * 64) == int(0.5 * RATE)
    assert old.words("a" * 64) == ()
    entry["words"] = [[0, 4, "x"]]  # damaged: estimated too, never an error
    storage.put_bytes(name, json.dumps(entry).encode())
    assert SpeechCache(storage).words("a" * 64) == ()


def test_flac_packs_an_older_reader_wrote_keep_every_sample(storage: Storage) -> None:
    """A cheap engine's packs were FLAC, lossless: the clip read back is the clip put."""
    clips = {"a" * 64: _tone(0.7, 220), "b" * 64: bytes(2 * 301), "c" * 64: _tone(0.2, 440)}
    writer = SpeechCache(storage, codec="flac")
    words = (WordTiming(0, 3, 0, 4000),)
    for key, pcm in clips.items():
        writer.put(key, pcm, words)
    assert writer.flush() == 3
    names = [info.key for info in storage.iter_objects(".cache/speech/packs/")]
    assert len(names) == 1 and names[0].endswith(".flac")
    other = SpeechCache(storage)  # a reader that writes Opus reads FLAC all the same
    for key, pcm in clips.items():
        assert other.read(key) == pcm
        assert other.words(key) == words
    assert cache_stats(storage).size_bytes < len(b"".join(clips.values())), "compressed"


def test_opus_packs_an_older_reader_wrote_still_read_in_a_flac_cache(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    old = SpeechCache(storage)
    old.put("a" * 64, _tone(0.5, 220))
    old.flush()
    name = ".cache/speech/clips/aa/" + "a" * 64 + ".json"
    entry = json.loads(storage.get_bytes(name) or b"")
    assert entry.pop("codec") == "opus"
    storage.put_bytes(name, json.dumps(entry).encode())  # as entries were before codecs
    cache = SpeechCache(storage, codec="flac")
    assert cache.has("a" * 64) and len(cache.read("a" * 64)) == 2 * int(0.5 * RATE)
    entry["codec"] = "speex"  # a codec this reader does not know: spoken again
    storage.put_bytes(name, json.dumps(entry).encode())
    assert not SpeechCache(storage, codec="flac").has("a" * 64)


def test_pcm_packs_are_the_clips_as_they_are(storage: Storage) -> None:
    """A cheap engine's packs are raw PCM, written and read with no ffmpeg; a cache
    holding FLAC packs too reads both."""
    clips = {"a" * 64: _tone(0.7, 220), "b" * 64: bytes(2 * 301)}
    older = SpeechCache(storage, codec="flac")
    older.put("c" * 64, _tone(0.2, 440))
    older.flush()
    writer = SpeechCache(storage, codec="pcm")
    for key, pcm in clips.items():
        writer.put(key, pcm, (WordTiming(0, 3, 0, 40),))
    assert writer.flush() == 2
    packs = sorted(info.key for info in storage.iter_objects(".cache/speech/packs/"))
    assert sorted(Path(name).suffix for name in packs) == [".flac", ".pcm"]
    (pcm_pack,) = [name for name in packs if name.endswith(".pcm")]
    gap = bytes(2 * RATE // 10)
    assert storage.get_bytes(pcm_pack) == gap + clips["a" * 64] + gap + clips["b" * 64] + gap
    reader = SpeechCache(storage, codec="pcm")
    for key, pcm in {**clips, "c" * 64: _tone(0.2, 440)}.items():
        assert reader.read(key) == pcm


@pytest.mark.parametrize(
    ("engine", "codec"), [("espeak", "pcm"), ("pyttsx3", "pcm"), ("piper", "opus")]
)
def test_engines_that_speak_faster_than_opus_encodes_get_pcm_packs(engine: str, codec: str) -> None:
    assert pack_codec(engine) == codec


@pytest.mark.e2e
def test_espeak_narrations_keep_pcm_packs_and_edits_speak_only_what_changed(
    tmp_path: Path,
) -> None:
    from reader.narrate import NarrateSettings, narrate_text

    profile = tmp_path / "espeak.toml"
    profile.write_text('engine = "espeak"\n[voice]\nlanguage = "en-US"\n', encoding="utf-8")
    settings = NarrateSettings(out_dir=tmp_path / "out", voice=str(profile))
    article = "---\ntitle: Cramps\nlanguage: en\n---\n\nStretch first. Drink water.\n"
    first = narrate_text(article, settings=settings, format="markdown")
    assert first.synthesized == 3, "the title and two sentences"
    storage = LocalStorage(tmp_path / "out")
    packs = [i.key for i in storage.iter_objects(".cache/speech/packs/")]
    assert len(packs) == 1 and packs[0].endswith(".pcm")
    edited = article.replace("Drink water.", "Drink some water.")
    again = narrate_text(edited, settings=settings, format="markdown")
    assert again.status == "narrated" and again.synthesized == 1
