"""/ask: the best passages for a question, with who is quoted and numbered citations."""

from __future__ import annotations

from discord import Interaction, app_commands
from discord.ext import commands

from ..answers import answer, check_question
from ..checks import question_cooldown
from ..client import ParleyBot


class Ask(commands.Cog):
    def __init__(self, bot: ParleyBot) -> None:
        self.bot = bot

    @app_commands.command(name="ask")
    @app_commands.describe(
        question="e.g. What did Zelensky say about a ceasefire? / Who called the talks a bluff?"
    )
    @question_cooldown()
    async def ask(
        self, interaction: Interaction, question: app_commands.Range[str, 1, 1000]
    ) -> None:
        """Ask who said what about the peace talks; answers cite their news sources."""
        question = check_question(question, self.bot.settings.max_question_chars)
        await interaction.response.defer(thinking=True)
        view = await answer(self.bot, question, interaction.user.id, interaction.guild_id)
        view.message = await interaction.edit_original_response(**view.message_kwargs())


async def setup(bot: ParleyBot) -> None:
    await bot.add_cog(Ask(bot))
