"""A stand-in Discord on 127.0.0.1 for end-to-end tests of a discord.py bot (see README.md).

Modules: `server` (lifecycle and the test-driving API), `rest` and `interactions` (HTTP routes),
`gateway` (websocket), `state` (memory), `checks` (Discord's rules), `payloads` (interaction
payloads), `records` (what tests read), `world` (users, roles, channels, guilds).
"""

from .checks import ApiError
from .records import Callback, Interaction, Message, RequestError
from .server import StandinDiscord
from .world import (
    DIRECT_MESSAGES,
    GUILD_MEMBERS,
    GUILD_MESSAGES,
    GUILDS,
    MANAGE_GUILD,
    MESSAGE_CONTENT,
    Channel,
    Guild,
    Member,
    Role,
    User,
    default_guild,
)

__all__ = [
    "DIRECT_MESSAGES",
    "GUILDS",
    "GUILD_MEMBERS",
    "GUILD_MESSAGES",
    "MANAGE_GUILD",
    "MESSAGE_CONTENT",
    "ApiError",
    "Callback",
    "Channel",
    "Guild",
    "Interaction",
    "Member",
    "Message",
    "RequestError",
    "Role",
    "StandinDiscord",
    "User",
    "default_guild",
]
