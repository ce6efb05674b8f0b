import shutil
import sysconfig
import tomllib
from pathlib import Path

import pytest

import reader.speech.profile as profile_module
from reader.errors import ConfigError
from reader.speech import ROLES, list_voice_profiles, load_voice_profile
from reader.speech.profile import default_voices_dirs

ROOT = Path(__file__).resolve().parents[2]

VOICES = Path(__file__).resolve().parents[2] / "voices"


def write(tmp_path: Path, text: str, name: str = "p") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_profiles_load_with_every_role() -> None:
    profiles = {p.name: p for p in list_voice_profiles(VOICES)}
    assert {"default", "espeak", "joe", "pyttsx3"} <= set(profiles)
    assert profiles["default"].engine == "piper"
    assert profiles["default"].fallback == "espeak"
    assert profiles["espeak"].engine == "espeak"
    assert profiles["joe"].engine == "piper"
    assert profiles["joe"].fallback is None
    assert profiles["pyttsx3"].engine == "pyttsx3"
    for profile in profiles.values():
        assert set(profile.roles) == set(ROLES)


def test_espeak_profile_questions_and_answers_differ() -> None:
    profile = load_voice_profile("espeak", voices_dir=VOICES)
    question, answer = profile.settings_for("question"), profile.settings_for("answer")
    assert (question.variant, question.pitch) != (answer.variant, answer.pitch)
    assert profile.settings_for("heading").rate_wpm < profile.settings_for("narrator").rate_wpm


@pytest.mark.parametrize("name", ["default", "joe"])
def test_piper_profiles_distinguish_question_by_rate_or_pitch(name: str) -> None:
    profile = load_voice_profile(name, voices_dir=VOICES)
    question, answer = profile.settings_for("question"), profile.settings_for("answer")
    assert (question.rate_wpm, question.pitch) != (answer.rate_wpm, answer.pitch)


def test_default_and_joe_sound_the_same_so_they_share_the_speech_cache() -> None:
    default, joe = (load_voice_profile(n, voices_dir=VOICES) for n in ("default", "joe"))
    assert default.engine == joe.engine
    assert default.roles == joe.roles


def test_fallback_must_be_a_profile_name(tmp_path: Path) -> None:
    path = write(tmp_path, 'engine = "piper"\nfallback = 3\n')
    with pytest.raises(ConfigError, match="'fallback' must be a string"):
        load_voice_profile(path)


