"""Voice profiles: which engine speaks, and how each role sounds.

A profile is a TOML file in ``voices/`` (see ``voices/default.toml`` for every
key). It has a base ``[voice]`` and per-role overrides under ``[roles.<role>]``
for the four roles of ``reader.script.model.Role``, may name pronunciation
lexicons of its own (``lexicons = ["lexicons/joe.toml"]``, relative to the
profile's file): fixes for words its voice says wrongly, applied before the
project's and the article's lexicons, which win; and may name a ``fallback``
profile for languages its engine has no voice for (the default profile's
Piper voice speaks English; espeak-ng reads the rest). Loading validates
every key and value and names the file and key when one is wrong.
"""

from __future__ import annotations

import os
import sysconfig
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, get_args

from reader.errors import ConfigError
from reader.script.model import Role

__all__ = [
    "ROLES",
    "VoiceProfile",
    "VoiceSettings",
    "default_voices_dirs",
    "list_voice_profiles",
    "load_voice_profile",
]

ROLES: tuple[Role, ...] = get_args(Role)

_NEUTRAL_PITCH = 50
_VOICE_KEYS = {"voice", "language", "rate", "pitch", "volume", "variant"}
_TOP_KEYS = {"name", "engine", "description", "fallback", "lexicons", "voice", "roles"}


@dataclass(frozen=True, slots=True, kw_only=True)
class VoiceSettings:
    voice: str | None = None
    """Engine voice id or name; None picks the engine's voice for the language."""
    language: str | None = None
    """Preferred BCP 47 tag (``en-US``); the article's language overrides its primary subtag."""
    rate_wpm: int = 175
    """Speaking rate in words per minute (Piper maps it to ``length_scale``)."""
    pitch: int = _NEUTRAL_PITCH
    """0-100; 50 is the voice's natural pitch."""
    volume: float = 1.0
    """0-1 of the engine's normal loudness."""
    variant: str | None = None
    """espeak-ng voice variant (``f3``, ``m2``, ``klatt``...); other engines ignore it."""

    def describe(self) -> str:
        """A stable one-line description, used in identities and listings."""
        return (
            f"voice={self.voice or 'auto'} language={self.language or 'auto'} "
            f"variant={self.variant or '-'} rate={self.rate_wpm}wpm pitch={self.pitch} "
            f"volume={self.volume:g}"
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class VoiceProfile:
    name: str
    engine: str
    """``espeak``, ``pyttsx3``, ``piper``, a name given to ``register_engine``, or an import
    path ``module:Class``."""
    roles: Mapping[Role, VoiceSettings]
    description: str = ""
    fallback: str | None = None
    """The profile (name or path) that reads an article in a language this profile's
    engine has no voice for; None makes such an article an error."""
    path: Path | None = None
    lexicons: tuple[Path, ...] = ()
    """The voice's own pronunciation lexicons (TOML or PLS), applied before the
    project's and the article's, which win where they name the same word."""

    @property
    def language(self) -> str | None:
        """The narrator's preferred language (used when the article has none)."""
        return self.roles["narrator"].language

    def settings_for(self, role: Role) -> VoiceSettings:
        return self.roles[role]

    def languages(self) -> tuple[str, ...]:
        found = {s.language for s in self.roles.values() if s.language}
        return tuple(sorted(found))


def default_voices_dirs() -> tuple[Path, ...]:
    """Where profiles are looked up: ``./voices`` first, then the ones shipped with
    reader: beside the source tree, or where pip installed them
    (``<prefix>/share/reader/voices``)."""
    candidates = [Path.cwd() / "voices", Path(__file__).resolve().parents[2] / "voices"]
    for scheme in (sysconfig.get_default_scheme(), f"{os.name}_user"):
        try:
            candidates.append(Path(sysconfig.get_path("data", scheme)) / "share/reader/voices")
        except KeyError:
            continue
    dirs: list[Path] = []
    for directory in candidates:
        if directory.is_dir() and directory.resolve() not in dirs:
            dirs.append(directory.resolve())
    return tuple(dirs)


def list_voice_profiles(voices_dir: Path | None = None) -> list[VoiceProfile]:
    """Every profile in ``voices_dir`` (or the default directories), sorted by name."""
    dirs = (voices_dir,) if voices_dir is not None else default_voices_dirs()
    seen: dict[str, VoiceProfile] = {}
    for directory in dirs:
        for path in sorted(directory.glob("*.toml")):
            if path.stem not in seen:
                seen[path.stem] = load_voice_profile(path)
    return [seen[name] for name in sorted(seen)]


def load_voice_profile(name_or_path: str | Path, *, voices_dir: Path | None = None) -> VoiceProfile:
    """Load a profile by name (``voices/<name>.toml``) or by path."""
    path = _find(str(name_or_path), voices_dir)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"{path}: cannot read voice profile: {e}") from e
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from e
    return _profile(data, path)


