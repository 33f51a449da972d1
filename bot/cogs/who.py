"""/who: who said this? A quotation checked against the indexed articles."""

from __future__ import annotations

from discord import Interaction, app_commands
from discord.ext import commands

from .. import render
from ..answers import check_quote, pager_for, require_index
from ..checks import question_cooldown
from ..client import ParleyBot


class Who(commands.Cog):
    def __init__(self, bot: ParleyBot) -> None:
        self.bot = bot

    @app_commands.command(name="who")
    @app_commands.describe(quote="The words to check, e.g. “we are ready for serious talks”")
    @question_cooldown()
    async def who(self, interaction: Interaction, quote: app_commands.Range[str, 1, 1000]) -> None:
        """Who said this? Finds the speaker and source of a quotation."""
        quote = check_quote(quote, self.bot.settings.max_question_chars)
        require_index(self.bot)
        self.bot.cooldown.start(interaction.user.id)  # accepted: only now it counts
        await interaction.response.defer(thinking=True)
        found = await self.bot.parley.verify(quote)
        view = await pager_for(
            self.bot,
            [render.verification_page(found)],
            kind="who",
            question=quote,
            user_id=interaction.user.id,
            guild_id=interaction.guild_id,
            results=[],
            abstained=not found.found,
        )
        view.message = await interaction.edit_original_response(**view.message_kwargs())


async def setup(bot: ParleyBot) -> None:
    await bot.add_cog(Who(bot))
