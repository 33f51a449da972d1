"""End to end, what the Discord audit found: refusals that used up the cooldown or were posted
publicly, out-of-date commands answered as bugs, bad .jsonl lines never reported, file names
re-cased, a blank `about:`, attachment-only DMs, identical re-uploads, expired tokens."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

import pytest
from bot_fixtures import (  # noqa: F401  (fixtures, used by name)
    VALLETTA_MD,
    GatedEmbedder,
    Harness,
    embed_text,
    finished,
    harness_fixture,
    parley_root_fixture,
    start_parley_fixture,
    until,
)

from bot.errors import sentence

QUESTION = "What did Putin say about serious talks?"
VALLETTA = {"file": ("valletta.md", VALLETTA_MD, "text/markdown")}
TOO_FAST = "asking a little fast"
EMPTY = "Nothing is indexed yet; a moderator can build the index with `/reindex`."
STALE = "This command has changed or is not available yet; try again in a minute."


# --- the cooldown counts accepted questions only ------------------------------------------------
@pytest.mark.parametrize(
    ("name", "options", "refusal"),
    [
        ("ask", {"question": QUESTION, "since": "yesterday"}, "date like"),
        ("ask", {"question": "peace " * 100}, "too long"),
        ("ask", {"question": "talks", "speaker": "Nobody Atall"}, "no speaker called"),
        ("who", {"quote": "serious talks"}, "few words"),
        ("quotes", {"speaker": "Nobody Atall"}, "no speaker called"),
    ],
)
async def test_a_refused_question_does_not_use_up_the_cooldown(
    start_parley, name: str, options: dict[str, Any], refusal: str
):
    h = await start_parley(cooldown_seconds=30)
    refused = await (await h.sd.slash(name, options)).response()
    assert refused.ephemeral and refusal in refused.content.lower()
    corrected = await h.slash_final("quotes", {"speaker": "Putin"})
    assert TOO_FAST not in corrected.content and corrected.embed.get("fields")
    # The accepted question did start the pause.
    again = await (await h.sd.slash("ask", {"question": QUESTION})).response()
    assert TOO_FAST in again.content


async def test_a_refused_dm_does_not_use_up_the_cooldown(start_parley):
    h = await start_parley(cooldown_seconds=30)
    asked = await h.sd.dm(h.sd.member, "peace " * 200)
    refused = await h.sd.wait_for_message(channel_id=asked.channel_id)
    assert refused.content.startswith("Sorry: The question is too long")
    await h.sd.dm(h.sd.member, QUESTION)
    answered = await h.sd.wait_for_message(channel_id=asked.channel_id)
    assert TOO_FAST not in answered.content and "[1] " in answered.content


# --- refusals stay private ----------------------------------------------------------------------
async def test_who_with_too_few_words_is_refused_privately(harness: Harness):
    handle = await harness.sd.slash("who", {"quote": "“serious talks”"})
    reply = await handle.response()
    assert handle.callbacks[0].type == 4  # refused before deferring: nothing public
    assert reply.ephemeral
    assert reply.content == "Give at least a few words of the quotation to check."
    assert harness.sd.errors == []


async def test_with_no_index_members_are_told_privately_whom_to_ask(
    parley_root: Path, start_parley
):
    shutil.rmtree(parley_root / "data")
    h = await start_parley()
    asks = [
        ("ask", {"question": QUESTION}),
        ("ask", {"question": QUESTION, "speaker": "Putin"}),
        ("who", {"quote": "we are ready for serious talks"}),
        ("quotes", {"speaker": "Putin"}),
        ("speakers", {}),
        ("sources", {}),
    ]
    for name, options in asks:
        reply = await (await h.sd.slash(name, options)).response()
        assert reply.ephemeral, name
        assert reply.content == EMPTY, (name, reply.content)
    asked = await h.sd.dm(h.sd.member, QUESTION)
    dm = await h.sd.wait_for_message(channel_id=asked.channel_id)
    assert dm.content == f"Sorry: {EMPTY}"
    assert h.sd.errors == []


# --- commands the bot does not have (any more, or yet) ------------------------------------------
async def test_an_unknown_command_is_a_private_hint_and_a_warning(
    harness: Harness, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO)
    # Discord still offers /speakers (synced before), but the running bot no longer has it.
    harness.bot.tree.remove_command("speakers")
    reply = await (await harness.sd.slash("speakers")).response()
    assert reply.ephemeral and reply.content == STALE
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(
        r.levelno == logging.WARNING and "/speakers" in r.getMessage() for r in caplog.records
    )


async def test_an_out_of_date_command_is_a_private_hint_and_a_warning(
    harness: Harness, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO)
    # The user's client still shows an older /ask whose option was called `query`.
    old = harness.sd.state.find_command("ask", harness.sd.guild.id)
    old["options"] = [{"type": 3, "name": "query", "description": "Question", "required": True}]
    reply = await (await harness.sd.slash("ask", {"query": QUESTION})).response()
    assert reply.ephemeral and reply.content == STALE
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(r.levelno == logging.WARNING and "/ask" in r.getMessage() for r in caplog.records)


async def test_autocomplete_of_an_unknown_command_offers_nothing(
    harness: Harness, caplog: pytest.LogCaptureFixture
):
    harness.bot.tree.remove_command("quotes")
    assert await harness.sd.autocomplete("quotes", "speaker", "put") == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert harness.sd.errors == []


# --- /add -----------------------------------------------------------------------------------------
async def test_add_jsonl_names_its_bad_lines(harness: Harness):
    sd = harness.sd
    good = [
        {
            "id": f"round{i}",
            "title": f"Talks round {i}",
            "source": "JSON Wire",
            "date": f"2025-01-0{i}",
            "text": f'Negotiators met again on day {i}. "We are close to a deal on corridor {i}," '
            "said Marta Kowalczyk, the mediator.",
        }
        for i in range(1, 4)
    ]
    lines = [json.dumps(g) for g in good] + ["{broken json", json.dumps({"title": "no text"})]
    upload = {"file": ("bulk.jsonl", "\n".join(lines).encode())}
    msg = await harness.slash_final("add", user=sd.moderator, attachments=upload)
    text = embed_text(msg)
    assert msg.embed["title"] == "Article added" and "Added 3 articles" in text
    assert "line 4 is not valid JSON" in text and "line 5 has no text" in text
    assert "Not added (2)" in text
    assert sd.errors == []


async def test_an_error_keeps_the_file_name_as_it_was(harness: Harness):
    sd = harness.sd
    empty = {"file": ("iPhone.txt", b"")}
    reply = await finished(await sd.slash("add", user=sd.moderator, attachments=empty))
    assert reply.ephemeral and "iPhone.txt" in reply.content and "IPhone" not in reply.content


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("the question is empty", "The question is empty."),
        ("no speaker called 'x' in the index.", "No speaker called 'x' in the index."),
        ("iPhone.txt: the file is empty", "iPhone.txt: the file is empty."),
        ("valletta.md: the file is empty", "valletta.md: the file is empty."),
        ("`about` is too long", "`about` is too long."),
    ],
)
def test_messages_become_sentences_without_recasing_names(raw: str, shown: str):
    assert sentence(raw) == shown


async def test_adding_the_same_file_again_says_nothing_new(harness: Harness):
    sd = harness.sd
    first = await harness.slash_final("add", user=sd.moderator, attachments=VALLETTA)
    assert first.embed["title"] == "Article added"
    assert "Already indexed" not in first.embed["description"]  # the other articles are not its
    again = await harness.slash_final("add", user=sd.moderator, attachments=VALLETTA)
    assert again.embed["title"] == "Nothing new was added"
    assert "Already indexed, unchanged: 1 article." in again.embed["description"]
    assert "Added" not in again.embed["description"]


# --- /quotes about: -------------------------------------------------------------------------------
async def test_a_blank_about_is_no_topic(harness: Harness):
    msg = await harness.slash_final("quotes", {"speaker": "Putin", "about": "   "})
    assert "newest first" in msg.embed["description"] and "about" not in msg.embed["title"]
    assert msg.embed.get("fields")
    long = await (
        await harness.sd.slash("quotes", {"speaker": "Putin", "about": "ceasefire " * 60})
    ).response()
    assert long.ephemeral and long.content.startswith("`about` is too long")


# --- DMs ------------------------------------------------------------------------------------------
async def test_an_attachment_only_dm_is_told_how_articles_are_added(harness: Harness):
    sd = harness.sd
    asked = await sd.dm(sd.member, "", attachments=[("article.txt", b"Putin said hello.")])
    reply = await sd.wait_for_message(channel_id=asked.channel_id)
    assert "questions written as text" in reply.content and "`/add`" in reply.content
    assert not reply.pings_anyone


# --- a build that outlives its interaction ------------------------------------------------------
async def test_a_summary_the_reply_can_no_longer_show_goes_by_dm(start_parley, parley_root: Path):
    gate = GatedEmbedder()
    h = await start_parley(embedder=gate)
    sd = h.sd
    (parley_root / "corpus" / "extra").mkdir()
    (parley_root / "corpus" / "extra" / "valletta.md").write_bytes(VALLETTA_MD)
    handle = await sd.slash("reindex", user=sd.moderator)
    await gate.wait_until_building()
    # Fifteen minutes pass: Discord forgets the interaction (404 Unknown Webhook).
    del sd.state.interactions_by_token[handle.token]
    gate.release()
    dm_channel = sd.state.dm_channel(sd.moderator)
    late = await sd.wait_for_message(channel_id=dm_channel, timeout=20)
    assert late.content.startswith("Your `/reindex` took longer than Discord lets me edit")
    assert late.embed["title"] == "Reindex finished" and "1 added" in late.embed["description"]
    assert not late.pings_anyone
