"""Narrate one article into ``<out_dir>/<slug>/``.

The effectful shell around the pure stages::

    read -> parse -> build_script -> SPEAK (cached) -> plan_layout
         -> write PCM -> measure loudness -> ENCODE -> formats -> manifest -> publish

An article of a minute or more is encoded while it is spoken: each clip goes
to the episode's encoders as soon as it and all before it are ready
(``reader.narrate.stream``), with a gain predicted for the voice and checked
once the encoders have measured the episode (``master_streamed``).

The edition is built in a temporary directory beside its final place and
renamed into place only when every file is complete (see ``publish``), so an
interrupted run leaves the previous edition intact and no partial one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from reader.audio import (
    EncodeResult,
    Loudness,
    LoudnessMeter,
    encode_edition,
    episode_parts,
    measure_loudness,
)
from reader.audio.mp3frames import prepare_crc16
from reader.audio.stream import EpisodeHead, EpisodeStream, Streamed, encode_streamed
from reader.edition.formats import (
    build_chapters_json,
    build_chapters_vtt,
    build_transcript_srt,
    build_transcript_vtt,
)
from reader.edition.manifest import (
    MANIFEST_NAME,
    FileEntry,
    Manifest,
    SectionEntry,
    episode_guid,
    manifest_to_json,
)
from reader.edition.model import EpisodeTags
from reader.edition.outputs import BOOK_FORMATS
from reader.edition.plan import Layout, plan_layout, plan_pauses, tail_samples
from reader.edition.segments import build_transcript_segments
from reader.edition.words import SpokenTiming, format_transcript_json, transcript_data
from reader.formulas import shown_text
from reader.languages import read_languages
from reader.model import Document, Metadata
from reader.narrate.cache import SpeechCache, open_speech_cache
from reader.narrate.current import (
    LAYOUT_VERSION,
    article_lexicons,
    current_edition,
    input_sha256,
    read_edition_index,
)
from reader.narrate.mastering import (
    Calibration,
    limiter_oversampling,
    master,
    master_streamed,
    predicted_gain_db,
    typical_toll_db,
)
from reader.narrate.publish import publish_edition, read_existing_manifest, write_manifest
from reader.narrate.settings import NarrateSettings
from reader.narrate.speak import ClipSink, speak_script
from reader.narrate.stream import STREAM_MIN_CHARACTERS, EpisodeFeed
from reader.narrate.workdir import remove_stale_work_dirs, work_dir
from reader.parse import decode_article, parse_article
from reader.script import Lexicon, Script, build_script, merge, read_lexicon
from reader.sources import read_article
from reader.speech import ROLES, SAMPLE_RATE_HZ, VoiceProfile, load_voice_profile
from reader.speech.engine import engine_languages, profile_for_language
from reader.speech.identity import voice_identity
from reader.speech.words import spread_words

__all__ = [
    "NarrateResult",
    "NarrateSettings",
    "Origin",
    "Published",
    "current_edition",
    "fallback_notice",
    "input_sha256",
    "narrate_article",
    "narrate_bytes",
    "narrate_document",
    "narrate_text",
    "read_edition_index",
]

_TEXT_FILES = {
    "chapters_json": ("chapters.json", "application/json+chapters"),
    "chapters_vtt": ("chapters.vtt", "text/vtt"),
    "transcript_vtt": ("transcript.vtt", "text/vtt"),
    "transcript_srt": ("transcript.srt", "application/x-subrip"),
    "transcript_json": ("transcript.json", "application/json"),
    "transcript_segments": ("transcript-segments.json", "application/json"),
}


Published = Callable[[str], Manifest | None]
"""The manifest of the edition published under a slug elsewhere (shared storage)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class NarrateResult:
    slug: str
    status: Literal["narrated", "unchanged"]
    manifest: Manifest
    edition_dir: Path
    synthesized: int = 0
    """Sentences sent to the engine in this run (0 when all came from the cache)."""
    notices: tuple[str, ...] = ()
    """One line each, for the listener's publisher: the voice fell back to another
    profile for the article's language (``fallback_notice``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Origin:
    """Where an article came from, recorded in its manifest."""

    source: str = ""
    source_sha256: str = ""
    input_sha256: str = ""


def narrate_article(location: str, *, settings: NarrateSettings) -> NarrateResult:
    """Read an article from a path, URL or ``-`` and narrate it."""
    source, data, hint = read_article(location, max_bytes=settings.max_bytes)
    return narrate_bytes(
        data,
        source=source,
        format=hint,
        source_key=_source_key(location, source),
        settings=settings,
        article_lexicons=article_lexicons(location),
    )


def narrate_bytes(
    data: bytes,
    *,
    source: str,
    format: Literal["markdown", "html"] | None,
    source_key: str,
    settings: NarrateSettings,
    article_lexicons: Sequence[Path] = (),
    published: Published | None = None,
) -> NarrateResult:
    """Narrate an article's bytes, read elsewhere (a file here, or a queued task's
    content on a worker); ``source_key`` is recorded as where it came from."""
    text = decode_article(data, source=source, max_bytes=settings.max_bytes)
    doc = parse_article(text, source=source, format=format)
    origin = Origin(
        source=source_key,
        source_sha256=hashlib.sha256(data).hexdigest(),
        input_sha256=input_sha256(data, settings=settings, article_lexicons=article_lexicons),
    )
    return narrate_document(
        doc,
        settings=settings,
        origin=origin,
        article_lexicons=article_lexicons,
        published=published,
    )


def _source_key(location: str, source: str) -> str:
    if location == "-":
        return ""
    return source if "://" in source else str(Path(location).resolve())


def narrate_text(
    text: str,
    *,
    settings: NarrateSettings,
    format: Literal["markdown", "html"] | None = None,
    source: str = "<api>",
    published: Published | None = None,
) -> NarrateResult:
    """Narrate article text handed over directly (the publisher API)."""
    doc = parse_article(text, source=source, format=format)
    return narrate_document(
        doc,
        settings=settings,
        origin=Origin(source_sha256=hashlib.sha256(text.encode()).hexdigest()),
        published=published,
    )


def narrate_document(
    doc: Document,
    *,
    settings: NarrateSettings,
    origin: Origin | None = None,
    article_lexicons: Sequence[Path] = (),
    published: Published | None = None,
) -> NarrateResult:
    """Narrate ``doc`` into ``<out_dir>/<slug>``, unless its edition there, or else the
    one ``published(slug)`` returns (an edition in shared storage), is current: then
    it is ``unchanged`` (and ``edition_dir`` may not exist on this machine)."""
    origin = origin or Origin()
    requested = load_voice_profile(settings.voice, voices_dir=settings.voices_dir)
    language = _language(doc, requested)
    profile = profile_for_language(requested, language, voices_dir=settings.voices_dir)
    notices = () if profile is requested else (fallback_notice(doc, requested, profile, language),)
    lexicon = _load_lexicons([*profile.lexicons, *settings.lexicons, *article_lexicons])
    script = build_script(
        doc,
        lexicon=lexicon,
        language=language,
        languages=read_languages(settings.language_dirs),
        read_references=settings.read_references,
    )
    identities = {role: voice_identity(profile, role, language=language) for role in ROLES}
    keys = [SpeechCache.key(identities[u.role], u.text) for u in script.utterances()]
    content_sha256 = _content_hash(doc, keys, settings.formats)

    edition_dir = settings.out_dir / doc.slug
    previous = read_existing_manifest(edition_dir)
    if previous and not settings.force and previous.content_sha256 == content_sha256:
        if origin.input_sha256 and (previous.source, previous.input_sha256) != (
            origin.source,
            origin.input_sha256,
        ):
            previous = replace(previous, source=origin.source, input_sha256=origin.input_sha256)
            write_manifest(previous, edition_dir)
        return NarrateResult(
            slug=doc.slug,
            status="unchanged",
            manifest=previous,
            edition_dir=edition_dir,
            notices=notices,
        )
    if previous is None and published is not None:
        elsewhere = published(doc.slug)
        if elsewhere and not settings.force and elsewhere.content_sha256 == content_sha256:
            return NarrateResult(
                slug=doc.slug,
                status="unchanged",
                manifest=elsewhere,
                edition_dir=edition_dir,
                notices=notices,
            )
        previous = elsewhere  # its GUID stays the episode's

    cache_dir = settings.cache_dir or settings.out_dir / ".cache" / "speech"
    cache = open_speech_cache(settings, engine=profile.engine)
    calibration = Calibration(cache_dir / "mastering.json")
    guid = previous.guid if previous else episode_guid(doc.metadata)

    def speak(sink: ClipSink) -> int:
        return speak_script(
            script,
            keys,
            cache,
            profile=profile,
            language=language,
            timeout_s=settings.timeout_s,
            workers=settings.speech_workers,
            force=settings.force,
            meter=sink,
            in_process=settings.speech_in_process,
        )

    remove_stale_work_dirs(settings.out_dir)  # what a killed run left behind
    with work_dir(settings.out_dir, doc.slug) as work, ExitStack() as cleanup:
        staging = Path(work) / doc.slug
        staging.mkdir()
        raw = Path(work) / "episode.pcm"
        speech: Loudness | Streamed
        characters = [len(u.text) for u in script.utterances()]
        if sum(characters) >= STREAM_MIN_CHARACTERS:
            # Encoded while spoken, with a gain predicted now and checked at the end.
            with EpisodeStream(
                raw,
                sample_rate_hz=SAMPLE_RATE_HZ,
                gain_db=predicted_gain_db(
                    calibration, identities["narrator"], engine=profile.engine
                ),
                oversampling=limiter_oversampling(profile.engine),
                what=f"encoding {shown_text(doc.metadata.title)!r}",
            ) as stream:
                feed = EpisodeFeed(
                    stream,
                    pauses=plan_pauses(script, sample_rate_hz=SAMPLE_RATE_HZ),
                    characters=characters,
                    tail_samples=tail_samples(SAMPLE_RATE_HZ),
                    parts=min(2, settings.speech_workers),
                )
                synthesized = speak(feed)
                flushing = _in_background(cache.flush, name="speech-cache-flush")
                _in_background(prepare_crc16, name="crc-table")  # while the parts encode
                samples = [cache.samples(k) for k in keys]
                layout = plan_layout(script, samples, sample_rate_hz=SAMPLE_RATE_HZ)
                head = cleanup.enter_context(  # its ffmpeg runs while the parts finish
                    EpisodeHead(
                        _episode_tags(doc),
                        layout.chapters,
                        sample_rate_hz=SAMPLE_RATE_HZ,
                        out_dir=staging,
                    )
                )
                speech = feed.finish(layout)
        else:
            head = None
            with LoudnessMeter(sample_rate_hz=SAMPLE_RATE_HZ) as meter:
                synthesized = speak(meter)
                speech = meter.result()
            flushing = _in_background(cache.flush, name="speech-cache-flush")
            _in_background(prepare_crc16, name="crc-table")  # while the episode encodes
            samples = [cache.samples(k) for k in keys]
            layout = plan_layout(script, samples, sample_rate_hz=SAMPLE_RATE_HZ)
            _write_pcm(raw, layout, keys, cache)
        timings = [
            _word_timing(cache, key, utterance.text, n)
            for key, utterance, n in zip(keys, script.utterances(), samples, strict=True)
        ]
        manifest = _render(
            doc,
            script,
            layout,
            timings,
            raw,
            staging,
            settings=settings,
            profile=profile,
            identity=identities["narrator"],
            fallback_from=None if profile is requested else requested.name,
            speech=speech,
            head=head,
            calibration=calibration,
            guid=guid,
            origin=origin,
            content_sha256=content_sha256,
        )
        flushing.result()
        publish_edition(staging, edition_dir)
    return NarrateResult(
        slug=doc.slug,
        status="narrated",
        manifest=manifest,
        edition_dir=edition_dir,
        synthesized=synthesized,
        notices=notices,
    )


def _in_background(work: Callable[[], object], *, name: str) -> Future[object]:
    """Run ``work`` in a thread; ``result()`` waits for it and raises what it raised."""
    future: Future[object] = Future()

    def run() -> None:
        try:
            future.set_result(work())
        except BaseException as e:
            future.set_exception(e)

    threading.Thread(target=run, name=name, daemon=True).start()
    return future


def fallback_notice(
    doc: Document, requested: VoiceProfile, used: VoiceProfile, language: str
) -> str:
    """The one line that says an article is read by a fallback voice, and why."""
    title = shown_text(doc.metadata.title) or doc.slug
    instead = f"read by the {used.name!r} voice ({used.engine}) instead"
    if engine_languages(requested.engine) == ():
        return (
            f"{title!r}: the {requested.name!r} voice's engine ({requested.engine}) has no "
            f"voice installed; {instead}"
        )
    return (
        f"{title!r} is in {language}, which the {requested.name!r} voice "
        f"({requested.engine}) does not speak: {instead}"
    )


def _language(doc: Document, profile: VoiceProfile) -> str:
    tag = doc.metadata.language or profile.language or "en"
    return tag.replace("_", "-")


def _load_lexicons(paths: Sequence[Path]) -> Lexicon | None:
    if not paths:
        return None
    return merge(*(read_lexicon(p) for p in paths))


def _content_hash(doc: Document, keys: Sequence[str], formats: Sequence[str]) -> str:
    payload = {
        "layout": LAYOUT_VERSION,
        "metadata": doc.metadata.to_dict(),
        "formats": sorted(formats),
        "speech": list(keys),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _write_pcm(path: Path, layout: Layout, keys: Sequence[str], cache: SpeechCache) -> None:
    """Stream the episode's PCM to ``path``: pauses as zeros, clips from the cache."""
    with path.open("wb") as out:
        cursor = 0
        for placement, key in zip(layout.placements, keys, strict=True):
            out.write(bytes(2 * (placement.start_sample - cursor)))
            out.write(cache.read(key))
            cursor = placement.start_sample + placement.samples
        out.write(bytes(2 * (layout.total_samples - cursor)))


