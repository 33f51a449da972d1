"""/quotes: what one person said, most relevant first with `about`, else newest first."""

from __future__ import annotations

from discord import Interaction, app_commands
from discord.ext import commands

from .. import render
from ..answers import check_question, pager_for, require_index, speaker_choices
from ..checks import question_cooldown
from ..client import ParleyBot

MAX_QUOTES = 40


class Quotes(commands.Cog):
    def __init__(self, bot: ParleyBot) -> None:
        self.bot = bot

    @app_commands.command(name="quotes")
    @app_commands.describe(
        speaker="Who (name, surname or alias; suggestions appear as you type)",
        about="Optional topic, e.g. ceasefire, Istanbul, security guarantees",
    )
    @question_cooldown()
    async def quotes(
        self,
        interaction: Interaction,
        speaker: app_commands.Range[str, 1, 100],
        about: app_commands.Range[str, 1, 1000] | None = None,
    ) -> None:
        """What one person said about the peace talks, with sources."""
        # A blank topic is no topic (newest first), as when `about` is left out.
        if about is not None and about.strip():
            about = check_question(about, self.bot.settings.max_question_chars, "`about`")
        else:
            about = None
        require_index(self.bot)
        # An unknown name is refused before deferring, so the refusal is only seen by the asker.
        self.bot.parley.searcher.resolve_speaker(speaker)
        self.bot.cooldown.start(interaction.user.id)  # accepted: only now it counts
        await interaction.response.defer(thinking=True)
        hits = await self.bot.parley.quotes(speaker, about, MAX_QUOTES)
        name = hits[0].quote.speaker if hits else speaker
        total = self.bot.parley.searcher.speaker_counts.get(name) if about is None else None
        view = await pager_for(
            self.bot,
            render.quotes_pages(hits, name, about, total),
            kind="quotes",
            question=f"{speaker} | {about or ''}",
            user_id=interaction.user.id,
            guild_id=interaction.guild_id,
            results=[h.quote.id for h in hits],
            abstained=not hits,
        )
        view.message = await interaction.edit_original_response(**view.message_kwargs())

    @quotes.autocomplete("speaker")
    async def speaker_names(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return speaker_choices(self.bot, current)


async def setup(bot: ParleyBot) -> None:
    await bot.add_cog(Quotes(bot))
