"""`python -m bot` against the stand-in: connects, and exits 0 on SIGTERM, closing the gateway."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from bot_fixtures import (  # noqa: F401  (fixtures, used by name)
    REPO,
    TOKEN,
    parley_root_fixture,
    until,
)
from standin import StandinDiscord


async def test_sigterm_closes_the_gateway_and_exits_0(parley_root: Path):
    async with StandinDiscord(token=TOKEN) as sd:
        env = {
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(REPO),
            "DISCORD_TOKEN": TOKEN,
            "DISCORD_API_BASE": sd.api_base,
            "DISCORD_GATEWAY_URL": sd.gateway_url,
            "PARLEY_MODEL": "fake",
            "PARLEY_DATA_DIR": str(parley_root / "data"),
            "PARLEY_CORPUS_DIR": str(parley_root / "corpus"),
            "PARLEY_ALIASES_FILE": str(parley_root / "corpus" / "speakers.yaml"),
            "PARLEY_GUILD_ID": str(sd.guild.id),  # development mode: commands synced to one server
            "PARLEY_LOG_LEVEL": "DEBUG",
        }
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=parley_root,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            await sd.wait_ready(timeout=60)
            connection = sd.connections[-1]
            assert connection.open
            assert {c["guild_id"] for c in sd.commands} == {str(sd.guild.id)}
            proc.send_signal(signal.SIGTERM)
            out, err = await asyncio.wait_for(proc.communicate(), 30)
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
        log = err.decode() + out.decode()
        assert proc.returncode == 0, log
        await until(lambda: not connection.open, 5)
        # A close frame from the bot, not a dropped connection (1006). discord.py sends 4000
        # when its close interrupts the gateway's pending receive, 1000 otherwise.
        assert connection.ws.close_code in (1000, 4000), log
        assert not (parley_root / "data" / "state.sqlite3-wal").exists()  # database closed
        assert "shutting down" in log
        assert TOKEN not in log  # not even at DEBUG
        assert sd.errors == []
