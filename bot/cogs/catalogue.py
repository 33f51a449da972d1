"""/speakers, /sources and /help: what Parley knows and how to ask it."""

from __future__ import annotations

from discord import Interaction, app_commands
from discord.ext import commands

from .. import render
from ..answers import require_index
from ..client import ParleyBot
from ..errors import NO_MENTIONS
from ..views import new_pager


def command_list(bot: ParleyBot) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(members' commands, moderators' commands) as (name, description), from the tree."""
    members, moderators = [], []
    for cmd in bot.tree.get_commands():
        if isinstance(cmd, app_commands.Command | app_commands.Group):
            hidden = cmd.default_permissions is not None
            (moderators if hidden else members).append((cmd.name, cmd.description))
    return members, moderators


class Catalogue(commands.Cog):
    def __init__(self, bot: ParleyBot) -> None:
        self.bot = bot

    async def _send_pages(self, interaction: Interaction, pages: list[render.Page]) -> None:
        view = await new_pager(
            self.bot.state,
            pages,
            interaction.user.id,
            timeout=self.bot.settings.page_timeout_seconds,
        )
        view.message = await interaction.edit_original_response(**view.message_kwargs())

    @app_commands.command(name="speakers")
    async def speakers(self, interaction: Interaction) -> None:
        """Who is quoted in the indexed articles, most quoted first."""
        require_index(self.bot)
        await interaction.response.defer(thinking=True)
        await self._send_pages(interaction, render.speakers_pages(await self.bot.parley.speakers()))

    @app_commands.command(name="sources")
    async def sources(self, interaction: Interaction) -> None:
        """The indexed news articles, newest first."""
        require_index(self.bot)
        await interaction.response.defer(thinking=True)
        await self._send_pages(interaction, render.sources_pages(await self.bot.parley.sources()))

    @app_commands.command(name="help")
    async def help(self, interaction: Interaction) -> None:
        """How to use Parley, and its commands."""
        page = render.help_page(*command_list(self.bot))
        await interaction.response.send_message(
            embed=page.embed, ephemeral=True, allowed_mentions=NO_MENTIONS
        )


async def setup(bot: ParleyBot) -> None:
    await bot.add_cog(Catalogue(bot))
