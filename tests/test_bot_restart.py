"""Buttons across a restart, end to end: an answer's Previous / Next and votes still work when
the bot that sent it has stopped and another one runs on the same data folder; a button none
of them knows is answered, not left to fail; the timeout greys out the page on screen. Also
/remove of an article whose id is longer than an autocomplete value may be."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiosqlite
import discord
from bot_fixtures import (  # noqa: F401  (fixtures, used by name)
    TOKEN,
    Harness,
    custom_id,
    embed_text,
    harness_fixture,
    parley_root_fixture,
    start_parley_fixture,
    until,
    write_settings,
)
from standin import StandinDiscord

from bot.client import ParleyBot
from bot.state import STATE_FILE, StateStore
from bot.text import CHOICE_MAX
from bot.views import NOT_YOURS, STALE, STALE_VOTE
from index.embed import FakeEmbedder
from index.service import Parley

QUESTION = "What did Putin say about serious talks?"


@contextlib.asynccontextmanager
async def bot_on(sd: StandinDiscord, root: Path, **overrides: Any) -> AsyncIterator[Harness]:
    """A ParleyBot on `root` connected to an existing stand-in, closed as a deploy closes it
    (run_bot's shutdown). Two in turn on one stand-in are a restart: Discord keeps the messages."""
    settings = write_settings(root, sd, **overrides)
    parley = Parley(settings, FakeEmbedder())
    await parley.open()
    state = await StateStore.open(settings.data_dir, settings.pages_kept)
    old = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    bot = ParleyBot(settings, parley, state, guild_ready_timeout=0.05)
    syncs = sd.state.command_syncs
    task = asyncio.create_task(bot.start(TOKEN))
    try:
        await sd.state.changes.wait_for(
            lambda: (
                sd.gateway.session is not None
                and sd.gateway.session.ready
                and sd.state.command_syncs > syncs
            ),
            15,
            "this bot to identify and sync",
        )
        await asyncio.wait_for(bot.wait_until_ready(), 5)
        yield Harness(sd, bot, parley, state, settings, parley._embedder)
    finally:
        await bot.close()
        await asyncio.gather(task, return_exceptions=True)
        await state.close()
        await parley.close()
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old


async def _ask_and_dm(h: Harness) -> tuple[int, int]:
    """An /ask answer and a DM answer, both of two pages: their message ids."""
    asked = await h.slash_final("ask", {"question": QUESTION}, user=h.sd.member)
    assert asked.embed["footer"]["text"] == "Page 1/2"
    dm = await h.sd.dm(h.sd.member, QUESTION)
    answer = await h.sd.wait_for_message(channel_id=dm.channel_id, timeout=10)
    assert answer.content.endswith("(page 1/2)")
    return asked.id, answer.id


async def _click(sd: StandinDiscord, message_id: int, label: str, user: Any) -> Any:
    shown = sd.state.message(message_id)
    handle = await sd.click(shown, custom_id(shown, label), user=user)
    return await handle.response(5)


async def test_buttons_still_work_after_a_restart(parley_root: Path):
    async with StandinDiscord(token=TOKEN) as sd:
        async with bot_on(sd, parley_root) as first:
            asked, dm = await _ask_and_dm(first)
            first_page = embed_text(sd.state.message(asked))
        # The old bot is gone; its buttons were left as they were, and still work.
        async with bot_on(sd, parley_root) as second:
            await _click(sd, asked, "Next", sd.member)
            page2 = sd.state.message(asked)
            assert page2.embed["footer"]["text"] == "Page 2/2"
            assert page2.embed["fields"][0]["name"].startswith("[4] ")
            assert page2.button("Next")["disabled"] is True
            assert page2.button("Previous")["disabled"] is False

            refused = await _click(sd, asked, "Previous", sd.moderator)
            assert refused.ephemeral and refused.content == NOT_YOURS
            assert sd.state.message(asked).embed["footer"]["text"] == "Page 2/2"

            await _click(sd, asked, "Previous", sd.member)
            assert embed_text(sd.state.message(asked)) == first_page  # as it was first shown

            thanks = await _click(sd, asked, "Helpful", sd.moderator)
            assert thanks.ephemeral and thanks.content.startswith("Thanks")
            votes = await second.state.votes()
            assert [(v["question"], v["kind"], v["user_id"]) for v in votes] == [
                (QUESTION, "ask", sd.moderator.id)
            ]

            await _click(sd, dm, "Next", sd.member)
            assert sd.state.message(dm).content.endswith("(page 2/2)")
            assert await second.state.questions_answered() == 2  # clicks are not questions
        assert sd.errors == []


async def test_pages_older_than_kept_are_deleted_and_their_buttons_ask_again(parley_root: Path):
    async with StandinDiscord(token=TOKEN) as sd:
        async with bot_on(sd, parley_root) as first:
            asked, dm = await _ask_and_dm(first)
        async with aiosqlite.connect(parley_root / "data" / STATE_FILE) as db:
            # The DM's pages were shown two days ago; the /ask answer's just now.
            await db.execute(
                "UPDATE pagers SET created_at = '2000-01-01T00:00:00+00:00' WHERE id = "
                "(SELECT max(id) FROM pagers)"
            )
            await db.commit()
        async with bot_on(sd, parley_root, pages_kept_days=1) as second:
            stale = await _click(sd, dm, "Next", sd.member)
            assert stale.ephemeral and stale.content == STALE
            assert sd.state.message(dm).content.endswith("(page 1/2)")
            await _click(sd, asked, "Next", sd.member)  # a recent one still turns
            assert sd.state.message(asked).embed["footer"]["text"] == "Page 2/2"
            thanks = await _click(sd, dm, "Helpful", sd.moderator)  # answers are kept
            assert thanks.ephemeral and thanks.content.startswith("Thanks")
            assert len(await second.state.votes()) == 1
        assert sd.errors == []


async def test_buttons_whose_answer_is_unknown_are_answered_privately(parley_root: Path):
    async with StandinDiscord(token=TOKEN) as sd:
        async with bot_on(sd, parley_root) as first:
            asked, _ = await _ask_and_dm(first)
            # As the bot sent them before buttons carried their answer: random custom_ids.
            old = sd.state.create_message(
                channel_id=sd.channel.id,
                author=sd.bot_user,
                body={
                    "content": "an answer from an older Parley",
                    "components": [
                        {
                            "type": 1,
                            "components": [
                                {"type": 2, "style": 2, "label": "Next", "custom_id": "9f" * 16}
                            ],
                        }
                    ],
                },
                source="test",
            )
        (parley_root / "data" / STATE_FILE).unlink()  # and a state database that lost them
        async with bot_on(sd, parley_root) as second:
            for message_id, label, said in (
                (old.id, "Next", STALE),
                (asked, "Next", STALE),
                (asked, "Helpful", STALE_VOTE),
            ):
                reply = await _click(sd, message_id, label, sd.member)
                assert reply.ephemeral and reply.content == said, (label, reply.content)
            assert await second.state.votes() == []
            assert sd.state.message(asked).embed["footer"]["text"] == "Page 1/2"
        assert sd.errors == []


async def test_the_timeout_greys_out_the_page_on_screen(start_parley):
    h = await start_parley(page_timeout_seconds=2)
    sd = h.sd
    msg = await h.slash_final("ask", {"question": QUESTION}, user=sd.member)
    other = await h.slash_final("ask", {"question": "Who spoke about a ceasefire?"})
    await _click(sd, msg.id, "Next", sd.member)
    links = [b["url"] for b in sd.state.message(msg.id).buttons() if b.get("style") == 5]

    await until(lambda: sd.state.message(msg.id).button("Previous")["disabled"], 6)
    expired = sd.state.message(msg.id)
    assert expired.embed["footer"]["text"] == "Page 2/2"  # the buttons of page 2, not page 1
    assert [b["url"] for b in expired.buttons() if b.get("style") == 5] == links
    assert all(b.get("disabled") for b in expired.buttons() if b.get("style") != 5)

    # Expired views unregister nothing the other answers' buttons need.
    await until(lambda: sd.state.message(other.id).button("Helpful")["disabled"], 6)
    fresh = await h.slash_final("ask", {"question": QUESTION}, user=sd.member)
    await _click(sd, fresh.id, "Next", sd.member)
    assert sd.state.message(fresh.id).embed["footer"]["text"] == "Page 2/2"
    assert sd.errors == []


# --- /remove: an id longer than a choice value may be -------------------------------------------
async def test_an_article_with_a_long_id_can_be_removed(harness: Harness):
    sd = harness.sd
    name = "ceasefire-" + "x" * 190 + ".md"  # a 200-character file name; its id is the stem
    body = (
        b'---\ntitle: "Lakeside ceasefire memo"\nsource: "Test Wire"\n---\n\n'
        b"Negotiators met at the lakeside on Tuesday to discuss a local ceasefire, officials "
        b"said. The memo they signed sets out how monitors would report violations."
    )
    added = await harness.slash_final(
        "add", user=sd.moderator, attachments={"file": (name, body, "text/markdown")}
    )
    assert "Lakeside ceasefire memo" in embed_text(added)
    [choice] = await sd.autocomplete("remove", "article", "lakeside", user=sd.moderator)
    assert len(choice["value"]) <= CHOICE_MAX and choice["name"].startswith("Lakeside")

    removed = await harness.slash_final("remove", {"article": choice["value"]}, user=sd.moderator)
    assert removed.content.startswith("Removed “Lakeside ceasefire memo”"), removed.content
    assert "Lakeside" not in embed_text(await harness.slash_final("sources"))
    assert await sd.autocomplete("remove", "article", "lakeside", user=sd.moderator) == []
    assert sd.errors == []
