"""`StandinDiscord`: the server's lifecycle and the API tests drive it with.

async with StandinDiscord(token="t") as sd:
    discord.http.Route.BASE = sd.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(sd.gateway_url)
    ... start the bot ...
    await sd.wait_ready()
    answer = await (await sd.slash("ask", {"question": "who?"})).final()
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Sequence
from typing import Any

from aiohttp import web

from .actions import UserActions
from .gateway import Connection, Gateway
from .interactions import InteractionRoutes
from .records import Interaction, Message, RequestError
from .rest import BotRoutes, make_middleware, unknown_route
from .state import State
from .world import (
    PRIVILEGED_INTENTS,
    Channel,
    Guild,
    Member,
    Role,
    User,
    default_guild,
    snowflake,
)

log = logging.getLogger(__name__)


class StandinDiscord(UserActions):
    """A loopback Discord for the real discord.py client. Use as an async context manager."""

    def __init__(
        self,
        token: str = "standin-token",
        *,
        guilds: Sequence[Guild] | None = None,
        users: Sequence[User] = (),
        bot_name: str = "Parley",
        interaction_timeout: float = 3.0,
        heartbeat_interval_ms: int = 41250,
        compression: bool = True,
        privileged_intents: int = PRIVILEGED_INTENTS,
    ) -> None:
        # Copies, so a Guild reused across tests never collects bots or state.
        world = copy.deepcopy(list(guilds) if guilds is not None else [default_guild()])
        bot = User(snowflake(), bot_name, bot=True)
        for guild in world:
            guild.members.append(Member(bot))
        self.state = State(
            token=token,
            guilds=world,
            users=list(users),
            bot_user=bot,
            application_id=bot.id,
            interaction_timeout=interaction_timeout,
        )
        self.gateway = Gateway(
            self.state,
            heartbeat_interval_ms=heartbeat_interval_ms,
            compression=compression,
            privileged_intents=privileged_intents,
        )
        self._runner: web.AppRunner | None = None
        self._consumed: set[int] = set()

    # --- lifecycle ----------------------------------------------------------------------------

    async def __aenter__(self) -> StandinDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def start(self) -> None:
        app = web.Application(middlewares=[make_middleware(self.state)])
        BotRoutes(self.state, self.gateway).register(app)
        InteractionRoutes(self.state, self.gateway).register(app)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/attachments/{file_id}/{filename}", self._attachment)
        app.router.add_get("/pages/{path:.*}", self._page)
        app.router.add_route("*", "/api/v10/{tail:.*}", unknown_route)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        port = self._runner.addresses[0][1]
        self.state.base_url = f"http://127.0.0.1:{port}"
        self.gateway.url = f"ws://127.0.0.1:{port}/gateway"

    async def stop(self) -> None:
        if self._runner is not None:
            await self.gateway.close_all()
            await self._runner.cleanup()
            self._runner = None

    async def _attachment(self, request: web.Request) -> web.Response:
        found = self.state.files.get(int(request.match_info["file_id"]))
        if found is None:
            raise web.HTTPNotFound()
        _, data, ctype = found
        return web.Response(body=data, headers={"Content-Type": ctype})

    async def _page(self, request: web.Request) -> web.Response:
        found = self.state.pages.get(request.match_info["path"])
        if found is None:
            raise web.HTTPNotFound()
        body, ctype = found
        return web.Response(body=body, headers={"Content-Type": ctype})

    # --- where things are ---------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return self.state.base_url

    @property
    def api_base(self) -> str:
        return f"{self.state.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        return self.gateway.url

    @property
    def token(self) -> str:
        return self.state.token

    @property
    def bot_user(self) -> User:
        return self.state.bot_user

    @property
    def application_id(self) -> int:
        return self.state.application_id

    @property
    def guild(self) -> Guild:
        return self.state.guilds[0]

    @property
    def channel(self) -> Channel:
        """The first text channel of the first guild ("general" in the default world)."""
        return self.guild.text_channels()[0]

    @property
    def owner(self) -> User:
        return self.state.user(self.guild.owner_id)

    @property
    def moderator(self) -> User:
        return self.state.user("mod")

    @property
    def moderator_role(self) -> Role:
        return self.guild.role("Moderator")

    def user(self, key: User | int | str) -> User:
        """A user by object, id or username."""
        return self.state.user(key)

    def serve(self, path: str, body: bytes | str, content_type: str = "text/html") -> str:
        """Serve `body` at a loopback URL (e.g. an article page for `/add url:`); return it."""
        data = body.encode() if isinstance(body, str) else body
        self.state.pages[path.lstrip("/")] = (data, content_type)
        return f"{self.base_url}/pages/{path.lstrip('/')}"

    # --- what happened ------------------------------------------------------------------------

    @property
    def commands(self) -> list[dict[str, Any]]:
        """Every synced command payload (global, then per guild, with `guild_id`)."""
        out = list(self.state.global_commands)
        for stored in self.state.guild_commands.values():
            out += stored
        return out

    @property
    def messages(self) -> list[Message]:
        return list(self.state.messages.values())

    def bot_messages(self, channel_id: int | None = None) -> list[Message]:
        return [
            m
            for m in self.state.messages.values()
            if m.author_id == self.bot_user.id and channel_id in (None, m.channel_id)
        ]

    @property
    def interactions(self) -> list[Interaction]:
        return list(self.state.interactions.values())

    @property
    def errors(self) -> list[RequestError]:
        """Every request the stand-in refused, as Discord would have."""
        return self.state.errors

    @property
    def requests(self) -> list[tuple[str, str, int]]:
        return self.state.requests

    @property
    def intents(self) -> int:
        return self.gateway.intents()

    @property
    def identify(self) -> dict[str, Any] | None:
        return self.gateway.session.identify if self.gateway.session else None

    @property
    def connections(self) -> list[Connection]:
        return self.gateway.connections

    @property
    def resumes(self) -> int:
        return self.gateway.resumes

    @property
    def chunk_requests(self) -> list[dict[str, Any]]:
        return self.gateway.chunk_requests

    # --- waiting ------------------------------------------------------------------------------

    async def wait_ready(self, timeout: float = 10.0, *, commands: bool = True) -> None:
        """Until the bot has identified (READY + GUILD_CREATEs sent) and, by default, synced."""

        def ready() -> bool:
            session = self.gateway.session
            identified = session is not None and session.ready
            return identified and (not commands or self.state.command_syncs > 0)

        await self.state.changes.wait_for(ready, timeout, "the bot to identify and sync commands")

    async def wait_for_message(
        self,
        *,
        channel_id: int | None = None,
        timeout: float = 5.0,
        predicate: Callable[[Message], bool] | None = None,
    ) -> Message:
        """The next bot message (channel message, interaction answer or followup) not yet
        returned by an earlier call, optionally in one channel and matching `predicate`."""

        def find() -> Message | None:
            for msg in self.state.messages.values():
                if (
                    msg.author_id == self.bot_user.id
                    and msg.id not in self._consumed
                    and channel_id in (None, msg.channel_id)
                    and (predicate is None or predicate(msg))
                ):
                    return msg
            return None

        msg = await self.state.changes.wait_for(find, timeout, f"a bot message in {channel_id}")
        self._consumed.add(msg.id)
        return msg

    async def expect_no_message(
        self, *, channel_id: int | None = None, within: float = 1.0
    ) -> None:
        """Fail if the bot sends a (not yet consumed) message within `within` seconds."""
        try:
            msg = await self.wait_for_message(channel_id=channel_id, timeout=within)
        except TimeoutError:
            return
        raise AssertionError(f"the bot sent a message it should not have: {msg.text()!r}")

    async def force_reconnect(self, timeout: float = 10.0) -> None:
        """Send op 7 RECONNECT and wait until the bot has RESUMEd."""
        before = self.gateway.resumes
        await self.gateway.request_reconnect()
        await self.state.changes.wait_for(
            lambda: self.gateway.resumes > before, timeout, "the bot to resume"
        )
