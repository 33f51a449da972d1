"""An outlet speaks in its own articles: "what did the kremlin say about istanbul" is answered by
the Kremlin's readouts, though no one in them is quoted as "the Kremlin", and only by them."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from conftest import make_settings

from index.embed import FakeEmbedder
from index.service import Parley

KREMLIN = "President of Russia (en.kremlin.ru)"
KYIV = "President of Ukraine (president.gov.ua)"

ARTICLES = [
    {
        "id": "ru-1",
        "title": "Telephone conversation with President of Turkey",
        "source": KREMLIN,
        "published": "2022-03-30T18:00:00Z",
        "url": "http://en.kremlin.ru/events/president/news/1",
        "text": (
            "The leaders discussed the round of talks between the Russian and Ukrainian "
            "delegations held in Istanbul. The Turkish side was thanked for hosting the talks "
            "in Istanbul and for its help in organising them.\n\n"
            "Views were also exchanged on the supply of grain and fertiliser to world markets "
            "and on the partial withdrawal of troops after the exercises."
        ),
    },
    {
        "id": "ua-1",
        "title": "Address by the President on the situation in the south",
        "source": KYIV,
        "published": "2022-10-08T20:00:00Z",
        "url": "https://www.president.gov.ua/en/news/1",
        "text": (
            "The explosion on the Crimean bridge was seen by everyone this morning. The bridge "
            "explosion shows that the occupiers will not stay in Crimea.\n\n"
            "Our delegation was in Istanbul, and the talks in Istanbul gave no result: Istanbul "
            "saw only ultimatums. The Russian withdrawal from Kherson is not the end of the war."
        ),
    },
    {
        "id": "ua-2",
        "title": "Meeting with the Prime Minister of Japan",
        "source": KYIV,
        "published": "2022-05-11T12:00:00Z",
        "url": "https://www.president.gov.ua/en/news/2",
        "text": (
            "The parties discussed sanctions, the reconstruction of destroyed cities and the "
            "support of Ukrainian refugees in Japan. Financial aid was agreed upon."
        ),
    },
]


@pytest.fixture
async def statements(tmp_path: Path, clean_env: None) -> AsyncIterator[Parley]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "statements.jsonl").write_text(
        "".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8"
    )
    parley = Parley(make_settings(tmp_path), FakeEmbedder())
    await parley.open()
    await parley.build()
    try:
        yield parley
    finally:
        await parley.close()


async def test_an_outlet_is_asked_for_its_own_articles(statements: Parley) -> None:
    r = await statements.search("what did the kremlin say about istanbul")
    assert not r.abstained
    # The Ukrainian address says "Istanbul" as often; the Kremlin's readout is what was asked.
    assert r.results[0].passage.source == KREMLIN
    assert "Istanbul" in r.results[0].passage.text


async def test_an_outlet_silent_on_the_topic_gets_nothing_relevant(statements: Parley) -> None:
    # Only the Ukrainian address speaks of the bridge: that is not what the Kremlin said.
    r = await statements.search("what did the kremlin say about the crimean bridge explosion")
    assert r.abstained and r.results == []
    r = await statements.search("what did ukraine say about the crimean bridge explosion")
    assert not r.abstained and r.results[0].passage.source == KYIV


async def test_an_outlet_must_hold_most_of_the_topic(statements: Parley) -> None:
    # The readout speaks of a withdrawal, not of Kherson: one word of two is not an answer.
    r = await statements.search("did the kremlin comment on the kherson withdrawal")
    assert r.abstained
    r = await statements.search("what did ukraine say about the kherson withdrawal")
    assert not r.abstained


async def test_a_stranger_is_still_unknown(statements: Parley) -> None:
    r = await statements.search("what did the white house say about istanbul")
    assert r.abstained and r.results == []


async def test_a_question_pointing_at_an_outlets_text_ranks_it_first(statements: Parley) -> None:
    searcher = statements.searcher
    assert searcher.outlet_named("in the kremlin readout, what about istanbul") == KREMLIN
    # "president" names both outlets: no one outlet is meant.
    assert searcher.outlet_named("the president article on istanbul") is None
    assert searcher.outlet_named("the istanbul talks") is None
    plain = await statements.search("talks in istanbul")
    pointed = await statements.search("the kremlin readout on talks in istanbul")
    assert plain.results[0].passage.source == KYIV  # "Istanbul" three times in the address
    assert pointed.results[0].passage.source == KREMLIN
