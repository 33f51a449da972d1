"""Pair quotation marks into quoted spans, paragraph by paragraph.

Curly and angle marks say which side they are on (German „…“ and »…« pair too); straight marks are read from their neighbours
(a mark after a space opens, a mark before a space or punctuation closes), so nested straight
quotes (`"They organise a "leak" of it," he said`) pair correctly. Only outermost spans are
returned: a quote inside a quote belongs to whoever speaks the outer one. A quote left open at
the end of a paragraph runs to the end of that paragraph, as news style does for quotations that
continue over several paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = "“„«"
CLOSERS = "”»"
STRAIGHT = '"'
_OPEN_BEFORE = set(" \t([{—–-/:") | set(OPENERS)
_CLOSE_AFTER = set(" \t.,;:!?)]}—–-…") | set(CLOSERS)
_WORD = re.compile(r"[\w’'-]+")


@dataclass(frozen=True)
class QuoteSpan:
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    closed: bool


def _side(text: str, i: int, lo: int, hi: int) -> str:
    """'open', 'close' or '?' for the straight mark at text[i] within paragraph [lo, hi)."""
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    can_open = prev in _OPEN_BEFORE and not nxt.isspace()
    can_close = nxt in _CLOSE_AFTER and not prev.isspace()
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    return "?"


def _opens(text: str, i: int, lo: int, hi: int) -> bool:
    """A mark after a space and before a word opens, whichever way it points (»…«)."""
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    return prev in _OPEN_BEFORE and not nxt.isspace()


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            out.append((m.start(), m.end()))
    return out


def find_quote_spans(text: str) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    for lo, hi in paragraphs(text):
        spans.extend(_paragraph_spans(text, lo, hi))
    return spans


def _paragraph_spans(text: str, lo: int, hi: int) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    stack: list[int] = []  # positions of open marks
    for i in range(lo, hi):
        ch = text[i]
        if ch == "“" and stack and text[stack[-1]] == "„":
            side = "close"  # German style: „…“
        elif ch == "«" and stack and text[stack[-1]] == "»":
            side = "close"  # German angle style: »…«
        elif ch in OPENERS or (ch == "»" and not stack and _opens(text, i, lo, hi)):
            side = "open"
        elif ch in CLOSERS:
            side = "close"
        elif ch == STRAIGHT:
            side = _side(text, i, lo, hi)
            if side == "?":
                side = "close" if stack else "open"
        else:
            continue
        if side == "open":
            stack.append(i)
        elif stack:
            start = stack.pop()
            if not stack:
                spans.append(_trimmed(text, start + 1, i, closed=True))
        # A closing mark with nothing open is a stray (or a lost opener): ignored.
    if stack:
        spans.append(_trimmed(text, stack[0] + 1, hi, closed=False))
    return [s for s in spans if s.end > s.start]


def _trimmed(text: str, start: int, end: int, closed: bool) -> QuoteSpan:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return QuoteSpan(start, end, closed)


def is_title_like(quoted: str) -> bool:
    """A name in quotes ("Coalition of the Willing", "Project Vault"), not someone's words."""
    words = _WORD.findall(quoted)
    if not words or len(words) > 8 or quoted.rstrip().endswith(("?", "!")):
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not content:
        return False
    capitalised = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return capitalised == len(content) and (len(content) > 1 or len(words) > 1)


_SMALL_WORDS = {"of", "the", "a", "an", "and", "for", "in", "on", "to", "at", "with", "de"}