def test_roles_inherit_the_base_voice_and_pitch_can_be_relative(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
engine = "espeak"
[voice]
voice = "gmw/en-US"
rate = 180
pitch = 40
[roles.question]
pitch = "+15"
variant = "f3"
[roles.heading]
rate = 150
""",
    )
    profile = load_voice_profile(path)
    assert profile.name == "p"
    assert profile.settings_for("narrator").voice == "gmw/en-US"
    assert profile.settings_for("question").pitch == 55
    assert profile.settings_for("question").rate_wpm == 180
    assert profile.settings_for("heading").rate_wpm == 150
    assert profile.settings_for("answer").pitch == 40


def test_profile_by_name_in_a_voices_dir(tmp_path: Path) -> None:
    write(tmp_path, 'engine = "fake"\n', name="mine")
    assert load_voice_profile("mine", voices_dir=tmp_path).engine == "fake"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('engine = "espeak"\ncolour = "red"\n', "colour"),
        ('engine = "espeak"\n[voice]\nrate = "fast"\n', "voice.rate"),
        ('engine = "espeak"\n[voice]\nrate = 5\n', "voice.rate"),
        ('engine = "espeak"\n[voice]\nvolume = 2\n', "voice.volume"),
        ('engine = "espeak"\n[voice]\npitch = 140\n', "voice.pitch"),
        ('engine = "espeak"\n[voice]\npitch = 90\n[roles.question]\npitch = "+20"\n', "pitch"),
        ('engine = "espeak"\n[roles.chorus]\nrate = 100\n', "roles.chorus"),
        ('engine = "espeak"\n[roles.answer]\nspeed = 100\n', "roles.answer.speed"),
        ('engine = "espeak"\nroles = 3\n', "roles"),
        ("[voice]\nrate = 100\n", "engine"),
    ],
)
def test_bad_profiles_name_file_and_key(tmp_path: Path, text: str, key: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_voice_profile(path)
    assert str(path) in str(info.value)
    assert key in str(info.value)


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "engine = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_voice_profile(path)


def test_unknown_profile_lists_the_known_ones(tmp_path: Path) -> None:
    write(tmp_path, 'engine = "fake"\n', name="mine")
    with pytest.raises(ConfigError, match="'nope'.*known profiles: mine"):
        load_voice_profile("nope", voices_dir=tmp_path)


def test_missing_profile_path() -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_voice_profile("no/such/profile.toml")


def test_profiles_installed_by_pip_are_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wheel puts ``voices/`` under ``<prefix>/share/reader/voices`` (pyproject's
    data-files); outside the source tree, that is where the profiles are looked up."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data_files = pyproject["tool"]["setuptools"]["data-files"]
    assert data_files == {
        "share/reader/voices": ["voices/*.toml"],
        "share/reader/voices/lexicons": ["voices/lexicons/*.toml"],
    }

    installed = tmp_path / "prefix" / "share" / "reader" / "voices"
    shutil.copytree(ROOT / "voices", installed)
    monkeypatch.setattr(sysconfig, "get_path", lambda name, scheme=None: str(tmp_path / "prefix"))
    monkeypatch.setattr(
        profile_module, "__file__", str(tmp_path / "site" / "reader" / "speech" / "x.py")
    )
    monkeypatch.chdir(tmp_path)
    assert default_voices_dirs() == (installed.resolve(),)
    assert load_voice_profile("default").engine == "piper"
    assert load_voice_profile("espeak").engine == "espeak"
    for profile in list_voice_profiles():
        assert all(p.is_relative_to(installed.resolve()) for p in profile.lexicons)


def test_a_profile_names_its_own_lexicons_relative_to_itself(tmp_path: Path) -> None:
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "mine.toml").write_text('osgood = "Ozgood"\n', encoding="utf-8")
    path = write(tmp_path, 'engine = "espeak"\nlexicons = ["lexicons/mine.toml"]\n')
    assert load_voice_profile(path).lexicons == (tmp_path / "lexicons" / "mine.toml",)
    assert load_voice_profile(write(tmp_path, 'engine = "espeak"\n')).lexicons == ()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('lexicons = "mine.toml"', "must be a list of lexicon files"),
        ("lexicons = [3]", "must be a list of lexicon files"),
        ('lexicons = ["missing.toml"]', "missing.toml does not exist"),
    ],
)
def test_bad_profile_lexicons_name_the_file_and_key(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = write(tmp_path, f'engine = "espeak"\n{text}\n')
    with pytest.raises(ConfigError, match="lexicons") as info:
        load_voice_profile(path)
    assert str(path) in str(info.value)
    assert problem in str(info.value)


def test_shipped_profile_lexicons_exist_and_load() -> None:
    from reader.script import read_lexicon

    for profile in list_voice_profiles(VOICES):
        for path in profile.lexicons:
            assert read_lexicon(path).entries, path


def test_joe_stresses_the_prefixes_he_would_swallow() -> None:
    """Joe says "untreated" as "and treated" and "imbalances" as "and balances"
    unless the prefix is set apart (voices/lexicons/joe.toml)."""
    from reader.script import merge, read_lexicon

    profile = load_voice_profile("joe", voices_dir=VOICES)
    lexicon = merge(*(read_lexicon(p) for p in profile.lexicons))
    assert lexicon.apply("Untreated imbalances are unusual.") == (
        "un-treated im-balances are unusual."
    )
