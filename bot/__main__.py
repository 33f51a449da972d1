"""The main job: build the index if needed, then the Discord bot (with DISCORD_TOKEN) or the
local console (without)."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

from index.errors import ParleyError
from index.service import Parley

from .settings import BotSettings

log = logging.getLogger("bot")


async def _prepare(parley: Parley) -> None:
    await parley.open()
    report = await parley.build()
    if report.changed_anything:
        log.info(
            "index updated: +%d ~%d -%d articles, %d passages embedded",
            len(report.added),
            len(report.changed),
            len(report.removed),
            report.passages_embedded,
        )
    for skipped in report.failed:
        log.warning("skipped %s: %s", skipped.path, skipped.reason)


async def _main(settings: BotSettings) -> int:
    parley = Parley(settings)
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None
    # SIGTERM during the start-up build: stop cleanly; the build's half-written version is
    # discarded and the previous index keeps serving.
    loop.add_signal_handler(signal.SIGTERM, task.cancel)
    try:
        try:
            await _prepare(parley)
        except asyncio.CancelledError:
            log.info("stopped during the start-up build; the previous index is intact")
            return 0
        finally:
            loop.remove_signal_handler(signal.SIGTERM)
        if settings.discord_token is None or not settings.discord_token.get_secret_value():
            from index.console import run_console

            return await run_console(parley)
        from .client import run_bot

        return await run_bot(settings, parley)
    finally:
        await parley.close()


def main() -> int:
    from index.settings import load_settings

    try:
        settings = load_settings(BotSettings)
        assert isinstance(settings, BotSettings)
        logging.basicConfig(
            level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        # sentence-transformers and spaCy chatter on INFO; keep the console readable.
        for noisy in ("sentence_transformers", "httpx", "faiss", "aiosqlite"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
        return asyncio.run(_main(settings))
    except ParleyError as exc:
        print(f"parley: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
