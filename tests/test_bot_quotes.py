"""/quotes, /who, /speakers, /sources and /help end to end."""

from __future__ import annotations

import json

from bot_fixtures import (  # noqa: F401  (fixtures, used by name)
    Harness,
    embed_text,
    harness_fixture,
    parley_root_fixture,
    start_parley_fixture,
)


async def test_speaker_autocomplete_lists_speakers(harness: Harness):
    known = {s.name for s in await harness.parley.speakers()}
    everyone = await harness.sd.autocomplete("quotes", "speaker", "")
    assert 0 < len(everyone) <= 25
    assert {c["value"] for c in everyone} <= known
    most_quoted = (await harness.parley.speakers())[0].name
    surname = most_quoted.split()[-1]
    typed = await harness.sd.autocomplete("quotes", "speaker", surname[:4].lower())
    assert most_quoted in [c["value"] for c in typed]
    assert await harness.sd.autocomplete("quotes", "speaker", "zzqxv") == []


async def test_quotes_lists_what_one_speaker_said(harness: Harness):
    top = (await harness.parley.speakers())[0]
    surname = top.name.split()[-1]
    msg = await harness.slash_final("quotes", {"speaker": surname})
    embed = msg.embed
    assert top.name in embed["title"] and "newest first" in embed["description"]
    assert embed["fields"][0]["name"].startswith("[1] " + top.name)
    assert len(embed["fields"]) <= 4
    if top.quotes > 4:
        assert msg.button("Next")
    about = await harness.slash_final("quotes", {"speaker": top.name, "about": "peace talks"})
    assert "most relevant first" in about.embed["description"]
    assert harness.sd.errors == []


async def test_quotes_refuses_an_unknown_speaker_ephemerally(harness: Harness):
    reply = await (await harness.sd.slash("quotes", {"speaker": "Nobody Atall"})).response()
    assert reply.ephemeral and "No speaker called" in reply.content
    assert "/speakers" in reply.content  # the index's CLI hint, said the Discord way


async def test_who_finds_a_quote_and_reports_an_absent_one(harness: Harness):
    hits = await harness.parley.quotes(None, None, None)
    quote = next(h for h in hits if h.quote.direct and len(h.quote.text.split()) >= 6)
    found = await harness.slash_final("who", {"quote": quote.quote.text})
    text = embed_text(found)
    assert quote.quote.speaker in text and "Found" in text
    assert quote.title.split()[0] in text  # the citation names the article when there is no link

    absent = await harness.slash_final(
        "who", {"quote": "we will build a bridge of marshmallows to the moon by Tuesday"}
    )
    assert "Not found in the indexed articles" in absent.embed["description"]
    assert harness.sd.errors == []


async def test_speakers_sources_and_help(harness: Harness):
    speakers = await harness.slash_final("speakers")
    assert speakers.embed["title"].startswith("Who is quoted")
    top = (await harness.parley.speakers())[0]
    assert f"**{top.name}**" in speakers.embed["description"].split("\n")[0]

    sources = await harness.slash_final("sources")
    assert "newest first" in sources.embed["title"]
    titles = [s["title"] for s in await harness.parley.sources()]
    assert titles[0][:30] in sources.embed["description"].split("\n")[0]

    help_msg = await (await harness.sd.slash("help")).response()
    assert help_msg.ephemeral
    text = embed_text(help_msg)
    for name in (
        "ask",
        "quotes",
        "who",
        "speakers",
        "sources",
        "reindex",
        "add",
        "remove",
        "stats",
    ):
        assert f"/{name}`" in text
    assert harness.sd.errors == []


async def test_quotes_says_when_it_shows_only_some_of_a_speakers_quotations(harness: Harness):
    # /speakers says 45; /quotes keeps 40 and must not call them all of them.
    sd = harness.sd
    paras = [
        f'"Point {i + 1}: the ports and convoy number {i + 1} must be settled before round '
        f'{i + 1} ends," said Marta Kowalczyk, the mediator.'
        for i in range(45)
    ]
    article = {
        "title": "Kowalczyk's forty-five points",
        "source": "Test Wire",
        "date": "2026-03-05",
        "url": "https://example.org/k45",
        "text": "\n\n".join(paras),
    }
    body = (json.dumps(article) + "\n").encode()
    added = await harness.slash_final(
        "add", user=sd.moderator, attachments={"file": ("k45.jsonl", body, "application/json")}
    )
    assert "Quotations: 45" in embed_text(added), embed_text(added)
    shown = await harness.slash_final("quotes", {"speaker": "Kowalczyk"})
    assert shown.embed["description"].startswith("40 of 45 quotations, newest first")
    about = await harness.slash_final("quotes", {"speaker": "Kowalczyk", "about": "ports"})
    assert "of 45" not in about.embed["description"]  # the most relevant: no total to give


async def test_speaker_suggestions_fold_accents_as_the_filter_does(harness: Harness):
    shown = await harness.slash_final("quotes", {"speaker": "Elysee Palace"})
    assert "Élysée" in embed_text(shown)  # the filter takes the name typed without accents
    typed = await harness.sd.autocomplete("quotes", "speaker", "elysee")
    assert any("Élysée" in c["name"] for c in typed), typed
