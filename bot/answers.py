"""Answering a question, shared by /ask, /quotes, /who and DMs: search, record, paginate."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from discord import app_commands

from index.errors import BadInput
from index.search import Filters

from . import render, text
from .render import Page
from .views import Pager, VoteHandler

if TYPE_CHECKING:
    from .client import ParleyBot

log = logging.getLogger(__name__)


def speaker_choices(bot: ParleyBot, typed: str) -> list[app_commands.Choice[str]]:
    """Autocomplete for a `speaker` option: registry names and aliases that contain `typed`."""
    return [
        app_commands.Choice(name=text.cut(n, text.CHOICE_MAX), value=n)
        for n in bot.parley.speaker_names(typed, 25)
        if len(n) <= text.CHOICE_MAX
    ]


def check_question(text: str, max_chars: int) -> str:
    """Refuse an unusable question before deferring, so the refusal can be ephemeral."""
    text = " ".join(text.split())
    if not text:
        raise BadInput("the question is empty")
    if len(text) > max_chars:
        raise BadInput(f"the question is too long ({len(text)} characters; at most {max_chars})")
    return text


def _voter(bot: ParleyBot, answer_id: int) -> VoteHandler:
    async def vote(user_id: int, helpful: bool) -> None:
        await bot.state.vote(answer_id, user_id, helpful)
        log.info("vote on answer %d: %s", answer_id, "helpful" if helpful else "not helpful")

    return vote


async def pager_for(
    bot: ParleyBot,
    pages: list[Page],
    *,
    kind: str,
    question: str,
    user_id: int,
    guild_id: int | None,
    results: list[int],
    abstained: bool = False,
) -> Pager:
    """Record the answer (counted, and kept for votes) and put it under buttons."""
    answer_id = await bot.state.record_answer(kind, question, user_id, guild_id, results, abstained)
    log.info(
        "answer %d (%s): %d results%s",
        answer_id,
        kind,
        len(results),
        " — nothing relevant" if abstained else "",
    )
    return Pager(
        pages,
        user_id,
        timeout=bot.settings.page_timeout_seconds,
        on_vote=_voter(bot, answer_id),
    )


async def answer(
    bot: ParleyBot,
    question: str,
    user_id: int,
    guild_id: int | None,
    *,
    text: bool = False,
    filters: Filters | None = None,
) -> Pager:
    """The answer to a question (embeds, or plain text like the console's for `text`)."""
    log.debug("question from user %s: %s", user_id, question)
    response = await bot.parley.search(question, filters=filters)
    pages = render.answer_text_pages(response) if text else render.answer_pages(response)
    return await pager_for(
        bot,
        pages,
        kind="dm" if text else "ask",
        question=response.question,
        user_id=user_id,
        guild_id=guild_id,
        results=[r.passage.id for r in response.results],
        abstained=response.abstained or not response.results,
    )
