"""The one boundary to speech engines: the ``Engine`` protocol and its registry.

Adapters live in their own modules and are imported only when asked for, so
a process that never speaks never loads onnxruntime. The registry maps a name
(what a voice profile's ``engine`` key says) to the import path of a factory
(``package.module:Class``); ``register_engine`` adds one, as the tests do with
their fake engine. A worker process started with spawn does not share the
parent's registry, so the parent hands it ``engine_target(name)``, the import
path, which ``engine_for`` also accepts.

Which voice reads an article is decided here too, in two steps: the profile
(``profile_for_language``: the profile, or its ``fallback`` when its engine has
no voice for the article's language, known from the adapter module's
``installed_languages()`` without starting the engine), then, in the engine's
worker, the voice of that engine (``resolve_settings``).
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol, runtime_checkable

from reader.errors import ConfigError, EngineNotFoundError, VoiceNotFoundError
from reader.script.model import Role
from reader.speech.clip import Clip, check_audio, trim_silence
from reader.speech.profile import VoiceProfile, VoiceSettings, load_voice_profile
from reader.text import primary_language

__all__ = [
    "ENGINES",
    "Engine",
    "VoiceInfo",
    "choose_voice",
    "engine_for",
    "engine_languages",
    "engine_speaks",
    "engine_target",
    "find_voice",
    "primary_language",
    "profile_for_language",
    "register_engine",
    "resolve_roles",
    "resolve_settings",
    "speak_checked",
]

ENGINES: dict[str, str] = {
    "espeak": "reader.speech.espeak:EspeakEngine",
    "pyttsx3": "reader.speech.pyttsx3_engine:Pyttsx3Engine",
    "piper": "reader.speech.piper_engine:PiperEngine",
}
"""Engine name -> import path of its adapter; ``register_engine`` adds to it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class VoiceInfo:
    id: str
    """What a profile's ``voice`` key names."""
    name: str
    languages: tuple[str, ...]
    """Lower-case BCP 47 tags, best first (``en-us``, ``en``)."""


@runtime_checkable
class Engine(Protocol):
    name: str

    def version(self) -> str: ...

    def list_voices(self) -> list[VoiceInfo]: ...

    def synthesize(self, text: str, settings: VoiceSettings) -> Clip:
        """Speak ``text`` with ``settings`` (voice already chosen by ``choose_voice``)."""
        ...


def register_engine(name: str, target: str) -> None:
    """Let profiles name the engine built by ``target`` (``package.module:Factory``)."""
    if ":" not in target:
        raise ConfigError(f"engine {name!r}: {target!r} is not an import path module:attribute")
    ENGINES[name] = target


def engine_target(name: str) -> str:
    """The import path of the engine a profile names (a registered name or an import path)."""
    target = ENGINES.get(name, name)
    if ":" not in target:
        raise ConfigError(f"unknown engine {name!r}; known engines: {', '.join(sorted(ENGINES))}")
    return target


def engine_for(name: str, *, threads: int | None = None) -> Engine:
    """Build the engine a profile names; ``EngineNotFoundError`` says how to install it.

    ``threads`` caps the threads of an engine that computes on several (Piper's
    onnxruntime); engines whose factory takes no ``threads`` ignore it."""
    target = engine_target(name)
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
        factory = getattr(module, attr)
    except (ImportError, AttributeError) as e:
        raise EngineNotFoundError(f"engine {name!r} could not be loaded from {target}: {e}") from e
    if threads is not None and _takes(factory, "threads"):
        engine: Engine = factory(threads=threads)
    else:
        engine = factory()
    return engine


def _takes(factory: object, keyword: str) -> bool:
    try:
        return keyword in inspect.signature(factory).parameters  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def engine_languages(name: str) -> tuple[str, ...] | None:
    """The languages an engine's installed voices speak, known without starting it
    (lower-case BCP 47 tags, from its module's ``installed_languages()``); None when
    the engine does not say (espeak-ng speaks about a hundred: it is asked when it
    starts)."""
    module_name = engine_target(name).partition(":")[0]
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    listing = getattr(module, "installed_languages", None)
    return tuple(listing()) if callable(listing) else None


def engine_speaks(name: str, language: str) -> bool:
    """Whether engine ``name`` has a voice for ``language`` (by its primary subtag);
    True when the engine does not say, so that the engine itself is asked."""
    languages = engine_languages(name)
    if languages is None:
        return True
    primary = primary_language(language.replace("_", "-").lower())
    return any(primary_language(lang) == primary for lang in languages)


def profile_for_language(
    profile: VoiceProfile, language: str, *, voices_dir: Path | None = None
) -> VoiceProfile:
    """The profile that reads an article in ``language``: ``profile`` itself, or its
    ``fallback`` when its engine has no voice for that language (followed on, should
    the fallback have none either). Decided without starting an engine, so a speech
    cache key can name the voice that will really speak."""
    chosen, seen = profile, [profile.name]
    while chosen.fallback and not engine_speaks(chosen.engine, language):
        fallback = load_voice_profile(chosen.fallback, voices_dir=voices_dir)
        if fallback.name in seen:
            raise ConfigError(
                f"{chosen.path or chosen.name}: fallback profiles go round in a circle: "
                + " -> ".join([*seen, fallback.name])
            )
        chosen = fallback
        seen.append(chosen.name)
    return chosen


