"""The proof report: findings per sentence, WER, suggested lexicon entries, JSON and text."""

from __future__ import annotations

import json
import tomllib

import pytest

from reader.proof import (
    ProofReport,
    Sentence,
    format_report,
    format_time,
    lexicon_key,
    proof_section,
)
from reader.script.lexicon import parse_toml_lexicon

SENTENCES = (
    Sentence(start_ms=30_000, text="<v heading>Dehydration</v>"),
    Sentence(start_ms=31_500, text="Drink 2 glasses of water."),
    Sentence(start_ms=34_000, text="Inner thigh cramps follow."),
)


def _section(heard: str, sentences: tuple[Sentence, ...] = SENTENCES) -> ProofReport:
    section = proof_section(
        number=2,
        title="Dehydration",
        file="sections/02-dehydration.mp3",
        start_ms=30_000,
        sentences=sentences,
        heard=heard,
    )
    return ProofReport(slug="s", title="T", voice="default", model="tiny.en", sections=(section,))


def test_heard_as_written_has_no_findings_and_no_errors() -> None:
    report = _section("Dehydration. Drink two glasses of water! Inner thigh cramps follow.")
    (section,) = report.sections
    assert (section.words, section.errors, section.findings) == (10, 0, ())
    assert report.wer == 0.0


def test_one_misheard_word_is_a_finding_with_its_times_and_a_lexicon_entry() -> None:
    report = _section("Dehydration. Drink 2 glasses of water. Inner eye cramps follow.")
    (section,) = report.sections
    (finding,) = section.findings
    assert finding.start_ms == 34_000 and finding.offset_ms == 4_000
    assert finding.written == "Inner thigh cramps follow."
    assert (finding.expected, finding.heard) == (
        "inner thigh cramps follow",
        "inner eye cramps follow",
    )
    assert [(d.written, d.heard) for d in finding.differences] == [("thigh", "eye")]
    assert finding.suggestion is not None
    assert finding.suggestion.entry == '"thigh" = "thigh"'
    assert section.errors == 1 and section.wer == pytest.approx(0.1)


def test_the_suggested_entry_is_a_lexicon_reader_reads() -> None:
    report = _section("Dehydration. Drink 2 glasses of water. Inner eye cramps follow.")
    (entry,) = report.suggestions()
    lexicon = parse_toml_lexicon(f"[words]\n{entry.entry}\n", source="suggested")
    assert lexicon.apply("Thigh and thigh") == "thigh and thigh"
    assert (entry.word, entry.heard, entry.sentences) == ("thigh", ("eye",), 1)


def test_a_word_heard_as_two_still_gets_an_entry_for_the_written_word() -> None:
    sentences = (Sentence(start_ms=0, text="By Osgood."),)
    (finding,) = _section("by oz good", sentences).sections[0].findings
    assert finding.suggestion is not None
    assert (finding.suggestion.word, finding.suggestion.heard) == ("osgood", "oz good")


def test_an_entry_says_what_a_lexicon_made_of_the_word() -> None:
    lexicon = parse_toml_lexicon('[words]\nwater = "butter"\nthigh = "thy"\n', source="x")
    sentences = (Sentence(start_ms=0, text="Drink water."), Sentence(start_ms=900, text="Thigh."))
    section = proof_section(
        number=1,
        title="T",
        file="sections/01-t.mp3",
        start_ms=0,
        sentences=sentences,
        heard="drink butter. they.",
        lexicon=lexicon,
    )
    report = ProofReport(slug="s", title="T", voice="v", model="m", sections=(section,))
    assert [f.suggestion.lexicon for f in section.findings if f.suggestion] == ["butter", "thy"]
    assert [(e.word, e.lexicon) for e in report.suggestions()] == [
        ("water", "butter"),
        ("thigh", "thy"),
    ]
    assert "# heard as 'butter', once; a lexicon in effect says 'butter'" in format_report(report)


