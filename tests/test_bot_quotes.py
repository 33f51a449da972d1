"""/quotes, /who, /speakers, /sources and /help end to end."""

from __future__ import annotations

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