def choose_voice(
    voices: Sequence[VoiceInfo], settings: VoiceSettings, *, language: str, engine: str
) -> VoiceInfo:
    """The voice that speaks an article in ``language`` with these settings.

    A named voice is used when it speaks the article's language; otherwise the
    engine's best voice for that language is taken (a German article is never
    read by an English voice when a German one exists). The profile's own
    ``language`` refines the choice when it shares the primary subtag
    (``en-US`` for an ``en`` article).
    """
    wanted = language.replace("_", "-").lower()
    primary = primary_language(wanted)
    if settings.language and primary_language(settings.language) == primary:
        if len(settings.language) > len(wanted):
            wanted = settings.language.replace("_", "-").lower()
    if settings.voice:
        named = _named(voices, settings.voice)
        if named is None:
            raise VoiceNotFoundError(
                f"{engine} has no voice {settings.voice!r}; it has: {_listing(voices)}. "
                "Run `reader voices` to see them, and fix 'voice' in the profile."
            )
        if any(primary_language(lang) == primary for lang in named.languages):
            return named
    best = _best_for_language(voices, wanted, primary)
    if best is None:
        langs = sorted({primary_language(lang) for v in voices for lang in v.languages})
        raise VoiceNotFoundError(
            f"{engine} has no voice for language {language!r}; it speaks: "
            f"{', '.join(langs) or 'nothing'}. Pick a profile whose engine speaks "
            f"{language!r} (the 'espeak' profile speaks about a hundred languages)."
        )
    return best


def find_voice(voices: Sequence[VoiceInfo], settings: VoiceSettings, *, engine: str) -> VoiceInfo:
    """The voice ``settings`` names (by id or name), or the best one for its language."""
    if settings.voice:
        named = _named(voices, settings.voice)
        if named is None:
            raise VoiceNotFoundError(
                f"{engine} has no voice {settings.voice!r}; it has: {_listing(voices)}. "
                "Run `reader voices` to see them, and fix 'voice' in the profile."
            )
        return named
    return choose_voice(voices, settings, language=settings.language or "en", engine=engine)


def resolve_settings(engine: Engine, settings: VoiceSettings, *, language: str) -> VoiceSettings:
    """``settings`` with the voice the engine uses for an article in ``language``."""
    voice = choose_voice(engine.list_voices(), settings, language=language, engine=engine.name)
    chosen = voice.languages[0] if voice.languages else language
    return replace(settings, voice=voice.id, language=chosen)


def resolve_roles(
    engine: Engine, roles: Mapping[Role, VoiceSettings], *, language: str
) -> dict[Role, VoiceSettings]:
    """Each role's settings with the voice ``engine`` uses for an article in ``language``."""
    return {role: resolve_settings(engine, s, language=language) for role, s in roles.items()}


def speak_checked(engine: Engine, text: str, settings: VoiceSettings) -> Clip:
    """What every speaker returns for ``text``: the engine's clip, checked for sound
    (``check_audio``) and trimmed of its leading and trailing silence."""
    clip = check_audio(engine.synthesize(text, settings), text, engine=engine.name)
    return trim_silence(clip)


def _named(voices: Sequence[VoiceInfo], wanted: str) -> VoiceInfo | None:
    key = wanted.lower()
    for v in voices:
        if v.id.lower() == key or v.name.lower() == key:
            return v
    for v in voices:  # espeak ids carry a family prefix: "gmw/en-US" is also "en-us"
        if v.id.lower().rsplit("/", 1)[-1] == key:
            return v
    return None


def _best_for_language(voices: Sequence[VoiceInfo], wanted: str, primary: str) -> VoiceInfo | None:
    def score(v: VoiceInfo) -> tuple[int, int, int, int] | None:
        ranks = []
        for position, lang in enumerate(v.languages):
            if lang == wanted:
                ranks.append(0)
            elif lang == primary:
                ranks.append(1)
            elif primary_language(lang) == primary:
                ranks.append(2)
            else:
                continue
            ranks[-1] = ranks[-1] * 100 + position
        if not ranks:
            return None
        plain = 0 if v.id.lower().rsplit("/", 1)[-1] == primary else 1  # "roa/fr" for "fr"
        return (min(ranks) // 100, plain, min(ranks) % 100, len(v.id))

    scored = [(s, v) for v in voices if (s := score(v)) is not None]
    return min(scored, key=lambda t: t[0])[1] if scored else None


def _listing(voices: Sequence[VoiceInfo], limit: int = 40) -> str:
    ids = [v.id for v in voices]
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "") if ids else "none"
