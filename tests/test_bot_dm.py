"""Direct messages end to end: questions answered as text, help, mentions, server channels
ignored."""

from __future__ import annotations

from bot_fixtures import (  # noqa: F401  (fixtures, used by name)
    VALLETTA_MD,
    Harness,
    custom_id,
    harness_fixture,
    parley_root_fixture,
    start_parley_fixture,
)

from bot.text import escape
from index.console import answer

QUESTION = "What did Putin say about serious talks?"


async def test_a_dm_question_is_answered_like_the_console(harness: Harness):
    sd = harness.sd
    asked = await sd.dm(sd.member, QUESTION)
    assert asked.delivered
    msg = await sd.wait_for_message(channel_id=asked.channel_id)
    console = await answer(harness.parley, QUESTION)
    assert msg.content.startswith(escape(console.split("\n\n")[0]))  # the same "who" line
    assert "\n[1] " in msg.content and "— " in msg.content
    assert len(msg.content) <= 2000 and msg.content.endswith(")")  # "(page 1/n)"
    assert not msg.pings_anyone
    first_page = msg.content

    turn = await sd.click(msg, custom_id(msg, "Next"), user=sd.member)
    await turn.response()
    page2 = sd.state.message(msg.id)
    assert page2.content != first_page and page2.content.endswith("(page 2/2)")
    vote = await (await sd.click(msg, custom_id(page2, "Helpful"), user=sd.member)).response()
    assert vote.content.startswith("Thanks")
    votes = await harness.state.votes()
    assert [(v["kind"], v["question"], v["helpful"]) for v in votes] == [("dm", QUESTION, True)]
    assert sd.errors == []


async def test_dm_help_explains_the_commands(harness: Harness):
    asked = await harness.sd.dm(harness.sd.member, "help")
    msg = await harness.sd.wait_for_message(channel_id=asked.channel_id)
    assert "/ask`" in msg.content and "/quotes`" in msg.content
    assert "/reindex" not in msg.content  # moderators' commands are not for DMs


async def test_server_channel_messages_are_ignored(harness: Harness):
    sd = harness.sd
    await sd.channel_message(sd.member, content=QUESTION)
    await sd.channel_message(sd.member, content=f"<@{sd.bot_user.id}> {QUESTION}")
    await sd.expect_no_message(within=1.0)


async def test_a_quoted_everyone_in_a_dm_answer_does_not_ping(harness: Harness):
    sd = harness.sd
    await harness.slash_final(
        "add", user=sd.moderator, attachments={"file": ("valletta.md", VALLETTA_MD)}
    )
    asked = await sd.dm(sd.member, "What did Kowalczyk say about the grain corridor?")
    msg = await sd.wait_for_message(channel_id=asked.channel_id)
    assert "Tell @\u200beveryone that the \\*\\*grain corridor\\*\\*" in msg.content
    assert not msg.mention_everyone and not msg.pings_anyone and not msg.notified


async def test_dm_cooldown(start_parley):
    h = await start_parley(cooldown_seconds=30)
    first = await h.sd.dm(h.sd.member, QUESTION)
    await h.sd.wait_for_message(channel_id=first.channel_id)
    await h.sd.dm(h.sd.member, "And about Istanbul?")
    msg = await h.sd.wait_for_message(channel_id=first.channel_id)
    assert msg.content.startswith("You're asking a little fast: try again in ")
