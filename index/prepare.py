"""Clean and fingerprint an article: enough to decide whether it needs parsing at all.

Kept apart from `process` so that a build with nothing to do never loads spaCy.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from .clean import clean_text
from .models import Article

# Bump when cleaning, splitting or attribution change what is stored: every article is redone.
PIPELINE_VERSION = "50"


@dataclass
class Prepared:
    """An article cleaned and fingerprinted, before the costly parsing."""

    article: Article
    text: str
    content_hash: str
    text_hash: str


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
