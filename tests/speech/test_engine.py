import pytest

from reader.errors import VoiceNotFoundError
from reader.speech import VoiceInfo, VoiceSettings, choose_voice

VOICES = [
    VoiceInfo(id="gmw/de", name="German", languages=("de",)),
    VoiceInfo(id="gmw/en", name="English (Great Britain)", languages=("en-gb", "en")),
    VoiceInfo(id="gmw/en-US", name="English (America)", languages=("en-us", "en")),
    VoiceInfo(id="roa/fr-BE", name="French (Belgium)", languages=("fr-be", "fr")),
    VoiceInfo(id="roa/fr", name="French (France)", languages=("fr-fr", "fr")),
]


@pytest.mark.parametrize(
    ("settings", "language", "expected"),
    [
        (VoiceSettings(), "de", "gmw/de"),
        (VoiceSettings(), "de-AT", "gmw/de"),
        (VoiceSettings(), "en", "gmw/en"),
        (VoiceSettings(language="en-US"), "en", "gmw/en-US"),
        (VoiceSettings(language="en-US"), "de", "gmw/de"),
        (VoiceSettings(), "en_US", "gmw/en-US"),
        (VoiceSettings(), "fr-CA", "roa/fr"),
        (VoiceSettings(voice="English (America)"), "en-GB", "gmw/en-US"),
        (VoiceSettings(voice="en-us"), "en", "gmw/en-US"),
        (VoiceSettings(voice="gmw/en-US"), "de", "gmw/de"),
    ],
)
def test_the_article_language_picks_the_voice(
    settings: VoiceSettings, language: str, expected: str
) -> None:
    assert choose_voice(VOICES, settings, language=language, engine="t").id == expected


def test_no_voice_for_the_language_says_so() -> None:
    with pytest.raises(VoiceNotFoundError, match="no voice for language 'ja'.*de, en, fr"):
        choose_voice(VOICES, VoiceSettings(), language="ja", engine="t")


def test_unknown_voice_lists_what_exists() -> None:
    with pytest.raises(VoiceNotFoundError, match="no voice 'bob'.*gmw/de, gmw/en"):
        choose_voice(VOICES, VoiceSettings(voice="bob"), language="en", engine="t")
