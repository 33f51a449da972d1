"""What the stand-in remembers, in the shapes tests read: messages, interactions, errors."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

EPHEMERAL = 1 << 6
LOADING = 1 << 7


class Changes:
    """Wakes every waiter whenever anything in the stand-in changes (cheap and race-free)."""

    def __init__(self) -> None:
        self._waiters: list[asyncio.Future[None]] = []

    def notify(self) -> None:
        waiters, self._waiters = self._waiters, []
        for fut in waiters:
            if not fut.done():
                fut.set_result(None)

    async def wait_for(self, predicate: Callable[[], Any], timeout: float, what: str) -> Any:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = predicate()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(
                    f"stand-in Discord: timed out after {timeout:g}s waiting for {what}"
                )
            fut: asyncio.Future[None] = loop.create_future()
            self._waiters.append(fut)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(fut, remaining)


@dataclass
class RequestError:
    """A request the stand-in refused (what Discord would have answered with an error)."""

    method: str
    path: str
    status: int
    code: int
    message: str
    errors: dict[str, Any] | None = None


@dataclass
class Message:
    """A message as Discord stores it. `payload` is exactly what the bot gets from REST."""

    payload: dict[str, Any]
    source: str  # "user", "bot" (channel message), "interaction" (response), "followup"
    interaction_id: int | None = None
    files: dict[int, bytes] = field(default_factory=dict)  # attachment id -> bytes
    notified: set[int] = field(default_factory=set)
    delivered: bool | None = None  # user messages: did the bot's intents let it see this?
    edits: int = 0
    deleted: bool = False
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def id(self) -> int:
        return int(self.payload["id"])

    @property
    def channel_id(self) -> int:
        return int(self.payload["channel_id"])

    @property
    def guild_id(self) -> int | None:
        gid = self.payload.get("guild_id")
        return int(gid) if gid else None

    @property
    def author_id(self) -> int:
        return int(self.payload["author"]["id"])

    @property
    def content(self) -> str:
        return self.payload.get("content") or ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.payload.get("embeds") or []

    @property
    def embed(self) -> dict[str, Any]:
        """The first embed (KeyError-free: an empty dict when there is none)."""
        return self.embeds[0] if self.embeds else {}

    @property
    def components(self) -> list[dict[str, Any]]:
        return self.payload.get("components") or []

    @property
    def flags(self) -> int:
        return self.payload.get("flags") or 0

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def loading(self) -> bool:
        return bool(self.flags & LOADING)

    @property
    def attachments(self) -> list[dict[str, Any]]:
        return self.payload.get("attachments") or []

    @property
    def mentions(self) -> list[int]:
        return [int(u["id"]) for u in self.payload.get("mentions") or []]

    @property
    def mention_roles(self) -> list[int]:
        return [int(r) for r in self.payload.get("mention_roles") or []]

    @property
    def mention_everyone(self) -> bool:
        return bool(self.payload.get("mention_everyone"))

    @property
    def pings_anyone(self) -> bool:
        """True when Discord would notify somebody (mentions, role mentions or @everyone)."""
        return bool(self.notified)

    def text(self) -> str:
        """Content plus every embed's visible text, for loose `in` assertions."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.get("title") or "", embed.get("description") or ""]
            for fld in embed.get("fields") or []:
                parts += [fld.get("name") or "", fld.get("value") or ""]
            parts.append((embed.get("footer") or {}).get("text") or "")
            parts.append((embed.get("author") or {}).get("name") or "")
        return "\n".join(p for p in parts if p)

    def buttons(self) -> list[dict[str, Any]]:
        """Every button, flattened from the action rows."""
        return [
            c for row in self.components for c in row.get("components") or [] if c.get("type") == 2
        ]

    def button(self, label: str) -> dict[str, Any]:
        for button in self.buttons():
            if button.get("label") == label:
                return button
        labels = [b.get("label") for b in self.buttons()]
        raise KeyError(f"no button labelled {label!r}; buttons: {labels}")

    def file(self, filename: str) -> bytes:
        for attachment in self.attachments:
            if attachment["filename"] == filename:
                return self.files[int(attachment["id"])]
        raise KeyError(f"no attachment {filename!r}")


