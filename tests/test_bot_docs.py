"""Every slash command is described (and its options), and listed in the README."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from discord import app_commands

from bot.client import EXTENSIONS, ParleyBot
from bot.settings import BotSettings

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture
async def commands(tmp_path: Path) -> AsyncIterator[list[app_commands.Command]]:
    """The command tree as the bot builds it (no connection: nothing else is needed)."""
    values = {"data_dir": tmp_path, "corpus_dir": tmp_path, "model": "fake"}
    settings = BotSettings(_env_file=None, **values)  # type: ignore[call-arg]
    bot = ParleyBot(settings, parley=None, state=None)  # type: ignore[arg-type]
    try:
        for name in EXTENSIONS:
            await bot.load_extension(name)
        yield [c for c in bot.tree.get_commands() if isinstance(c, app_commands.Command)]
    finally:
        await bot.close()


def readme_section() -> str:
    text = README.read_text("utf-8")
    match = re.search(r"^## Discord commands\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, "README.md has no '## Discord commands' section"
    return match.group(1)


async def test_every_command_and_option_has_a_description(commands):
    assert len(commands) == 10
    for cmd in commands:
        assert 1 <= len(cmd.description) <= 100 and cmd.description != "…", cmd.name
        for param in cmd.parameters:
            assert param.description and param.description != "…", f"/{cmd.name} {param.name}"


async def test_every_command_appears_in_the_readme(commands):
    section = readme_section()
    missing = [c.name for c in commands if not re.search(rf"`/{c.name}\b", section)]
    assert not missing, f"README.md '## Discord commands' does not mention: {missing}"
