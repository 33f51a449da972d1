"""One settings object, read from the environment and `.env` (names prefixed `PARLEY_`)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .errors import BadInput


class Settings(BaseSettings):
    """Index and search settings. `bot.settings.BotSettings` extends it with Discord's own."""

    model_config = SettingsConfigDict(
        env_prefix="PARLEY_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Field(Path("data"), description="Where the index versions live.")
    corpus_dir: Path = Field(Path("corpus"), description="Folder of articles a build reads.")
    exclude_collections: str = Field(
        "ext", description="Comma-separated top-level corpus folders a build skips."
    )
    aliases_file: Path = Field(
        Path("corpus/speakers.yaml"), description="Moderators' speaker aliases file."
    )
    model: str = Field(
        "multilingual-e5-small",
        description="Embedding model: multilingual-e5-small, all-MiniLM-L6-v2, a local "
        "sentence-transformers folder, or `fake`.",
    )
    batch_size: int = Field(32, ge=1, le=4096, description="Passages embedded per batch.")
    k: int = Field(5, ge=1, le=50, description="Results per question.")
    max_question_chars: int = Field(500, ge=10, le=10_000, description="Longest question.")
    allow_private_urls: bool = Field(
        False, description="Allow adding URLs on private/loopback addresses (tests only)."
    )
    hnsw_threshold: int = Field(
        50_000, ge=1, description="Passage count from which FAISS uses HNSW instead of flat."
    )
    log_level: str = Field("INFO", description="DEBUG, INFO, WARNING or ERROR.")

    @field_validator("log_level")
    @classmethod
    def _level(cls, v: str) -> str:
        v = v.upper()
        if v not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return v

    @property
    def excluded(self) -> list[str]:
        return [c.strip() for c in self.exclude_collections.split(",") if c.strip()]


def describe_validation_error(exc: ValidationError, prefix: str = "PARLEY_") -> str:
    """One clear line naming the bad setting, for the user."""
    parts = []
    for err in exc.errors():
        name = str(err["loc"][0]) if err["loc"] else "?"
        env = name.upper() if name.upper().startswith("DISCORD_") else prefix + name.upper()
        parts.append(f"{env}: {err['msg']} (got {err.get('input')!r})")
    return "bad setting " + "; ".join(parts)


def load_settings(cls: type[Settings] = Settings, **overrides: object) -> Settings:
    """Read the settings; a bad value becomes a `BadInput` naming the setting."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    try:
        return cls(**clean)
    except ValidationError as exc:
        raise BadInput(describe_validation_error(exc)) from None
