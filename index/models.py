"""Plain data records passed between the pipeline stages.

ingest -> Article -> clean -> split -> Passage ; quotes -> Quote.
All character offsets point into the *cleaned* article text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Article:
    """One article as read from a file, before cleaning."""

    key: str  # stable id: explicit `id` metadata, else file stem, else a content hash
    title: str
    text: str  # raw text as read (boilerplate still in)
    source: str = ""  # outlet
    author: str = ""
    date: str = ""  # ISO date "YYYY-MM-DD", or "" when unknown (never invented)
    url: str = ""
    path: str = ""  # file it came from (relative to the corpus dir when inside it)
    extra: dict[str, Any] = field(default_factory=dict)  # any other metadata, kept as is


@dataclass
class Passage:
    """A few consecutive sentences of a cleaned article."""

    position: int  # 0-based order within the article
    start: int  # character offsets into the cleaned text
    end: int
    text: str


@dataclass
class Quote:
    """One quotation (direct) or reported statement (indirect) and who said it."""

    speaker: str  # canonical name ("Vladimir Putin", "the Kremlin", "a Ukrainian official")
    text: str  # the quoted words, exactly cleaned_text[start:end]
    start: int
    end: int
    direct: bool  # True for words in quotation marks / transcript turns
    role: str = ""  # as the text gives it ("Russian President")
    cue: str = ""  # "said", "told the Wall Street Journal"
    venue: str = ""  # where it was said, when the text gives it
