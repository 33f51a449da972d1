"""The bot's settings: the index's `PARLEY_` settings plus Discord's own names."""

from __future__ import annotations

from datetime import timedelta

from pydantic import AliasChoices, Field, SecretStr, field_validator

from index.settings import Settings

DISCORD_API = "https://discord.com/api/v10"
DISCORD_GATEWAY = "wss://gateway.discord.gg/"


class BotSettings(Settings):
    discord_token: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("DISCORD_TOKEN"),
        description="The bot token (secret; never logged). Unset: the local console runs.",
    )
    discord_api_base: str = Field(
        DISCORD_API,
        validation_alias=AliasChoices("DISCORD_API_BASE"),
        description="REST base URL (a Discord REST proxy, or the tests' stand-in).",
    )
    discord_gateway_url: str = Field(
        DISCORD_GATEWAY,
        validation_alias=AliasChoices("DISCORD_GATEWAY_URL"),
        description="Gateway websocket URL.",
    )
    moderator_role: str = Field(
        "",
        description="Role name whose members may use moderator commands (besides Manage Server).",
    )
    guild_id: int | None = Field(
        None, description="Sync commands to this guild only (fast, for development)."
    )
    cooldown_seconds: float = Field(
        5.0, ge=0, le=3600, description="Per-user pause between questions."
    )
    page_timeout_seconds: float = Field(
        600.0,
        ge=1,
        le=900,  # Discord lets the bot edit an interaction's reply (to grey buttons) for 15 min
        description="How long paging and vote buttons stay active.",
    )
    pages_kept_days: float = Field(
        30.0,
        ge=1,
        le=3650,
        description="How long the pages of paged replies are kept for their buttons "
        "(a restart leaves buttons active; after this they ask to search again).",
    )

    @property
    def pages_kept(self) -> timedelta:
        return timedelta(days=self.pages_kept_days)

    @field_validator("guild_id", mode="before")
    @classmethod
    def _blank_is_none(cls, v: object) -> object:
        # `PARLEY_GUILD_ID=` as copied from .env.example means "not set".
        return None if isinstance(v, str) and not v.strip() else v
