"""Results that outlive their interaction.

Discord lets a bot edit an interaction's reply for 15 minutes; a long build (a full reindex of
a large corpus) can take longer. Its summary then goes to the moderator by DM, or to the
channel when their DMs are closed, instead of being lost with the expired token.
"""

from __future__ import annotations

import logging

import discord

NO_MENTIONS = discord.AllowedMentions.none()
INVALID_WEBHOOK_TOKEN = 50027  # 401 once the interaction token expired
UNKNOWN_WEBHOOK = 10015  # 404 for an interaction Discord no longer knows

log = logging.getLogger(__name__)


def token_expired(exc: discord.HTTPException) -> bool:
    """Whether the interaction's reply can no longer be edited (rather than a bad edit)."""
    return exc.status == 401 or exc.code in (INVALID_WEBHOOK_TOKEN, UNKNOWN_WEBHOOK)


async def edit_reply(
    interaction: discord.Interaction,
    *,
    content: str | None = None,
    embed: discord.Embed | None = None,
) -> None:
    """Put the result in place of the deferred reply or, once that cannot be edited any more,
    send it where the user will still see it."""
    try:
        await interaction.edit_original_response(
            content=content, embed=embed, view=None, allowed_mentions=NO_MENTIONS
        )
    except discord.HTTPException as exc:
        if not token_expired(exc):
            raise
        await send_late(interaction, content=content, embed=embed)


async def send_late(
    interaction: discord.Interaction,
    *,
    content: str | None = None,
    embed: discord.Embed | None = None,
) -> None:
    """The result by DM to the user, else in the channel where they asked."""
    name = interaction.command.qualified_name if interaction.command else "command"
    note = f"Your `/{name}` took longer than Discord lets me edit its reply; here is the result."
    text = (note if not content else f"{note}\n{content}")[:2000]
    try:
        await interaction.user.send(text, embed=embed, allowed_mentions=NO_MENTIONS)
        return
    except discord.HTTPException as exc:  # DMs closed (403): the channel is the last resort
        log.info("could not DM user %s a late result: %s", interaction.user.id, exc)
    channel = interaction.channel
    if not isinstance(channel, discord.abc.Messageable):
        log.warning("a late /%s result for user %s was lost", name, interaction.user.id)
        return
    try:
        await channel.send(
            f"{interaction.user.mention}: {text}"[:2000], embed=embed, allowed_mentions=NO_MENTIONS
        )
    except discord.HTTPException as exc:
        log.warning("a late /%s result for user %s was lost: %s", name, interaction.user.id, exc)
