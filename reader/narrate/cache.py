"""Synthesised speech, stored by content, compressed, and shareable through storage.

A clip's key is the hash of everything that decides how it sounds: the voice
identity (engine, engine version, voice, settings) and the exact text sent to
the engine (normalised, lexicon applied). Narrating an unchanged article
again finds every clip here; editing one paragraph misses only its sentences.

Layout under the cache's root in a ``Storage`` (a folder, or S3 shared by
every worker)::

    packs/<sha256>.opus          the clips one narration spoke, back to back with
    packs/<sha256>.pcm           short gaps, as one Ogg Opus stream (32 kbit/s) or,
                                 for engines that speak faster than Opus encodes,
                                 raw 16-bit PCM (``.flac``: FLAC, as a reader of
                                 late 2026 kept them)
    clips/<k[:2]>/<key>.json     where clip <key> is: {"pack", "codec", "start",
                                 "frames", "words"}; "codec" is "opus", "pcm" or "flac"
                                 (absent in entries an older reader wrote: Opus);
                                 "words" lists [start_char, end_char, start_sample,
                                 end_sample] per spoken word (absent in entries an
                                 older reader wrote, and for engines that give no
                                 timings: the pipeline then estimates them)

New clips stay in memory until ``flush`` encodes them into one pack with one
ffmpeg run (none for PCM), stores the pack, then the clip entries: an entry
never points at a pack that is not there. Reading a clip decodes its whole
pack once (one ffmpeg run per pack) and cuts the clip out at its exact length.

The codec follows the engine (``pack_codec``). Opus keeps a five-minute article's
speech in about 1.4 MB, a fifth of its edition, for 1.4 CPU-seconds: worth it
for Piper, whose speech costs twenty times that. espeak-ng speaks the same
article in 0.6 CPU-seconds, so Opus would cost more than it saves (and take the
second core from the episode's encode). Its packs are raw PCM, 13.4 MB for the
seed: FLAC took 7.6 MB, but its ffmpeg cost 0.45 CPU-seconds, as much as speaking
again, at the moment the episode's last part is encoded, and made the whole
narration 0.24 s longer on two cores.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import threading
from dataclasses import dataclass
from typing import Literal

from reader import processes
from reader.audio.ffmpeg import ffmpeg_exe
from reader.errors import AudioError, StorageError
from reader.narrate.settings import NarrateSettings
from reader.speech.words import WordTiming
from reader.storage import LocalStorage, Storage

__all__ = [
    "CACHE_ROOT",
    "CacheStats",
    "PackCodec",
    "SpeechCache",
    "cache_stats",
    "open_speech_cache",
    "pack_codec",
    "prune_cache",
]

CACHE_ROOT = ".cache/speech"
"""Where the speech cache lives inside the storage (the editions' folder by default)."""

SAMPLE_RATE_HZ = 22_050
_GAP_FRAMES = SAMPLE_RATE_HZ // 10
"""Silence between clips in a pack, so that codec and resampler never blur two clips."""
PackCodec = Literal["opus", "flac", "pcm"]
_CODECS: dict[str, tuple[str, list[str] | None]] = {
    "opus": (
        "audio/ogg",
        ["-ar", "24000", "-c:a", "libopus", "-b:a", "32k", "-application", "audio"]
        + ["-compression_level", "0", "-f", "ogg"],
    ),
    "flac": ("audio/flac", ["-c:a", "flac", "-compression_level", "5", "-f", "flac"]),
    "pcm": ("application/octet-stream", None),
}
"""Each codec's content type and ffmpeg output options (None: stored as it is). Opus:
32 kbit/s at its fastest setting (complexity 10 costs six times the CPU for 13% fewer
bytes). FLAC, no longer written: level 5 took 13% fewer bytes than level 0 for a few
hundredths of a second more."""
_LOSSLESS_ENGINES = frozenset({"espeak", "pyttsx3"})
"""Engines whose speech costs less to make again than an Opus encode saves: espeak-ng
(0.6 CPU-s for the seed, against Opus's 1.4), and pyttsx3, espeak-ng behind a driver."""


def pack_codec(engine: str) -> PackCodec:
    """How the speech of ``engine`` is kept: raw PCM where speaking again is cheap,
    else Opus (see the module's docstring)."""
    return "pcm" if engine in _LOSSLESS_ENGINES else "opus"


class SpeechCache:
    """Clips by key, in ``storage`` under ``root``; safe to share between threads. New
    packs are written in ``codec``; packs of any codec are read."""

    def __init__(
        self, storage: Storage, root: str = CACHE_ROOT, *, codec: PackCodec = "opus"
    ) -> None:
        self.storage = storage
        self.root = root.strip("/")
        self.codec = codec
        self._lock = threading.Lock()
        self._fresh: dict[str, bytes] = {}
        """Clips put by this narration, kept in memory until the object goes."""
        self._unflushed: list[str] = []
        self._legacy_keys: set[str] = set()
        self._words: dict[str, tuple[WordTiming, ...]] = {}
        """Word timings of the clips in ``_fresh``."""
        self._entries: dict[str, dict[str, object]] = {}
        self._packs: dict[str, bytes] = {}

    @staticmethod
    def key(identity: str, text: str) -> str:
        return hashlib.sha256(f"{identity}\0{text}".encode()).hexdigest()

    def _name(self, *parts: str) -> str:
        return "/".join(p for p in (self.root, *parts) if p)

    def _legacy(self, key: str) -> bytes | None:
        """A raw PCM clip an older reader left in a cache folder (``<k[:2]>/<key>.pcm``):
        still read, so that upgrading re-synthesises nothing."""
        path = self.storage.local_path(self._name(key[:2], f"{key}.pcm"))
        if path is None or not path.is_file():
            return None
        pcm = path.read_bytes()
        with self._lock:
            self._fresh[key] = pcm  # the next flush stores it in a pack, and deletes the file
            self._unflushed.append(key)
            self._legacy_keys.add(key)
        return pcm

    def _entry(self, key: str) -> dict[str, object] | None:
        entry = self._entries.get(key)
        if entry is None:
            data = self.storage.get_bytes(self._name("clips", key[:2], f"{key}.json"))
            if data is None:
                if self._legacy(key) is not None:
                    return {"pack": "", "start": 0, "frames": len(self._fresh[key]) // 2}
                return None
            try:
                entry = json.loads(data)
            except ValueError:
                return None  # a damaged entry is a miss: the clip is spoken again
            if not isinstance(entry, dict) or entry.get("codec", "opus") not in _CODECS:
                return None  # nor can a pack in a codec this reader does not know be read
            self._entries[key] = entry
        return entry

    def has(self, key: str) -> bool:
        with self._lock:
            if key in self._fresh:
                return True
        return self._entry(key) is not None

    def samples(self, key: str) -> int:
        """Length of the clip in samples (16-bit mono, 22,050 Hz)."""
        with self._lock:
            pcm = self._fresh.get(key)
        if pcm is not None:
            return len(pcm) // 2
        entry = self._entry(key)
        if entry is None:
            raise KeyError(key)
        return int(str(entry["frames"]))

    def words(self, key: str) -> tuple[WordTiming, ...]:
        """Where the words of the clip's text sound in it; empty when not known (a clip
        cached by an older reader, or spoken by an engine that gives no timings)."""
        with self._lock:
            if key in self._fresh:
                return self._words.get(key, ())
        entry = self._entry(key)
        if entry is None:
            raise KeyError(key)
        raw = entry.get("words")
        if not isinstance(raw, list):
            return ()
        try:
            return tuple(WordTiming.from_list(w) for w in raw)
        except (TypeError, ValueError):
            return ()  # a damaged list: estimated, like an old entry

    def read(self, key: str) -> bytes:
        """The clip's PCM: mono s16le at 22,050 Hz, exactly ``samples(key)`` samples."""
        with self._lock:
            pcm = self._fresh.get(key)
        if pcm is not None:
            return pcm
        entry = self._entry(key)
        if entry is None:
            raise KeyError(key)
        pack = self._pack(str(entry["pack"]), str(entry.get("codec", "opus")))
        start, frames = 2 * int(str(entry["start"])), int(str(entry["frames"]))
        clip = pack[start : start + 2 * frames]
        return clip + bytes(2 * frames - len(clip))

    def put(self, key: str, pcm: bytes, words: tuple[WordTiming, ...] = ()) -> None:
        """Keep a new clip and its word timings; ``flush`` stores them."""
        with self._lock:
            if key not in self._fresh or key not in self._unflushed:
                self._unflushed.append(key)
            self._fresh[key] = pcm
            self._words[key] = tuple(words)

    def flush(self) -> int:
        """Store the clips ``put`` since the last flush as one pack; return how many.

        The clips stay readable from memory meanwhile: a narration may render its
        episode while another thread flushes."""
        with self._lock:
            keys, self._unflushed = list(dict.fromkeys(self._unflushed)), []
            pending = {key: self._fresh[key] for key in keys}
            timings = {key: self._words.get(key, ()) for key in keys}
        if not pending:
            return 0
        gap = bytes(2 * _GAP_FRAMES)
        layout: dict[str, tuple[int, int]] = {}
        chunks: list[bytes] = []
        cursor = _GAP_FRAMES
        chunks.append(gap)
        for key, pcm in pending.items():
            frames = len(pcm) // 2
            layout[key] = (cursor, frames)
            chunks += [pcm, gap]
            cursor += frames + _GAP_FRAMES
        raw = b"".join(chunks)
        pack_id = hashlib.sha256(raw).hexdigest()
        codec = self.codec
        content_type, options = _CODECS[codec]
        try:
            self.storage.put_bytes(
                self._name("packs", f"{pack_id}.{codec}"),
                raw if options is None else _encode(raw, options),
                content_type=content_type,
            )
            for key, (start, frames) in layout.items():
                entry: dict[str, object] = {
                    "pack": pack_id,
                    "codec": codec,
                    "start": start,
                    "frames": frames,
                }
                if timings[key]:
                    entry["words"] = [w.to_list() for w in timings[key]]
                self.storage.put_bytes(
                    self._name("clips", key[:2], f"{key}.json"),
                    json.dumps(entry).encode(),
                    content_type="application/json",
                )
                self._entries[key] = entry
            legacy = [k for k in pending if k in self._legacy_keys]
            self.storage.delete([self._name(k[:2], f"{k}.pcm") for k in legacy])
        except BaseException:
            with self._lock:  # a later flush may store them
                self._unflushed = [*pending, *self._unflushed]
            raise
        return len(pending)

    def _pack(self, pack_id: str, codec: str) -> bytes:
        name = self._name("packs", f"{pack_id}.{codec}")
        with self._lock:
            pcm = self._packs.get(name)
        if pcm is None:
            data = self.storage.get_bytes(name)
            if data is None:
                raise StorageError(
                    f"{self.storage.object_url(name)}: speech cache pack is missing "
                    "(pruned while in use?); narrate again with --force"
                )
            what = self.storage.object_url(name)
            pcm = data if _CODECS[codec][1] is None else _decode(data, what=what)
            with self._lock:
                self._packs[name] = pcm
        return pcm


def open_speech_cache(settings: NarrateSettings, *, engine: str = "") -> SpeechCache:
    """The cache a narration uses: ``cache_dir``, else ``cache_storage``, else the
    ``out_dir`` folder (under ``.cache/speech`` in those two); new packs in the codec
    that suits ``engine`` (``pack_codec``)."""
    codec = pack_codec(engine)
    if settings.cache_dir is not None:
        return SpeechCache(LocalStorage(settings.cache_dir), root="", codec=codec)
    if settings.cache_storage is not None:
        return SpeechCache(settings.cache_storage.open(), codec=codec)
    return SpeechCache(LocalStorage(settings.out_dir), codec=codec)


def _encode(raw: bytes, options: list[str]) -> bytes:
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error"]
    command += ["-f", "s16le", "-ar", str(SAMPLE_RATE_HZ), "-ac", "1", "-i", "pipe:0"]
    command += [*options, "-"]
    return _run(command, raw, what="speech cache: encoding a pack")


def _decode(data: bytes, *, what: str) -> bytes:
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-i", "pipe:0"]
    command += ["-f", "s16le", "-ar", str(SAMPLE_RATE_HZ), "-ac", "1", "-"]
    return _run(command, data, what=f"{what}: decoding")


def _run(command: list[str], data: bytes, *, what: str) -> bytes:
    """ffmpeg's stdout for ``data`` on its stdin. The data goes through a temporary
    file: ``subprocess``'s ``input`` writes a pipe 4 KB at a time, 3,400 writes and
    as many wake-ups of ffmpeg for one article's pack."""
    try:
        with tempfile.TemporaryFile() as source:
            source.write(data)
            source.seek(0)
            done = processes.run(command, stdin=source, capture_output=True)
    except OSError as e:
        raise AudioError(f"{what}: cannot run ffmpeg: {e}") from e
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise AudioError(f"{what}: ffmpeg failed (exit {done.returncode}): {' '.join(tail)}")
    return bytes(done.stdout)


@dataclass(frozen=True, slots=True, kw_only=True)
class CacheStats:
    clips: int
    packs: int
    size_bytes: int
    """Everything under the cache's root, entries, packs and leftovers included."""
    oldest: str | None = None
    newest: str | None = None
    """ISO times of the oldest and newest objects, None when the cache is empty."""

    def to_dict(self) -> dict[str, object]:
        return {
            "clips": self.clips,
            "packs": self.packs,
            "size_bytes": self.size_bytes,
            "oldest": self.oldest,
            "newest": self.newest,
        }


def cache_stats(storage: Storage, root: str = CACHE_ROOT) -> CacheStats:
    """How many clips and packs the cache holds and how many bytes it takes."""
    clips = packs = size = 0
    times = []
    prefix = _prefix(root)
    for info in storage.iter_objects(prefix):
        size += info.size_bytes
        times.append(info.modified)
        rest = info.key[len(prefix) :]
        if rest.startswith("clips/"):
            clips += 1
        elif rest.startswith("packs/"):
            packs += 1
    return CacheStats(
        clips=clips,
        packs=packs,
        size_bytes=size,
        oldest=min(times).isoformat() if times else None,
        newest=max(times).isoformat() if times else None,
    )


def prune_cache(
    storage: Storage, *, older_than_s: float, now: float, root: str = CACHE_ROOT
) -> CacheStats:
    """Delete every cache object written more than ``older_than_s`` seconds before
    ``now`` (a Unix time); return what was deleted.

    A pack and its clip entries are written together, so they go together: an
    entry never outlives its pack by more than the moments of one flush. The
    mastering calibration (``mastering.json``) is kept.
    """
    cutoff = now - older_than_s
    doomed = [
        info
        for info in storage.iter_objects(_prefix(root))
        if info.modified.timestamp() < cutoff and not info.key.endswith("mastering.json")
    ]
    clips = [i.key for i in doomed if i.key.startswith(_prefix(root) + "clips/")]
    others = [i.key for i in doomed if not i.key.startswith(_prefix(root) + "clips/")]
    # Entries first, then packs: a reader never finds an entry whose pack is gone.
    storage.delete(clips)
    storage.delete(others)
    packs = sum(1 for key in others if key.startswith(_prefix(root) + "packs/"))
    return CacheStats(clips=len(clips), packs=packs, size_bytes=sum(i.size_bytes for i in doomed))


def _prefix(root: str) -> str:
    root = root.strip("/")
    return f"{root}/" if root else ""
