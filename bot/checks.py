"""Who may do what, checked by the bot itself: Discord's `default_permissions` only hides
commands in its UI, and a member can still invoke them.

Every refusal is an `app_commands.CheckFailure` whose message is shown to the user as it is.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord import app_commands

from .render import retry_text

if TYPE_CHECKING:
    from .client import ParleyBot

T = TypeVar("T")


class NotModerator(app_commands.CheckFailure):
    """A member without Manage Server or the moderator role."""


class CoolingDown(app_commands.CheckFailure):
    def __init__(self, retry_after: float) -> None:
        super().__init__(retry_text(retry_after))
        self.retry_after = retry_after


class Cooldown:
    """One question per `seconds` per user, shared by slash commands and DMs.

    Checking and starting the pause are separate steps: a question refused for its input (a
    bad date, too long, an unknown speaker) must not hold back the corrected one.
    """

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._last: dict[int, float] = {}

    def retry_after(self, user_id: int) -> float:
        """0 when the user may ask now, else the seconds left of their pause."""
        if self.seconds <= 0:
            return 0.0
        return max(0.0, self._last.get(user_id, -1e18) + self.seconds - self._clock())

    def start(self, user_id: int) -> None:
        """The user's question was accepted: their pause starts now."""
        if self.seconds <= 0:
            return
        now = self._clock()
        self._last[user_id] = now
        if len(self._last) > 10_000:  # forget pauses long over, so the map stays small
            self._last = {u: t for u, t in self._last.items() if now - t < self.seconds}


def is_moderator(permissions: discord.Permissions, role_names: list[str], role: str) -> bool:
    """Manage Server (administrators have it too), or the configured moderator role."""
    if permissions.manage_guild:
        return True
    wanted = role.strip().lower()
    return bool(wanted) and any(name.lower() == wanted for name in role_names)


def _bot(interaction: discord.Interaction) -> ParleyBot:
    return interaction.client  # type: ignore[return-value]


def moderator_only() -> Callable[[T], T]:
    """Refuse DMs and members who are not moderators; hide the command from them as a hint."""

    async def predicate(interaction: discord.Interaction) -> bool:
        if interaction.guild_id is None or not isinstance(interaction.user, discord.Member):
            raise app_commands.NoPrivateMessage("Moderator commands only work in a server.")
        member = interaction.user
        if is_moderator(
            interaction.permissions,
            [r.name for r in member.roles],
            _bot(interaction).settings.moderator_role,
        ):
            return True
        raise NotModerator("Only moderators can use this command.")

    def decorate(func: Any) -> Any:
        func = app_commands.check(predicate)(func)
        func = app_commands.guild_only()(func)
        return app_commands.default_permissions(manage_guild=True)(func)

    return decorate


def question_cooldown() -> Callable[[T], T]:
    """Refuse a question during the user's pause. The command starts the pause itself
    (`Cooldown.start`), once its input passed the checks that come before deferring."""

    async def predicate(interaction: discord.Interaction) -> bool:
        left = _bot(interaction).cooldown.retry_after(interaction.user.id)
        if left > 0:
            raise CoolingDown(left)
        return True

    return app_commands.check(predicate)
