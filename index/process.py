"""One article through clean -> sentences -> passages -> quotations (blocking; run off-loop)."""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass, field

from .clean import clean_text
from .models import Article, Passage, Quote
from .nlp import load_nlp
from .quotes import extract_quotes
from .speakers import SpeakerRegistry
from .split import split_passages

# Bump when cleaning, splitting or attribution change what is stored: every article is redone.
PIPELINE_VERSION = "3"


@dataclass
class Prepared:
    """An article cleaned and fingerprinted, before the costly parsing."""

    article: Article
    text: str
    content_hash: str
    text_hash: str


@dataclass
class Processed:
    prepared: Prepared
    passages: list[Passage] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    parse_seconds: float = 0.0  # spaCy parse + passages
    quote_seconds: float = 0.0  # attribution on the parsed text


def normalised_text_hash(text: str) -> str:
    """Same article with other whitespace, case or quote styles -> same hash."""
    words = re.findall(r"\w+", text.lower())
    return hashlib.sha256(" ".join(words).encode()).hexdigest()


def content_hash(article: Article) -> str:
    payload = json.dumps(
        [
            PIPELINE_VERSION,
            article.title,
            article.source,
            article.author,
            article.date,
            article.url,
            article.text,
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def prepare(article: Article) -> Prepared:
    text = clean_text(article.text, article.title)
    return Prepared(article, text, content_hash(article), normalised_text_hash(text))


def process(prepared: Prepared, registry: SpeakerRegistry) -> Processed:
    t0 = time.perf_counter()
    doc = load_nlp()(prepared.text)
    passages = split_passages(prepared.text, doc)
    t1 = time.perf_counter()
    quotes = extract_quotes(prepared.text, doc, registry)
    t2 = time.perf_counter()
    return Processed(prepared, passages, quotes, parse_seconds=t1 - t0, quote_seconds=t2 - t1)
