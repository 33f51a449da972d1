"""`parley ask`: a console answering questions exactly as the bot's text answers do."""

from __future__ import annotations

import asyncio
import sys

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


async def run_console(parley: Parley) -> int:
    interactive = sys.stdin.isatty()
    loop = asyncio.get_running_loop()
    if interactive:
        print(HELP)
    while True:
        if interactive:
            print(PROMPT, end="", flush=True)
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            break
        question = line.strip()
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
