"""transcript.json in every edition: the sentences of the VTT, every word timed; and
transcript-segments.json, the same words as Podcasting 2.0 JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support.books import vtt_cues
from support.editions import make_edition
from support.podcast_transcript import antennapod_lines, check_podcast_transcript

from reader.narrate import NarrateSettings, narrate_text

ARTICLE = """---
title: Cramps
slug: cramps
language: en
---

Run 5 km, then stretch for 10 minutes. Drink water.

## Why

Muscles tire.
"""


def _check(edition: Path) -> dict[str, Any]:
    data = json.loads((edition / "transcript.json").read_text(encoding="utf-8"))
    manifest = json.loads((edition / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"]["transcript_json"]["path"] == "transcript.json"
    cues = vtt_cues(edition / "transcript.vtt")
    sentences = data["sentences"]
    assert len(sentences) == len(cues), "one sentence per VTT cue"
    for sentence, (start_ms, end_ms, _) in zip(sentences, cues, strict=True):
        assert round(sentence["start"] * 1000) == start_ms
        assert round(sentence["end"] * 1000) == end_ms
        assert sentence["words"], sentence["text"]
        for word in sentence["words"]:
            assert sentence["start"] <= word["start"] <= word["end"] <= sentence["end"]
    _check_segments(edition, data)
    return data


def _check_segments(edition: Path, data: dict[str, Any]) -> None:
    """The Podcasting 2.0 transcript: the spec's shape, listed in the manifest, a
    segment per word the engine timed and per sentence it did not, the sentences'
    text in order, and each segment within its sentence."""
    manifest = json.loads((edition / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["files"]["transcript_segments"]
    assert (entry["path"], entry["mime"]) == ("transcript-segments.json", "application/json")
    podcast = json.loads((edition / entry["path"]).read_text(encoding="utf-8"))
    segments = check_podcast_transcript(podcast)
    sentences = data["sentences"]
    assert " ".join(s["body"] for s in segments) == " ".join(s["text"] for s in sentences)
    for sentence in sentences:
        mine = [s for s in segments if sentence["start"] <= s["startTime"] < sentence["end"]]
        assert " ".join(s["body"] for s in mine) == sentence["text"]
        if sentence["timing"] == "engine":  # runs nobody spoke join a neighbour
            assert 1 <= len(mine) <= len(sentence["text"].split())
        else:
            assert len(mine) == 1
        for segment in mine:
            assert segment["speaker"] == sentence["speaker"]
            assert segment["endTime"] <= sentence["end"]
    text = " ".join(line[3] for line in antennapod_lines(podcast))
    assert text == " ".join(s["text"] for s in sentences), "what AntennaPod shows"


def test_an_engine_without_timings_gets_estimated_ones(tmp_path: Path) -> None:
    make_edition(tmp_path)  # the fake engine: tones, no word timings
    data = _check(tmp_path / "inner-thigh-cramps")
    assert {s["timing"] for s in data["sentences"]} == {"estimated"}


@pytest.mark.e2e
def test_clips_cached_before_word_timing_are_estimated_until_forced(tmp_path: Path) -> None:
    profile = tmp_path / "espeak.toml"
    profile.write_text('engine = "espeak"\n[voice]\nlanguage = "en-US"\n', encoding="utf-8")
    settings = NarrateSettings(out_dir=tmp_path / "out", voice=str(profile))
    result = narrate_text(ARTICLE, settings=settings, format="markdown")
    data = _check(result.edition_dir)
    assert {s["timing"] for s in data["sentences"]} == {"engine"}
    run = next(s for s in data["sentences"] if s["text"].startswith("Run"))
    assert [(w["text"], w.get("spoken")) for w in run["words"][:3]] == [
        ("Run", None),
        ("5", "five"),
        ("km", "kilometres"),
    ]
    # What an older reader left: the same clips, their entries without "words".
    for entry in (tmp_path / "out" / ".cache" / "speech" / "clips").rglob("*.json"):
        fields = json.loads(entry.read_text())
        del fields["words"]
        entry.write_text(json.dumps(fields))
    (result.edition_dir / "manifest.json").unlink()
    again = narrate_text(ARTICLE, settings=settings, format="markdown")
    assert again.synthesized == 0, "the cached audio is used"
    data = _check(again.edition_dir)
    assert {s["timing"] for s in data["sentences"]} == {"estimated"}
    forced = NarrateSettings(out_dir=tmp_path / "out", voice=str(profile), force=True)
    data = _check(narrate_text(ARTICLE, settings=forced, format="markdown").edition_dir)
    assert {s["timing"] for s in data["sentences"]} == {"engine"}
