"""Direct messages: any message is a question answered like /ask (as text, like the console);
`help` explains the commands. Messages in server channels are never answered."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from index.errors import ParleyError

from .. import render
from ..answers import answer, check_question, require_index
from ..client import ParleyBot
from ..errors import NO_MENTIONS, unexpected, user_message
from ..text import CONTENT_MAX, cut
from .catalogue import command_list

log = logging.getLogger(__name__)

HELP_WORDS = {"help", "/help", "?", "hi", "hello", "start"}
ATTACHMENT_ONLY = (
    "I answer questions written as text, so I did not read the attachment. Articles are added "
    "by the server's moderators with `/add`."
)


class DirectMessages(commands.Cog):
    def __init__(self, bot: ParleyBot) -> None:
        self.bot = bot

    async def _say(self, channel: discord.abc.Messageable, reply: str) -> None:
        await channel.send(cut(reply, CONTENT_MAX), allowed_mentions=NO_MENTIONS)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.guild is not None:
            return  # our own echoes, other bots, and every server channel
        text = message.content.strip()
        if not text:
            if message.attachments:  # someone trying to share an article: say how it is done
                await self._say(message.channel, ATTACHMENT_ONLY)
            return
        if text.lower() in HELP_WORDS:
            await self._say(message.channel, render.help_text(command_list(self.bot)[0]))
            return
        left = self.bot.cooldown.retry_after(message.author.id)
        if left > 0:
            await self._say(message.channel, render.retry_text(left))
            return
        try:
            question = check_question(text, self.bot.settings.max_question_chars)
            require_index(self.bot)
            self.bot.cooldown.start(message.author.id)  # accepted: only now it counts
            view = await answer(self.bot, question, message.author.id, None, text=True)
        except ParleyError as exc:
            await self._say(message.channel, f"Sorry: {user_message(exc)}")
            return
        except Exception as exc:
            await self._say(message.channel, unexpected(exc, "a direct message"))
            return
        view.message = await message.channel.send(**view.message_kwargs())


async def setup(bot: ParleyBot) -> None:
    await bot.add_cog(DirectMessages(bot))
