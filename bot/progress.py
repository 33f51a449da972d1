"""Build progress shown by editing the deferred reply, at most once per interval."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from types import TracebackType

import discord

from . import render
from .late import NO_MENTIONS, token_expired

log = logging.getLogger(__name__)

EDIT_INTERVAL = 1.5  # seconds between edits: well inside Discord's rate limits for webhooks


class ProgressEditor:
    """`update` is the build's progress callback (sync, on the loop); edits happen in a task."""

    def __init__(
        self, interaction: discord.Interaction, label: str, interval: float = EDIT_INTERVAL
    ) -> None:
        self.interaction = interaction
        self.label = label
        self.interval = interval
        self.latest: tuple[str, int, int] | None = None
        self._shown: tuple[str, int, int] | None = None
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def update(self, stage: str, done: int, total: int) -> None:
        self.latest = (stage, done, total)

    async def __aenter__(self) -> ProgressEditor:
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Let an edit in flight finish, so the final reply is never overwritten by it.
        self._stop.set()
        if self._task is not None:
            await self._task

    async def _run(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.interval)
            if self._stop.is_set() or self.latest is None or self.latest == self._shown:
                continue
            self._shown = self.latest
            await self._edit(render.progress_text(self.label, *self.latest))

    async def _edit(self, text: str) -> None:
        try:
            await self.interaction.edit_original_response(
                content=text, allowed_mentions=NO_MENTIONS
            )
        except discord.HTTPException as exc:  # progress is a courtesy; the build goes on
            log.warning("could not show progress: %s", exc)
            if token_expired(exc):
                self._stop.set()  # no edit will work any more; the summary goes by DM