def test_two_misheard_words_get_no_entry() -> None:
    sentences = (Sentence(start_ms=0, text="By Osgood."),)
    (finding,) = _section("I ask god", sentences).sections[0].findings
    assert finding.suggestion is None and finding.errors == 3


def test_a_swallowed_word_gets_an_entry_and_a_misheard_number_does_not() -> None:
    sentences = (Sentence(start_ms=0, text="Drink 2 glasses of water."),)
    (finding,) = _section("drink glasses of water", sentences).sections[0].findings
    assert finding.suggestion is None  # "2" is no word a lexicon respells
    (finding,) = _section("drink two glasses of", sentences).sections[0].findings
    assert finding.suggestion is not None
    assert (finding.suggestion.word, finding.suggestion.heard) == ("water", "")


def test_an_extra_heard_word_counts_against_the_sentence_before_it() -> None:
    report = _section("Dehydration. Drink 2 glasses of water, um. Inner thigh cramps follow.")
    (finding,) = report.sections[0].findings
    assert finding.start_ms == 31_500 and finding.errors == 1 and finding.suggestion is None


@pytest.mark.parametrize(
    ("token", "key"),
    [
        ("Osgood,", "osgood"),
        ("\u201cthigh\u201d", "thigh"),
        ("NASA's", "NASA's"),
        ("iOS", "iOS"),
        ("well-known", "well-known"),
        ("21", None),
        ("MP3", None),
        ("&", None),
    ],
)
def test_lexicon_keys_match_as_reader_lexicons_do(token: str, key: str | None) -> None:
    assert lexicon_key(token) == key


def test_the_json_report_has_its_documented_fields() -> None:
    report = _section("Dehydration. Drink 2 glasses of water. Inner eye cramps follow.")
    data = json.loads(json.dumps(report.to_dict()))
    assert set(data) == {
        "version",
        "slug",
        "title",
        "voice",
        "model",
        "words",
        "errors",
        "wer",
        "sections",
        "suggestions",
    }
    (section,) = data["sections"]
    assert set(section) == {
        "number",
        "title",
        "file",
        "start_ms",
        "words",
        "errors",
        "wer",
        "heard",
        "findings",
    }
    (finding,) = section["findings"]
    assert set(finding) == {
        "start_ms",
        "offset_ms",
        "written",
        "expected",
        "heard",
        "errors",
        "differences",
        "suggestion",
    }
    assert finding["suggestion"] == {
        "word": "thigh",
        "heard": "eye",
        "entry": '"thigh" = "thigh"',
        "lexicon": None,
    }
    assert data["suggestions"] == [
        {
            "word": "thigh",
            "entry": '"thigh" = "thigh"',
            "heard": ["eye"],
            "sentences": 1,
            "lexicon": None,
        }
    ]
    assert data["wer"] == 0.1 and data["version"] == 1


def test_the_text_report_shows_times_words_and_entries() -> None:
    text = format_report(
        _section("Dehydration. Drink 2 glasses of water. Inner eye cramps follow.")
    )
    assert "WER 10.0%: 1 error in 10 words, 1 sentence heard otherwise" in text
    assert "0:04.0 in the section, 0:34.0 in the episode" in text
    assert "wrote: Inner thigh cramps follow." in text and "heard: inner eye cramps follow" in text
    entries = text.split("Suggested lexicon entries", 1)[1].split("\n")[2:]
    assert tomllib.loads("\n".join(entries)) == {"thigh": "thigh"}  # comments and all


def test_times_read_as_minutes_or_hours() -> None:
    assert format_time(4_050) == "0:04.0"
    assert format_time(3_725_400) == "1:02:05.4"


def test_an_empty_section_heard_as_silence_has_no_errors() -> None:
    report = _section("", sentences=())
    assert (report.words, report.errors, report.wer) == (0, 0, 0.0)
    assert _section("hello", sentences=()).sections[0].errors == 1
