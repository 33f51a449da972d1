"""`parley ask`: a console answering questions exactly as the bot's text answers do."""

from __future__ import annotations

import asyncio
import os
import sys
import threading

from .errors import ParleyError
from .format import format_answer
from .service import Parley

PROMPT = "parley> "
HELP = (
    "Ask about the peace talks, e.g. “what did putin say about istanbul?” or "
    "“who said it's a bluff?”. Empty line or Ctrl-D to quit."
)


async def answer(parley: Parley, question: str) -> str:
    """The text answer to one question, errors included (shared with the bot's DMs)."""
    try:
        return format_answer(await parley.search(question))
    except ParleyError as exc:
        return f"Sorry: {exc}"


def _stdin_lines(loop: asyncio.AbstractEventLoop) -> asyncio.Queue[str]:
    """Lines of stdin ("" at its end), read by a daemon thread: Ctrl-C must end the console at
    once, and interpreter exit waits for an executor's thread blocked in `readline`."""
    queue: asyncio.Queue[str] = asyncio.Queue()

    def read() -> None:
        for line in [*iter(sys.stdin.readline, ""), ""]:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, line)
            except RuntimeError:  # the loop is closed: the console has ended
                return

    threading.Thread(target=read, name="stdin", daemon=True).start()
    return queue


async def run_console(parley: Parley) -> int:
    try:
        return await _converse(parley)
    except BrokenPipeError:
        # "parley ask < questions | head -1": the reader left, which is no error. Point stdout
        # at nothing, or the interpreter's last flush prints a traceback after all.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


async def _converse(parley: Parley) -> int:
    interactive = sys.stdin.isatty()
    lines = _stdin_lines(asyncio.get_running_loop())
    if interactive:
        print(HELP)
    while True:
        if interactive:
            print(PROMPT, end="", flush=True)
        line = await lines.get()
        if not line:
            break
        question = line.strip().lstrip("\ufeff").strip()  # a BOM from a file saved by Notepad
        if not question:
            if interactive:
                break
            continue
        if question.lower() in {"help", "?"}:
            print(HELP)
            continue
        print(await answer(parley, question), flush=True)
        print(flush=True)
    return 0
