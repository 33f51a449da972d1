"""The one place where failed interactions become messages.

Cases, in order:
1. `ParleyError` from the index (bad input, not found, busy, mismatch): its message.
2. `CheckFailure` (not a moderator, not in DMs, cooling down): its message.
3. `TransformerError` (an option Discord sent that cannot be used): a short hint.
4. `CommandNotFound` / `CommandSignatureMismatch` (the user's client shows a command, or a
   version of one, that the bot does not have: a global sync is still propagating): try again
   soon. A warning, not a bug.
5. Anything else: logged with a short reference id, which the user is shown.
All are ephemeral, or replace a deferred "thinking…" reply when there is one.
"""

from __future__ import annotations

import logging
import uuid

import discord
from discord import app_commands
from discord.enums import InteractionResponseType

from index.errors import ParleyError

from .late import NO_MENTIONS, edit_reply
from .text import CONTENT_MAX, cut

log = logging.getLogger(__name__)

# The index's messages name command-line commands; in Discord the slash commands do the job.
_CLI_HINTS = {
    "`parley speakers`": "`/speakers`",
    "`parley index stats`": "`/sources`",
    "`parley sources`": "`/sources`",
    "`parley index build --force`": "`/reindex full:True`",
    "`parley index build`": "`/reindex`",
}

STALE_COMMAND = "This command has changed or is not available yet; try again in a minute."
_STALE = (app_commands.CommandNotFound, app_commands.CommandSignatureMismatch)


def sentence(text: str) -> str:
    """`text` as a sentence: a leading plain word capitalised ("the question…" → "The
    question…"), but never a file name, URL or code ("iPhone.txt: the file is empty")."""
    first = text.split(maxsplit=1)[0].rstrip(",:;") if text.strip() else ""
    if first.isalpha() and first.islower():
        text = text[:1].upper() + text[1:]
    return text.rstrip(".") + "."


def user_message(exc: BaseException) -> str | None:
    """What to tell the user about `exc`, or None when it is a bug to log."""
    if isinstance(exc, app_commands.CommandInvokeError):
        exc = exc.original
    if isinstance(exc, ParleyError):
        text = str(exc)
        for cli, slash in _CLI_HINTS.items():
            text = text.replace(cli, slash)
        return sentence(text)
    if isinstance(exc, app_commands.CheckFailure):
        return str(exc) or "You cannot use this command here."
    if isinstance(exc, app_commands.TransformerError):
        return f"I could not use {str(exc.value)[:100]!r} for this option."
    if isinstance(exc, _STALE):
        return STALE_COMMAND
    return None


def reference() -> str:
    return uuid.uuid4().hex[:8]


def unexpected(exc: BaseException, where: str) -> str:
    """Log a bug with a reference id, and return what the user is told."""
    ref = reference()
    log.error("unexpected error in %s (ref %s)", where, ref, exc_info=exc)
    return f"Something went wrong on my side (ref `{ref}`). Please try again later."


async def reply_ephemeral(interaction: discord.Interaction, text: str) -> None:
    """Answer with a short message only the user sees, or put it in place of "thinking…".

    A deferred reply keeps the visibility it was deferred with (on Discord the first followup
    replaces it too), which is why commands check what they can before deferring.
    """
    # A refusal may quote the input back ("No article '…'"): Discord rejects content over 2000
    # characters, and the user would be left with "thinking…".
    text = cut(text, CONTENT_MAX)
    try:
        if not interaction.response.is_done():
            await interaction.response.send_message(
                text, ephemeral=True, allowed_mentions=NO_MENTIONS
            )
        elif interaction.response.type == InteractionResponseType.deferred_channel_message:
            # A long build that failed may have outlived its token: edit_reply then DMs.
            await edit_reply(interaction, content=text)
        else:
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
    except discord.HTTPException as exc:  # the interaction expired or was deleted meanwhile
        log.warning("could not report an error to the user: %s", exc)


async def on_app_command_error(
    interaction: discord.Interaction, error: app_commands.AppCommandError
) -> None:
    text = user_message(error)
    data = interaction.data or {}
    name = interaction.command.qualified_name if interaction.command else data.get("name", "?")
    if text is None:
        text = unexpected(error, f"/{name}")
    elif isinstance(error, _STALE):
        log.warning("/%s does not match this bot's commands: %s", name, error)
        if interaction.type == discord.InteractionType.autocomplete:
            await _no_choices(interaction)
            return
    else:
        log.info("/%s refused for user %s: %s", name, interaction.user.id, text)
    await reply_ephemeral(interaction, text)


async def _no_choices(interaction: discord.Interaction) -> None:
    """Autocomplete cannot carry a message; an empty list is the polite answer."""
    try:
        await interaction.response.autocomplete([])
    except discord.HTTPException as exc:
        log.warning("could not answer an autocomplete: %s", exc)
