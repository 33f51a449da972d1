"""Listings over an opened index: quotations, speakers, sources. Blocking; run off-loop."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .search import Citation

if TYPE_CHECKING:
    from .search import QuoteInfo, Searcher


@dataclass
class QuoteHit:
    quote: QuoteInfo
    article_key: str
    title: str
    source: str
    date: str
    url: str
    score: float | None = None
    # The same words carried by other articles (another outlet's copy): shown once.
    also_in: list[Citation] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        q = self.quote
        return {
            "speaker": q.speaker,
            "role": q.role,
            "text": q.text,
            "direct": q.direct,
            "cue": q.cue,
            "article_id": self.article_key,
            "title": self.title,
            "source": self.source,
            "date": self.date,
            "url": self.url,
            "start": q.start,
            "end": q.end,
            **({"score": round(self.score, 4)} if self.score is not None else {}),
            "also_in": [c.__dict__ for c in self.also_in],
        }


@dataclass
class SpeakerInfo:
    name: str
    role: str
    aliases: list[str]
    quotes: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "aliases": self.aliases,
            "quotes": self.quotes,
        }


def list_quotes(
    searcher: Searcher,
    speaker: str | None = None,
    about: str | None = None,
    limit: int | None = None,
) -> list[QuoteHit]:
    """Quotations, by one speaker if given; by relevance to `about`, else newest first."""
    name = searcher.resolve_speaker(speaker) if speaker else None
    hits = []
    for article_id, quotes in searcher.quotes_by_article.items():
        meta = searcher.article_meta.get(article_id)
        if meta is None:
            continue
        for q in quotes:
            if name is None or q.speaker == name:
                hits.append(
                    QuoteHit(q, meta.article_key, meta.title, meta.source, meta.date, meta.url)
                )
    if about:
        about = searcher.validate(about)
        _score_by_passages(searcher, hits, about)
        hits.sort(key=lambda h: -(h.score or 0.0))
    else:
        hits.sort(key=lambda h: (h.date or "", -h.quote.start), reverse=True)
    hits = _merged(hits)
    return hits[:limit] if limit else hits


def _merged(hits: list[QuoteHit]) -> list[QuoteHit]:
    """One entry per speaker and wording, in order, with the other articles that carry it."""
    first: dict[tuple[str, str], QuoteHit] = {}
    out = []
    for h in hits:
        key = (h.quote.speaker, " ".join(re.findall(r"\w+", h.quote.text.lower())))
        kept = first.get(key)
        if kept is None:
            first[key] = h
            out.append(h)
        elif h.article_key != kept.article_key:
            kept.also_in.append(Citation(h.article_key, h.title, h.source, h.date, h.url))
    return out


def _score_by_passages(searcher: Searcher, hits: list[QuoteHit], about: str) -> None:
    """A quotation is as relevant as the best passage it lies in (vectors already stored)."""
    qvec = searcher.embedder.encode([about], query=True)[0]
    by_article: dict[int, list] = {}
    for p in searcher.passages.values():
        by_article.setdefault(p.article_id, []).append(p)
    cache: dict[int, float] = {}
    for h in hits:
        best = -1.0
        for p in by_article.get(h.quote.article_id, ()):
            if h.quote.start < p.end and h.quote.end > p.start:
                if p.id not in cache:
                    vec = searcher.vectors.flat.reconstruct(int(p.id))
                    cache[p.id] = float(np.dot(vec, qvec))
                best = max(best, cache[p.id])
        h.score = best


def list_speakers(searcher: Searcher) -> list[SpeakerInfo]:
    """Every speaker with at least one quotation, most quoted first."""
    counts = searcher.speaker_counts
    entries = {e.name: e for e in searcher.registry.entries()}
    out = []
    for name, n in counts.most_common():
        e = entries.get(name)
        out.append(SpeakerInfo(name, e.role if e else "", list(e.aliases) if e else [], n))
    return out


def list_sources(searcher: Searcher) -> list[dict[str, Any]]:
    """The indexed articles, newest first."""
    rows = []
    for article_id, p in searcher.article_meta.items():
        n = sum(1 for _ in searcher.quotes_by_article.get(article_id, ()))
        rows.append(
            {
                "article_id": p.article_key,
                "title": p.title,
                "source": p.source,
                "date": p.date,
                "url": p.url,
                "quotes": n,
            }
        )
    rows.sort(key=lambda r: (r["date"] or "", r["title"]), reverse=True)
    return rows