def _find(name: str, voices_dir: Path | None) -> Path:
    if name.endswith(".toml") or "/" in name or "\\" in name:
        path = Path(name)
        if not path.is_file():
            raise ConfigError(f"voice profile {path} does not exist")
        return path
    dirs = (voices_dir,) if voices_dir is not None else default_voices_dirs()
    for directory in dirs:
        path = directory / f"{name}.toml"
        if path.is_file():
            return path
    known = sorted({p.stem for d in dirs if d.is_dir() for p in d.glob("*.toml")})
    where = ", ".join(str(d) for d in dirs) or "no voices/ directory"
    raise ConfigError(
        f"no voice profile named {name!r} in {where}; "
        f"known profiles: {', '.join(known) or 'none'}; "
        "create voices/<name>.toml or pass a path to a profile"
    )


def _profile(data: dict[str, Any], path: Path) -> VoiceProfile:
    _no_unknown(data, _TOP_KEYS, path, "")
    engine = data.get("engine")
    if not isinstance(engine, str) or not engine:
        raise ConfigError(f"{path}: key 'engine' is required: espeak, pyttsx3 or piper")
    name = data.get("name", path.stem)
    description = data.get("description", "")
    fallback = data.get("fallback", "")
    for key, value in (("name", name), ("description", description), ("fallback", fallback)):
        if not isinstance(value, str):
            raise ConfigError(f"{path}: key {key!r} must be a string")
    base_table = _table(data, "voice", path, "")
    base = _settings(base_table, VoiceSettings(), path, "voice.")
    role_tables = _table(data, "roles", path, "")
    _no_unknown(role_tables, set(ROLES), path, "roles.")
    roles = {
        role: _settings(_table(role_tables, role, path, "roles."), base, path, f"roles.{role}.")
        for role in ROLES
    }
    return VoiceProfile(
        name=name,
        engine=engine,
        roles=roles,
        description=description,
        fallback=fallback.strip() or None,
        path=path,
        lexicons=_lexicons(data.get("lexicons", []), path),
    )


def _lexicons(value: Any, path: Path) -> tuple[Path, ...]:
    """The profile's lexicon files, relative to the profile's own directory."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(
            f"{path}: key 'lexicons' must be a list of lexicon files, "
            f'e.g. ["lexicons/joe.toml"] (got {value!r})'
        )
    found = tuple(path.parent / v for v in value)
    for lexicon in found:
        if not lexicon.is_file():
            raise ConfigError(f"{path}: key 'lexicons': lexicon {lexicon} does not exist")
    return found


def _table(data: dict[str, Any], key: str, path: Path, prefix: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: key '{prefix}{key}' must be a table ([{prefix}{key}])")
    return value


def _no_unknown(data: dict[str, Any], allowed: set[str], path: Path, prefix: str) -> None:
    for key in data:
        if key not in allowed:
            raise ConfigError(
                f"{path}: unknown key '{prefix}{key}'; "
                f"expected one of: {', '.join(sorted(allowed))}"
            )


def _settings(table: dict[str, Any], base: VoiceSettings, path: Path, prefix: str) -> VoiceSettings:
    _no_unknown(table, _VOICE_KEYS, path, prefix)
    changes: dict[str, Any] = {}

    def bad(key: str, what: str) -> ConfigError:
        return ConfigError(f"{path}: key '{prefix}{key}' {what} (got {table[key]!r})")

    for key in ("voice", "language", "variant"):
        if key in table:
            value = table[key]
            if not isinstance(value, str):
                raise bad(key, "must be a string")
            changes[key] = value.strip() or None
    if "rate" in table:
        rate = table["rate"]
        if isinstance(rate, bool) or not isinstance(rate, int) or not 40 <= rate <= 600:
            raise bad("rate", "must be words per minute, a whole number from 40 to 600")
        changes["rate_wpm"] = rate
    if "pitch" in table:
        changes["pitch"] = _pitch(table["pitch"], base.pitch, lambda what: bad("pitch", what))
    if "volume" in table:
        volume = table["volume"]
        if isinstance(volume, bool) or not isinstance(volume, int | float) or not 0 < volume <= 1:
            raise bad("volume", "must be a number above 0 and at most 1")
        changes["volume"] = float(volume)
    return replace(base, **changes)


def _pitch(value: Any, base: int, bad: Any) -> int:
    """An absolute pitch 0-100, or a relative one (``"+10"``, ``"-5"``) from the base voice's."""
    if isinstance(value, str) and value.strip()[:1] in ("+", "-"):
        try:
            pitch = base + int(value.strip())
        except ValueError:
            raise bad('must be 0-100 or relative like "+10"') from None
    elif isinstance(value, int) and not isinstance(value, bool):
        pitch = value
    else:
        raise bad('must be 0-100 or relative like "+10"')
    if not 0 <= pitch <= 100:
        raise bad("must end up between 0 and 100")
    return pitch
