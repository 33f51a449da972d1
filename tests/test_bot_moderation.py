"""Moderators end to end: /reindex (refused to members, progress, busy, questions still
answered), /add (file and URL), /remove with autocomplete, /stats."""

from __future__ import annotations

import re

import pytest
from bot_fixtures import (  # noqa: F401  (fixtures, used by name)
    VALLETTA_MD,
    GatedEmbedder,
    Harness,
    embed_text,
    harness_fixture,
    parley_root_fixture,
    start_parley_fixture,
    until,
)
from standin.world import EVERYONE_PERMISSIONS

VALLETTA = {"file": ("valletta.md", VALLETTA_MD, "text/markdown")}


async def test_members_are_refused_moderator_commands(harness: Harness):
    sd = harness.sd
    for name in ("reindex", "stats", "remove", "add"):
        options = {"article": "x"} if name == "remove" else {}
        reply = await (await sd.slash(name, options, user=sd.member)).response()
        assert reply.ephemeral and reply.content == "Only moderators can use this command."
    with pytest.raises(ValueError, match="guild only"):  # and never offered in DMs
        await sd.slash("reindex", guild=False, user=sd.moderator)
    assert all(
        c.get("default_member_permissions") == "32"
        for c in sd.commands
        if c["name"] in {"reindex", "add", "remove", "stats"}
    )
    assert sd.errors == []


async def test_the_moderator_role_is_enough_without_manage_server(start_parley):
    h = await start_parley(moderator_role="moderator")
    sd = h.sd
    as_role = await h.slash_final(
        "stats", user=sd.member, member_permissions=EVERYONE_PERMISSIONS, roles=["Moderator"]
    )
    assert as_role.ephemeral and as_role.embed["title"] == "Parley index"
    plain = await (await sd.slash("stats", user=sd.member)).response()
    assert "Only moderators" in plain.content


async def test_reindex_reports_progress_while_questions_are_still_answered(
    start_parley, parley_root
):
    gate = GatedEmbedder()
    h = await start_parley(embedder=gate)
    sd = h.sd
    (parley_root / "corpus" / "extra").mkdir()
    (parley_root / "corpus" / "extra" / "valletta.md").write_bytes(VALLETTA_MD)

    reindex = await sd.slash("reindex", user=sd.moderator)
    first = await reindex.wait_callback()
    assert first.type == 5 and first.elapsed < 3
    await gate.wait_until_building()
    # The build is held at its embedding step: a member's question is answered meanwhile.
    answer = await h.slash_final("ask", {"question": "What did Putin say about serious talks?"})
    assert answer.embed["fields"]
    # A second build is told one is running.
    busy = await (await sd.slash("reindex", user=sd.owner)).response()
    assert busy.ephemeral and "already running" in busy.content
    progress = await until(lambda: "articles read" in reindex.original.content, 5)
    assert progress
    assert reindex.original.content == "Reindexing… 1/1 articles read."

    gate.release()
    done = await until(lambda: reindex.original.embeds and reindex.original, 20)
    assert done.embed["title"] == "Reindex finished"
    assert done.embed["description"].startswith("1 added, 0 changed, 0 removed, 5 unchanged")
    assert "valletta" in embed_text(done) and done.content in ("", None)
    assert reindex.original.edits <= 5  # progress edits are throttled
    # The new index is swapped in: its quotations are answerable.
    quotes = await h.slash_final("quotes", {"speaker": "Kowalczyk"})
    assert "grain corridor" in embed_text(quotes)
    assert sd.errors == []


async def test_add_a_file_makes_its_quotes_answerable(harness: Harness):
    sd = harness.sd
    added = await harness.slash_final("add", user=sd.moderator, attachments=VALLETTA)
    assert added.ephemeral and added.embed["title"] == "Article added"
    text = embed_text(added)
    assert "Harbour talks in Valletta stall over grain corridor" in text
    assert "Outlet: Test Wire" in text and "Passages: 1" in text and "Quotations: " in text
    msg = await harness.slash_final("who", {"quote": "the grain corridor stays closed"})
    assert "Marta Kowalczyk" in embed_text(msg)
    assert msg.button("Test Wire")["url"] == "https://example.org/valletta-grain-talks"
    refused = await (
        await sd.slash("add", user=sd.moderator, attachments={"file": ("x.pdf", b"%PDF-1.4")})
    ).response()
    assert refused.ephemeral and ".txt" in refused.content
    assert sd.errors == []


