"""Speakers named or described in questions, through the registry."""

from __future__ import annotations

from index.mentions import SpeakerMatcher
from index.speakers import SpeakerEntry, SpeakerRegistry


def matcher(*entries: SpeakerEntry) -> SpeakerMatcher:
    registry = SpeakerRegistry()
    for e in entries:
        registry.add_entry(e)
    return SpeakerMatcher(registry, {e.name for e in entries})


def test_names_surnames_and_misspellings() -> None:
    m = matcher(
        SpeakerEntry("Vladimir Putin", "President of Russia", ["Putin"], "person"),
        SpeakerEntry("the Kremlin", "", [], "organisation"),
    )
    assert m.find("what did putin say about istanbul") == ["Vladimir Putin"]
    assert m.find("what does the kremlin make of it") == ["the Kremlin"]
    assert m.find("did puttin say that") == ["Vladimir Putin"]


def test_a_learned_name_that_is_an_ordinary_word_never_matches() -> None:
    # Attribution once learned "Of" (from "Head of ...") as a person: "make of" is not them.
    m = matcher(
        SpeakerEntry("Of", "Head", [], "person"),
        SpeakerEntry("the Kremlin", "", [], "organisation"),
    )
    assert m.find("what does the kremlin make of the us warnings") == ["the Kremlin"]


def test_named_in_a_passage() -> None:
    m = matcher(SpeakerEntry("Vladimir Putin", "President of Russia", ["Putin"], "person"))
    assert m.named_in("Vladimir Putin had a telephone conversation with Macron.", "Vladimir Putin")
    assert m.named_in("As Putin explained in detail, …", "Vladimir Putin")
    assert not m.named_in("The Kremlin said nothing.", "Vladimir Putin")


def test_the_asked_speaker_not_the_listener_nor_the_place() -> None:
    m = matcher(
        SpeakerEntry("Vladimir Putin", "President of Russia", ["Putin"], "person"),
        SpeakerEntry("Emmanuel Macron", "President of France", ["Macron"], "person"),
        SpeakerEntry("Antonio Guterres", "UN Secretary-General", ["Guterres"], "person"),
        SpeakerEntry("Kyiv", "", ["Kiev"], "organisation"),
    )
    q = "what did putin say about the nuclear plant to macron"
    assert m.find(q) == ["Vladimir Putin", "Emmanuel Macron"]
    assert m.whose_words(q, m.find(q)) == ["Vladimir Putin"]
    # A government named by its capital speaks ("what did kyiv say"); a place does not.
    q = "what did guterres say about mariupol in kyiv"
    assert m.find(q) == ["Antonio Guterres"]
    assert m.find("what did kyiv say about the talks") == ["Kyiv"]
    # Without "what did X say", every speaker named in a speech question counts.
    q = "putin and macron comments on the plant"
    assert m.whose_words(q, m.find(q)) == ["Vladimir Putin", "Emmanuel Macron"]
    # "<speaker> on <topic>" asks for the speaker's words; a clause before "about" does not.
    q = "putin on rai 1: would he talk to macron"
    assert m.whose_words(q, m.find(q)) == ["Vladimir Putin"]
    q = "did putin and macron talk about the plant"
    assert m.whose_words(q, m.find(q)) == []
    # How someone feels about a thing is asked of their words too.
    q = "how does macron feel about negotiating after mariupol"
    assert m.whose_words(q, m.find(q)) == ["Emmanuel Macron"]


def test_a_passage_naming_someone_quoted() -> None:
    m = matcher(
        SpeakerEntry("Davyd Arakhamia", "", ["Arakhamia"], "person"),
        SpeakerEntry("the Kremlin", "", [], "organisation"),
    )
    assert m.names_someone("The delegation included Davyd Arakhamia and the defence minister.")
    assert not m.names_someone("The delegations held the first round near the border.")
    assert not m.names_someone("The Kremlin said the talks would go on.")  # a body, not a person


def test_the_owner_of_an_office_is_not_the_one_asked_for() -> None:
    m = matcher(
        SpeakerEntry("Vladimir Putin", "President of Russia", ["Putin"], "person"),
        SpeakerEntry("Volodymyr Zelenskyy", "President of Ukraine", ["Zelensky"], "person"),
        SpeakerEntry("Dmitry Peskov", "Kremlin spokesman", ["Peskov"], "person"),
        SpeakerEntry(
            "Anton Vaino", "Chief of Staff of the Presidential Executive Office", [], "person"
        ),
        SpeakerEntry("the Kremlin", "", [], "organisation"),
    )
    for q in (
        "what did putin's spokesman say about the talks",
        "what did putins security council say about the talks",
        "what did zelensky’s office say about istanbul",
        # "chief of staff" alone finds the Kremlin's; Zelenskyy's is someone else.
        "what did zelenskys chief of staff say",
    ):
        assert m.whose_words(q, m.find(q)) == [], q
    # Their own words, and an office named without an owner, are still asked for.
    q = "what did putin say about zelensky's team"
    assert m.whose_words(q, m.find(q)) == ["Vladimir Putin"]
    q = "what did the kremlin spokesman say about the talks"
    assert m.whose_words(q, m.find(q)) == ["Dmitry Peskov"]
    # Someone the index knows, written without the apostrophe: not an unknown speaker.
    assert m.knows("putins spokesman") and m.knows("putin's spokesman")
    assert not m.knows("rutte")
