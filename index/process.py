"""One article through clean -> sentences -> passages -> quotations (blocking; run off-loop)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from .models import Passage, Quote
from .nlp import load_nlp
from .prepare import Prepared
from .quotes import extract_quotes
from .speakers import SpeakerRegistry
from .split import split_passages


@dataclass
class Processed:
    prepared: Prepared
    passages: list[Passage] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    parse_seconds: float = 0.0  # spaCy parse + passages
    quote_seconds: float = 0.0  # attribution on the parsed text


def process(prepared: Prepared, registry: SpeakerRegistry) -> Processed:
    t0 = time.perf_counter()
    doc = load_nlp()(prepared.text)
    passages = split_passages(prepared.text, doc)
    t1 = time.perf_counter()
    article = prepared.article
    quotes = extract_quotes(prepared.text, doc, registry, article.title, article.source)
    t2 = time.perf_counter()
    return Processed(prepared, passages, quotes, parse_seconds=t1 - t0, quote_seconds=t2 - t1)
