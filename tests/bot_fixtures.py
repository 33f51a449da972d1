"""Shared by the bot's end-to-end tests, which import the fixtures they use by name.

Fixture functions are named `*_fixture` (the fixture itself has the short name) so that
importing them does not shadow test parameters.

The real `ParleyBot` runs through the real discord.py client against the stand-in Discord on
127.0.0.1. Each test gets a copy of the seed index conftest builds once per run (fake
embedder), so every test has its own corpus, index and state database. Embedders that are slow or that
hold a build until released are fakes with the embedder's interface, not mocks.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
import numpy as np
import pytest
from standin import StandinDiscord
from standin.records import Interaction, Message

from bot.client import ParleyBot
from bot.settings import BotSettings
from bot.state import StateStore
from index.embed import Embedder, FakeEmbedder
from index.service import Parley

REPO = Path(__file__).resolve().parent.parent
TOKEN = "parley-bot-test-token"

# A made-up article (not one of the seeds) whose quotation carries markdown and @everyone.
VALLETTA_MD = "\n\n".join(
    [
        '---\ntitle: "Harbour talks in Valletta stall over grain corridor"\nsource: "Test Wire"\n'
        'date: "2026-03-02"\nurl: "https://example.org/valletta-grain-talks"\n---',
        "Negotiators from both delegations met in Valletta on Monday for a third round of talks on "
        "the Black Sea grain corridor, officials said.",
        '"Tell @everyone that the **grain corridor** stays closed until the shelling stops," said '
        "Marta Kowalczyk, the mediator appointed by the Maltese government. She added that "
        "inspectors would need full access to the ports before any convoy could sail.",
        'Ukrainian envoy Oleksandr Hrytsenko said the proposal was "a serious step, but not yet a '
        'deal." Russian officials did not comment on the talks.',
        "The next round is expected in April, according to the Maltese foreign ministry.",
    ]
).encode()


# --- embedders ----------------------------------------------------------------------------------
class SlowEmbedder:
    """The fake embedder, but every question takes `delay` seconds (a slow model)."""

    def __init__(self, delay: float) -> None:
        self._inner = FakeEmbedder()
        self.name, self.dim, self.delay = self._inner.name, self._inner.dim, delay
        self.calibration = self._inner.calibration

    def encode(self, texts: list[str], *, query: bool = False) -> np.ndarray:
        if query:
            time.sleep(self.delay)
        return self._inner.encode(texts, query=query)


class GatedEmbedder:
    """The fake embedder; embedding for a build waits until the test calls `release()`."""

    def __init__(self) -> None:
        self._inner = FakeEmbedder()
        self.name, self.dim = self._inner.name, self._inner.dim
        self.calibration = self._inner.calibration
        self.waiting = threading.Event()
        self._gate = threading.Event()

    def encode(self, texts: list[str], *, query: bool = False) -> np.ndarray:
        if not query:
            self.waiting.set()
            self._gate.wait(timeout=60)
        return self._inner.encode(texts, query=query)

    def release(self) -> None:
        self._gate.set()

    async def wait_until_building(self, timeout: float = 20.0) -> None:
        await until(self.waiting.is_set, timeout)


# --- helpers ------------------------------------------------------------------------------------
async def until(predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
    """Poll until `predicate()` is truthy; its value."""
    async with asyncio.timeout(timeout):
        while not (value := predicate()):
            await asyncio.sleep(0.02)
        return value


def embed_text(msg: Message) -> str:
    """Title, description, fields and footer of every embed, as one string."""
    parts = []
    for e in msg.embeds:
        parts += [e.get("title", ""), e.get("description", "")]
        for f in e.get("fields", []):
            parts += [f["name"], f["value"]]
        parts.append((e.get("footer") or {}).get("text", ""))
    return "\n".join(p for p in parts if p)


def custom_id(msg: Message, label: str) -> str:
    return str(msg.button(label)["custom_id"])


def write_settings(root: Path, sd: StandinDiscord | None = None, **overrides: Any) -> BotSettings:
    values: dict[str, Any] = {
        "data_dir": root / "data",
        "corpus_dir": root / "corpus",
        "aliases_file": root / "corpus" / "speakers.yaml",
        "model": "fake",
        "cooldown_seconds": 0,
        "allow_private_urls": True,
        "DISCORD_TOKEN": TOKEN,
    }
    if sd is not None:
        values |= {"DISCORD_API_BASE": sd.api_base, "DISCORD_GATEWAY_URL": sd.gateway_url}
    return BotSettings(_env_file=None, **(values | overrides))  # type: ignore[call-arg]


@pytest.fixture(name="parley_root")
def parley_root_fixture(seed_build: Path, tmp_path: Path, clean_env: None) -> Path:
    """This test's own copy of the seed corpus and index (conftest's one build per run), with
    no PARLEY_* / DISCORD_* variables of the developer's environment."""
    root = tmp_path / "parley"
    shutil.copytree(seed_build, root, symlinks=True)
    return root


