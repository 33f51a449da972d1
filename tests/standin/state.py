"""The stand-in's memory: world, messages, files, commands, interactions, refused requests.

Creating and editing messages lives here because every route does it the same way: validate,
merge, compute mentions, store, wake waiters. Delivery over the gateway is the caller's job.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass
from typing import Any

from . import checks
from .checks import ApiError
from .records import EPHEMERAL, LOADING, Changes, Interaction, Message, RequestError
from .world import Channel, Guild, User, snowflake

# Flags a sender may set on a message (ephemeral only through interactions).
_SENDABLE_FLAGS = (1 << 2) | (1 << 12) | (1 << 15)  # suppress embeds/notifications, components v2


@dataclass
class Upload:
    """A file part of a multipart request (`files[n]`)."""

    index: int
    filename: str
    data: bytes
    content_type: str | None


def now_iso() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat()


class State:
    def __init__(
        self,
        *,
        token: str,
        guilds: list[Guild],
        users: list[User],
        bot_user: User,
        application_id: int,
        interaction_timeout: float,
    ) -> None:
        self.token = token
        self.guilds = guilds
        self.bot_user = bot_user
        self.application_id = application_id
        self.interaction_timeout = interaction_timeout
        self.users: dict[int, User] = {bot_user.id: bot_user}
        for guild in guilds:
            for member in guild.members:
                self.users[member.user.id] = member.user
        for user in users:
            self.users[user.id] = user
        self.base_url = ""
        self.changes = Changes()
        self.messages: dict[int, Message] = {}
        self.interactions: dict[int, Interaction] = {}
        self.interactions_by_token: dict[str, Interaction] = {}
        self.global_commands: list[dict[str, Any]] = []
        self.guild_commands: dict[int, list[dict[str, Any]]] = {}
        self.command_syncs = 0
        self._command_ids: dict[tuple[int | None, int, str], int] = {}
        self.files: dict[int, tuple[str, bytes, str]] = {}
        self.pages: dict[str, tuple[bytes, str]] = {}
        self.dm_channel_of: dict[int, int] = {}  # user id -> DM channel id
        self.dm_user_of: dict[int, int] = {}  # DM channel id -> user id
        self.errors: list[RequestError] = []
        self.requests: list[tuple[str, str, int]] = []

    # --- lookups ------------------------------------------------------------------------------

    def user(self, key: User | int | str) -> User:
        if isinstance(key, User):
            return key
        for user in self.users.values():
            if key in (user.id, user.username):
                return user
        raise KeyError(f"stand-in Discord: no user {key!r}")

    def guild(self, key: Guild | int | None = None) -> Guild:
        if isinstance(key, Guild):
            return key
        if key is None:
            return self.guilds[0]
        for guild in self.guilds:
            if guild.id == key:
                return guild
        raise ApiError(404, checks.UNKNOWN_GUILD, "Unknown Guild")

    def channel(self, channel_id: int) -> tuple[Channel, Guild | None]:
        """A guild channel with its guild, or a DM channel (guild None); 404 when unknown."""
        for guild in self.guilds:
            for channel in guild.channels:
                if channel.id == channel_id:
                    return channel, guild
        if channel_id in self.dm_user_of:
            return Channel(channel_id, "", type=1), None
        raise ApiError(404, checks.UNKNOWN_CHANNEL, "Unknown Channel")

    def dm_channel(self, user: User) -> int:
        if user.id not in self.dm_channel_of:
            channel_id = snowflake()
            self.dm_channel_of[user.id] = channel_id
            self.dm_user_of[channel_id] = user.id
        return self.dm_channel_of[user.id]

    def dm_channel_payload(self, user: User) -> dict[str, Any]:
        return {
            "id": str(self.dm_channel(user)),
            "type": 1,
            "last_message_id": None,
            "flags": 0,
            "recipients": [user.payload()],
        }

    def message(self, message_id: int, channel_id: int | None = None) -> Message:
        msg = self.messages.get(message_id)
        if msg is None or msg.deleted or (channel_id is not None and msg.channel_id != channel_id):
            raise ApiError(404, checks.UNKNOWN_MESSAGE, "Unknown Message")
        return msg

    # --- commands -----------------------------------------------------------------------------

    def store_commands(self, guild_id: int | None, commands: list[dict[str, Any]]) -> list[dict]:
        checks.check_commands(commands)
        stored = []
        for command in commands:
            kind = command.get("type", 1)
            key = (guild_id, kind, command["name"])
            cid = self._command_ids.setdefault(key, snowflake())
            entry = {
                "type": 1,
                "options": [],
                "default_member_permissions": None,
                "nsfw": False,
                "description": "",
                **copy.deepcopy(command),
                "id": str(cid),
                "application_id": str(self.application_id),
                "version": str(snowflake()),
            }
            if entry["default_member_permissions"] is not None:  # Discord answers with a string
                entry["default_member_permissions"] = str(int(entry["default_member_permissions"]))
            if guild_id is not None:
                entry["guild_id"] = str(guild_id)
            stored.append(entry)
        if guild_id is None:
            self.global_commands = stored
        else:
            self.guild_commands[guild_id] = stored
        self.command_syncs += 1
        self.changes.notify()
        return stored

    def find_command(self, name: str, guild_id: int | None) -> dict[str, Any]:
        """The synced chat-input command a user would pick (guild commands shadow global ones)."""
        pools = [self.guild_commands.get(guild_id, [])] if guild_id else []
        pools.append(self.global_commands)
        for pool in pools:
            for command in pool:
                if command["name"] == name and command.get("type", 1) == 1:
                    return command
        known = sorted({c["name"] for pool in pools for c in pool})
        raise LookupError(f"stand-in Discord: no synced command /{name} here; synced: {known}")

    # --- files --------------------------------------------------------------------------------

    def add_file(
        self,
        filename: str,
        data: bytes,
        content_type: str | None = None,
        description: str | None = None,
    ) -> dict[str, Any]:
        """Store bytes; return the attachment object that points at the loopback URL."""
        file_id = snowflake()
        ctype = content_type or "application/octet-stream"
        self.files[file_id] = (filename, data, ctype)
        url = f"{self.base_url}/attachments/{file_id}/{filename}"
        attachment: dict[str, Any] = {
            "id": str(file_id),
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "content_type": ctype,
        }
        if description:
            attachment["description"] = description
        return attachment

    def _new_attachments(
        self, body: dict[str, Any], uploads: list[Upload], keep: list[dict[str, Any]]
    ) -> tuple[list[dict[str, Any]], dict[int, bytes]]:
        listed = {str(a.get("id")): a for a in body.get("attachments") or []}
        out = list(keep)
        files: dict[int, bytes] = {}
        for upload in uploads:
            meta = listed.get(str(upload.index), {})
            attachment = self.add_file(
                meta.get("filename") or upload.filename,
                upload.data,
                upload.content_type,
                meta.get("description"),
            )
            out.append(attachment)
            files[int(attachment["id"])] = upload.data
        return out, files

    # --- messages -----------------------------------------------------------------------------

    def _mentions(
        self, content: str, allowed: dict | None, guild: Guild | None, reply_to: int | None
    ) -> tuple[dict[str, Any], set[int]]:
        roles = {r.id for r in guild.roles} if guild else set()
        users, role_ids, everyone = checks.compute_mentions(
            content,
            allowed,
            known_users=set(self.users),
            known_roles=roles,
            replied_user=reply_to,
        )
        notified = set(users)
        if guild is not None:
            members = guild.members
            notified |= {m.user.id for m in members if set(m.roles) & set(role_ids)}
            if everyone:
                notified |= {m.user.id for m in members}
        fields = {
            "mentions": [self.users[u].payload() for u in users],
            "mention_roles": [str(r) for r in role_ids],
            "mention_everyone": everyone,
        }
        return fields, notified

    def create_message(
        self,
        *,
        channel_id: int,
        author: User,
        body: dict[str, Any],
        uploads: list[Upload] | None = None,
        source: str,
        interaction: Interaction | None = None,
        msg_type: int = 0,
        extra_flags: int = 0,
        validate: bool = True,
    ) -> Message:
        uploads = uploads or []
        if validate:
            checks.check_message(body, n_files=len(uploads))
        _, guild = self.channel(channel_id)
        attachments, files = self._new_attachments(body, uploads, [])
        flags = ((body.get("flags") or 0) & _SENDABLE_FLAGS) | extra_flags
        reference = body.get("message_reference")
        reply_to = None
        if reference and int(reference.get("message_id", 0)) in self.messages:
            reply_to = self.messages[int(reference["message_id"])].author_id
        mention_fields, notified = self._mentions(
            body.get("content") or "", body.get("allowed_mentions"), guild, reply_to
        )
        payload: dict[str, Any] = {
            "id": str(snowflake()),
            "channel_id": str(channel_id),
            "author": author.payload(),
            "content": body.get("content") or "",
            "timestamp": now_iso(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts")),
            **mention_fields,
            "attachments": attachments,
            "embeds": [_normalise_embed(e) for e in body.get("embeds") or []],
            "components": copy.deepcopy(body.get("components") or []),
            "pinned": False,
            "type": msg_type,
            "flags": flags,
        }
        if guild is not None:
            payload["guild_id"] = str(guild.id)
        if reference:
            payload["message_reference"] = {**reference, "channel_id": str(channel_id)}
        if body.get("nonce") is not None:
            payload["nonce"] = body["nonce"]
        if interaction is not None:
            payload["application_id"] = str(self.application_id)
            payload["webhook_id"] = str(self.application_id)
        msg = Message(
            payload=payload,
            source=source,
            interaction_id=interaction.id if interaction else None,
            files=files,
            notified=set() if flags & EPHEMERAL else notified - {author.id},
        )
        self.messages[msg.id] = msg
        self.changes.notify()
        return msg

    def edit_message(
        self, msg: Message, body: dict[str, Any], uploads: list[Upload] | None = None
    ) -> Message:
        uploads = uploads or []
        checks.check_message(body, n_files=len(uploads), require_content=False)
        merged = copy.deepcopy(msg.payload)
        for key in ("content", "components"):
            if key in body:
                merged[key] = copy.deepcopy(body[key]) or ("" if key == "content" else [])
        if "embeds" in body:
            merged["embeds"] = [_normalise_embed(e) for e in body["embeds"] or []]
        keep = merged["attachments"]
        if "attachments" in body:
            kept_ids = {str(a.get("id")) for a in body["attachments"] or []}
            keep = [a for a in keep if a["id"] in kept_ids]
        merged["attachments"], files = self._new_attachments(body, uploads, keep)
        if checks.is_empty(merged):
            raise ApiError(400, checks.EMPTY_MESSAGE, "Cannot send an empty message")
        flags = merged.get("flags") or 0
        if body.get("flags") is not None:
            flags = (flags & ~_SENDABLE_FLAGS) | (body["flags"] & _SENDABLE_FLAGS)
        merged["flags"] = flags & ~LOADING  # the first edit of a deferred answer ends "thinking"
        _, guild = self.channel(msg.channel_id)
        mention_fields, notified = self._mentions(
            merged["content"], body.get("allowed_mentions"), guild, None
        )
        merged.update(mention_fields)
        merged["edited_timestamp"] = now_iso()
        msg.history.append(msg.payload)
        msg.payload = merged
        msg.files.update(files)
        msg.notified = set() if flags & EPHEMERAL else notified - {msg.author_id}
        msg.edits += 1
        self.changes.notify()
        return msg

    def delete_message(self, msg: Message) -> None:
        msg.deleted = True
        self.changes.notify()

    # --- bookkeeping --------------------------------------------------------------------------

    def record_error(self, method: str, path: str, err: ApiError) -> RequestError:
        record = RequestError(method, path, err.status, err.code, err.message, err.errors)
        self.errors.append(record)
        self.changes.notify()
        return record


def _normalise_embed(embed: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(embed)
    out.setdefault("type", "rich")
    return out
