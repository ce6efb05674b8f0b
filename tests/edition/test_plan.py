from reader.edition.plan import (
    CHAPTER_LEAD_MS,
    plan_layout,
    plan_pauses,
    section_filename,
    tail_samples,
)
from reader.script.model import Script, Track, Utterance

RATE = 22050


def _script() -> Script:
    return Script(
        title="T",
        language="en",
        tracks=(
            Track(
                title="Opening",
                kind="opening",
                level=0,
                utterances=(
                    Utterance(text="T.", display="T."),
                    Utterance(text="By A.", display="By A.", pause_before_ms=400),
                ),
            ),
            Track(
                title="Dehydration",
                kind="section",
                level=2,
                utterances=(
                    Utterance(
                        text="Dehydration.",
                        display="Dehydration",
                        role="heading",
                        pause_before_ms=1200,
                    ),
                    Utterance(text="One.", display="One.", pause_before_ms=600),
                    Utterance(text="Two.", display="Two.", pause_before_ms=250),
                ),
            ),
            Track(
                title="Why?",
                kind="faq",
                level=3,
                utterances=(
                    Utterance(text="Why?", display="Why?", role="question", pause_before_ms=1000),
                    Utterance(text="So.", display="So.", role="answer", pause_before_ms=500),
                ),
            ),
        ),
    )


def test_sentences_follow_their_pauses_in_order() -> None:
    layout = plan_layout(_script(), [RATE] * 7, sample_rate_hz=RATE)
    starts = [p.start_sample for p in layout.placements]
    assert starts == sorted(starts)
    gaps = [
        b.start_sample - (a.start_sample + a.samples)
        for a, b in zip(layout.placements, layout.placements[1:], strict=False)
    ]
    assert gaps == [round(ms * RATE / 1000) for ms in (400, 1200, 600, 250, 1000, 500)]


def test_each_clip_is_placed_from_the_clips_before_it_alone() -> None:
    """What lets an episode be laid out while it is spoken: the pauses are known
    up front, and a clip's place is the previous clip's end plus its pause."""
    lengths = [RATE // 3, RATE, 17, RATE * 2, 5, RATE, 999]
    layout = plan_layout(_script(), lengths, sample_rate_hz=RATE)
    pauses = plan_pauses(_script(), sample_rate_hz=RATE)
    cursor = 0
    for placement, pause, length in zip(layout.placements, pauses, lengths, strict=True):
        assert placement.start_sample == cursor + pause
        cursor = placement.start_sample + length
    assert layout.total_samples == cursor + tail_samples(RATE)
    shorter = plan_layout(_script(), [*lengths[:3], 1, 1, 1, 1], sample_rate_hz=RATE)
    assert shorter.placements[:3] == layout.placements[:3]
    assert shorter.placements[3].start_sample == layout.placements[3].start_sample


def test_chapter_starts_just_before_its_heading_inside_the_pause() -> None:
    layout = plan_layout(_script(), [RATE] * 7, sample_rate_hz=RATE)
    assert [c.title for c in layout.chapters] == ["Opening", "Dehydration", "Why?"]
    assert layout.chapters[0].start_ms == 0
    heading = layout.placements[2]
    heading_ms = heading.start_sample * 1000 / RATE
    previous_end_ms = (
        (layout.placements[1].start_sample + layout.placements[1].samples) * 1000 / RATE
    )
    start = layout.chapters[1].start_ms
    assert 0 < heading_ms - start <= 50
    assert start > previous_end_ms
    assert abs(heading_ms - start - CHAPTER_LEAD_MS) <= 1


def test_chapters_and_sections_tile_the_episode() -> None:
    layout = plan_layout(_script(), [RATE // 2, RATE, 300, 40, RATE * 3, 1, 2], sample_rate_hz=RATE)
    for a, b in zip(layout.chapters, layout.chapters[1:], strict=False):
        assert a.end_ms == b.start_ms
    assert layout.chapters[-1].end_ms == layout.duration_ms
    spans = layout.sections
    assert spans[0].start_sample == 0 and spans[-1].end_sample == layout.total_samples
    assert all(a.end_sample == b.start_sample for a, b in zip(spans, spans[1:], strict=False))
    assert [s.number for s in spans] == [1, 2, 3]
    assert spans[1].filename == "sections/02-dehydration.mp3"


def test_cues_come_from_clip_lengths() -> None:
    layout = plan_layout(_script(), [RATE] * 7, sample_rate_hz=RATE)
    assert len(layout.cues) == 7
    assert all(c.end_ms - c.start_ms == 1000 for c in layout.cues)
    assert layout.cues[2].text == "Dehydration" and layout.cues[2].speaker == "heading"


def test_section_filename_is_safe() -> None:
    assert section_filename(3, "Ünïcode / ../ path?") == "sections/03-unicode-path.mp3"
    assert section_filename(12, "???") == "sections/12-section.mp3"
