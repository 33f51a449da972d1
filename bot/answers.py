"""Answering a question, shared by /ask, /quotes, /who and DMs: search, record, paginate."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from discord import app_commands

from index.errors import BadInput, NotFound
from index.search import Filters
from index.verify import QUOTE_MARKS, checked_claim

from . import render, text
from .render import Page
from .views import Pager, new_pager

if TYPE_CHECKING:
    from .client import ParleyBot

log = logging.getLogger(__name__)

EMPTY_INDEX = "nothing is indexed yet; a moderator can build the index with `/reindex`"


def speaker_choices(bot: ParleyBot, typed: str) -> list[app_commands.Choice[str]]:
    """Autocomplete for a `speaker` option: registry names and aliases that contain `typed`."""
    return [
        app_commands.Choice(name=text.cut(n, text.CHOICE_MAX), value=n)
        for n in bot.parley.speaker_names(typed, 25)
        if len(n) <= text.CHOICE_MAX
    ]


# Discord's markup for a mention, a channel or a custom emoji: "<@123> who said …", "… <:thinking:9>".
# Its ids are no words of the question, and would read as a rare topic nobody speaks of.
DISCORD_MARKUP = re.compile(r"<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>")


def check_question(text: str, max_chars: int, what: str = "the question") -> str:
    """Refuse an unusable question before deferring, so the refusal can be ephemeral."""
    text = " ".join(DISCORD_MARKUP.sub(" ", text).split())
    if not text:
        raise BadInput(f"{what} is empty")
    if len(text) > max_chars:
        raise BadInput(f"{what} is too long ({len(text)} characters; at most {max_chars})")
    return text


def check_quote(text: str, max_chars: int) -> str:
    """/who's input, refused before deferring: `verify` refuses a quote of too few words
    too, but only once the reply is deferred, and so shown to the whole channel."""
    return checked_claim(check_question(text.strip().strip(QUOTE_MARKS), max_chars, "the quote"))


def require_index(bot: ParleyBot) -> None:
    """Refuse before deferring when nothing is indexed: the refusal stays private, and points
    members at a moderator rather than at a command only moderators may use."""
    if not bot.parley.has_index:
        raise NotFound(EMPTY_INDEX)


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
    return await new_pager(
        bot.state,
        pages,
        user_id,
        timeout=bot.settings.page_timeout_seconds,
        answer_id=answer_id,
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
