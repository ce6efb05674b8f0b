from __future__ import annotations

import pickle

import pytest
from support.trouble_engine import FAIL_INPUT, TROUBLE_ENGINE

from reader import errors
from reader.errors import FetchError, FrontMatterError, InputError, ReaderError, SpeechError
from reader.speech import ROLES, VoiceProfile, VoiceSettings, open_speaker
from reader.speech.messages import Failed

INPUT_ERRORS = [
    InputError("article.md", "no title", line=3),
    FrontMatterError("post.md", "front matter is not valid YAML", line=2),
    FetchError("https://example.org/a", "timed out after 20 s"),
]


def every_error() -> list[ReaderError]:
    simple = [
        getattr(errors, name)("went wrong")
        for name in errors.__all__
        if not issubclass(getattr(errors, name), InputError)
    ]
    return INPUT_ERRORS + simple


@pytest.mark.parametrize("error", every_error(), ids=lambda e: type(e).__name__)
def test_reader_errors_round_trip_as_class_and_arguments(error: ReaderError) -> None:
    rebuilt = Failed.of(7, error).error("espeak")
    assert type(rebuilt) is type(error) and str(rebuilt) == str(error)
    assert rebuilt.arguments() == error.arguments()
    unpickled = pickle.loads(pickle.dumps(error))
    assert type(unpickled) is type(error) and str(unpickled) == str(error)


def test_the_input_error_family_keeps_its_fields() -> None:
    rebuilt = Failed.of(None, INPUT_ERRORS[1]).error("espeak")
    assert isinstance(rebuilt, FrontMatterError)
    assert (rebuilt.source, rebuilt.problem, rebuilt.line) == (
        "post.md",
        INPUT_ERRORS[1].problem,
        2,
    )


def test_other_exceptions_become_speech_errors_naming_the_engine() -> None:
    rebuilt = Failed.of(1, KeyError("narrator")).error("piper")
    assert type(rebuilt) is SpeechError and str(rebuilt) == "piper: KeyError: 'narrator'"


def test_an_input_error_raised_in_the_worker_reaches_the_caller_intact() -> None:
    profile = VoiceProfile(
        name="test", engine=TROUBLE_ENGINE, roles={role: VoiceSettings() for role in ROLES}
    )
    with open_speaker(profile, language="en") as speaker:
        with pytest.raises(FrontMatterError) as caught:
            speaker.synthesize(f"read {FAIL_INPUT}", "narrator")
        assert caught.value.source == "speech.md" and caught.value.line == 4
        assert speaker.synthesize("still here", "narrator").samples > 0
