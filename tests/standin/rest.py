"""REST routes that carry the bot token: login, application, command sync, channels, DMs.

Also the shared plumbing of every route: JSON replies with the exact Content-Type discord.py
needs, multipart bodies, Discord-shaped errors, and a log of refused requests.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from . import checks
from .checks import ApiError
from .gateway import Gateway
from .state import State, Upload

log = logging.getLogger(__name__)

API = "/api/v10"
MAX_FILE_BYTES = 10 * 1024 * 1024
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def json_response(data: Any, status: int = 200) -> web.Response:
    # Exactly "application/json": discord.py does not parse a body whose type has a charset.
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"}
    )


async def read_body(request: web.Request) -> tuple[dict[str, Any], list[Upload]]:
    """JSON or multipart (`payload_json` + `files[n]`) body, as discord.py sends them."""
    if request.content_type == "multipart/form-data":
        payload: dict[str, Any] = {}
        uploads: list[Upload] = []
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            name = getattr(part, "name", None) or ""
            if name == "payload_json":
                payload = json.loads(await part.text())  # type: ignore[union-attr]
            elif name.startswith("files["):
                data = bytes(await part.read())  # type: ignore[union-attr]
                if len(data) > MAX_FILE_BYTES:
                    raise ApiError(413, checks.ENTITY_TOO_LARGE, "Request entity too large")
                ctype = part.headers.get("Content-Type")
                index = int(name[len("files[") : -1])
                uploads.append(Upload(index, part.filename or f"file{index}", data, ctype))  # type: ignore[union-attr]
        return payload, uploads
    if request.can_read_body:
        try:
            body = await request.json()
        except json.JSONDecodeError as exc:
            raise ApiError(400, 50109, "The request body contains invalid JSON.") from exc
        return (body if isinstance(body, dict) else {"_list": body}), []
    return {}, []


def needs_bot_token(path: str) -> bool:
    # Webhook and interaction-callback routes carry their token in the path, not a header.
    return path.startswith(API) and not path.startswith(
        (f"{API}/webhooks/", f"{API}/interactions/")
    )


def make_middleware(state: State) -> Callable[..., Awaitable[web.StreamResponse]]:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        path = request.path
        if needs_bot_token(path) and request.headers.get("Authorization") != f"Bot {state.token}":
            state.record_error(request.method, path, ApiError(401, 0, "401: Unauthorized"))
            state.requests.append((request.method, path, 401))
            return json_response({"message": "401: Unauthorized", "code": 0}, 401)
        try:
            response = await handler(request)
        except ApiError as err:
            record = state.record_error(request.method, path, err)
            interaction = getattr(err, "interaction", None)
            if interaction is not None:
                interaction.errors.append(record)
            log.info("stand-in Discord refused %s %s: %s", request.method, path, err)
            response = json_response(err.body(), err.status)
        state.requests.append((request.method, path, response.status))
        return response

    return middleware


class BotRoutes:
    def __init__(self, state: State, gateway: Gateway) -> None:
        self.state = state
        self.gateway = gateway

    def register(self, app: web.Application) -> None:
        r = app.router
        r.add_get(f"{API}/users/@me", self.me)
        r.add_get(f"{API}/oauth2/applications/@me", self.application)
        r.add_get(f"{API}/applications/@me", self.application)
        r.add_get(f"{API}/gateway", self.gateway_info)
        r.add_get(f"{API}/gateway/bot", self.gateway_info)
        for path in (
            f"{API}/applications/{{app_id}}/commands",
            f"{API}/applications/{{app_id}}/guilds/{{guild_id}}/commands",
        ):
            r.add_put(path, self.put_commands)
            r.add_get(path, self.get_commands)
        r.add_post(f"{API}/users/@me/channels", self.create_dm)
        r.add_get(f"{API}/users/{{user_id}}", self.get_user)
        r.add_get(f"{API}/channels/{{channel_id}}", self.get_channel)
        r.add_post(f"{API}/channels/{{channel_id}}/messages", self.send_message)
        r.add_get(f"{API}/channels/{{channel_id}}/messages", self.history)
        msg = f"{API}/channels/{{channel_id}}/messages/{{message_id}}"
        r.add_get(msg, self.get_message)
        r.add_patch(msg, self.edit_message)
        r.add_delete(msg, self.delete_message)
        r.add_route("*", msg + "/reactions/{tail:.*}", self.no_content)
        r.add_post(f"{API}/channels/{{channel_id}}/typing", self.no_content)
        r.add_get(f"{API}/guilds/{{guild_id}}", self.get_guild)
        r.add_get(f"{API}/guilds/{{guild_id}}/roles", self.get_roles)
        r.add_get(f"{API}/guilds/{{guild_id}}/channels", self.get_channels)
        r.add_get(f"{API}/guilds/{{guild_id}}/members", self.get_members)
        r.add_get(f"{API}/guilds/{{guild_id}}/members/{{user_id}}", self.get_member)

    # --- identity -----------------------------------------------------------------------------

    async def me(self, request: web.Request) -> web.Response:
        user = self.state.bot_user.payload()
        return json_response({**user, "verified": True, "mfa_enabled": False, "flags": 0})

    async def application(self, request: web.Request) -> web.Response:
        state = self.state
        owner = state.user(state.guilds[0].owner_id) if state.guilds else state.bot_user
        return json_response(
            {
                "id": str(state.application_id),
                "name": state.bot_user.username,
                "icon": None,
                "description": "",
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": owner.payload(),
                "verify_key": "0" * 64,
                "flags": 0,
                "team": None,
                "interactions_endpoint_url": None,
                "bot": state.bot_user.payload(),
            }
        )

    async def gateway_info(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        return json_response({"url": self.gateway.url, "shards": 1, "session_start_limit": limit})

    # --- commands -----------------------------------------------------------------------------

    def _command_scope(self, request: web.Request) -> int | None:
        if int(request.match_info["app_id"]) != self.state.application_id:
            raise ApiError(403, checks.MISSING_ACCESS, "Missing Access")
        guild_id = request.match_info.get("guild_id")
        if guild_id is None:
            return None
        if not any(g.id == int(guild_id) for g in self.state.guilds):
            raise ApiError(403, checks.MISSING_ACCESS, "Missing Access")
        return int(guild_id)

    async def put_commands(self, request: web.Request) -> web.Response:
        guild_id = self._command_scope(request)
        body, _ = await read_body(request)
        commands = body.get("_list")
        if not isinstance(commands, list):
            raise ApiError(400, checks.INVALID_FORM_BODY, "Invalid Form Body")
        return json_response(self.state.store_commands(guild_id, commands))

    async def get_commands(self, request: web.Request) -> web.Response:
        guild_id = self._command_scope(request)
        state = self.state
        stored = (
            state.global_commands if guild_id is None else state.guild_commands.get(guild_id, [])
        )
        return json_response(stored)

    # --- users and channels -------------------------------------------------------------------

    async def create_dm(self, request: web.Request) -> web.Response:
        body, _ = await read_body(request)
        try:
            user = self.state.user(int(body.get("recipient_id", 0)))
        except KeyError:
            raise ApiError(400, checks.INVALID_FORM_BODY, "Invalid Recipient(s)") from None
        return json_response(self.state.dm_channel_payload(user))

    async def get_user(self, request: web.Request) -> web.Response:
        try:
            user = self.state.user(int(request.match_info["user_id"]))
        except (KeyError, ValueError):
            raise ApiError(404, checks.UNKNOWN_USER, "Unknown User") from None
        return json_response(user.payload())

    async def get_channel(self, request: web.Request) -> web.Response:
        channel_id = int(request.match_info["channel_id"])
        channel, guild = self.state.channel(channel_id)
        if guild is None:
            user = self.state.user(self.state.dm_user_of[channel_id])
            return json_response(self.state.dm_channel_payload(user))
        return json_response(channel.payload(guild.id))

    async def send_message(self, request: web.Request) -> web.Response:
        channel_id = int(request.match_info["channel_id"])
        self.state.channel(channel_id)
        body, uploads = await read_body(request)
        msg = self.state.create_message(
            channel_id=channel_id,
            author=self.state.bot_user,
            body=body,
            uploads=uploads,
            source="bot",
            msg_type=19 if body.get("message_reference") else 0,
        )
        await self.gateway.deliver_message("MESSAGE_CREATE", msg)
        return json_response(msg.payload)

    async def history(self, request: web.Request) -> web.Response:
        channel_id = int(request.match_info["channel_id"])
        self.state.channel(channel_id)
        limit = int(request.query.get("limit", 50))
        found = [
            m.payload
            for m in reversed(self.state.messages.values())
            if m.channel_id == channel_id and not m.deleted and not m.ephemeral
        ]
        return json_response(found[:limit])

    def _channel_message(self, request: web.Request) -> Any:
        channel_id = int(request.match_info["channel_id"])
        self.state.channel(channel_id)
        return self.state.message(int(request.match_info["message_id"]), channel_id)

    async def get_message(self, request: web.Request) -> web.Response:
        return json_response(self._channel_message(request).payload)

    async def edit_message(self, request: web.Request) -> web.Response:
        msg = self._channel_message(request)
        if msg.author_id != self.state.bot_user.id:
            raise ApiError(
                403,
                checks.CANNOT_EDIT_OTHERS_MESSAGE,
                "Cannot edit a message authored by another user",
            )
        body, uploads = await read_body(request)
        self.state.edit_message(msg, body, uploads)
        await self.gateway.deliver_message("MESSAGE_UPDATE", msg)
        return json_response(msg.payload)

    async def delete_message(self, request: web.Request) -> web.Response:
        msg = self._channel_message(request)
        self.state.delete_message(msg)
        await self.gateway.deliver_delete(msg)
        return web.Response(status=204)

    async def no_content(self, request: web.Request) -> web.Response:
        return web.Response(status=204)

    # --- guilds -------------------------------------------------------------------------------

    async def get_guild(self, request: web.Request) -> web.Response:
        guild = self.state.guild(int(request.match_info["guild_id"]))
        payload = guild.payload()
        for key in ("members", "channels", "threads", "presences", "voice_states"):
            payload.pop(key, None)
        return json_response(payload)

    async def get_roles(self, request: web.Request) -> web.Response:
        guild = self.state.guild(int(request.match_info["guild_id"]))
        return json_response([r.payload() for r in guild.roles])

    async def get_channels(self, request: web.Request) -> web.Response:
        guild = self.state.guild(int(request.match_info["guild_id"]))
        return json_response([c.payload(guild.id) for c in guild.channels])

    async def get_members(self, request: web.Request) -> web.Response:
        guild = self.state.guild(int(request.match_info["guild_id"]))
        limit = int(request.query.get("limit", 1))
        return json_response([m.payload() for m in guild.members[:limit]])

    async def get_member(self, request: web.Request) -> web.Response:
        guild = self.state.guild(int(request.match_info["guild_id"]))
        member = guild.member(int(request.match_info["user_id"]))
        if member is None:
            raise ApiError(404, checks.UNKNOWN_MEMBER, "Unknown Member")
        return json_response(member.payload())


async def unknown_route(request: web.Request) -> web.Response:
    raise ApiError(404, 0, f"404: Not Found (the stand-in has no {request.method} {request.path})")
