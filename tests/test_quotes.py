"""Quotation extraction and attribution: one test per pattern (on invented sentences), the metric,
and the targets on the annotated seeds (tests/data/quotes_gold.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.clean import clean_text
from index.models import Quote
from index.nlp import load_nlp
from index.quote_eval import GoldQuote, evaluate, load_gold, locate, score, summarise
from index.quotes import extract_quotes
from index.quotes.people import name_gender
from index.speakers import SpeakerEntry, SpeakerRegistry, norm

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests/data/quotes_gold.jsonl"
SEEDS = REPO / "corpus/seeds"
EXT = REPO / "corpus/ext/articles.jsonl"


def quotes(text: str) -> list[Quote]:
    found = extract_quotes(text, registry=SpeakerRegistry())
    for q in found:
        assert text[q.start : q.end] == q.text
    return found


def said(text: str) -> list[tuple[str, str, bool]]:
    return [(q.speaker, q.text, q.direct) for q in quotes(text)]


def test_split_quote_around_the_cue() -> None:
    text = (
        "“We will not give up our land,” said Foreign Minister Anna Kovalenko, “and nobody has "
        "the right to ask us for it.”"
    )
    assert said(text) == [
        ("Anna Kovalenko", "We will not give up our land", True),
        ("Anna Kovalenko", "and nobody has the right to ask us for it.", True),
    ]


def test_quote_continued_in_the_next_sentence() -> None:
    text = (
        "Trade Minister Lukas Brenner spoke after the meeting. “The talks are over for now,” "
        "Brenner said. “We are going home and we will see what happens next.”"
    )
    got = quotes(text)
    assert [q.speaker for q in got] == ["Lukas Brenner", "Lukas Brenner"]
    assert got[1].text == "We are going home and we will see what happens next."
    assert got[0].role == "Trade Minister"


def test_multi_sentence_quote_after_a_colon() -> None:
    text = (
        "Samuel Okafor was blunt. He added: “Nobody in this building expects a deal. The "
        "sanctions will stay. Everyone knows it.”"
    )
    assert said(text) == [
        (
            "Samuel Okafor",
            "Nobody in this building expects a deal. The sanctions will stay. Everyone knows it.",
            True,
        )
    ]


def test_title_resolves_to_the_person_it_fits() -> None:
    text = (
        "Hungarian Prime Minister Petra Szabo met French President Louis Marchand in Paris on "
        "Monday. “We agreed on nothing at all today,” the French leader told reporters."
    )
    (q,) = quotes(text)
    assert (q.speaker, q.role, q.cue) == ("Louis Marchand", "French President", "told reporters")


def test_pronoun_resolves_to_the_last_person() -> None:
    text = (
        "Defence Minister Erik Larsen visited the northern base on Friday. “Our soldiers are "
        "ready for anything that comes,” he said."
    )
    assert said(text) == [("Erik Larsen", "Our soldiers are ready for anything that comes", True)]


def test_pronoun_resolves_to_the_titled_subject_not_the_one_met() -> None:
    # The parser makes the title the subject and the name its object; "he" is still the one
    # who met, not the one he met.
    text = (
        "President of Ukraine Anna Kovalenko met with Secretary of State of the United States "
        "Mark Dunham. “Our meeting reiterates the strong support for our independence,” she said."
    )
    assert [s for s, _, _ in said(text)] == ["Anna Kovalenko"]


def test_a_one_off_misspelling_does_not_rename_the_speaker() -> None:
    text = (
        "Mykhailo Podoyak said that the talks were hard. Mykhailo Podolyak noted that the "
        "guarantees came first. Mykhailo Podolyak added that the text was not ready."
    )
    assert {s for s, _, _ in said(text)} == {"Mykhailo Podolyak"}


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # A person the paragraph introduces, even as an object, is nearer than the speaker of
        # an earlier paragraph.
        (
            "Mark Dunham told a news agency that a deal was possible.\n\n"
            "Later I asked the deputy minister, Anna Kovalenko, what she made of it. "
            "“Everyone wants us to be reasonable,” she told me.",
            ["Mark Dunham", "Anna Kovalenko"],
        ),
        # ... but not one named in the pronoun's own sentence.
        (
            "Mark Dunham spoke first.\n\n"
            "Speaking after talks with Anna Kovalenko, he said that the talks would go on.",
            ["Mark Dunham"],
        ),
        # A title is the one who has since been the subject, not the last to speak with it.
        (
            "“We will not sign,” said Mark Dunham, a deputy defence minister.\n\n"
            "Anna Kovalenko, the deputy foreign minister, is due in Kyiv on Wednesday.\n\n"
            "“I expect nothing,” the minister said.",
            ["Mark Dunham", "Anna Kovalenko"],
        ),
        # "French" is of France.
        (
            "President of France Tomas Berg spoke to the press. “It is not a peace,” said analyst "
            "Mark Dunham. “It is a receipt,” the French president wrote on X.",
            ["Mark Dunham", "Tomas Berg"],
        ),
        # A name in apposition to the title is the speaker.
        (
            "Ukraine's Minister of Agrarian Policy and Food, Anna Kovalenko, described the deal "
            "as “a first step, not a finish line”.",
            ["Anna Kovalenko"],
        ),
        # Speech reported inside reported speech does not make a new last speaker.
        (
            "Oleh Marchuk, deputy head of the delegation, said Kyiv had again proposed a "
            "ceasefire of 30 days. Moscow did not accept it, he said.",
            ["Oleh Marchuk", "Oleh Marchuk"],
        ),
        # The main clause's subject, not the subordinate clause's.
        (
            "Anna Kovalenko has led the talks since President Tomas Berg appointed her in 2023. "
            "“Every exchange begins with a list,” she said.",
            ["Anna Kovalenko"],
        ),
        # After a quotation the parser takes the inverted subject for an object.
        (
            "Mark Dunham chaired the session.\n\n“We thought the preamble was the easy part,” "
            "recalled one negotiator.",
            ["one negotiator"],
        ),
        # Someone introduced unnamed, who has not spoken yet, is the "he" that follows.
        (
            "Mark Dunham said the talks would go on.\n\nA member of the Russian delegation, "
            "speaking by telephone, gave a very different account. “Nobody walked out,” he said.",
            ["Mark Dunham", "a member of the Russian delegation"],
        ),
        # A place inside that description is no person named since.
        (
            "Mark Dunham spoke first.\n\nThat is how a senior customs officer at the Hrebenne "
            "crossing, who asked not to be named, described the first weeks. He said traders "
            "were betting on a rush of business.",
            ["a senior customs officer at the Hrebenne crossing"],
        ),
        # A first name introduced once is that person again later.
        (
            "“I read the news every morning,” said Olena, 34, who fled Kharkiv.\n\nAnna "
            "Kovalenko of the border guard said the crossing was calm.\n\nBack at the centre, "
            "Olena was carrying boxes.\n\n“We keep one suitcase packed,” she said.",
            ["Olena", "Anna Kovalenko", "Olena"],
        ),
        # "The head of the Russian delegation" is not a president named before.
        (
            "President Tomas Berg said his country would host the next round.\n\nMark Dunham "
            "returned to the room at 4am. Two days later, the head of the Russian delegation "
            "said his team had never left.",
            ["Tomas Berg", "Mark Dunham"],
        ),
        # A name the model does not tag at all, shown to be a person by its title.
        (
            "Andriy Koval wrote that the talks were useful.\n\nRustem Umerov, Ukraine’s chief "
            "negotiator, has given few interviews. In a brief appearance on television, he said "
            "the working groups had agreed an agenda.",
            ["Andriy Koval", "Rustem Umerov"],
        ),
        # "Russia's foreign minister" is the minister introduced as "Foreign Minister".
        (
            "Ukraine's foreign minister, Anna Kovalenko, replied on X.\n\nForeign Minister Mark "
            "Dunham spoke next. “We keep hearing about lines,” Russia’s foreign minister said.",
            ["Mark Dunham"],
        ),
        # A title beyond the usual sources ("the governor") is the person who holds it.
        (
            "Regional governor Oleh Marchuk posted a video. “Air defence is working,” the "
            "governor wrote.",
            ["Oleh Marchuk"],
        ),
        # "an economist at …" in apposition is the named man's title, not someone else.
        (
            "“There is a lot of wishful thinking,” said Marcus Feld, an economist at a bank in "
            "London.\n\nThe economist said that a ceasefire would leave buyers wary.",
            ["Marcus Feld", "Marcus Feld"],
        ),
        # The moderator is the person the text says moderated.
        (
            "The roundtable was moderated by Rachel Ambrose, director of the programme. Tomas "
            "Berg said the talks had stalled.\n\n“We will reconvene,” the moderator said.",
            ["Tomas Berg", "Rachel Ambrose"],
        ),
        # "he" after a title that was the subject since: the person who holds it.
        (
            "The panel brought together Mykola Hrytsai, a former deputy minister, and "
            "Lieutenant General Sir Alastair Penrose, a former commander.\n\nHrytsai said the "
            "guarantees were weak.\n\nThe general took up the point. A reassurance force, he "
            "argued, would have to be large enough to deter.",
            ["Mykola Hrytsai", "Alastair Penrose"],
        ),
        # A title no one was introduced with is no one: a guess would be worse than nothing.
        (
            "Viktor Sosnin, deputy chairman of the committee, wrote on Telegram that Kyiv "
            "wanted a ceasefire.\n\nIn a later message, the lawmaker wrote that any deal "
            "must be ratified.",
            ["Viktor Sosnin"],
        ),
    ],
)
def test_who_a_pronoun_or_title_refers_to(text: str, speakers: list[str]) -> None:
    assert [s for s, _, _ in said(text)] == speakers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The reporter's question is no one's statement; a refusal says nothing.
        (
            "Asked whether he expected a deal by Friday, Mark Dunham said that nothing was "
            "certain. He declined to say whether a draft already existed.",
            [("Mark Dunham", "nothing was certain", False)],
        ),
        # Capitalised at a sentence's start, the parser may take "Asked" for a past tense.
        (
            "Asked what kind of peace Ukraine wants, Anna Kovalenko said: “Ordinary things. "
            "Respect for our borders.”",
            [("Anna Kovalenko", "Ordinary things. Respect for our borders.", True)],
        ),
        # A statement speaks for whoever issued it.
        (
            "A Russian Defence Ministry statement said the soldiers would be flown to Moscow.",
            [("the Russian Defence Ministry", "the soldiers would be flown to Moscow", False)],
        ),
        # "The official" is the unnamed official who spoke just before, described in full.
        (
            "Mark Dunham met the press on Monday. A Western official briefed on the talks said "
            "the two sides remained far apart. The official described progress as “real, if "
            "unglamorous”.",
            [
                (
                    "a Western official briefed on the talks",
                    "the two sides remained far apart",
                    False,
                ),
                ("a Western official briefed on the talks", "real, if unglamorous", True),
            ],
        ),
        # Anonymous sources of news reports are sources, however many.
        (
            "Turkish officials said the exchange could take place within days.",
            [("Turkish officials", "the exchange could take place within days", False)],
        ),
        (
            "The second round could open next week, two people familiar with the talks said.",
            [
                (
                    "two people familiar with the talks",
                    "The second round could open next week",
                    False,
                )
            ],
        ),
        (
            "Officials in Kyiv say a ceasefire line could become a border for years.",
            [("officials in Kyiv", "a ceasefire line could become a border for years", False)],
        ),
        (
            "“We expect the same demands in a new envelope,” diplomats said.",
            [("diplomats", "We expect the same demands in a new envelope", True)],
        ),
        # "The people" are the anonymous source just quoted, not a new one.
        (
            "Talks could resume on Thursday, according to people familiar with the matter. "
            "The people said the agenda would include an energy truce.",
            [
                ("people familiar with the matter", "Talks could resume on Thursday", False),
                (
                    "people familiar with the matter",
                    "the agenda would include an energy truce",
                    False,
                ),
            ],
        ),
        # One unnamed source, described by job and workplace, then "he": the same source, not
        # the last person named. An aside after a comma describes no one.
        (
            "Mark Dunham spoke first. A gas trader at a large utility, who declined to be named, "
            "said that clients were buying options. “Everyone wants protection,” he said.",
            [
                ("a gas trader at a large utility", "clients were buying options", False),
                ("a gas trader at a large utility", "Everyone wants protection", True),
            ],
        ),
        (
            "A senior European diplomat, speaking on condition of anonymity, said that nobody "
            "expected much.\n\n“Same demands, new envelope,” the diplomat said.",
            [
                ("a senior European diplomat", "nobody expected much", False),
                ("a senior European diplomat", "Same demands, new envelope", True),
            ],
        ),
        # "The diplomat" is the one the text just introduced, not an envoy quoted before.
        (
            "Envoy Tomas Berg said the deal was close. A senior European diplomat who attended "
            "the round put it more bluntly.\n\n“It is the easy part,” the diplomat said.",
            [
                ("Tomas Berg", "the deal was close", False),
                ("a senior European diplomat", "It is the easy part", True),
            ],
        ),
        # An outlet citing sources relays their words; a person citing reports speaks.
        (
            "The Daily Ledger reported, citing two sources familiar with the talks, that the "
            "Russian side had tabled a revised draft.",
            [
                (
                    "two sources familiar with the talks",
                    "the Russian side had tabled a revised draft",
                    False,
                )
            ],
        ),
        (
            "The Kyiv Courier reported that the talks had stalled over territory, citing people "
            "familiar with the matter.",
            [("people familiar with the matter", "the talks had stalled over territory", False)],
        ),
        (
            "Minister Tomas Berg said, citing intelligence reports, that the drones had come "
            "from the west.",
            [("Tomas Berg", "the drones had come from the west", False)],
        ),
        # "said to" is hearsay: no one is quoted as saying it.
        (
            "The channel Tykha Hodyna, which publishes material said to come from inside the "
            "presidential office, claimed that Kyiv had been given a deadline.",
            [("Tykha Hodyna", "Kyiv had been given a deadline", False)],
        ),
        # Commentators, crowds and a meeting's participants are no source of a quotation.
        ("Critics say the deal rewards aggression.", []),
        ("Analysts said the markets were running ahead of the diplomats.", []),
        ("The leaders stressed that the talks must continue.", []),
        ("Ukrainians say they are tired of promises.", []),
        # A speech verb reporting no words of its own leaves the clause to "according to".
        (
            "According to Tomas Berg, a spokesman for the delegation, Kyiv had replied to the "
            "memorandum in writing.",
            [("Tomas Berg", "Kyiv had replied to the memorandum in writing", False)],
        ),
        # The parser took the clause for a relative one of "day".
        (
            "President Mark Dunham told reporters in Ankara the same day that he had discussed "
            "the talks by telephone.",
            [("Mark Dunham", "he had discussed the talks by telephone", False)],
        ),
        # A statement speaks for its issuer, named with it or before it.
        (
            "Anna Kovalenko read out a short statement from Foreign Minister Tomas Berg.\n\n"
            "“We have never left the table,” the statement said.\n\nThe minister’s statement "
            "also said that a draft had been handed over.",
            [
                ("Tomas Berg", "We have never left the table", True),
                ("Tomas Berg", "a draft had been handed over", False),
            ],
        ),
        # A foreign ministry's spokeswoman is "the diplomat", not an envoy named in passing.
        (
            "Foreign Ministry spokeswoman Anna Kovalenko held her briefing.\n\nShe was asked "
            "whether the special envoy, Tomas Berg, would visit.\n\nKovalenko said that no date "
            "was set. The diplomat also noted that new sanctions had been adopted.",
            [
                ("Anna Kovalenko", "no date was set", False),
                ("Anna Kovalenko", "new sanctions had been adopted", False),
            ],
        ),
    ],
)
def test_questions_refusals_statements_and_unnamed_sources(
    text: str, expected: list[tuple[str, str, bool]]
) -> None:
    assert said(text) == expected


def test_a_quotation_opening_a_paragraph_after_a_colon_does_not_break_extraction() -> None:
    # The parser ran the sentence before on into the quotation's paragraph, and the frame's
    # start came out after its end: spaCy raised, and the whole article was lost.
    text = (
        "Her son has served in the east since 2022. Sitting in her kitchen, she spoke slowly:"
        "\n\n“Every time they announce talks, my phone fills up with messages. Is it true? "
        "Will they come home?\n\n“I am not against talks,” said Anna Kovalenko."
    )
    assert ("Anna Kovalenko", "I am not against talks", True) in said(text)


def test_a_name_the_model_takes_for_an_organisation_is_still_a_person() -> None:
    # The small model tags "Annelise Brunner" ORG throughout; a known given name says otherwise,
    # and "she" is then the one the paragraph is about, not the critic quoted before.
    text = (
        "On a grey Tuesday, Annelise Brunner sits in a borrowed office in Geneva.\n\n"
        "Marta Kowalczyk, a researcher in Warsaw, is a critic. “Neutrality is comfort,” "
        "Kowalczyk says.\n\n"
        "Brunner has heard this before. “Neutral does not mean indifferent,” she says."
    )
    assert [s for s, _, _ in said(text)] == ["Marta Kowalczyk", "Annelise Brunner"]


def test_papers_and_bodies_with_a_given_name_in_them_are_not_people() -> None:
    from index.nlp import load_nlp
    from index.quotes.people import person_spans

    doc = load_nlp()(
        "The Washington Post and Stanford University reported on the Marshall Plan. "
        "On Tuesday, Annelise Brunner sits in a borrowed office in Geneva."
    )
    names = {span.text for span in person_spans(doc)}
    assert not names & {"Washington Post", "Stanford University", "Marshall Plan"}


def test_subjects_inside_what_is_reported_or_in_apposition_are_not_the_next_speaker() -> None:
    text = (
        "Deputy Prime Minister Anna Kovalenko spoke on Monday. She reminded that mayor "
        "Tomas Berg remains in captivity. The fate of another mayor is unknown. “Rescuer "
        "Mark Dunham remains in captivity,” she said.\n\n"
        "“We need weapons,” Anna Kovalenko explained. The situation in the capital of Ukraine, "
        "Kyiv, she noted, is calm."
    )
    assert {s for s, _, _ in said(text)} == {"Anna Kovalenko"}


def test_she_is_not_the_man_who_spoke_last() -> None:
    text = (
        "Anna Kovalenko, the deputy minister, spoke first. Mark Dunham said that the talks had "
        "stalled. “We will not give up,” she said. “Nor will we,” he said."
    )
    assert [s for s, _, _ in said(text)] == ["Mark Dunham", "Anna Kovalenko", "Mark Dunham"]


def test_labels_in_capitals_make_a_transcript_when_they_come_back() -> None:
    text = (
        "The minister answered questions in Istanbul.\n\n"
        "ANNA KOVALENKO: Thank you. The deal is a first step.\n\n"
        "MARK DUNHAM: Mark Dunham, Swedish Radio. Is it a condition?\n\n"
        "ANNA KOVALENKO: No."
    )
    assert [s for s, _, _ in said(text)] == ["Anna Kovalenko", "Mark Dunham", "Anna Kovalenko"]
    # A lone heading in capitals is no speaker.
    assert said("BREAKING NEWS: The talks resumed on Monday. Nobody spoke.") == []


def test_reminded_that_reports_speech() -> None:
    text = (
        "President Anna Kovalenko spoke at the summit. The President reminded that Ukraine had "
        "ratified the Paris Agreement early. Kovalenko reminded him of the deadline."
    )
    assert said(text) == [
        ("Anna Kovalenko", "Ukraine had ratified the Paris Agreement early", False)
    ]


def test_scare_quotes_and_names_in_quotes_are_not_quotations() -> None:
    text = (
        "The so-called “peace plan” was published on Friday. Nobody believes the “ceasefire” "
        "will hold. Leaders of the “Coalition of the Willing” met in Rome to discuss the "
        "“rules-based order”."
    )
    assert quotes(text) == []


def test_quote_within_a_quote_belongs_to_the_speaker() -> None:
    curly = "Erik Larsen said: “They told us ‘wait until spring’, but we cannot wait that long.”"
    assert said(curly) == [
        ("Erik Larsen", "They told us ‘wait until spring’, but we cannot wait that long.", True)
    ]
    straight = (
        'The minister said: "They organised a "leak" of the draft to the press to create '
        'confusion," and left the room.'
    )
    assert said(straight) == [
        (
            "the minister",
            'They organised a "leak" of the draft to the press to create confusion',
            True,
        )
    ]


def test_one_speaker_quoting_another() -> None:
    text = (
        "Russian President Ivan Sokolov declared that Marta Ilves “can come to Moscow” for talks "
        "“if she is ready,” adding that he had never refused to meet her."
    )
    got = quotes(text)
    assert {q.speaker for q in got} == {"Ivan Sokolov"}
    assert ("can come to Moscow", True) in [(q.text, q.direct) for q in got]


def test_reported_speech_with_a_named_source() -> None:
    text = (
        "Foreign Minister Anna Kovalenko said that Ukraine would not accept any deal without "
        "security guarantees. According to Kovalenko, the next round of talks will take place in "
        "Geneva. Kovalenko told Reuters that the talks had stalled. Kovalenko’s position is that "
        "no territory can be traded for peace."
    )
    got = quotes(text)
    assert [(q.speaker, q.text, q.direct) for q in got] == [
        ("Anna Kovalenko", "Ukraine would not accept any deal without security guarantees", False),
        ("Anna Kovalenko", "the next round of talks will take place in Geneva", False),
        ("Anna Kovalenko", "the talks had stalled", False),
        ("Anna Kovalenko", "no territory can be traded for peace", False),
    ]
    assert got[2].cue == "told Reuters"
    assert got[2].venue == "Reuters"


def test_role_and_venue_from_apposition_and_interview() -> None:
    text = (
        "Samuel Okafor, a senior fellow at the Atlantic Institute, said in an interview with the "
        "BBC that the sanctions were working."
    )
    (q,) = quotes(text)
    assert q.role == "a senior fellow at the Atlantic Institute"
    assert q.venue == "an interview with the BBC"
    assert q.text == "the sanctions were working"


def test_organisations_and_unnamed_sources_are_speakers() -> None:
    text = (
        "The Kremlin said the proposal was unacceptable and would be rejected. A senior European "
        "diplomat said the summit would be postponed until the autumn."
    )
    assert [q.speaker for q in quotes(text)] == ["the Kremlin", "a senior European diplomat"]


def test_embedded_post_is_quoted_by_its_account() -> None:
    text = (
        "Our thoughts are with the people of the city tonight. pic.twitter.com/abc123\n"
        "— Embassy of Norway (@NorwayEmbassy) March 3, 2022"
    )
    assert said(text) == [
        ("Embassy of Norway", "Our thoughts are with the people of the city tonight.", True)
    ]


def test_negated_hypothetical_and_generic_sources_report_nothing() -> None:
    text = (
        "The ministry has not indicated that it will attend the summit. Critics could argue that "
        "the plan is too vague to work. Many analysts say that the war will last for years."
    )
    assert quotes(text) == []


def test_transcript_turns() -> None:
    text = (
        "Marta Ilves had a meeting with journalists.\n\n"
        "Marta Ilves: Good afternoon, colleagues. Let us begin. Question: When will the talks "
        "resume? Marta Ilves: Next week, in Geneva. * * * Tomas Berg: We support this decision."
    )
    assert said(text) == [
        ("Marta Ilves", "Good afternoon, colleagues. Let us begin.", True),
        ("a questioner", "When will the talks resume?", True),
        ("Marta Ilves", "Next week, in Geneva.", True),
        ("Tomas Berg", "We support this decision.", True),
    ]


def test_a_turn_label_after_a_trailing_off_question_still_opens_a_turn() -> None:
    # The run of words before "…" must not swallow the label that follows it, and a double
    # first name is a name.
    text = (
        "Anna Kovalenko had a meeting with journalists.\n\n"
        "Anna Kovalenko: Good afternoon, colleagues. Question: Of course, nobody wants this, but still… "
        "Anna Kovalenko: The talks will resume next week. As always. Kassym-Jomart Tokayev: We "
        "agree with our colleague."
    )
    assert said(text) == [
        ("Anna Kovalenko", "Good afternoon, colleagues.", True),
        ("a questioner", "Of course, nobody wants this, but still…", True),
        ("Anna Kovalenko", "The talks will resume next week. As always.", True),
        ("Kassym-Jomart Tokayev", "We agree with our colleague.", True),
    ]


def test_a_known_label_after_an_unpunctuated_sentence_still_opens_a_turn() -> None:
    # Transcripts drop a full stop now and then ("… Thank you Anna Kovalenko: …"); the answer
    # must stay its speaker's, not become the questioner's. Only a label the transcript has
    # already used opens a turn mid-sentence.
    text = (
        "Anna Kovalenko answered questions from journalists.\n\n"
        "Anna Kovalenko: Good afternoon. Mark Dunham: Will you guarantee the ceasefire? "
        "Thank you Anna Kovalenko: It is you who must give guarantees. The plan, as "
        "Tomas Berg: put it, is dead."
    )
    assert said(text) == [
        ("Anna Kovalenko", "Good afternoon.", True),
        ("Mark Dunham", "Will you guarantee the ceasefire? Thank you", True),
        (
            "Anna Kovalenko",
            "It is you who must give guarantees. The plan, as Tomas Berg: put it, is dead.",
            True,
        ),
    ]


def test_a_known_label_misspelt_by_the_source_still_opens_a_turn() -> None:
    # "ladimir Putin:" in a Kremlin transcript: the label lost its first letter, and the
    # journalist before it was credited with the President's answer. A different person whose
    # name merely resembles a known one is not folded into it.
    text = (
        "Anna Kovalenko answered questions from journalists.\n\n"
        "Anna Kovalenko: Good afternoon. Mark Dunham: Will you guarantee the ceasefire? "
        "nna Kovalenko: It is you who must give guarantees. Ivan Kovalenko: A follow-up, please. "
        "Anna Kovalenko: Go ahead."
    )
    assert said(text) == [
        ("Anna Kovalenko", "Good afternoon.", True),
        ("Mark Dunham", "Will you guarantee the ceasefire?", True),
        ("Anna Kovalenko", "It is you who must give guarantees.", True),
        ("Ivan Kovalenko", "A follow-up, please.", True),
        ("Anna Kovalenko", "Go ahead.", True),
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # The title's country is not part of the name, though the model tags it so.
        (
            "Chancellor of Austria Karl Nehammer noted that Austria supports Ukraine.",
            "Karl Nehammer",
        ),
        # Two words after "of": the first is a place when the text tags it so elsewhere.
        (
            "Anna Kovalenko spoke with Prime Minister of Canada Trudeau. Canada supports "
            "Ukraine, and Trudeau said that Canada would send more weapons.",
            "Trudeau",
        ),
        # The model tagged only the surname; the given name before it belongs to it.
        ("President of Estonia Alar Karis stressed that the sanctions must stay.", "Alar Karis"),
        # A person closing an organisation's span speaks, not the faction.
        (
            "For his part, leader of the Servant of the People faction Davyd Arakhamia expressed "
            "hope that the agreements would hold.",
            "Davyd Arakhamia",
        ),
        # The model stopped at "von" and tagged "Leyen" as a place: the particles run on to
        # the surname, and no "Leyen" is invented.
        (
            "On our land. President Ursula von der Leyen has promised to do everything possible "
            "to speed up Ukraine's accession to the EU.",
            "Ursula von der Leyen",
        ),
        # A body the model cut before its country keeps the country.
        (
            "The Ministry of Foreign Affairs of Ukraine said that the talks would resume.",
            "The Ministry of Foreign Affairs of Ukraine",
        ),
    ],
)
def test_names_are_cut_from_the_titles_around_them(text: str, speaker: str) -> None:
    assert [q.speaker for q in quotes(text)] == [speaker]


@pytest.mark.parametrize(
    ("text", "role"),
    [
        (
            "Anna Kovalenko had a lengthy conversation with President of the United States of America "
            "Tomas Berg, who said that the talks must go on.",
            "President of the United States of America",
        ),
        ("According to former President Tomas Berg, the talks are a trap.", "former President"),
        # The model tags "Deputy Head" as a person; it is still the title's start.
        (
            '"We are ready for this," said Deputy Head of the President\'s Office Tomas Berg.',
            "Deputy Head of the President's Office",
        ),
    ],
)
def test_a_role_is_the_title_not_the_words_before_it(text: str, role: str) -> None:
    assert [(q.speaker, q.role) for q in quotes(text)] == [("Tomas Berg", role)]


def test_a_long_title_is_read_whole_and_leads_back_to_its_holder() -> None:
    # Fourteen words of title: cut at "Prime", "the Deputy Prime Minister" later had no holder.
    text = (
        "Deputy Prime Minister - Minister for Reintegration of the Temporarily Occupied "
        "Territories of Ukraine Anna Kovalenko informed that the corridor from Sumy had been "
        "agreed on as of today. However, according to the Deputy Prime Minister, the Russian "
        "side is planning manipulations."
    )
    found = quotes(text)
    assert [q.speaker for q in found] == ["Anna Kovalenko", "Anna Kovalenko"]
    assert found[0].role.startswith("Deputy Prime Minister - Minister for Reintegration")


def test_said_this_points_back_only_to_a_sentence_that_reports_nothing_itself() -> None:
    text = (
        "President of Ukraine Anna Kovalenko notes that security was the main topic of the "
        "meeting. The Head of State said this in her statement for the media. The talks will "
        "resume in May. Mark Dunham said this after the meeting."
    )
    assert said(text) == [
        ("Anna Kovalenko", "security was the main topic of the meeting", False),
        ("Mark Dunham", "The talks will resume in May", False),
    ]


def test_the_president_is_the_one_speaking_not_one_named_in_passing() -> None:
    text = (
        "President of Ukraine Anna Kovalenko said this during a conversation with the media. "
        '"We will not give up our land," she said. Anna Kovalenko believes that the sky must '
        "be closed, and she spoke about this with US President Tomas Berg and other leaders. "
        "The President noted that the allies should at least provide aircraft."
    )
    assert {q.speaker for q in quotes(text)} == {"Anna Kovalenko"}
    # A title that says more than the speaker's known one ("President") still fits her better
    # than someone more recently named with no title at all.
    text = (
        'During a call with Tomas Berg, President Anna Kovalenko spoke about the talks. "We need '
        'a new format," said Anna Kovalenko. Anna Kovalenko also said that Marek Novak is very '
        "interested. The President of Ukraine said that Russia had given assurances."
    )
    assert [q.speaker for q in quotes(text) if "assurances" in q.text] == ["Anna Kovalenko"]


def test_a_note_glued_to_a_label_is_not_part_of_the_name() -> None:
    text = (
        "Anna Kovalenko and Tomas Berg held talks. Anna Kovalenko: Good afternoon. "
        "Tomas Berg(retranslated): Indeed, we have been partners for years. Anna Kovalenko: Thank you."
    )
    assert [s for s, _, _ in said(text)] == ["Anna Kovalenko", "Tomas Berg", "Anna Kovalenko"]


def test_a_questioner_who_gives_their_name_is_named() -> None:
    text = (
        "Anna Kovalenko answered questions. Question: Ksenia Golovanova, Interfax news agency. "
        "I have a question for both of you. Anna Kovalenko: Good question. Question: Will the "
        "talks resume? Anna Kovalenko: Yes."
    )
    assert [s for s, _, _ in said(text)] == [
        "Ksenia Golovanova",
        "Anna Kovalenko",
        "a questioner",
        "Anna Kovalenko",
    ]


def test_a_that_clause_the_parser_lost_is_still_reported() -> None:
    # spaCy reads "the negotiations" as the object of "stressed" and loses the clause.
    text = (
        "Vladimir Putin detailed the fundamental approaches underlying the Russian drafts of the "
        "Treaty between the Russian Federation and the United States of America. He stressed "
        "that the negotiations needed to produce solid legally binding guarantees ruling out "
        "NATO's eastward expansion."
    )
    assert said(text) == [
        (
            "Vladimir Putin",
            "the negotiations needed to produce solid legally binding guarantees ruling out "
            "NATO's eastward expansion",
            False,
        )
    ]


def test_a_reported_clause_stops_at_the_speakers_next_deed() -> None:
    text = (
        "During the call, Sadyr Japarov said Kiev was responsible for derailing the Minsk "
        "agreements and expressed his support for Russia's decisive actions."
    )
    assert said(text) == [
        ("Sadyr Japarov", "Kiev was responsible for derailing the Minsk agreements", False)
    ]


def test_the_head_of_government_is_the_prime_minister_just_named() -> None:
    text = (
        '"We will restore the energy system in the coming days," Prime Minister Denys Shmyhal '
        "said at a briefing following the meeting. According to the head of government, in "
        "regard to the global energy crisis, Ukraine will keep its gas in storage."
    )
    assert [s for s, _, _ in said(text)] == ["Denys Shmyhal", "Denys Shmyhal"]


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # "the head of the Ukrainian state" is its president, as "the head of state" is.
        (
            "President of Ukraine Anna Kovalenko met the press. The head of the Ukrainian state "
            "said that the talks were hard.",
            ["Anna Kovalenko"],
        ),
        # A name closed by "and" before a second title: the first title's holder is still read.
        (
            "President of Ukraine Anna Kovalenko and UN Secretary-General Tomas Berg discussed "
            "the evacuation. The Ukrainian Head of State noted that Tomas Berg had been to Moscow.",
            ["Anna Kovalenko"],
        ),
        # A title owned by a title is the person introduced with both.
        (
            "Press Secretary of the President of Ukraine Mark Dunham spoke first. The President's "
            "Press Secretary also informed that the talks would go on.",
            ["Mark Dunham"],
        ),
        # ... and never the owner: the President is not his own adviser.
        (
            "President Anna Kovalenko met the press. The President's adviser said that the talks "
            "would go on.",
            ["the President's adviser"],
        ),
    ],
)
def test_a_title_leads_back_to_the_one_introduced_with_it(text: str, speakers: list[str]) -> None:
    assert [s for s, _, _ in said(text)] == speakers


def test_a_title_naming_a_body_with_and_is_read_whole() -> None:
    text = (
        "This was stated by Secretary of the National Security and Defense Council Oleksiy "
        'Danilov at a briefing. "There can be no such order in our country," Oleksiy Danilov said.'
    )
    roles = {q.role for q in quotes(text)}
    assert roles == {"Secretary of the National Security and Defense Council"}


def test_a_label_that_repeats_the_name_reversed_is_a_turn_however_long() -> None:
    # The Kremlin's format; the title alone runs past twenty words.
    text = (
        "Anna Kovalenko: Mr Berg, please. Director of the Federal Service of the National Guard "
        "Troops of the Republic and Commander-in-Chief of the National Guard Troops of the "
        "Republic Tomas Berg Berg TomasDirector of the Federal Service of the National Guard "
        "Troops : Colleagues, I support the proposal. Anna Kovalenko: Thank you."
    )
    assert [s for s, _, _ in said(text)] == ["Anna Kovalenko", "Tomas Berg", "Anna Kovalenko"]


def test_the_subject_of_a_passive_cue_is_not_a_speaker() -> None:
    # "Poland … were admitted": Poland admitted nothing, and the proverb is nobody's words.
    text = (
        "We have seen five waves of NATO expansion, one after another: Poland, the Czech "
        "Republic and Hungary were admitted in 1999, and the Baltic states in 2004. They acted "
        'following a well-known proverb: "The dogs bark but the caravan goes on."'
    )
    assert quotes(text) == []
    # Unless the passive says whose words they are.
    found = quotes("Anna Kovalenko was quoted as saying that the talks would resume in May.")
    assert [q.speaker for q in found] == ["Anna Kovalenko"]


def test_a_quotation_far_from_any_cue_in_a_long_paragraph_is_nobodys() -> None:
    filler = "The republics had their own parliaments and their own budgets at the time. " * 10
    text = (
        "Anna Kovalenko said that the union had been built on a flawed design. "
        + filler
        + 'The platform included the following provisions: "The republics shall possess all the '
        'rights appropriate to their status as sovereign states."'
    )
    assert [q.speaker for q in quotes(text)] == ["Anna Kovalenko"]


def test_the_president_of_a_country_is_its_president_not_the_country() -> None:
    # The parser hangs "the President of Russia" off "Mariupol"; the word before the cue is
    # "Russia", but the title is the subject.
    text = (
        "Vladimir Putin had a telephone conversation with President of the Republic of Turkey "
        "Recep Tayyip Erdogan. Vladimir Putin and Recep Tayyip Erdogan discussed at length the "
        "developments in Ukraine. When asked about the situation in Mariupol, the President of "
        "Russia noted that the city had been liberated and there were no hostilities there."
    )
    assert [q.speaker for q in quotes(text)] == ["Vladimir Putin"]


def test_a_title_opening_a_clause_is_not_the_apposition_of_the_name_before_it() -> None:
    # "… contact with Vladimir Zelensky, the President of Russia reaffirmed …": Zelensky is
    # not the President of Russia, and "He noted" is the President of Russia speaking.
    text = (
        "Vladimir Putin had a lengthy telephone conversation with President of the European "
        "Council Charles Michel. Vladimir Putin stressed that the operation was going to plan. "
        "Responding to Charles Michel's call for direct contact with Vladimir "
        "Zelensky, the President of Russia reaffirmed his well-known position on this issue. He "
        "noted this opportunity depends, among other things, on the specific results of the talks."
    )
    found = [q for q in quotes(text) if "opportunity" in q.text]
    assert [q.speaker for q in found] == ["Vladimir Putin"]


def test_a_title_goes_to_the_one_speaking_even_if_the_registry_misremembers() -> None:
    # An earlier article's misparse gave Draghi the title too; Putin is the one speaking here.
    reg = SpeakerRegistry()
    reg.canonical("Vladimir Putin", role="President of Russia", kind="person")
    reg.canonical("Mario Draghi", role="Prime Minister of the Italian Republic", kind="person")
    reg.canonical("Mario Draghi", role="the President of Russia")
    text = (
        "Vladimir Putin had a telephone conversation with Prime Minister of the Italian Republic "
        "Mario Draghi. Vladimir Putin told Mario Draghi about the efforts to restore peaceful "
        "life. The President of Russia noted that Ukraine was obstructing these measures."
    )
    found = [q for q in extract_quotes(text, registry=reg) if "obstructing" in q.text]
    assert [q.speaker for q in found] == ["Vladimir Putin"]


def test_a_title_led_label_in_a_transcript_opens_a_turn() -> None:
    # The model reads no person in these labels; the chair must not be credited with the
    # guests' speeches.
    text = (
        "Anna Kovalenko: Colleagues, let us begin. Please go ahead. President of the Republic of "
        "Tajikistan Emomali Rahmon: Colleagues, I would like to congratulate you. Anna Kovalenko: "
        "Thank you. Kommersant newspaper correspondent Andrei Kolesnikov: You recently said that "
        "the talks would resume. Anna Kovalenko: They will."
    )
    assert [s for s, _, _ in said(text)] == [
        "Anna Kovalenko",
        "Emomali Rahmon",
        "Anna Kovalenko",
        "Andrei Kolesnikov",
        "Anna Kovalenko",
    ]
    # Outside a transcript, prose ending in a name and a colon is no label.
    assert quotes("In the end the press secretary of the Kremlin Dmitry Peskov: no comment.") == []


def test_a_second_title_after_a_comma_still_leads_to_the_name() -> None:
    text = (
        'The delegation is ready for the talks. "We will not give up our land," said Head of '
        "the Ukrainian delegation, Head of the Servant of the People faction David Arakhamia."
    )
    assert [s for s, _, _ in said(text)] == ["David Arakhamia"]
    text = (
        "According to the head of the delegation, First Deputy Prime Minister - Minister of "
        "Economy Yulia Svyrydenko, during the meetings the Ukrainian party informed about the "
        "security situation."
    )
    assert said(text) == [
        (
            "Yulia Svyrydenko",
            "during the meetings the Ukrainian party informed about the security situation",
            False,
        )
    ]


def test_a_city_the_model_takes_for_a_person_never_speaks() -> None:
    # spaCy's small model tags "Kyiv" here as a PERSON with the role that follows it; it must
    # not become the "Ukrainian Head of State" who speaks next.
    text = (
        "During the negotiations in Kyiv, President of Ukraine Volodymyr Zelenskyy and UN "
        "Secretary-General António Guterres discussed the evacuation of civilians from Mariupol. "
        "The Ukrainian Head of State noted that António Guterres discussed this issue in Moscow."
    )
    found = extract_quotes(text, registry=SpeakerRegistry())
    assert found and all(q.speaker != "Kyiv" for q in found)
    # Nor when the registry knows Kyiv as a body (the aliases file does).
    known = SpeakerRegistry()
    known.add_entry(SpeakerEntry("Kyiv", "", ["Kiev"], "organisation"))
    assert all(q.speaker != "Kyiv" for q in extract_quotes(text, registry=known))


def test_a_speech_after_a_section_break_is_its_speakers_words() -> None:
    # The section heading runs into the label, and the speech is the only turn.
    text = (
        "Anna Kovalenko took part in the meeting of the Foreign Ministry Board.\n\n"
        "The meeting was devoted to foreign policy. * * * Speech at the meeting of the Foreign "
        "Ministry Board Prime Minister Anna Kovalenko: Colleagues, the talks will resume next "
        "week in Geneva. We expect nothing from them."
    )
    assert said(text) == [
        (
            "Anna Kovalenko",
            "Colleagues, the talks will resume next week in Geneva. We expect nothing from them.",
            True,
        )
    ]
    # Without the break, one label is still a headline, not a transcript.
    assert quotes("Anna Kovalenko: why the talks will fail again\n\nThe talks failed.") == []


def test_a_single_labelled_line_is_not_a_transcript() -> None:
    assert quotes("Adam Novak: why the talks will fail again\n\nThe talks failed again.") == []


def test_lowercase_text() -> None:
    text = "prime minister anna kovalenko said that the talks would resume next week in geneva."
    (q,) = quotes(text)
    assert (q.speaker, q.text) == ("Anna Kovalenko", "the talks would resume next week in geneva")


def test_doc_must_be_of_the_same_text() -> None:
    nlp = load_nlp()
    doc = nlp("Something else entirely.")
    with pytest.raises(ValueError):
        extract_quotes("A different text.", doc=doc)
    text = "“We are ready,” said Anna Kovalenko."
    assert extract_quotes(text, doc=nlp(text))[0].speaker == "Anna Kovalenko"


def test_registry_is_shared_across_articles() -> None:
    registry = SpeakerRegistry()
    extract_quotes("“We are ready to talk,” said Volodymyr Zelenskyy.", registry=registry)
    (q,) = extract_quotes("“We will not wait,” said Volodymyr Zelensky.", registry=registry)
    assert q.speaker == "Volodymyr Zelenskyy"


# -- the metric -----------------------------------------------------------------------------------


def test_locate_ignores_whitespace_and_quote_styles() -> None:
    text = "He said: “We are\n ready — now,” and left. We are ready — now."
    assert locate(text, '"We are ready - now,"') == (9, 31)
    assert locate(text, "We are ready — now", after="left.") == (42, 60)
    assert locate(text, "not there") is None


def test_score_counts_span_and_speaker_matches() -> None:
    text = "Anna said: “We are ready to talk today.” Then Ivan said the talks were over for good."
    registry = SpeakerRegistry()
    gold = [
        GoldQuote("a", "Anna Kovalenko", "We are ready to talk today.", True),
        GoldQuote("a", "Ivan Sokolov", "the talks were over for good", False),
        GoldQuote("a", "Ivan Sokolov", "a sentence the cleaner removed", False),
    ]
    s1, e1 = locate(text, "We are ready to talk") or (0, 0)
    s2, e2 = locate(text, "the talks were over") or (0, 0)
    predicted = [
        Quote("Kovalenko", text[s1:e1], s1, e1, True),  # overlaps most of the gold span
        Quote("Anna Kovalenko", text[s2:e2], s2, e2, False),  # right span, wrong speaker
    ]
    counts = score(gold, predicted, text, registry)
    assert (counts.n_gold, counts.n_pred, counts.unlocated) == (2, 2, 1)
    assert (counts.span_matched, counts.speaker_right, counts.matched) == (2, 1, 1)
    assert summarise(counts) == {
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "speaker_accuracy": 0.5,
        "n_gold": 2,
        "n_pred": 2,
        "unlocated": 1,
    }


def test_gold_file_is_well_formed() -> None:
    gold = load_gold(GOLD)
    seeds = {p.stem for p in SEEDS.glob("*.txt")}
    assert seeds <= set(gold), "every seed is annotated"
    ext = [k for k in gold if k.startswith(("ru-", "ua-"))]
    assert len([k for k in ext if k.startswith("ru-")]) >= 3
    assert len([k for k in ext if k.startswith("ua-")]) >= 3
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    for line in EXT.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["id"] in gold:
            texts[row["id"]] = row["text"]
    for key, items in gold.items():
        for g in items:
            assert locate(texts[key], g.text, g.after) is not None, (key, g.text[:40])


def _seed_articles(clean: bool) -> list[tuple[str, str]]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        out.append((path.stem, clean_text(raw) if clean else raw))
    return out


@pytest.mark.parametrize("clean", [False, True], ids=["raw", "cleaned"])
def test_targets_on_the_seeds(clean: bool) -> None:
    report = evaluate(_seed_articles(clean), load_gold(GOLD), SpeakerRegistry())
    seeds = report["seeds"]
    assert isinstance(seeds, dict)
    assert seeds["f1"] >= 0.90, report["errors"]
    assert seeds["speaker_accuracy"] >= 0.95, report["errors"]


def test_corpus_ext_statements() -> None:
    gold = load_gold(GOLD)
    articles = []
    for line in EXT.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["id"] in gold:
            articles.append((row["id"], row["text"]))
    report = evaluate(articles, gold, SpeakerRegistry())
    ext = report["corpus-ext"]
    assert isinstance(ext, dict)
    assert ext["f1"] >= 0.85, report["errors"]
    assert ext["speaker_accuracy"] >= 0.9, report["errors"]


def test_news_articles_written_for_the_evaluation() -> None:
    # Thirty-four articles in other styles (wire report, analysis, live blog, interview, feature,
    # readout, column, broadcast transcript, UN summary, explainer, social-media roundup, local
    # paper, markets story, Kremlin readout, profile, agency update, parliamentary debate, fact
    # check, ministry briefing, quotes digest, long-read, regional feature, and rounds 4 and 5 in
    # tests/data/README.md), written by sessions that
    # never saw this code (see tests/data/README.md for the figures of each round). The floor
    # keeps what the fixes they prompted won.
    from index.ingest import iter_corpus
    from index.prepare import prepare

    gold = load_gold(REPO / "tests/data/quotes_news_gold.jsonl")
    articles, _ = iter_corpus(REPO / "tests/data/quotes_news")
    assert {a.key for a in articles} == set(gold)
    report = evaluate([(a.key, prepare(a).text) for a in articles], gold, SpeakerRegistry())
    news = report["news"]
    assert isinstance(news, dict)
    assert news["unlocated"] == 0
    # Rounds 6 and 7 (tenth session) added harder styles, written blind: the forty-six articles
    # stand at F1 0.847, speaker accuracy 0.956 (the first thirty-four alone at 0.861 / 0.960).
    assert news["f1"] >= 0.83, report["errors"]
    assert news["speaker_accuracy"] >= 0.95, report["errors"]


def test_a_place_is_never_the_speaker_of_a_bare_title() -> None:
    # The small model can tag a town as a person; "the Deputy Minister" must not become it.
    text = (
        "Buses will leave from Mariupol to Zaporizhzhia on the route Berdiansk - Zaporizhzhia. "
        '"We really hope that this route will work today as well," said the Deputy Minister.'
    )
    speakers = {q.speaker for q in quotes(text)}
    assert speakers and not speakers & {"Zaporizhzhia", "Berdiansk - Zaporizhzhia", "Mariupol"}


@pytest.mark.parametrize(
    ("title", "speaker"),
    [
        ("Address by President of Ukraine Volodymyr Zelenskyy", "Volodymyr Zelenskyy"),
        ("We will win - address by President Volodymyr Zelenskyy", "Volodymyr Zelenskyy"),
        (
            "Speech by President of Ukraine Volodymyr Zelenskyy at Chatham House",
            "Volodymyr Zelenskyy",
        ),
        ("Address by the President of Ukraine to the Parliament", "the President of Ukraine"),
        ("Address by the President of the Russian Federation", "the President of Russia"),
        (
            "Sanctions are not enough - President Volodymyr Zelenskyy's address",
            "Volodymyr Zelenskyy",
        ),
        # A bare office on the office's own site is that office.
        ("Sanctions are not enough - President's address", "the President of Ukraine"),
        (
            "Address by the President to Ukrainians at the end of the day",
            "the President of Ukraine",
        ),
    ],
)
def test_a_title_announcing_a_speech_names_its_speaker(title: str, speaker: str) -> None:
    from index.quotes.speech import speech_speaker

    found = speech_speaker(title, load_nlp(), "President of Ukraine (president.gov.ua)")
    assert found is not None and found.name == speaker


@pytest.mark.parametrize(
    "title",
    [
        "Putin's address shocked the West",  # about a speech, not the speech
        "Joint statement by the President of Ukraine and the President of Poland",
        "Address by the President to Ukrainians",  # which president, on a news site?
        "Zelenskyy had a phone conversation with Macron",
        "The talks failed - Kyiv Independent's analysis",
    ],
)
def test_other_titles_announce_no_speech(title: str) -> None:
    from index.quotes.speech import speech_speaker

    assert speech_speaker(title, load_nlp(), "Reuters") is None


def test_a_speech_is_its_speakers_words_except_what_it_quotes() -> None:
    text = (
        "Dear Ukrainians! Today our delegation returned from the talks in Istanbul. "
        "The signals are positive, but they do not drown out the explosions.\n\n"
        '"We are ready for a ceasefire," said Foreign Minister Dmytro Kuleba. '
        "We will keep fighting for every city and every village of our land. Glory to Ukraine!"
    )
    registry = SpeakerRegistry()
    registry.add_entry(SpeakerEntry("Volodymyr Zelensky", "President of Ukraine", [], "person"))
    found = extract_quotes(text, registry=registry, title="Address by the President of Ukraine")
    by = {q.text: q.speaker for q in found}
    assert by["We are ready for a ceasefire"] == "Dmytro Kuleba"
    mine = [t for t, s in by.items() if s == "Volodymyr Zelensky"]
    assert any("delegation returned from the talks in Istanbul" in t for t in mine)
    assert any("every city and every village" in t for t in mine)
    assert not any("We are ready" in t for t in mine)
    # Without a speech title, nobody is credited with the unquoted sentences.
    assert {q.speaker for q in extract_quotes(text, registry=SpeakerRegistry())} == {
        "Dmytro Kuleba"
    }


def test_a_paragraph_break_ends_the_sentence_before_it() -> None:
    # The parser ran the quotation on into the next paragraph and made "Russia" the subject of
    # its "said": the EU's delegate was reported as Russia.
    text = (
        "Anna Kovalenko spoke. “Every day of delay is counted in funerals,” she said. “Russia "
        "came to Istanbul to buy time.”\n\nSpeaking for the European Union, Greta Lindholm, head of the "
        "bloc’s delegation, said that any settlement must respect Ukraine’s borders."
    )
    assert said(text)[-1] == (
        "Greta Lindholm",
        "any settlement must respect Ukraine’s borders",
        False,
    )


@pytest.mark.parametrize(
    "intro", ["Olena, a nurse who fled Kharkiv, shook her head.", "Olena, 34, shook her head."]
)
def test_a_first_name_introduced_by_age_or_description_is_a_person(intro: str) -> None:
    # Features name people in the street by their first name only; the model tags it ORG.
    text = f"Mayor Serhiy Ostapchuk spoke first.\n\n{intro} “They talk, they fly home,” she said."
    assert said(text) == [("Olena", "They talk, they fly home", True)]


def test_a_fact_checks_verdict_lines_are_no_transcript() -> None:
    # "Verdict:" repeats like a speaker's label, and the model tags it PERSON.
    text = (
        "CLAIM 1: “Ukraine has walked away from every draft,” Foreign Minister Mark Dunham told "
        "a press conference.\n\nThe record shows otherwise.\n\nVerdict: Misleading.\n\n"
        "CLAIM 2: President Anna Kovalenko said that more than 1,200 drones were launched.\n\n"
        "Verdict: Mostly accurate.\n\nCLAIM 3: “We are ninety percent of the way there,” envoy "
        "Tomas Berg told a podcast.\n\nVerdict: False."
    )
    assert [s for s, _, _ in said(text)] == ["Mark Dunham", "Anna Kovalenko", "Tomas Berg"]


def test_one_word_labels_in_capitals_name_whom_the_text_introduced() -> None:
    text = (
        "Night Desk, presented by Marta Lindgren, with former minister Dmytro Kovalenko and "
        "calls from listeners.\n\n"
        "HOST: Good evening. Is the deal dead?\n\n"
        "KOVALENKO: Not yet. It needs work.\n\n"
        "HOST: Oksana is on the line from Lviv.\n\n"
        "OKSANA (caller): Should I hope?\n\n"
        "KOVALENKO: Hope carefully."
    )
    assert [s for s, _, _ in said(text)] == [
        "Marta Lindgren",
        "Dmytro Kovalenko",
        "Marta Lindgren",
        "Oksana",
        "Dmytro Kovalenko",
    ]
    # One-word headings that name no one stay prose.
    assert said("UPDATE: The talks resumed.\n\nWATCH: The ministers arrived. Nobody spoke.") == []


def test_german_quotation_marks_pair() -> None:
    text = (
        "„Whoever believes that peace can be negotiated over our heads is mistaken“, Chancellor "
        "Tomas Berg said. The Europeans were „welcome to read the results in the newspapers“, "
        "Berg added."
    )
    assert said(text) == [
        (
            "Tomas Berg",
            "Whoever believes that peace can be negotiated over our heads is mistaken",
            True,
        ),
        ("Tomas Berg", "welcome to read the results in the newspapers", True),
    ]


def test_a_counterpart_introduced_is_the_next_speaker_but_not_whom_he_serves() -> None:
    text = (
        "Rustem Umerov said afterwards that the sides had made progress.\n\n"
        "His Russian counterpart, Vladimir Medinsky, an aide to Mr Putin, was expansive when he "
        "spoke to state television.\n\n"
        "“You journalists always want a result by the evening news,” he said."
    )
    assert [s for s, _, _ in said(text)][-1] == "Vladimir Medinsky"


def test_he_after_a_long_unnamed_quotation_is_that_source() -> None:
    text = (
        "Vladimir Medinsky said Russia was in no hurry.\n\n"
        "A senior European diplomat said the statement had come as no surprise.\n\n"
        "“Nobody expected the Russians to invite us in,” the diplomat said. “The question is "
        "whether Washington will say yes.\n\n"
        "“Without an American backstop, this force looks good only on a slide.”\n\n"
        "He added that several governments would not commit troops yet."
    )
    assert [s for s, _, _ in said(text)][-1] == "a senior European diplomat"


def test_wire_epithets_and_owners_titles() -> None:
    text = (
        "President Vladimir Putin held a call with Erdogan. The Russian president's aide Yuri "
        "Ushakov said the call was frank.\n\nThe Kremlin aide noted that the date of the next "
        "round had not been agreed. The Kremlin chief told Erdogan that Moscow was ready."
    )
    # The aide of the president is no president: "the Kremlin chief" is Putin.
    assert [s for s, _, _ in said(text)] == ["Yuri Ushakov", "Yuri Ushakov", "Vladimir Putin"]


def test_a_paper_quoting_someone_gives_their_words() -> None:
    assert said(
        "Bild quoted the party's foreign policy spokesman, Jürgen Hardt, as saying: “Peace is "
        "not made by whoever is most in a hurry.”"
    ) == [("Jürgen Hardt", "Peace is not made by whoever is most in a hurry.", True)]
    assert [
        s for s, _, _ in said("Reuters quoted Tomas Berg as saying the talks would resume.")
    ] == ["Tomas Berg"]


def test_a_dateline_is_not_the_subject() -> None:
    text = (
        "BRUSSELS — The European Union's foreign policy chief, Kaja Kallas, said on Tuesday "
        "that Europe would not pay for a deal it had no hand in."
    )
    assert [s for s, _, _ in said(text)] == ["Kaja Kallas"]
    # An acronym opening a sentence with a dash is no dateline.
    assert said("NATO — a word Moscow hates — was not mentioned, Tomas Berg said.") == [
        ("Tomas Berg", "NATO — a word Moscow hates — was not mentioned", False)
    ]


def test_a_post_on_x_ends_its_sentence() -> None:
    # "X." after "on" is the platform, not an initial: the next sentence has its own speaker.
    text = (
        'The ministry posted on X. Peskov later told reporters: "We have seen the post and we '
        'have nothing to add."'
    )
    assert [s for s, _, _ in said(text)] == ["Peskov"]
    # An initial is still an initial.
    assert [s for s, _, _ in said('Malcolm X. Wade said: "We will stay."')] == ["Malcolm X. Wade"]


def test_a_dash_printed_interview_alternates_question_and_answer() -> None:
    text = (
        "Larysa Hnatiuk, 52, leads the humanitarian working group. Interviewed by Olga Sych.\n\n"
        "— You came back from Abu Dhabi yesterday. What did you bring home?\n\n"
        "— Two hundred names. And a headache.\n\n"
        "— Did that help?\n\n"
        "— It helped me. With them, nothing helps immediately.\n\n"
        "You put the same list on the table five times."
    )
    got = said(text)
    assert [s for s, _, _ in got] == ["Olga Sych", "Larysa Hnatiuk", "Olga Sych", "Larysa Hnatiuk"]
    # An answer running on into a paragraph without a dash is still hers.
    assert got[-1][1].endswith("on the table five times.")


def test_gender_from_names_written_family_name_first_or_with_slavic_surnames() -> None:
    # "Lin" is read as a woman's given name; in "Lin Jian" it is China's spokesman's surname.
    text = (
        'NATO Secretary General Mark Rutte said the alliance would "study the text carefully".'
        "\n\nAsked by reporters in Beijing, ministry spokesperson Lin Jian would not say whether "
        'China would send observers. "China\'s position is objective and impartial," he said.'
    )
    assert [s for s, _, _ in said(text)] == ["Mark Rutte", "Lin Jian"]
    assert name_gender("Kim Jong Un") == "" and name_gender("Sasha Petrova") == "f"
    assert name_gender("Giacomo Casanova") == "m" and name_gender("Oleksandr Kubrakov") == "m"


def test_a_title_abbreviated_later_finds_its_holder() -> None:
    text = (
        "Secretary of the National Security and Defense Council of Ukraine Rustem Umerov "
        "reported on the consultations held in Miami.\n\nAccording to the Secretary of the "
        "NSDC, the parties worked in detail on the text of the document on guarantees."
    )
    assert [s for s, _, _ in said(text)] == ["Rustem Umerov"]


def test_an_outlet_relaying_someone_who_said_it_is_not_the_speaker() -> None:
    text = (
        "As KyivPress reported earlier, on January 19 the President of Ukraine Volodymyr "
        "Zelenskyy said that the documents on security guarantees were nearly ready."
    )
    assert [s for s, _, _ in said(text)] == ["Volodymyr Zelenskyy"]


def test_a_surname_the_tagger_takes_for_a_noun_closes_the_titled_name() -> None:
    # Not "Rights Dmytro": the name is the last two capitalised words, surname included.
    text = (
        "Ukrainian Parliament Commissioner for Human Rights Dmytro Lubinets reported on the "
        "lists of prisoners.\n\nLubinets noted that the next stage of the exchange was being "
        "prepared."
    )
    assert {s for s, _, _ in said(text)} == {"Dmytro Lubinets"}


def test_one_word_of_a_body_named_before_is_that_body() -> None:
    text = (
        "The Center for Countering Disinformation said such statements were part of a Russian "
        "operation. The Center emphasized that it was Russia that had rejected the proposal."
        "\n\nThe European Commission said the package was ready. The Commission added that "
        "sanctions would stay."
    )
    speakers = [norm(s) for s, _, _ in said(text)]
    assert speakers == ["center for countering disinformation"] * 2 + ["european commission"] * 2


def test_a_one_sentence_lead_in_names_who_the_next_paragraph_quotes() -> None:
    text = (
        "Halyna Bondar lives across the landing. “We do not talk about the talks,” she says."
        "\n\nFor Iryna Savchuk, the arithmetic is simpler.\n\n"
        "“Ninety days. They wrote ninety days. Today is day twenty-two,” she says."
    )
    assert [s for s, _, _ in said(text)] == ["Halyna Bondar", "Iryna Savchuk"]
    # A lead-in naming two people decides nothing: the last speaker stays.
    two = text.replace("For Iryna Savchuk,", "For Iryna Savchuk and Olena Marchuk,")
    assert [s for s, _, _ in said(two)] == ["Halyna Bondar", "Halyna Bondar"]


def test_a_colon_hands_the_quotation_to_the_subject_of_its_clause() -> None:
    # No speech verb ("went further", "put it more bluntly"): not the last speaker's words.
    text = (
        "Volodymyr Zelenskyy said the delegation was going “with a mandate for peace.” His "
        "foreign minister, Andrii Sybiha, went further: “Whoever says Ukraine is the obstacle "
        "should look at a map.”\n\nMarek Zielinski argued that the Kremlin was “playing for the "
        "summer,” when it hopes attention will drift. A senior Western diplomat in Geneva, "
        "speaking on condition of anonymity, put it more bluntly: “Everyone in this building is "
        "negotiating with the calendar.”"
    )
    speakers = {q[:20]: s for s, q, _ in said(text)}
    assert speakers["Whoever says Ukraine"] == "Andrii Sybiha"
    assert speakers["Everyone in this bui"] == "a senior Western diplomat in Geneva"
    assert speakers["with a mandate for p"] == "Volodymyr Zelenskyy"


def test_members_of_the_european_parliament_and_their_groups() -> None:
    # "MEP" is a title; "(Renew Europe)" after the name is her group, not a person.
    text = (
        "Lithuanian MEP Rasa Jankauskienė (Renew Europe), who spoke next, departed from her "
        "text. “Peace has a price. The question is only who pays it,” she said.\n\nPolish MEP "
        "Katarzyna Wiśniewska (EPP) spoke first. The Polish MEP argued that the Union should "
        "make any easing of sanctions conditional on the return of deported children."
    )
    assert [s for s, _, _ in said(text)] == ["Rasa Jankauskienė", "Katarzyna Wiśniewska"]


def test_a_title_given_in_a_relative_clause_is_found_by_it_later() -> None:
    # "who was Britain's ambassador": the title held before, as "the former ambassador" says.
    text = (
        "Sir Adrian Pell, who was Britain's ambassador in Moscow from 2012 to 2016, said it was "
        "the wrong question.\n\nGregory Vance said sanctions relief was “a tool, not a gift,” "
        "he said.\n\nThat drew a sharp response from the former ambassador, who said he had "
        "“rarely heard a more expensive piece of advice”."
    )
    speakers = {q[:20]: s for s, q, _ in said(text)}
    assert speakers["rarely heard a more "] == "Adrian Pell"
    assert speakers["a tool, not a gift"] == "Gregory Vance"
