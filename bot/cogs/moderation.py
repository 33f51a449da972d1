"""Moderators: /reindex, /add, /remove, /stats. Replies are ephemeral; one build at a time."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from pathlib import Path

import discord
from discord import Interaction, app_commands
from discord.ext import commands

from index.catalogue import list_sources
from index.errors import BadInput, Busy

from .. import render, text
from ..checks import moderator_only
from ..client import ParleyBot
from ..errors import NO_MENTIONS
from ..late import edit_reply
from ..progress import ProgressEditor

log = logging.getLogger(__name__)

UPLOAD_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
MAX_UPLOAD_BYTES = 25 * 2**20
BUSY = "a build is already running; try again when it has finished"
KEY_PREFIX = 80  # of a long article id, kept readable in its /remove choice value


def choice_value(article_id: str) -> str:
    """An article's /remove choice value: its id, or, for an id longer than Discord allows a
    value (an upload with a long file name), a stable short key `chosen_article` maps back."""
    if len(article_id) <= text.CHOICE_MAX:
        return article_id
    digest = hashlib.sha256(article_id.encode()).hexdigest()[:16]
    return f"{article_id[:KEY_PREFIX]}#{digest}"


def chosen_article(value: str, titles: Mapping[str, str]) -> str:
    """The article a /remove value names (`titles`: id -> title): an id as typed or picked, a
    long id's short key, or the title as `/sources` shows it when only one article has it
    (anything else is left for `remove` to refuse as unknown)."""
    if value in titles:
        return value
    keyed = next((a for a in titles if choice_value(a) == value), None)
    if keyed is not None:
        return keyed
    wanted = " ".join(value.split()).casefold()
    titled = [a for a, t in titles.items() if " ".join(t.split()).casefold() == wanted]
    return titled[0] if len(titled) == 1 else value


class Moderation(commands.Cog):
    def __init__(self, bot: ParleyBot) -> None:
        self.bot = bot

    def _not_building(self) -> None:
        # Parley refuses a second build too; saying so before deferring keeps it ephemeral.
        if self.bot.parley.building:
            raise Busy(BUSY)

    async def _reply(self, interaction: Interaction, page: render.Page) -> None:
        # A long build can outlive the interaction token: edit_reply then sends it by DM.
        await edit_reply(interaction, content=page.content, embed=page.embed)

    @app_commands.command(name="reindex")
    @app_commands.describe(full="Re-read and re-embed every article, not only new or changed ones")
    @moderator_only()
    async def reindex(self, interaction: Interaction, full: bool = False) -> None:
        """Rebuild the index from the corpus folder, showing progress (moderators)."""
        self._not_building()
        await interaction.response.defer(ephemeral=True, thinking=True)
        log.info("reindex%s started by user %s", " (full)" if full else "", interaction.user.id)
        async with ProgressEditor(interaction, "Reindexing") as progress:
            report = await self.bot.parley.build(force=full, progress=progress.update)
        await self._reply(interaction, render.build_summary_page(report))

    @app_commands.command(name="add")
    @app_commands.describe(
        file="An article file: .txt, .md, .html or .jsonl",
        url="Or the address of a web page (http or https)",
    )
    @moderator_only()
    async def add(
        self,
        interaction: Interaction,
        file: discord.Attachment | None = None,
        url: app_commands.Range[str, 1, 2000] | None = None,
    ) -> None:
        """Add an article from a file or a web address (moderators)."""
        if (file is None) == (url is None):
            raise BadInput("give either a file or a url, one of the two")
        if file is not None:
            if Path(file.filename).suffix.lower() not in UPLOAD_SUFFIXES:
                raise BadInput(f"{file.filename}: use a {', '.join(UPLOAD_SUFFIXES)} file")
            if file.size > MAX_UPLOAD_BYTES:
                raise BadInput(f"{file.filename} is larger than {MAX_UPLOAD_BYTES // 2**20} MB")
        self._not_building()
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with ProgressEditor(interaction, "Adding") as progress:
            if file is not None:
                data = await file.read()
                result = await self.bot.parley.add_bytes(
                    file.filename, data, file.content_type or "", progress.update
                )
            else:
                assert url is not None
                result = await self.bot.parley.add_url(url.strip(), progress.update)
        log.info("user %s added %d articles", interaction.user.id, len(result.articles))
        await self._reply(interaction, render.added_page(result.articles, result.report))

    @app_commands.command(name="remove")
    @app_commands.describe(article="The article to remove (suggestions appear as you type)")
    @moderator_only()
    async def remove(self, interaction: Interaction, article: str) -> None:
        """Remove an article from the index (moderators)."""
        self._not_building()
        await interaction.response.defer(ephemeral=True, thinking=True)
        titles = {s["article_id"]: s["title"] for s in await self.bot.parley.sources()}
        article = chosen_article(article, titles)
        await self.bot.parley.remove(article)
        title = text.safe(titles.get(article) or article, 500)
        log.info("user %s removed article %s", interaction.user.id, article)
        await interaction.edit_original_response(
            content=f"Removed “{title}”. Its quotations are no longer answered.",
            allowed_mentions=NO_MENTIONS,
        )

    @remove.autocomplete("article")
    async def article_choices(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if not self.bot.parley.has_index:
            return []
        typed = current.lower().strip()
        # Titles only: cheap enough to list on the loop, and autocomplete must not queue
        # behind a slow search in the query executor.
        choices = []
        for s in list_sources(self.bot.parley.searcher):
            key, title = str(s["article_id"]), str(s["title"] or s["article_id"])
            if typed and typed not in f"{title} {s['source']} {key}".lower():
                continue
            label = f"{title} — {s['source'] or 'unknown outlet'}, {s['date'] or 'undated'}"
            choices.append(
                app_commands.Choice(name=text.cut(label, text.CHOICE_MAX), value=choice_value(key))
            )
            if len(choices) == 25:
                break
        return choices

    @app_commands.command(name="stats")
    @moderator_only()
    async def stats(self, interaction: Interaction) -> None:
        """Index size, build time and questions answered (moderators)."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        stats = await self.bot.parley.stats()
        questions = await self.bot.state.questions_answered()
        await self._reply(interaction, render.stats_page(stats, questions))


async def setup(bot: ParleyBot) -> None:
    await bot.add_cog(Moderation(bot))
