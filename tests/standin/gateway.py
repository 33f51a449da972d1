"""The gateway websocket: HELLO, heartbeats, IDENTIFY/READY, RESUME, member chunks, dispatch.

One `Session` per IDENTIFY (it survives reconnects so RESUME can replay what was missed), one
`Connection` per websocket. Frames are plain text unless the URL asks for `compress=zlib-stream`
(one zlib stream per connection, each message ended with Z_SYNC_FLUSH, sent as binary).
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import zlib
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from .records import Message
from .state import State
from .world import (
    DIRECT_MESSAGES,
    GUILD_MEMBERS,
    GUILD_MESSAGES,
    GUILD_PRESENCES,
    GUILDS,
    MESSAGE_CONTENT,
    Member,
)

log = logging.getLogger(__name__)

try:  # zstd-stream is what discord.py asks for when `zstandard` is importable
    import zstandard
except ImportError:  # pragma: no cover - depends on the environment
    zstandard = None


class Connection:
    """One websocket. Compression state is per connection, so sends are serialised."""

    def __init__(self, ws: web.WebSocketResponse, compress: str | None) -> None:
        self.ws = ws
        self.compress = compress if compress in ("zlib-stream", "zstd-stream") else None
        if self.compress == "zstd-stream" and zstandard is None:
            self.compress = None  # discord.py reads text frames as plain JSON: a valid fallback
        self._zlib = zlib.compressobj() if self.compress == "zlib-stream" else None
        self._zstd = (
            zstandard.ZstdCompressor().compressobj() if self.compress == "zstd-stream" else None
        )
        self._lock = asyncio.Lock()
        self.session: Session | None = None
        self.binary_frames = 0
        self.text_frames = 0
        self.received: list[dict[str, Any]] = []

    @property
    def open(self) -> bool:
        return not self.ws.closed

    async def send(self, payload: dict[str, Any]) -> bool:
        data = json.dumps(payload, separators=(",", ":"))
        async with self._lock:
            if self.ws.closed:
                return False
            try:
                if self._zlib is not None:
                    raw = self._zlib.compress(data.encode()) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
                    await self.ws.send_bytes(raw)
                    self.binary_frames += 1
                elif self._zstd is not None:
                    raw = self._zstd.compress(data.encode())
                    raw += self._zstd.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
                    await self.ws.send_bytes(raw)
                    self.binary_frames += 1
                else:
                    await self.ws.send_str(data)
                    self.text_frames += 1
            except ConnectionError:
                return False
        return True


@dataclass
class Session:
    id: str
    intents: int
    identify: dict[str, Any]
    seq: int = 0
    backlog: list[dict[str, Any]] = field(default_factory=list)
    connection: Connection | None = None
    ready: bool = False  # READY and every GUILD_CREATE sent


class Gateway:
    def __init__(
        self,
        state: State,
        *,
        heartbeat_interval_ms: int,
        compression: bool,
        privileged_intents: int,
    ) -> None:
        self.state = state
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.compression = compression
        self.privileged_intents = privileged_intents
        self.connections: list[Connection] = []
        self.sessions: dict[str, Session] = {}
        self.session: Session | None = None  # the bot's current session
        self.resumes = 0
        self.chunk_requests: list[dict[str, Any]] = []
        self.url = ""

    # --- websocket handler --------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        conn = Connection(ws, request.query.get("compress") if self.compression else None)
        self.connections.append(conn)
        try:
            await conn.send({"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    payload = json.loads(msg.data)
                    conn.received.append(payload)
                    await self._on_payload(conn, payload)
        finally:
            if conn.session is not None and conn.session.connection is conn:
                conn.session.connection = None
            self.state.changes.notify()
        return ws

    async def _on_payload(self, conn: Connection, payload: dict[str, Any]) -> None:
        op, data = payload.get("op"), payload.get("d")
        if op == 1:
            await conn.send({"op": 11})
        elif op == 2:
            await self._identify(conn, data or {})
        elif op == 6:
            await self._resume(conn, data or {})
        elif op == 8:
            await self._chunk(conn, data or {})
        elif op not in (3, 4):
            log.debug("stand-in gateway ignoring op %s", op)

    async def _identify(self, conn: Connection, data: dict[str, Any]) -> None:
        if conn.session is not None:
            await conn.ws.close(code=4005, message=b"Already authenticated.")
            return
        if data.get("token") != self.state.token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        intents = data.get("intents")
        if not isinstance(intents, int):
            await conn.ws.close(code=4013, message=b"Invalid intent(s).")
            return
        if intents & ~self.privileged_intents & (GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT):
            await conn.ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        session = Session(secrets.token_hex(16), intents, data, connection=conn)
        conn.session = session
        self.sessions[session.id] = session
        self.session = session
        await self.dispatch("READY", self._ready_payload(session), session=session)
        if intents & GUILDS:
            for guild in self.state.guilds:
                listed = None if intents & GUILD_PRESENCES else self._bot_members(guild.members)
                await self.dispatch("GUILD_CREATE", guild.payload(members=listed), session=session)
        session.ready = True
        self.state.changes.notify()

    def _bot_members(self, members: list[Member]) -> list[Member]:
        # Without the presences intent Discord lists only the bot (and voice members).
        return [m for m in members if m.user.id == self.state.bot_user.id]

    def _ready_payload(self, session: Session) -> dict[str, Any]:
        state = self.state
        ready: dict[str, Any] = {
            "v": 10,
            "user": {
                **state.bot_user.payload(),
                "verified": True,
                "mfa_enabled": False,
                "flags": 0,
            },
            "guilds": [{"id": str(g.id), "unavailable": True} for g in state.guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.url,
            "application": {"id": str(state.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "auth": {},
        }
        if "shard" in session.identify:
            ready["shard"] = session.identify["shard"]
        return ready

    async def _resume(self, conn: Connection, data: dict[str, Any]) -> None:
        session = self.sessions.get(data.get("session_id") or "")
        if session is None or data.get("token") != self.state.token:
            await conn.send({"op": 9, "d": False})
            return
        old = session.connection
        session.connection = conn
        conn.session = session
        self.session = session
        if old is not None and old is not conn and old.open:
            await old.ws.close(code=4000)
        seq = data.get("seq") or 0
        for frame in session.backlog:
            if frame["s"] > seq:
                await conn.send(frame)
        await self.dispatch("RESUMED", {}, session=session)
        self.resumes += 1
        self.state.changes.notify()

    async def _chunk(self, conn: Connection, data: dict[str, Any]) -> None:
        self.chunk_requests.append(data)
        session = conn.session
        if session is None:
            await conn.ws.close(code=4003, message=b"Not authenticated.")
            return
        guild = self.state.guild(int(data["guild_id"]))
        user_ids = {int(u) for u in data.get("user_ids") or []}
        query = (data.get("query") or "").lower()
        if not user_ids and not session.intents & GUILD_MEMBERS:
            log.warning("stand-in gateway: op 8 without the GUILD_MEMBERS intent ignored")
            return
        members = [
            m
            for m in guild.members
            if (m.user.id in user_ids if user_ids else m.user.username.lower().startswith(query))
        ]
        if data.get("limit"):
            members = members[: data["limit"]]
        chunk: dict[str, Any] = {
            "guild_id": str(guild.id),
            "members": [m.payload() for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
        }
        if user_ids:
            found = {m.user.id for m in members}
            chunk["not_found"] = [str(u) for u in user_ids - found]
        if data.get("nonce"):
            chunk["nonce"] = data["nonce"]
        await self.dispatch("GUILD_MEMBERS_CHUNK", chunk, session=session)

    # --- sending ------------------------------------------------------------------------------

    async def dispatch(
        self, event: str, data: dict[str, Any], session: Session | None = None
    ) -> bool:
        """Send a DISPATCH to the bot's session; kept in its backlog for a later RESUME."""
        session = session or self.session
        if session is None:
            return False
        session.seq += 1
        frame = {"op": 0, "t": event, "s": session.seq, "d": data}
        session.backlog.append(frame)
        del session.backlog[:-1000]
        conn = session.connection
        return conn is not None and await conn.send(frame)

    def intents(self) -> int:
        return self.session.intents if self.session else 0

    async def deliver_message(self, event: str, msg: Message) -> bool:
        """MESSAGE_CREATE / MESSAGE_UPDATE, filtered by intents as Discord does."""
        intents = self.intents()
        if self.session is None or msg.ephemeral:
            return False
        needed = GUILD_MESSAGES if msg.guild_id else DIRECT_MESSAGES
        if not intents & needed:
            return False
        payload = dict(msg.payload)
        bot_id = self.state.bot_user.id
        private = msg.guild_id and msg.author_id != bot_id and not intents & MESSAGE_CONTENT
        if private and bot_id not in msg.mentions:
            payload.update(content="", embeds=[], attachments=[], components=[])
            payload.pop("poll", None)
        if msg.guild_id:
            member = self.state.guild(msg.guild_id).member(msg.author_id)
            if member is not None:
                payload["member"] = {k: v for k, v in member.payload().items() if k != "user"}
        await self.dispatch(event, payload)
        return True

    async def deliver_delete(self, msg: Message) -> None:
        needed = GUILD_MESSAGES if msg.guild_id else DIRECT_MESSAGES
        if self.intents() & needed and not msg.ephemeral:
            data = {"id": str(msg.id), "channel_id": str(msg.channel_id)}
            if msg.guild_id:
                data["guild_id"] = str(msg.guild_id)
            await self.dispatch("MESSAGE_DELETE", data)

    async def request_reconnect(self) -> None:
        """Op 7: tell the bot to reconnect and RESUME."""
        if self.session is None or self.session.connection is None:
            raise RuntimeError("stand-in Discord: no bot connected")
        await self.session.connection.send({"op": 7, "d": None})

    async def close_all(self) -> None:
        for conn in self.connections:
            if conn.open:
                await conn.ws.close(code=1001, message=b"stand-in shutting down")
