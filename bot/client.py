"""The Discord client: a `commands.Bot` given its dependencies, and `run_bot`, which runs it
until SIGTERM / SIGINT and shuts it down cleanly."""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Any

import discord
import yarl
from discord.ext import commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

from index.service import Parley

from .checks import Cooldown
from .errors import on_app_command_error
from .settings import BotSettings
from .state import StateStore
from .views import BUTTONS, answer_unknown_click

log = logging.getLogger(__name__)

EXTENSIONS = (
    "bot.cogs.ask",
    "bot.cogs.quotes",
    "bot.cogs.who",
    "bot.cogs.catalogue",
    "bot.cogs.moderation",
    "bot.cogs.dm",
)


def point_at(settings: BotSettings) -> None:
    """Use the configured REST base and gateway (a REST proxy, or the tests' stand-in).

    discord.py reads both class attributes each time it builds a request or connects.
    """
    Route.BASE = settings.discord_api_base.rstrip("/")
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


class ParleyBot(commands.Bot):
    def __init__(
        self, settings: BotSettings, parley: Parley, state: StateStore, **options: Any
    ) -> None:
        point_at(settings)
        # Default intents: DMs arrive with their content without any privileged intent.
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents.default(),
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            **options,
        )
        self.settings = settings
        self.parley = parley
        self.state = state
        self.cooldown = Cooldown(settings.cooldown_seconds)
        self.tree.error(on_app_command_error)

    async def setup_hook(self) -> None:
        # Before connecting: a click on an answer sent before a restart may be the first event.
        self.add_dynamic_items(*BUTTONS)
        for name in EXTENSIONS:
            await self.load_extension(name)
        if self.settings.guild_id:
            guild = discord.Object(id=self.settings.guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to server %s", len(synced), self.settings.guild_id)
        else:
            synced = await self.tree.sync()
            log.info("synced %d global commands", len(synced))

    async def on_ready(self) -> None:
        assert self.user is not None
        log.info("connected as %s (id %s) in %d servers", self.user, self.user.id, len(self.guilds))

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: DMs are handled by the dm cog, server messages ignored."""

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Commands and known buttons are dispatched by discord.py; this answers the rest."""
        await answer_unknown_click(interaction)


async def run_bot(settings: BotSettings, parley: Parley) -> int:
    """Run until SIGTERM/SIGINT (exit 0) or a failed login (exit 1)."""
    if settings.discord_token is None:
        log.error("DISCORD_TOKEN is not set")
        return 1
    state = await StateStore.open(settings.data_dir, settings.pages_kept)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    signals = (signal.SIGTERM, signal.SIGINT)
    for sig in signals:
        loop.add_signal_handler(sig, stop.set)
    try:
        async with ParleyBot(settings, parley, state) as bot:
            runner = asyncio.create_task(bot.start(settings.discord_token.get_secret_value()))
            stopper = asyncio.create_task(stop.wait())
            await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if runner.done():
                stopper.cancel()
                error = runner.exception()
                if error is not None:
                    log.error("the bot stopped: %s", error)
                    return 1
                return 0
            log.info("shutting down")
            await bot.close()  # closes the gateway (a close frame, not a drop) and HTTP session
            await asyncio.gather(runner, return_exceptions=True)
        return 0
    finally:
        for sig in signals:
            loop.remove_signal_handler(sig)
        await state.close()
