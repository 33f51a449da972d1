"""Answers that need the real model: verify (exact, cut, paraphrased, absent), speaker-aware
search, "who" questions, abstention, one quotation from several outlets, quote listings.

One in-process seed index with the default model (multilingual-e5-small) serves the whole
module.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from conftest import copy_corpus, make_settings

from index.search import Filters
from index.service import Parley
from index.settings import Settings

# One event loop for the module: the index and its worker threads are shared by every test.
pytestmark = [pytest.mark.model, pytest.mark.asyncio(loop_scope="module")]

ISTANBUL = (
    "We never refused, but not on the basis of some ephemeral demands, rather on the basis of "
    "the documents which were agreed on and actually initialed in Istanbul"
)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def real(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Parley]:
    root = tmp_path_factory.mktemp("answers")
    copy_corpus(root)
    parley = Parley(make_settings(root, model=Settings.model_fields["model"].default))
    await parley.open()
    await parley.build()
    yield parley
    await parley.close()


# --- verify ---------------------------------------------------------------------------------
async def test_verify_exact_quote(real: Parley) -> None:
    v = await real.verify(ISTANBUL)
    assert v.found and v.speaker == "Vladimir Putin"
    assert v.source == "Responsible Statecraft" and v.match == "exact"


async def test_verify_cut_quote(real: Parley) -> None:
    v = await real.verify("“not on the basis of some ephemeral demands”")
    assert v.found and v.speaker == "Vladimir Putin"


async def test_verify_paraphrased_quote(real: Parley) -> None:
    v = await real.verify(
        "We never refused to negotiate, but only on the basis of the documents agreed and "
        "initialed in Istanbul, not on ephemeral demands"
    )
    assert v.found and v.speaker == "Vladimir Putin"
    assert v.match in {"partial", "paraphrase"}


@pytest.mark.parametrize(
    "claim",
    [
        "Putin promised to withdraw every Russian soldier from Ukraine by Christmas",
        "We will never sit at the same table as the Ukrainian leadership",
        # A one-word scare quote of Putin's ("serious") inside an invented sentence.
        "the weather in Paris is serious and cold this week",
        "I am a serious person who likes cake",
    ],
)
async def test_verify_absent_quote_is_not_found(real: Parley, claim: str) -> None:
    v = await real.verify(claim)
    assert not v.found and v.speaker is None


async def test_verify_refuses_too_short(real: Parley) -> None:
    from index.errors import BadInput

    with pytest.raises(BadInput):
        await real.verify("talks")
    with pytest.raises(BadInput, match="the quotation is empty"):
        await real.verify("  ")


async def test_verify_the_last_sentence_of_a_long_quotation(real: Parley) -> None:
    # "… we'll never know what his real intentions are. If it's a bluff, …": the "never" of
    # the sentence before had made the claim's polarity differ, and Charap's name was lost.
    v = await real.verify("If it’s a bluff, you only know when you call it")
    assert v.found and v.speaker == "Samuel Charap" and v.match == "exact"


# --- search ---------------------------------------------------------------------------------
async def test_done_question_first_with_putin_quoted(real: Parley) -> None:
    r = await real.search("What did Putin say about the documents initialed in Istanbul?")
    assert not r.abstained
    first = r.results[0]
    assert "initialed in Istanbul" in first.passage.text
    assert first.quotes[0].speaker == "Vladimir Putin"


async def test_who_question_names_the_speaker_of_the_matching_quote(real: Parley) -> None:
    r = await real.search("who said it's a bluff?")
    assert r.speakers and r.speakers[0] == "Samuel Charap"
    assert any("bluff" in q.text for q in r.results[0].quotes)


async def test_speaker_filter_keeps_only_that_speakers_passages(real: Parley) -> None:
    r = await real.search("talks", filters=Filters(speaker="zelenskiy"))
    assert r.results
    for res in r.results:
        assert any(q.speaker == "Volodymyr Zelensky" or "Zelensk" in q.speaker for q in res.quotes)


@pytest.mark.parametrize(
    "question",
    [
        "what did rutte say about ukraine joining nato",  # nobody of that name is quoted
        "how do i reset my discord password",  # off-topic
        "how do i install python",  # off-topic, though one of its two words is in the seeds
        "what did putin say about the moskva cruiser sinking",  # the speaker is, the topic not
    ],
)
async def test_nothing_relevant_is_said_plainly(real: Parley, question: str) -> None:
    r = await real.search(question)
    assert r.abstained and r.results == []


async def test_meaning_decides_when_the_words_are_not_the_articles(real: Parley) -> None:
    # The article says "in exchange for", never "in return": with the keyword side at full
    # weight the answer ranked 12th (held-out question h-s006).
    r = await real.search("what would ukraine get in return if it ends up giving up land")
    assert any("in exchange for security guarantees" in x.passage.text for x in r.results[:5])


@pytest.mark.parametrize(
    "question",
    ["what did putin say about istanbul", "did zelenksy say he would meet putin"],
)
async def test_answerable_questions_are_answered(real: Parley, question: str) -> None:
    r = await real.search(question)
    assert not r.abstained and r.results


async def test_one_quotation_from_several_outlets_is_shown_once(real: Parley) -> None:
    body = (
        "Kremlin signals openness\n\n"
        "Speaking at the Eastern Economic Forum, the Russian leader returned to an old theme. "
        f"“Are we ready to negotiate with them? {ISTANBUL},” said Putin. "
        "Western diplomats were unimpressed by the remarks, which repeated earlier positions.\n"
    )
    await real.add_bytes("wire-copy.txt", body.encode())
    r = await real.search("what did putin say about the documents initialed in istanbul")
    first = r.results[0]
    keys = {first.passage.article_key, *(c.article_id for c in first.also_in)}
    assert {"wire-copy", "001_bca9748009f8437c"} <= keys
    # No other result repeats that quotation.
    for res in r.results[1:]:
        assert not any("initialed in Istanbul" in q.text for q in res.quotes)


# --- listings -------------------------------------------------------------------------------
async def test_quotes_by_speaker_and_about(real: Parley) -> None:
    hits = await real.quotes(speaker="putin", about="documents initialed in istanbul")
    assert hits and all(h.quote.speaker == "Vladimir Putin" for h in hits)
    assert "Istanbul" in hits[0].quote.text


async def test_speakers_most_quoted_first(real: Parley) -> None:
    speakers = await real.speakers()
    counts = [s.quotes for s in speakers]
    assert counts == sorted(counts, reverse=True)
    assert speakers[0].name == "Vladimir Putin"
