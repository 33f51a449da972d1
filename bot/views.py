"""Buttons under a reply: Previous / Next (only the asker), links to the sources,
Helpful / Not helpful (anyone; one vote each, stored with the question).

The buttons outlive the process. Each one's custom_id says what it acts on (the stored pager
and the page it turns to, or the answer and the vote), and the bot registers them as
`DynamicItem`s, so discord.py rebuilds a button from any click whose custom_id fits, whichever
process sent the message. Every click is served from the state database that way, before a
restart and after: the pages are stored as they were shown, not searched again, since the index
may have changed meanwhile. The `Pager` view only sends the first page and, on timeout, greys the
buttons out on the page on screen (link buttons stay: they need no bot).

A click on a button from before custom_ids carried this (or on an answer the database no longer
has) is told privately to ask again, rather than left unanswered ("This interaction failed").
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, cast

import discord

from .errors import NO_MENTIONS, reply_ephemeral, unexpected, user_message
from .render import Page
from .state import StateStore

if TYPE_CHECKING:
    from .client import ParleyBot

log = logging.getLogger(__name__)

NOT_YOURS = "Only the person who asked can turn these pages; ask your own question to browse."
THANKS = {True: "Thanks, noted as helpful.", False: "Thanks, noted as not helpful."}
STALE = "This answer is from before Parley restarted; ask again to page through it."
STALE_VOTE = "This answer is from before Parley restarted, so the vote was not recorded."
PAGE_ID = re.compile(r"parley:page:(?P<pager>\d+):(?P<page>\d+)")
VOTE_ID = re.compile(r"parley:vote:(?P<answer>\d+):(?P<helpful>[01])")


# --- pages as stored ------------------------------------------------------------------------
def page_json(page: Page) -> dict[str, Any]:
    return {
        "content": page.content,
        "embed": page.embed.to_dict() if page.embed is not None else None,
        "links": [[label, url] for label, url in page.links],
    }


def page_from_json(data: dict[str, Any]) -> Page:
    embed = data.get("embed")
    return Page(
        content=data.get("content"),
        embed=discord.Embed.from_dict(embed) if embed else None,
        links=[(str(label), str(url)) for label, url in data.get("links", [])],
    )


# --- the buttons ----------------------------------------------------------------------------
def _button(
    custom_id: str, label: str, style: discord.ButtonStyle, row: int, disabled: bool
) -> discord.ui.Button[Any]:
    return discord.ui.Button(
        label=label, style=style, row=row, disabled=disabled, custom_id=custom_id
    )


async def _answered(interaction: discord.Interaction, what: str, action: Awaitable[None]) -> None:
    """Run a click's action; a failure is told to the clicker, since discord.py would only log
    it and leave the click unanswered."""
    try:
        await action
    except Exception as exc:
        await reply_ephemeral(interaction, user_message(exc) or unexpected(exc, what))


class PageButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=PAGE_ID):
    """Previous or Next: turns stored pager `pager_id` to page `page` (the target, not a step,
    so a double click cannot skip a page)."""

    def __init__(self, pager_id: int, page: int, label: str, *, disabled: bool = False) -> None:
        super().__init__(
            _button(
                f"parley:page:{pager_id}:{page}", label, discord.ButtonStyle.secondary, 0, disabled
            )
        )
        self.pager_id, self.page = pager_id, page

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> PageButton:
        label = getattr(item, "label", None) or "Page"
        return cls(int(match["pager"]), int(match["page"]), label)

    async def callback(self, interaction: discord.Interaction) -> None:
        await _answered(interaction, "Next page", _turn(interaction, self.pager_id, self.page))


class VoteButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=VOTE_ID):
    """Helpful / Not helpful on stored answer `answer_id`."""

    def __init__(self, answer_id: int, helpful: bool, *, disabled: bool = False) -> None:
        style = discord.ButtonStyle.success if helpful else discord.ButtonStyle.secondary
        label = "Helpful" if helpful else "Not helpful"
        super().__init__(
            _button(f"parley:vote:{answer_id}:{int(helpful)}", label, style, 1, disabled)
        )
        self.answer_id, self.helpful = answer_id, helpful

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> VoteButton:
        return cls(int(match["answer"]), match["helpful"] == "1")

    async def callback(self, interaction: discord.Interaction) -> None:
        await _answered(interaction, "a vote", _vote(interaction, self.answer_id, self.helpful))


BUTTONS = (PageButton, VoteButton)  # what the bot registers with `add_dynamic_items`


def add_controls(
    view: discord.ui.View,
    page: Page,
    index: int,
    count: int,
    *,
    pager_id: int | None,
    answer_id: int | None,
    disabled: bool = False,
) -> None:
    """The buttons under page `index` of `count`: paging when stored, votes for an answer."""
    if pager_id is not None and count > 1:
        previous, following = max(0, index - 1), min(count - 1, index + 1)
        view.add_item(PageButton(pager_id, previous, "Previous", disabled=disabled or index == 0))
        view.add_item(
            PageButton(pager_id, following, "Next", disabled=disabled or index >= count - 1)
        )
    if answer_id is not None:
        view.add_item(VoteButton(answer_id, True, disabled=disabled))
        view.add_item(VoteButton(answer_id, False, disabled=disabled))
    for label, url in page.links:
        view.add_item(discord.ui.Button(label=label, url=url, row=2))


def page_kwargs(page: Page, view: discord.ui.View) -> dict[str, Any]:
    """What to send or edit: the page, with the view when it has any buttons."""
    kwargs: dict[str, Any] = {
        "content": page.content,
        "embed": page.embed,
        "allowed_mentions": NO_MENTIONS,
    }
    if view.children:
        kwargs["view"] = view
    return kwargs


# --- clicks ---------------------------------------------------------------------------------
def _state(interaction: discord.Interaction) -> StateStore:
    return cast("ParleyBot", interaction.client).state


async def _turn(interaction: discord.Interaction, pager_id: int, target: int) -> None:
    state = _state(interaction)
    stored = await state.pager(pager_id)
    if stored is None:
        await reply_ephemeral(interaction, STALE)
        return
    if interaction.user.id != stored.owner_id:
        await reply_ephemeral(interaction, NOT_YOURS)
        return
    pages = [page_from_json(p) for p in stored.pages]
    index = max(0, min(len(pages) - 1, target))
    view = discord.ui.View(timeout=None)  # dynamic items only: nothing for discord.py to keep
    add_controls(
        view, pages[index], index, len(pages), pager_id=pager_id, answer_id=stored.answer_id
    )
    await interaction.response.edit_message(**page_kwargs(pages[index], view))
    await state.show_page(pager_id, index)  # after answering: the 3 seconds are for the reply


async def _vote(interaction: discord.Interaction, answer_id: int, helpful: bool) -> None:
    if not await _state(interaction).vote(answer_id, interaction.user.id, helpful):
        log.info("vote on answer %d, which is not stored", answer_id)
        await reply_ephemeral(interaction, STALE_VOTE)
        return
    log.info("vote on answer %d: %s", answer_id, "helpful" if helpful else "not helpful")
    await reply_ephemeral(interaction, THANKS[helpful])


async def answer_unknown_click(interaction: discord.Interaction) -> None:
    """A click on a button none of `BUTTONS` fits (sent before buttons carried their state):
    discord.py drops it silently, and the user would see "This interaction failed"."""
    if interaction.type is not discord.InteractionType.component:
        return
    custom_id = str((interaction.data or {}).get("custom_id", ""))
    if PAGE_ID.fullmatch(custom_id) or VOTE_ID.fullmatch(custom_id):
        return
    log.info("click on an unknown button %r", custom_id)
    await reply_ephemeral(interaction, STALE)


# --- the reply as sent ----------------------------------------------------------------------
class Pager(discord.ui.View):
    def __init__(
        self,
        pages: list[Page],
        state: StateStore,
        *,
        timeout: float,
        pager_id: int | None = None,
        answer_id: int | None = None,
    ) -> None:
        super().__init__(timeout=timeout)
        self.pages, self.state = pages, state
        self.pager_id, self.answer_id = pager_id, answer_id
        self.message: discord.Message | discord.InteractionMessage | None = None
        add_controls(self, pages[0], 0, len(pages), pager_id=pager_id, answer_id=answer_id)

    def message_kwargs(self) -> dict[str, Any]:
        """What to send: the first page, with these buttons when there are any."""
        return page_kwargs(self.pages[0], self)

    async def on_timeout(self) -> None:
        if self.message is None:
            return
        try:
            stored = await self.state.pager(self.pager_id) if self.pager_id is not None else None
            index = stored.current if stored is not None else 0
            self.clear_items()
            add_controls(
                self,
                self.pages[index],
                index,
                len(self.pages),
                pager_id=self.pager_id,
                answer_id=self.answer_id,
                disabled=True,
            )
            await self.message.edit(view=self, allowed_mentions=NO_MENTIONS)
        except (discord.HTTPException, sqlite3.Error, ValueError) as exc:
            # deleted, the interaction token expired, or the database closed at shutdown
            log.debug("could not disable expired buttons: %s", exc)


async def new_pager(
    state: StateStore,
    pages: list[Page],
    owner_id: int,
    *,
    timeout: float,
    answer_id: int | None = None,
) -> Pager:
    """A reply's buttons; its pages are stored first when there is more than one to turn."""
    pager_id = None
    if len(pages) > 1:
        pager_id = await state.save_pager(owner_id, answer_id, [page_json(p) for p in pages])
    return Pager(pages, state, timeout=timeout, pager_id=pager_id, answer_id=answer_id)