@dataclass
class Callback:
    """One POST to /interactions/{id}/{token}/callback, accepted or not."""

    type: int
    elapsed: float  # seconds since the interaction was dispatched
    status: int
    code: int | None = None  # Discord error code when refused
    data: dict[str, Any] | None = None

    @property
    def accepted(self) -> bool:
        return 200 <= self.status < 300


@dataclass
class Interaction:
    """A handle on one interaction the stand-in dispatched to the bot."""

    id: int
    token: str
    type: int  # 2 command, 3 component, 4 autocomplete, 5 modal submit
    payload: dict[str, Any]
    _changes: Changes = field(repr=False)
    _messages: dict[int, Message] = field(repr=False)
    sent_at: float = field(default_factory=time.monotonic)
    callbacks: list[Callback] = field(default_factory=list)
    errors: list[RequestError] = field(default_factory=list)
    followup_ids: list[int] = field(default_factory=list)
    original_id: int | None = None  # the message @original refers to
    choices: list[dict[str, Any]] | None = None  # autocomplete answer
    modal: dict[str, Any] | None = None  # modal the bot opened
    original_edits_at_callback: int = 0

    @property
    def response_type(self) -> int | None:
        """Type of the accepted callback (4, 5, 6, 7, 8, 9), None before one."""
        return next((c.type for c in self.callbacks if c.accepted), None)

    @property
    def original(self) -> Message | None:
        return None if self.original_id is None else self._messages[self.original_id]

    @property
    def followups(self) -> list[Message]:
        return [self._messages[i] for i in self.followup_ids]

    @property
    def user_id(self) -> int:
        who = self.payload.get("member", {}).get("user") or self.payload["user"]
        return int(who["id"])

    def _describe_errors(self) -> str:
        if not self.errors:
            return "no callback received"
        return "refused: " + "; ".join(
            f"{e.method} {e.path} -> {e.status} {e.code} {e.message}" for e in self.errors
        )

    async def wait_callback(self, timeout: float = 5.0) -> Callback:
        """The first callback attempt, accepted or refused (e.g. a late one: 404 10062)."""
        await self._changes.wait_for(lambda: self.callbacks, timeout, f"a callback to {self.id}")
        return self.callbacks[0]

    async def response(self, timeout: float = 5.0) -> Message | None:
        """Wait for the accepted callback; the message it created or updated (None for 8/9)."""
        await self._changes.wait_for(
            lambda: self.response_type is not None,
            timeout,
            f"a callback to interaction {self.id} ({self._describe_errors()})",
        )
        return self.original

    async def final(self, timeout: float = 10.0, settle: float = 0.2) -> Message:
        """The message the user finally sees: callback data merged with later @original edits.

        Waits until the message is no longer "thinking" (type 5), or has been edited after a
        deferred update (type 6), then until it has not changed for `settle` seconds.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout

        def done() -> bool:
            original = self.original
            if original is None:
                return False
            if self.response_type == 6:
                return original.edits > self.original_edits_at_callback
            return not original.loading

        await self.response(timeout)
        if self.original is None:
            raise AssertionError(f"interaction {self.id} answered with type {self.response_type}")
        await self._changes.wait_for(
            done, max(0.0, deadline - loop.time()), f"the final answer to interaction {self.id}"
        )
        while True:
            seen = (self.original.edits, len(self.followup_ids))
            await asyncio.sleep(settle)
            if seen == (self.original.edits, len(self.followup_ids)):
                return self.original
            if loop.time() > deadline:
                raise TimeoutError(f"interaction {self.id}: answer still changing after {timeout}s")

    async def followup(self, index: int = 0, timeout: float = 5.0) -> Message:
        """The `index`-th followup message (waits for it)."""
        await self._changes.wait_for(
            lambda: len(self.followup_ids) > index, timeout, f"followup #{index} of {self.id}"
        )
        return self.followups[index]
