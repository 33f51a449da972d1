"""Buttons under an answer: Previous / Next (only the asker), links to the sources,
Helpful / Not helpful (anyone; one vote each, stored with the question).

The same button objects live for the whole view, only their state changes from page to
page, so discord.py keeps routing clicks to them. On timeout the buttons are disabled in
place (link buttons stay: they need no bot), so nobody clicks into a dead end.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from .errors import NO_MENTIONS, unexpected, user_message
from .render import Page

log = logging.getLogger(__name__)

VoteHandler = Callable[[int, bool], Awaitable[None]]  # (user id, helpful)
NOT_YOURS = "Only the person who asked can turn these pages; ask your own question to browse."
THANKS = {True: "Thanks, noted as helpful.", False: "Thanks, noted as not helpful."}


class Pager(discord.ui.View):
    def __init__(
        self,
        pages: list[Page],
        owner_id: int,
        *,
        timeout: float,
        on_vote: VoteHandler | None = None,
    ) -> None:
        super().__init__(timeout=timeout)
        self.pages = pages
        self.owner_id = owner_id
        self.on_vote = on_vote
        self.index = 0
        self.message: discord.Message | discord.InteractionMessage | None = None
        self.previous = self._button("Previous", discord.ButtonStyle.secondary, 0, self._previous)
        self.next = self._button("Next", discord.ButtonStyle.secondary, 0, self._next)
        self.helpful = self._button("Helpful", discord.ButtonStyle.success, 1, self._helpful)
        self.unhelpful = self._button(
            "Not helpful", discord.ButtonStyle.secondary, 1, self._unhelpful
        )
        self._layout()

    @staticmethod
    def _button(
        label: str,
        style: discord.ButtonStyle,
        row: int,
        callback: Callable[[discord.Interaction], Awaitable[None]],
    ) -> discord.ui.Button[Any]:
        button: discord.ui.Button[Any] = discord.ui.Button(label=label, style=style, row=row)
        button.callback = callback  # type: ignore[method-assign]
        return button

    # --- what is shown ----------------------------------------------------------------------
    @property
    def page(self) -> Page:
        return self.pages[self.index]

    def _layout(self) -> None:
        self.clear_items()
        if len(self.pages) > 1:
            self.previous.disabled = self.index == 0
            self.next.disabled = self.index >= len(self.pages) - 1
            self.add_item(self.previous)
            self.add_item(self.next)
        if self.on_vote is not None:
            self.add_item(self.helpful)
            self.add_item(self.unhelpful)
        for label, url in self.page.links:
            self.add_item(discord.ui.Button(label=label, url=url, row=2))

    def message_kwargs(self) -> dict[str, Any]:
        """What to send or edit: the current page, with these buttons when there are any."""
        kwargs: dict[str, Any] = {
            "content": self.page.content,
            "embed": self.page.embed,
            "allowed_mentions": NO_MENTIONS,
        }
        if self.children:
            kwargs["view"] = self
        return kwargs

    # --- callbacks --------------------------------------------------------------------------
    async def _turn(self, interaction: discord.Interaction, step: int) -> None:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(
                NOT_YOURS, ephemeral=True, allowed_mentions=NO_MENTIONS
            )
            return
        self.index = max(0, min(len(self.pages) - 1, self.index + step))
        self._layout()
        await interaction.response.edit_message(**self.message_kwargs())

    async def _previous(self, interaction: discord.Interaction) -> None:
        await self._turn(interaction, -1)

    async def _next(self, interaction: discord.Interaction) -> None:
        await self._turn(interaction, +1)

    async def _vote(self, interaction: discord.Interaction, helpful: bool) -> None:
        assert self.on_vote is not None
        await self.on_vote(interaction.user.id, helpful)
        await interaction.response.send_message(
            THANKS[helpful], ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    async def _helpful(self, interaction: discord.Interaction) -> None:
        await self._vote(interaction, True)

    async def _unhelpful(self, interaction: discord.Interaction) -> None:
        await self._vote(interaction, False)

    # --- ending -----------------------------------------------------------------------------
    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button) and item.url is None:
                item.disabled = True
        if self.message is None:
            return
        try:
            await self.message.edit(view=self, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as exc:  # deleted, or the interaction token expired
            log.debug("could not disable expired buttons: %s", exc)

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        text = user_message(error) or unexpected(error, f"button {getattr(item, 'label', '?')}")
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(
                text, ephemeral=True, allowed_mentions=NO_MENTIONS
            )
