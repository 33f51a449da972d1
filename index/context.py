"""What of an article travels with each passage into the vector and keyword indexes.

Questions name the occasion or the date ("in december 2021", "at the press conference")
more often than words of the passage, so title, outlet and date are searchable with it.
"""

from __future__ import annotations

from datetime import date as Date


def date_words(iso: str) -> str:
    """'2021-12-07' -> '7 December 2021' (month names are what people type)."""
    try:
        d = Date.fromisoformat(iso[:10])
    except ValueError:
        return ""
    return f"{d.day} {d.strftime('%B')} {d.year}"


def dense_text(title: str, text: str) -> str:
    """Embedded text: the title gives a short passage its topic."""
    return f"{title}\n{text}" if title else text


def keyword_text(title: str, source: str, date: str, text: str) -> str:
    return " ".join(part for part in (title, source, date_words(date), text) if part)