async def test_add_a_url(harness: Harness):
    sd = harness.sd
    body = VALLETTA_MD.decode().split("---", 2)[2].strip()
    html = (
        "<html><head><title>Harbour talks in Valletta stall</title>"
        '<meta property="og:site_name" content="Test Wire"></head><body><article>'
        + "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
        + "</article></body></html>"
    )
    url = sd.serve("valletta.html", html, "text/html")
    added = await harness.slash_final("add", {"url": url}, user=sd.moderator)
    assert added.embed.get("title") == "Article added", added.content
    assert "Valletta" in embed_text(added)
    neither = await (await sd.slash("add", user=sd.moderator)).response()
    assert neither.ephemeral and "either a file or a url" in neither.content


async def test_remove_with_autocomplete_and_stats(harness: Harness):
    sd = harness.sd
    await harness.slash_final("add", user=sd.moderator, attachments=VALLETTA)
    choices = await sd.autocomplete("remove", "article", "valletta", user=sd.moderator)
    assert [c["value"] for c in choices] == ["valletta"]
    assert choices[0]["name"].startswith("Harbour talks in Valletta")
    assert len(await sd.autocomplete("remove", "article", "", user=sd.moderator)) == 6

    await harness.slash_final("ask", {"question": "Who spoke about the grain corridor?"})
    stats = await harness.slash_final("stats", user=sd.moderator)
    fields = {f["name"]: f["value"] for f in stats.embed["fields"]}
    assert fields["Articles"] == "6" and fields["Questions answered"] == "1"
    assert int(fields["Quotations"].replace(",", "")) > 0 and "UTC" in fields["Index built"]

    removed = await harness.slash_final("remove", {"article": "valletta"}, user=sd.moderator)
    assert removed.content.startswith("Removed “Harbour talks in Valletta")
    sources = await harness.slash_final("sources")
    assert "Valletta" not in embed_text(sources)
    again = await harness.slash_final("remove", {"article": "valletta"}, user=sd.moderator)
    assert again.ephemeral and "/sources" in again.content
    assert sd.errors == []


async def test_a_refusal_quoting_a_long_input_still_reaches_the_moderator(harness: Harness):
    # "No article '<2,500 pasted characters>'": over Discord's 2000, the edit of the deferred
    # reply was refused and the moderator left with "thinking…" for good.
    sd = harness.sd
    handle = await sd.slash("remove", {"article": "zivo outplays " * 200}, user=sd.moderator)
    await handle.response(10)
    await until(lambda: handle.original is not None and not handle.original.loading, 12)
    assert handle.original.content.startswith("No article")
    assert len(handle.original.content) <= 2000
    assert sd.errors == []


async def test_stats_counts_the_speakers_speakers_lists(harness: Harness):
    # The registry table also holds every alias-file entry: 54 "speakers" against 34 quoted.
    sd = harness.sd
    stats = embed_text(await harness.slash_final("stats", user=sd.moderator))
    listed = embed_text(await harness.slash_final("speakers"))
    n_stats = int(re.search(r"Speakers\n([\d,]+)", stats).group(1).replace(",", ""))
    n_listed = int(re.search(r"Who is quoted \((\d+) speakers?\)", listed).group(1))
    assert n_stats == n_listed > 0


async def test_remove_takes_the_title_sources_shows(harness: Harness):
    # /sources lists titles, not ids: a title typed (or pasted) in full names its article.
    sd = harness.sd
    [source] = [s for s in await harness.parley.sources() if s["article_id"].startswith("002_")]
    typed = "  " + source["title"].upper() + " "
    removed = await harness.slash_final("remove", {"article": typed}, user=sd.moderator)
    assert removed.content.startswith("Removed “"), removed.content
    assert source["article_id"] not in {s["article_id"] for s in await harness.parley.sources()}
