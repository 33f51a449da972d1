"""/ask: the best passages for a question, with who is quoted and numbered citations."""

from __future__ import annotations

from discord import Interaction, app_commands
from discord.ext import commands

from index.search import Filters

from ..answers import answer, check_question, require_index, speaker_choices
from ..checks import question_cooldown
from ..client import ParleyBot


class Ask(commands.Cog):
    def __init__(self, bot: ParleyBot) -> None:
        self.bot = bot

    @app_commands.command(name="ask")
    @app_commands.describe(
        question="e.g. What did Zelensky say about a ceasefire? / Who called the talks a bluff?",
        speaker="Only passages where this person is quoted",
        source="Only articles from this outlet (part of its name)",
        since="Only articles dated on or after this day (YYYY-MM-DD)",
        until="Only articles dated on or before this day (YYYY-MM-DD)",
    )
    @question_cooldown()
    async def ask(
        self,
        interaction: Interaction,
        question: app_commands.Range[str, 1, 1000],
        speaker: app_commands.Range[str, 1, 100] | None = None,
        source: app_commands.Range[str, 1, 100] | None = None,
        since: app_commands.Range[str, 4, 10] | None = None,
        until: app_commands.Range[str, 4, 10] | None = None,
    ) -> None:
        """Ask who said what about the peace talks; answers cite their news sources."""
        question = check_question(question, self.bot.settings.max_question_chars)
        filters = Filters(speaker, source, since, until)
        filters.check()  # a bad date or unknown speaker is refused before deferring
        require_index(self.bot)
        if speaker:
            self.bot.parley.searcher.resolve_speaker(speaker)
        self.bot.parley.searcher.check_filters(filters)  # and filters no article passes
        self.bot.parley.searcher.validate(question)  # and a question in another script
        self.bot.cooldown.start(interaction.user.id)  # accepted: only now it counts
        await interaction.response.defer(thinking=True)
        view = await answer(
            self.bot, question, interaction.user.id, interaction.guild_id, filters=filters
        )
        view.message = await interaction.edit_original_response(**view.message_kwargs())

    @ask.autocomplete("speaker")
    async def speaker_names(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return speaker_choices(self.bot, current)


async def setup(bot: ParleyBot) -> None:
    await bot.add_cog(Ask(bot))
