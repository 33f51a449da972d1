"""The people and places of the stand-in Discord: users, roles, channels, guilds.

Plain dataclasses plus the functions that turn them into Discord's JSON shapes. `default_guild()`
builds the world Parley's tests need: an @everyone role, a "Moderator" role with Manage Server,
an owner, a moderator, a plain member and two text channels.
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import Any

# Permission bits (https://discord.com/developers/docs/topics/permissions).
CREATE_INSTANT_INVITE = 1 << 0
KICK_MEMBERS = 1 << 1
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_EXTERNAL_EMOJIS = 1 << 18
CHANGE_NICKNAME = 1 << 26
USE_APPLICATION_COMMANDS = 1 << 31
ALL_PERMISSIONS = (1 << 53) - 1

EVERYONE_PERMISSIONS = (
    CREATE_INSTANT_INVITE
    | ADD_REACTIONS
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | CHANGE_NICKNAME
    | USE_APPLICATION_COMMANDS
)
MODERATOR_PERMISSIONS = MANAGE_GUILD | MANAGE_MESSAGES | KICK_MEMBERS

# Gateway intent bits.
GUILDS = 1 << 0
GUILD_MEMBERS = 1 << 1
GUILD_PRESENCES = 1 << 8
GUILD_MESSAGES = 1 << 9
DIRECT_MESSAGES = 1 << 12
MESSAGE_CONTENT = 1 << 15
PRIVILEGED_INTENTS = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT

DISCORD_EPOCH_MS = 1420070400000
JOINED_AT = "2024-01-01T00:00:00.000000+00:00"

_snowflake_lock = threading.Lock()
_snowflake_last = 0


def snowflake() -> int:
    """A fresh, increasing Discord-style id (timestamp in the high bits, as discord.py expects)."""
    global _snowflake_last
    with _snowflake_lock:
        value = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        _snowflake_last = max(value, _snowflake_last + 1)
        return _snowflake_last


_fixed_ids = itertools.count(1)


def _fixed_id() -> int:
    """Stable ids for the default world (2024-01-01 timestamps), so test output is readable."""
    return ((1704067200000 - DISCORD_EPOCH_MS) << 22) + next(_fixed_ids)


@dataclass
class User:
    id: int
    username: str
    bot: bool = False
    global_name: str | None = None

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "public_flags": 0,
        }
        if self.bot:
            data["bot"] = True
        return data

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"


@dataclass
class Role:
    id: int
    name: str
    permissions: int = 0
    position: int = 0

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "managed": False,
            "mentionable": True,
            "flags": 0,
        }

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"


@dataclass
class Channel:
    id: int
    name: str
    type: int = 0  # 0 text, 1 DM, 2 voice, 4 category, 5 announcement
    position: int = 0

    def payload(self, guild_id: int | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [],
            "topic": None,
            "nsfw": False,
            "rate_limit_per_user": 0,
            "parent_id": None,
            "last_message_id": None,
        }
        if guild_id is not None:
            data["guild_id"] = str(guild_id)
        return data


@dataclass
class Member:
    user: User
    roles: list[int] = field(default_factory=list)  # role ids, @everyone excluded
    nick: str | None = None

    def payload(self, *, permissions: int | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "user": self.user.payload(),
            "roles": [str(r) for r in self.roles],
            "nick": self.nick,
            "avatar": None,
            "joined_at": JOINED_AT,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    roles: list[Role]  # roles[0] is @everyone, whose id equals the guild id
    channels: list[Channel]
    members: list[Member]

    @property
    def everyone(self) -> Role:
        return self.roles[0]

    def role(self, key: int | str) -> Role:
        for role in self.roles:
            if key in (role.id, role.name):
                return role
        raise KeyError(f"no role {key!r} in guild {self.name!r}")

    def channel(self, key: int | str) -> Channel:
        for channel in self.channels:
            if key in (channel.id, channel.name):
                return channel
        raise KeyError(f"no channel {key!r} in guild {self.name!r}")

    def member(self, user_id: int) -> Member | None:
        return next((m for m in self.members if m.user.id == user_id), None)

    def text_channels(self) -> list[Channel]:
        return [c for c in self.channels if c.type in (0, 5)]

    def permissions_of(self, user_id: int, roles: list[int] | None = None) -> int:
        """Guild-level permissions the way Discord computes them (no channel overwrites)."""
        if user_id == self.owner_id:
            return ALL_PERMISSIONS
        member = self.member(user_id)
        role_ids = roles if roles is not None else (member.roles if member else [])
        value = self.everyone.permissions
        for role in self.roles:
            if role.id in role_ids:
                value |= role.permissions
        return ALL_PERMISSIONS if value & ADMINISTRATOR else value

    def payload(self, *, members: list[Member] | None = None) -> dict[str, Any]:
        """A GUILD_CREATE payload; `members` defaults to all of them."""
        listed = self.members if members is None else members
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": "en-US",
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "max_members": 500000,
            "features": [],
            "roles": [r.payload() for r in self.roles],
            "emojis": [],
            "stickers": [],
            "channels": [c.payload() for c in self.channels],
            "threads": [],
            "members": [m.payload() for m in listed],
            "member_count": len(self.members),
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "large": len(self.members) > 250,
            "unavailable": False,
            "joined_at": JOINED_AT,
        }


def default_guild(name: str = "Parley Test Server") -> Guild:
    """The standard world: @everyone, Moderator (Manage Server), users owner / mod / member."""
    guild_id = _fixed_id()
    everyone = Role(guild_id, "@everyone", EVERYONE_PERMISSIONS, 0)
    moderator_role = Role(_fixed_id(), "Moderator", MODERATOR_PERMISSIONS, 1)
    owner = User(_fixed_id(), "owner", global_name="Server Owner")
    moderator = User(_fixed_id(), "mod", global_name="Moderator Mo")
    member = User(_fixed_id(), "member", global_name="Member May")
    return Guild(
        id=guild_id,
        name=name,
        owner_id=owner.id,
        roles=[everyone, moderator_role],
        channels=[Channel(_fixed_id(), "general", 0, 0), Channel(_fixed_id(), "news", 0, 1)],
        members=[Member(owner), Member(moderator, [moderator_role.id]), Member(member)],
    )
