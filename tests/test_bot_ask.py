"""/ask end to end: cited embeds, paging, votes, cooldown, deferral, mentions."""

from __future__ import annotations

import logging

import pytest
from bot_fixtures import (  # noqa: F401  (fixtures, used by name)
    VALLETTA_MD,
    Harness,
    SlowEmbedder,
    custom_id,
    embed_text,
    harness_fixture,
    parley_root_fixture,
    start_parley_fixture,
    until,
)

QUESTION = "What did Putin say about serious talks?"


async def test_ask_answers_with_a_cited_embed(harness: Harness, caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.INFO)
    handle = await harness.sd.slash("ask", {"question": QUESTION})
    msg = await handle.final()
    first = handle.callbacks[0]
    assert first.type == 5 and first.elapsed < 3  # deferred: search may take long
    embed = msg.embed
    assert QUESTION in embed["title"]
    assert embed["description"].startswith(("Quoted:", "Said by:"))  # who is quoted, on top
    fields = embed["fields"]
    assert fields and fields[0]["name"].startswith("[1] ")
    assert "Putin" in embed_text(msg)
    assert all("— " in f["value"] for f in fields)  # every result carries its citation
    assert "**" in fields[0]["value"]  # the question's words are highlighted in the excerpt
    assert not msg.ephemeral and not msg.pings_anyone
    assert harness.sd.errors == []
    # The question is logged at DEBUG only.
    assert not any(QUESTION in r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)


async def test_ask_says_plainly_when_nothing_is_relevant(harness: Harness):
    msg = await harness.slash_final("ask", {"question": "banana smoothie recipe with strawberries"})
    assert "Nothing relevant found" in msg.embed["description"]
    assert "/speakers" in msg.embed["description"]
    assert not msg.embed.get("fields")


async def test_paging_works_for_the_asker_and_refuses_others(harness: Harness):
    sd = harness.sd
    msg = await harness.slash_final("ask", {"question": QUESTION}, user=sd.member)
    assert msg.embed["footer"]["text"] == "Page 1/2"
    assert msg.button("Previous")["disabled"] is True
    first_page = embed_text(msg)

    other = await sd.click(msg, custom_id(msg, "Next"), user=sd.moderator)
    refusal = await other.response()
    assert refusal.ephemeral and "Only the person who asked" in refusal.content
    assert sd.state.message(msg.id).embed["footer"]["text"] == "Page 1/2"

    turn = await sd.click(msg, custom_id(msg, "Next"), user=sd.member)
    assert turn.response_type == 7 or (await turn.response()) is not None
    page2 = sd.state.message(msg.id)
    assert page2.embed["footer"]["text"] == "Page 2/2"
    assert page2.embed["fields"][0]["name"].startswith("[4] ")
    assert page2.button("Next")["disabled"] is True and embed_text(page2) != first_page

    back = await sd.click(msg, custom_id(page2, "Previous"), user=sd.member)
    await back.response()
    assert sd.state.message(msg.id).embed["footer"]["text"] == "Page 1/2"
    assert sd.errors == []


async def test_votes_are_stored_with_the_question(harness: Harness):
    sd = harness.sd
    msg = await harness.slash_final("ask", {"question": QUESTION})
    for user, label in (
        (sd.member, "Helpful"),
        (sd.moderator, "Not helpful"),
        (sd.member, "Not helpful"),
    ):  # a second click replaces the first
        reply = await (await sd.click(msg, custom_id(msg, label), user=user)).response()
        assert reply.ephemeral and reply.content.startswith("Thanks")
    votes = await harness.state.votes()
    assert {(v["user_id"], v["helpful"]) for v in votes} == {
        (sd.member.id, False),
        (sd.moderator.id, False),
    }
    assert all(v["question"] == QUESTION and v["kind"] == "ask" and v["results"] for v in votes)
    assert await harness.state.questions_answered() == 1


