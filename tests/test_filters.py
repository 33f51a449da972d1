"""Search filters: outlet, date range, speaker; bad dates refused with a clear message."""

from __future__ import annotations

import pytest

from index.errors import BadInput, NotFound
from index.search import Filters

DATED = """---
title: Envoys meet in Geneva
source: Geneva Gazette
date: 2022-03-15
---
Envoys from both delegations met in Geneva on Tuesday to discuss humanitarian corridors.
“The corridors are a first step,” said Anna Berg, the Swiss mediator.
“We agreed on two corridors for the evacuation of civilians,” said Mykola Tochytskyi, the
deputy foreign minister who led the talks. Observers called the meeting a modest step forward
and said the negotiators would meet again the following week in the same city.
"""


@pytest.fixture
async def dated(built_parley):
    await built_parley.add_bytes("geneva.md", DATED.encode())
    return built_parley


async def test_date_range_and_source(dated) -> None:
    inside = await dated.search("corridors geneva", filters=Filters(since="2022-03"))
    assert inside.results and all(r.passage.date.startswith("2022-03") for r in inside.results)
    until = await dated.search("corridors geneva", filters=Filters(until="2022-03"))
    assert [r.passage.article_key for r in until.results] == ["geneva"]
    # No article before: said so, not "nothing relevant" (which blames the question).
    with pytest.raises(NotFound, match=r"no indexed article matches .*until 2022-02-28"):
        await dated.search("corridors geneva", filters=Filters(until="2022-02-28"))
    with pytest.raises(NotFound, match="source Reuters"):
        await dated.search("corridors geneva", filters=Filters(source="Reuters"))
    # An article of the outlet exists, but none quoting the speaker asked for.
    with pytest.raises(NotFound, match="speaker Anna Berg, source"):
        await dated.search("corridors", filters=Filters(speaker="berg", source="kyiv"))
    by_outlet = await dated.search("corridors", filters=Filters(source="gazette"))
    assert {r.passage.source for r in by_outlet.results} == {"Geneva Gazette"}


@pytest.mark.parametrize(
    "bad", ["march 2022", "15/03/2022", "2022-3-1", "2022-13-45", "2022-02-30", "2022-00", "0000"]
)
async def test_a_bad_date_is_refused(dated, bad: str) -> None:
    with pytest.raises(BadInput, match="date like"):
        await dated.search("corridors", filters=Filters(since=bad))


async def test_a_range_ending_before_it_starts_is_refused(dated) -> None:
    with pytest.raises(BadInput, match="after until"):
        await dated.search("corridors", filters=Filters(since="2022-03-15", until="2022-03-01"))
    # The same month at both ends is a range, not an error.
    r = await dated.search("corridors", filters=Filters(since="2022-03-15", until="2022-03"))
    assert r.results


async def test_speaker_filter_and_unknown_speaker(dated) -> None:
    r = await dated.search("corridors", filters=Filters(speaker="tochytskyi"))
    assert r.results
    # Each result shows the filtered speaker's quotation first, not another's in the passage.
    assert all("Tochytskyi" in res.quotes[0].speaker for res in r.results)
    unfiltered = await dated.search("corridors")
    assert unfiltered.results[0].quotes[0].speaker == "Anna Berg"
    with pytest.raises(NotFound):
        await dated.search("corridors", filters=Filters(speaker="Nobody Atall"))


async def test_a_speaker_filter_several_speakers_fit_is_refused(dated) -> None:
    await dated.add_bytes(
        "minsk.md",
        b"---\ntitle: Talks in Minsk\nsource: Minsk Daily\ndate: 2022-03-16\n---\n"
        + "“We will keep the corridors open,” said Anna Kovalenko, the deputy foreign minister."
        "\n\n“The corridors will be tested within days,” said Oleh Marchuk, the Russian deputy "
        "foreign minister.\n".encode(),
    )
    with pytest.raises(BadInput, match="several speakers"):
        await dated.search("corridors", filters=Filters(speaker="deputy foreign minister"))
    r = await dated.search("corridors", filters=Filters(speaker="kovalenko"))
    assert r.results


async def test_the_line_on_top_names_the_asked_speaker_first(dated) -> None:
    from index.format import who_line

    r = await dated.search("what did tochytskyi say about the corridors")
    assert r.results[0].quotes[0].speaker == "Mykola Tochytskyi"
    assert who_line(r).startswith("Quoted: Mykola Tochytskyi")


async def test_a_quotation_carried_by_two_outlets_is_listed_once(dated) -> None:
    # Another outlet's story around the same quotation (an identical text would be one article).
    copy = (
        DATED.replace("Geneva Gazette", "Kyiv Courier")
        .replace("2022-03-15", "2022-03-16")
        .replace("Envoys from both delegations met", "The two delegations sat down")
    )
    await dated.add_bytes("courier.md", copy.encode())
    hits = await dated.quotes("tochytskyi")
    assert len(hits) == 1
    assert {hits[0].source, *(c.source for c in hits[0].also_in)} == {
        "Geneva Gazette",
        "Kyiv Courier",
    }
    assert hits[0].as_dict()["also_in"][0]["source"] in {"Geneva Gazette", "Kyiv Courier"}


@pytest.mark.parametrize("question", ["Що сказав Путін про Стамбул?", "Что сказал Путин?"])
async def test_a_question_in_a_script_no_article_uses_is_told_the_language(
    dated, question: str
) -> None:
    with pytest.raises(BadInput, match="language of the articles, English"):
        await dated.search(question)
    # A Latin-script question with a Cyrillic name in it is still a question.
    assert (await dated.search("what did Тochytskyi say about corridors")).results
