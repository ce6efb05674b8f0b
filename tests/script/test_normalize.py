"""normalize_for_speech: article text in, the words espeak-ng should speak out."""

from __future__ import annotations

import re

import pytest

from reader.script.normalize import normalize_for_speech

CASES: list[tuple[str, str]] = [
    # cardinals, separators, negatives, decimals
    ("It costs 42 dollars.", "It costs forty-two dollars."),
    ("We had 1,250 visitors.", "We had one thousand, two hundred and fifty visitors."),
    ("It was -5 outside.", "It was minus five outside."),
    ("Pi is 3.14 roughly.", "Pi is three point one four roughly."),
    ("0", "zero"),
    ("1,000,000 users", "one million users"),
    ("Call 007 now", "Call zero zero seven now"),
    ("MP3 players", "MP three players"),
    ("COVID-19 cases", "COVID-nineteen cases"),
    ("Version 2.0 shipped", "Version two point zero shipped"),
    ("1,2,3", "one, two, three"),
    # ordinals
    ("She came 1st.", "She came first."),
    ("the 22nd floor", "the twenty-second floor"),
    ("the 3rd and 4th", "the third and fourth"),
    ("his 101st birthday", "his one hundred and first birthday"),
    # years and decades
    ("In 1999 we left.", "In nineteen ninety-nine we left."),
    ("2022", "twenty twenty-two"),
    ("It ended in 2022.", "It ended in twenty twenty-two."),
    ("The 1990s were fun.", "The nineteen nineties were fun."),
    ("the 1900s", "the nineteen hundreds"),
    ("the '90s and the 80s", "the nineties and the eighties"),
    ("Since 1215, England changed.", "Since twelve fifteen, England changed."),
    ("2005 was a good year.", "two thousand and five was a good year."),
    ("The 2022 World Cup", "The twenty twenty-two World Cup"),
    ("We sold 1500 tickets.", "We sold one thousand, five hundred tickets."),
    ("In May 1905 it rained.", "In May nineteen oh-five it rained."),
    # ranges
    ("Prices rose 10-15% this year.", "Prices rose ten to fifteen percent this year."),
    ("Wait 5–10 minutes.", "Wait five to ten minutes."),
    ("Wait 5 – 10 minutes.", "Wait five to ten minutes."),
    ("From 1990-1995 it grew.", "From nineteen ninety to nineteen ninety-five it grew."),
    ("pages 10-12", "pages ten to twelve"),
    ("Walk 3-5 km daily.", "Walk three to five kilometres daily."),
    ("It won 3-1.", "It won three-one."),
    # percent
    ("About 50% agreed.", "About fifty percent agreed."),
    ("a 2.5 % rise", "a two point five percent rise"),
    # dates
    ("On December 29, 2022 it snowed.", "On December twenty-ninth, twenty twenty-two it snowed."),
    (
        "On 29 December 2022 it snowed.",
        "On the twenty-ninth of December, twenty twenty-two it snowed.",
    ),
    ("On 2022-12-29 it snowed.", "On December twenty-ninth, twenty twenty-two it snowed."),
    ("Due March 3rd.", "Due March third."),
    ("Due Dec. 1, 2021.", "Due December first, twenty twenty-one."),
    ("on 5 May", "on the fifth of May"),
    ("in December 2022", "in December twenty twenty-two"),
    # times
    ("Meet at 4:05 p.m.", "Meet at four oh five P M."),
    ("Meet at 4:05 p.m. tomorrow.", "Meet at four oh five P M tomorrow."),
    ("Doors open at 08:00 sharp.", "Doors open at eight o'clock sharp."),
    ("The train leaves at 14:30.", "The train leaves at fourteen thirty."),
    ("The train leaves at 14:00.", "The train leaves at fourteen hundred."),
    ("See you at 4 pm today.", "See you at four P M today."),
    ("Up at 6am.", "Up at six A M."),
    ("Lunch at 12:15 PM", "Lunch at twelve fifteen P M"),
    # currency
    ("It costs £8 now.", "It costs eight pounds now."),
    ("It costs $500 now.", "It costs five hundred dollars now."),
    ("It costs $1.50 now.", "It costs one dollar and fifty cents now."),
    ("It costs €20 now.", "It costs twenty euros now."),
    ("It costs $1 now.", "It costs one dollar now."),
    ("They raised $2.5 million.", "They raised two point five million dollars."),
    ("only $0.99", "only ninety-nine cents"),
    ("It paid $1,200.", "It paid one thousand, two hundred dollars."),
    ("£1.01 change", "one pound and one penny change"),
    ("$3bn deal", "three billion dollars deal"),
    ("$5-10 each", "five to ten dollars each"),
    # units
    ("It was -5 °C outside.", "It was minus five degrees Celsius outside."),
    ("Drive 200 km north.", "Drive two hundred kilometres north."),
    ("Add 100 ml of milk.", "Add one hundred millilitres of milk."),
    ("5 kg of flour", "five kilograms of flour"),
    ("3 mg daily", "three milligrams daily"),
    ("10 cm long", "ten centimetres long"),
    ("2 m tall", "two metres tall"),
    ("60 mph limit", "sixty miles per hour limit"),
    ("5 GB free", "five gigabytes free"),
    ("a 2 GHz chip", "a two gigahertz chip"),
    ("70 °F today", "seventy degrees Fahrenheit today"),
    ("just 1 km away", "just one kilometre away"),
    ("about 5°C", "about five degrees Celsius"),
    ("6 ft tall", "six feet tall"),
    ("the km counter", "the km counter"),
    # abbreviations
    ("Dr. Smith is here.", "Doctor Smith is here."),
    ("He lives on Main St. now.", "He lives on Main Street now."),
    ("We saw St. Paul today.", "We saw Saint Paul today."),
    ("It is on Main St.", "It is on Main Street."),
    ("Fruit, e.g. apples.", "Fruit, for example apples."),
    ("Food, i.e. bread.", "Food, that is bread."),
    ("Cats vs. dogs", "Cats versus dogs"),
    ("Cats vs dogs", "Cats versus dogs"),
    ("apples, pears, etc.", "apples, pears, et cetera."),
    ("Mr. and Mrs. Jones met Ms. Lee.", "Mister and Missus Jones met Miz Lee."),
    (
        "Prof. Kim and Bob Jr. and Bob Sr. came.",
        "Professor Kim and Bob Junior and Bob Senior came.",
    ),
    ("approx. 30 people", "approximately thirty people"),
    ("Chanel No. 5", "Chanel number five"),
    ("See Fig. 3.", "See figure three."),
    # Roman numerals
    ("World War II ended.", "World War two ended."),
    ("After World War I.", "After World War one."),
    ("Henry VIII had six wives.", "Henry the eighth had six wives."),
    ("Queen Elizabeth II died.", "Queen Elizabeth the second died."),
    ("Read Chapter IV first.", "Read Chapter four first."),
    ("I think I know.", "I think I know."),
    ("The MIX is great.", "The MIX is great."),
    ("Washington DC is big.", "Washington DC is big."),
    # URLs, e-mail
    ("Visit https://www.example.org/path?x=1 now.", "Visit link to example dot org now."),
    ("See http://news.bbc.co.uk/a/b.html.", "See link to news dot bbc dot co dot uk."),
    ("Visit example.com today.", "Visit example dot com today."),
    ("Write to name@example.com please.", "Write to e-mail address at example dot com please."),
    # emoji
    ("Great news 🎉👍🏽 ok", "Great news ok"),
    ("Love it ❤️!", "Love it!"),
    ("Family 👨‍👩‍👧 time", "Family time"),
    ("Oops :see_no_evil: sorry", "Oops sorry"),
    # symbols
    ("Tom & Jerry", "Tom and Jerry"),
    ("2 + 3", "two plus three"),
    ("3 × 4", "three times four"),
    ("about 20x slower", "about twenty times slower"),
    ("a 1.5x gain", "a one point five times gain"),
    ("a 2x2 matrix", "a two by two matrix"),
    ("parses 2.3 GB/s", "parses two point three gigabytes per second"),
    ("at 1 MB/s", "at one megabyte per second"),
    ("x86 chips", "x eighty-six chips"),
    ("the <h1> and </p> tags", "the h one and p tags"),
    (
        "ISBN 978-1-5090-2455-1.",
        "ISBN nine seven eight, one, five zero nine zero, two four five five, one.",
    ),
    ("PMID 20175497.", "PMID two zero one seven five four nine seven."),
    ("arXiv:1706.02582 [cs.LG].", "arXiv one seven zero six, zero two five eight two."),
    ("See doi:10.1118/1.3267037. Next.", "See DOI. Next."),
    ("a #1 hit", "a number one hit"),
    ("~5 people", "about five people"),
    # more edge cases
    ("From 1990-95 it grew.", "From nineteen ninety to nineteen ninety-five it grew."),
    ("Dr Smith met Mr Jones.", "Doctor Smith met Mister Jones."),
    ("Turn onto Mulholland Dr.", "Turn onto Mulholland Drive."),
    ("St Paul's Cathedral", "Saint Paul's Cathedral"),
    ("Henry VIII's wives", "Henry the eighth's wives"),
    ("Henry V won.", "Henry the fifth won."),
    ("Elizabeth I was queen.", "Elizabeth the first was queen."),
    ("Malcolm X spoke.", "Malcolm X spoke."),
    (
        "Louis XIV's reign (1643–1715)",
        "Louis the fourteenth's reign (sixteen forty-three to seventeen fifteen)",
    ),
    ("Visit example.com/news.", "Visit example dot com."),
    ("He ran it in 2:01:09.", "He ran it in two hours, one minute and nine seconds."),
    (
        "Call +44 20 7946 0958.",
        "Call plus four four, two zero, seven nine four six, zero nine five eight.",
    ),
    ("See pp. 10-12 and p. 5.", "See pages ten to twelve and page five."),
    ("At 9.30am.", "At nine thirty A M."),
    ("half is 1/2, most is 3/4", "half is one half, most is three quarters"),
    ("Rated 4.5/5 stars.", "Rated four point five out of five stars."),
    ("CO2 levels", "CO two levels"),
    (
        "In the 1800s and the 21st century.",
        "In the eighteen hundreds and the twenty-first century.",
    ),
    ("Between 2010 and 2015, it grew.", "Between twenty ten and twenty fifteen, it grew."),
    ("The S&P 500 rose 1.2%.", "The S and P five hundred rose one point two percent."),
    ("In the 60s and 70s, music changed.", "In the sixties and seventies, music changed."),
    ("The period 2020–21 was hard.", "The period twenty twenty to twenty twenty-one was hard."),
    ("Pope Benedict XVI resigned.", "Pope Benedict the sixteenth resigned."),
    (
        "Mt. Everest is 8,849 m high.",
        "Mount Everest is eight thousand, eight hundred and forty-nine metres high.",
    ),
    ("Temperatures of 30-35 °C.", "Temperatures of thirty to thirty-five degrees Celsius."),
    ("Top 10 tips for 2024!", "Top ten tips for twenty twenty-four!"),
    (
        "He was born in 1985 and died aged 92.",
        "He was born in nineteen eighty-five and died aged ninety-two.",
    ),
    ("Up at 1.5 pm", "Up at one point five pm"),
    ("Type I diabetes and a Phase II trial", "Type one diabetes and a Phase two trial"),
    # initialisms with a plural s, which espeak-ng's dictionary drops
    ("Save them as PDFs.", "Save them as P-D-effs."),
    ("Keep your IDs and the TVs of MPs.", "Keep your I-dees and the T-vees of M-pees."),
    ("Two FAQs, APIs and NDAs", "Two F-eh-cues, A-P-eyes and N-D-ehs"),
    ("NOTES and the IDs' owners", "NOTES and the I-dees' owners"),
    # numbers with a slash that are names, not fractions
    ("Since 9/11, flights changed.", "Since nine eleven, flights changed."),
    ("Open 24/7 and split 50/50.", "Open twenty-four seven and split fifty-fifty."),
    ("Add 1/2 cup", "Add one half cup"),
    # sizes in file names
    ("Use favicon-16x16.png here.", "Use favicon-sixteen by sixteen.png here."),
    # whitespace
    ("  too   many\n spaces ", "too many spaces"),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_normalize_table(text: str, expected: str) -> None:
    assert normalize_for_speech(text) == expected


def test_table_is_large() -> None:
    assert len(CASES) >= 70


@pytest.mark.parametrize(
    "text",
    ["Hello world.", "The quick brown fox jumps over the lazy dog.", "I think, therefore I am."],
)
def test_idempotent_on_plain_words(text: str) -> None:
    assert normalize_for_speech(text) == text
    assert normalize_for_speech(normalize_for_speech(text)) == text


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_output_is_a_fixed_point(text: str, expected: str) -> None:
    assert normalize_for_speech(expected) == expected


def test_german_numbers() -> None:
    assert normalize_for_speech("Ich habe 3 Katzen", language="de") == "Ich habe drei Katzen"
    assert (
        normalize_for_speech("Es kostet 3,5 Euro", language="de-DE")
        == "Es kostet drei Komma fünf Euro"
    )


def test_other_language_skips_english_rules() -> None:
    assert normalize_for_speech("Dr. Müller kam 😀", language="de") == "Dr. Müller kam"
    assert (
        normalize_for_speech("Es kostet 10-15 €.", language="de")
        == "Es kostet zehn bis fünfzehn €."
    )
    assert normalize_for_speech("Seit 1999", language="de") == "Seit neunzehnhundertneunundneunzig"
    assert normalize_for_speech("Il a 21 ans", language="fr") == "Il a vingt et un ans"


def test_unknown_language_keeps_digits() -> None:
    assert normalize_for_speech("abc 42", language="xx") == "abc 42"


def test_broken_converter_is_not_used() -> None:
    # num2words' Amharic converter never returns for this number; digits are kept instead.
    assert normalize_for_speech("140040410", language="am") == "140040410"


PARAGRAPH = (
    "In 1999, 1,250 people paid $1.50 each; by 2022-12-29 about 50% (10-15% more) had come "
    "back at 4:05 p.m. and 08:00, driving 200 km at -5 °C on December 29, 2022. "
    "The 3rd of 7 runs took 3.14 seconds, #1 of ~5, 2 + 3 × 4, £8 and €20, 1990-1995, 1990s."
)


@pytest.mark.parametrize("language", ["en", "en-GB", "de", "fr", "es"])
def test_no_digits_left(language: str) -> None:
    out = normalize_for_speech(PARAGRAPH, language=language)
    assert not re.search(r"[0-9]", out), out