async def test_cooldown_asks_to_try_again_later(start_parley):
    h = await start_parley(cooldown_seconds=30)
    await h.slash_final("ask", {"question": QUESTION})
    again = await (await h.sd.slash("ask", {"question": QUESTION})).response()
    assert again.ephemeral
    assert "try again in" in again.content and " s." in again.content
    # Other people are not held back by someone else's pause.
    other = await h.slash_final("ask", {"question": QUESTION}, user=h.sd.moderator)
    assert other.embed.get("fields")


async def test_a_slow_answer_is_deferred_within_three_seconds(start_parley):
    h = await start_parley(embedder=SlowEmbedder(delay=3.3))
    handle = await h.sd.slash("ask", {"question": QUESTION})
    callback = await handle.wait_callback()
    assert callback.type == 5 and callback.accepted and callback.elapsed < 3
    msg = await handle.final(timeout=20)
    assert msg.embed["fields"]
    assert h.sd.errors == []


async def test_quoted_everyone_does_not_ping_and_markdown_shows(harness: Harness):
    sd = harness.sd
    added = await harness.slash_final(
        "add",
        user=sd.moderator,
        attachments={"file": ("valletta.md", VALLETTA_MD, "text/markdown")},
    )
    assert "Harbour talks in Valletta" in embed_text(added)
    msg = await harness.slash_final(
        "ask", {"question": "What did Kowalczyk say about the grain corridor?"}
    )
    text = embed_text(msg)
    assert "Kowalczyk" in text
    assert "@\u200beveryone" in text and "\\*\\*" in text  # shown literally
    assert not msg.mention_everyone and not msg.pings_anyone and not msg.notified


async def test_paging_buttons_expire_cleanly(start_parley):
    h = await start_parley(page_timeout_seconds=2)
    msg = await h.slash_final("ask", {"question": QUESTION})
    assert msg.button("Next")["disabled"] is False
    expired = await until(lambda: h.sd.state.message(msg.id).button("Next")["disabled"], 6)
    assert expired
    final = h.sd.state.message(msg.id)
    assert all(b.get("disabled") for b in final.buttons() if b.get("style") != 5)
    with pytest.raises(ValueError, match="disabled"):
        await h.sd.click(final, custom_id(final, "Helpful"))
    assert h.sd.errors == []


async def test_a_question_too_long_is_refused_before_deferring(harness: Harness):
    reply = await (await harness.sd.slash("ask", {"question": "peace " * 100})).response()
    assert reply.ephemeral
    assert reply.content == "The question is too long (599 characters; at most 500)."


async def test_an_unexpected_error_is_logged_with_a_reference(
    harness: Harness, caplog: pytest.LogCaptureFixture
):
    await harness.state.close()  # the bot's database is gone: recording the answer fails
    msg = await harness.slash_final("ask", {"question": QUESTION})
    assert msg.content.startswith("Something went wrong on my side (ref `")
    ref = msg.content.split("`")[1]
    errors = [r for r in caplog.records if r.levelno == logging.ERROR and ref in r.getMessage()]
    assert errors and errors[0].exc_info is not None
    assert not msg.embeds and not msg.components


async def test_filters_no_article_passes_are_refused_privately_and_named(harness: Harness):
    # Not "Nothing relevant found … try rephrasing": the filter, not the question, finds nothing.
    for options, named in (({"source": "Reuters"}, "source Reuters"), ({"since": "2030"}, "2030")):
        reply = await (await harness.sd.slash("ask", {"question": QUESTION, **options})).response()
        assert reply.ephemeral and reply.content.startswith("No indexed article matches")
        assert named in reply.content and "/sources" in reply.content
    assert await harness.state.questions_answered() == 0


async def test_a_question_in_another_script_is_told_the_language_privately(harness: Harness):
    reply = await (
        await harness.sd.slash("ask", {"question": "Що сказав Путін про Стамбул?"})
    ).response()
    assert reply.ephemeral and "language of the articles, English" in reply.content