def _word_timing(cache: SpeechCache, key: str, text: str, samples: int) -> SpokenTiming:
    """The engine's word timings for a clip, else an estimate (see ``reader.edition.words``)."""
    words = cache.words(key)
    if words:
        return SpokenTiming(words=words, timing="engine")
    return SpokenTiming(words=spread_words(text, samples), timing="estimated")


def _shown_metadata(doc: Document) -> Metadata:
    return replace(doc.metadata, title=shown_text(doc.metadata.title))  # formulas as text


def _episode_tags(doc: Document) -> EpisodeTags:
    """The tags of the episode and its sections."""
    meta = _shown_metadata(doc)
    return EpisodeTags(
        title=meta.title,
        artist=meta.author,
        album=meta.title,
        date=meta.date.isoformat() if meta.date else None,
        language=meta.language,
        comment=meta.description,
    )


def _render(
    doc: Document,
    script: Script,
    layout: Layout,
    timings: Sequence[SpokenTiming],
    raw: Path,
    staging: Path,
    *,
    settings: NarrateSettings,
    profile: VoiceProfile,
    identity: str,
    fallback_from: str | None,
    speech: Loudness | Streamed,
    head: EpisodeHead | None,
    calibration: Calibration,
    guid: str,
    origin: Origin,
    content_sha256: str,
) -> Manifest:
    """Encode the audio and write every file of the edition into ``staging``."""
    meta = _shown_metadata(doc)
    tags = _episode_tags(doc)

    def encode(gain_db: float) -> EncodeResult:
        return encode_edition(
            raw,
            sample_rate_hz=layout.sample_rate_hz,
            gain_db=gain_db,
            tags=tags,
            chapters=layout.chapters,
            sections=layout.sections,
            out_dir=staging,
            m4b_name="episode.m4b" if "m4b" in settings.formats else None,
            measure=True,
            oversampling=limiter_oversampling(profile.engine),
            parts=episode_parts(
                layout.total_samples,
                sample_rate_hz=layout.sample_rate_hz,
                cores=settings.speech_workers,
            ),
        )

    if isinstance(speech, Streamed):
        streamed = speech
        with head or nullcontext():  # its files never reach the edition, even re-mastered
            encoded = master_streamed(
                streamed.integrated_lufs,
                streamed.gain_db,
                finish=lambda: encode_streamed(
                    streamed,
                    raw_pcm=raw,
                    sample_rate_hz=layout.sample_rate_hz,
                    tags=tags,
                    chapters=layout.chapters,
                    sections=layout.sections,
                    out_dir=staging,
                    m4b_name="episode.m4b" if "m4b" in settings.formats else None,
                    oversampling=limiter_oversampling(profile.engine),
                    head=head,
                ),
                encode=encode,
                speech=lambda: measure_loudness(raw, sample_rate_hz=layout.sample_rate_hz),
                calibration=calibration,
                voice=identity,
                first_guess_toll_db=typical_toll_db(profile.engine),
            )
    else:
        encoded = master(
            encode,
            speech,
            calibration,
            identity,
            first_guess_toll_db=typical_toll_db(profile.engine),
        )
    words = transcript_data(script, layout, timings)
    texts = {
        "chapters_json": build_chapters_json(layout.chapters, title=meta.title),
        "chapters_vtt": build_chapters_vtt(layout.chapters),
        "transcript_vtt": build_transcript_vtt(layout.cues),
        "transcript_srt": build_transcript_srt(layout.cues),
        "transcript_json": format_transcript_json(words),
        "transcript_segments": build_transcript_segments(words),
    }
    for role, text in texts.items():
        (staging / _TEXT_FILES[role][0]).write_text(text, encoding="utf-8")
    narrated_at = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    books: dict[str, tuple[str, str]] = {}
    if set(settings.formats) & set(BOOK_FORMATS):
        from reader.books.edition import write_talking_books  # for the talking books only

        books = write_talking_books(
            doc,
            script,
            layout,
            staging,
            metadata=_shown_metadata(doc),
            formats=settings.formats,
            identifier=f"urn:uuid:{guid}",
            narrated_at=narrated_at,
            narrator=f"{profile.name} voice, {profile.engine}",
        )

    durations = {Path(f.path).relative_to(staging).as_posix(): f.duration_ms for f in encoded.files}

    def entry(rel: str, mime: str) -> FileEntry:
        path = staging / rel
        with path.open("rb") as file:  # hashed in chunks: an episode can be hours long
            digest = hashlib.file_digest(file, "sha256").hexdigest()
        return FileEntry(
            path=rel,
            bytes=path.stat().st_size,
            sha256=digest,
            mime=mime,
            duration_ms=durations.get(rel),
        )

    sections = tuple(
        SectionEntry(
            number=span.number,
            title=span.title,
            kind=chapter.kind,
            level=chapter.level,
            start_ms=chapter.start_ms,
            file=entry(span.filename, "audio/mpeg"),
        )
        for span, chapter in zip(layout.sections, layout.chapters, strict=True)
    )
    manifest = Manifest(
        slug=meta.slug,
        guid=guid,
        metadata=meta,
        narrated_at=narrated_at,
        duration_ms=layout.duration_ms,
        voice={
            "profile": profile.name,
            "engine": profile.engine,
            "identity": identity,
            **({"fallback_from": fallback_from} if fallback_from else {}),
        },
        episode=entry("episode.mp3", "audio/mpeg"),
        m4b=entry("episode.m4b", "audio/x-m4a") if "m4b" in settings.formats else None,
        chapters=layout.chapters,
        sections=sections,
        files={role: entry(name, mime) for role, (name, mime) in {**_TEXT_FILES, **books}.items()},
        source=origin.source,
        source_sha256=origin.source_sha256,
        input_sha256=origin.input_sha256,
        content_sha256=content_sha256,
    )
    (staging / MANIFEST_NAME).write_text(manifest_to_json(manifest), encoding="utf-8")
    return manifest