# --- the running bot ----------------------------------------------------------------------------
@dataclass
class Harness:
    sd: StandinDiscord
    bot: ParleyBot
    parley: Parley
    state: StateStore
    settings: BotSettings
    embedder: Embedder

    async def slash_final(
        self, name: str, options: dict[str, Any] | None = None, **kw: Any
    ) -> Message:
        """Run a slash command and return the answer the user finally sees."""
        handle = await self.sd.slash(name, options or {}, **kw)
        return await finished(handle)


PROGRESS = ("Reindexing…", "Adding…")


async def finished(handle: Interaction, timeout: float = 20.0) -> Message:
    """The answer once it is neither "thinking" nor a build's progress report."""

    def done() -> bool:
        msg = handle.original
        return msg is not None and not msg.loading and not msg.content.startswith(PROGRESS)

    await handle.response(timeout)
    await until(done, timeout)
    return await handle.final(timeout)


@contextlib.asynccontextmanager
async def running_parley(
    root: Path,
    *,
    embedder: Embedder | None = None,
    standin: dict[str, Any] | None = None,
    **overrides: Any,
) -> AsyncIterator[Harness]:
    """A stand-in Discord and a connected, ready ParleyBot on `root`'s corpus and index."""
    async with StandinDiscord(token=TOKEN, **(standin or {})) as sd:
        settings = write_settings(root, sd, **overrides)
        embedder = embedder or FakeEmbedder()
        parley = Parley(settings, embedder)
        await parley.open()
        state = await StateStore.open(settings.data_dir, settings.pages_kept)
        old_base = discord.http.Route.BASE
        old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        bot = ParleyBot(settings, parley, state, guild_ready_timeout=0.05)
        task = asyncio.create_task(bot.start(TOKEN))
        try:
            ready = asyncio.create_task(sd.wait_ready())
            await asyncio.wait({task, ready}, timeout=15, return_when=asyncio.FIRST_COMPLETED)
            if task.done():
                ready.cancel()
                task.result()  # start-up failed: raise why
            await ready
            await asyncio.wait_for(bot.wait_until_ready(), 5)
            yield Harness(sd, bot, parley, state, settings, embedder)
        finally:
            release = getattr(embedder, "release", None)
            if release is not None:
                release()  # a gated build must finish before its executor can shut down
            await bot.close()
            await asyncio.gather(task, return_exceptions=True)
            await state.close()
            await parley.close()
            discord.http.Route.BASE = old_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


@pytest.fixture(name="start_parley")
async def start_parley_fixture(
    parley_root: Path,
) -> AsyncIterator[Callable[..., Awaitable[Harness]]]:
    """`await start_parley(**settings)`: the bot with these settings, stopped after the test."""
    async with contextlib.AsyncExitStack() as stack:

        async def start(**kw: Any) -> Harness:
            return await stack.enter_async_context(running_parley(parley_root, **kw))

        yield start


@pytest.fixture(name="harness")
async def harness_fixture(start_parley: Callable[..., Awaitable[Harness]]) -> Harness:
    """The bot with default test settings (no cooldown)."""
    return await start_parley()
