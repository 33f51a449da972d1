"""Fuse the dense and keyword rankings, favour the asked-about speaker, merge duplicates,
and decide when nothing relevant was found."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz

if TYPE_CHECKING:
    from .keyword import KeywordIndex
    from .search import Citation, PassageInfo, QuoteInfo

# Fusion: each side's score scaled to [0, 1] over the candidates (cosine min-max, BM25 by the
# best), weighted per model (embed.Calibration), every candidate scored by both sides (third
# session). Against reciprocal rank fusion (k = 20) it raised recall@1 from 0.809 to 0.862 on
# the seeds and from 0.676 to 0.730 on corpus-ext (recall@5 0.968 -> 0.957 and 0.919 ->
# 0.905), with MiniLM: a passage the keyword side ranks first and the dense side 77th no
# longer loses to ones both sides rank fourth. Scoring only
# each side's own top 60 gave corpus-ext 0.662; weights 0.75 / 1.25 for BM25 gave no better.
# The boosts below are in units of a perfect base score (1.0); retuned with this fusion:
# speaker boosts x0.5 / x1 / x1.5 / x2 of 0.2 gave corpus-ext recall@1 0.703 / 0.716 / 0.730 /
# 0.730, seeds 0.851 / 0.862 / 0.862 / 0.862.
SPEAKER_BOOST = 0.3
# A passage that names the speaker without a quotation found in it: readouts' reported speech
# ("Putin explained in detail …") often escapes attribution. Ranks below a quoted one.
SPEAKER_NAMED_BOOST = 0.225
QUOTE_BOOST = 0.5  # times the share of the question's terms the quotation holds
# For a passage of the outlet a question asks about ("what did the kremlin say …"), as for one
# naming the speaker. 0 / 0.1 / 0.225 / 0.3 left both question sets' figures unchanged; without
# it a Ukrainian address that says "Istanbul" more often comes before the Kremlin's readout.
OUTLET_BOOST = 0.225
# For a passage of an article of the date the question names ("on march 29", "in feb").
DATE_BOOST = 0.375
# "who …" questions are answered by a passage that names someone (or quotes them): "who was
# in the delegation" is not answered by a lead that says a delegation met. 0.1 / 0.2 / 0.5 gave
# corpus-ext recall@1 0.730 / 0.743 / 0.743, seeds unchanged (0.862).
WHO_BOOST = 0.2
DUPLICATE_RATIO = 92
# The off-topic cosine depends on the model's scale: it is the embedder's (embed.Calibration).
# For MiniLM, tuned on both question sets at once (with the topic rule below): cosine 0.3 /
# 0.35 / 0.4 gave abstention seeds 0.929 / 0.957 / 0.952, corpus-ext 0.788 / 0.823 / 0.823.
# Questions put to both indexes beyond the question sets ("how do i install python", "who is
# the best football player") were answered at 0.5: half of two words is chance. 0.55 lost no
# answerable question of either set with either model.
OFF_TOPIC_COVERAGE = 0.55
# Share of the question's topic (its words beyond who is asked and "say") that the best
# passages must hold: "what did putin say about the moskva sinking" finds Putin, not the ship.
# 0.2 / 0.25 / 0.3 gave abstention seeds 0.863 / 0.929 / 0.924, corpus-ext 0.781 / 0.781 / 0.774.
TOPIC_MIN_COVERAGE = 0.25
# What an outlet said ("what did the kremlin say about …") is found in its own articles, where no
# quotation or name narrows the search: the topic must carry the match, most of it. Corpus-ext
# abstention (sixth session): outlets unknown 0.844; known, at 0.25 0.786, at 0.5 0.857.
OUTLET_TOPIC_COVERAGE = 0.5
MERGE_WINDOW = 30
# Dropping a passage for repeating a quotation loses whatever else it says, unless it is mostly
# the same text (measured: merging any two passages sharing a quotation cost 0.03 recall@5).
# Two passages of one article that are mostly the same text show once also when no quotation
# matches the question (eleventh session: no recall lost on any set, with either model).
SAME_PASSAGE_SHARE = 0.5


@dataclass
class Candidate:
    passage: PassageInfo
    quotes: list[QuoteInfo]
    dense: float | None  # cosine similarity, when the dense side found it
    keyword: float | None  # BM25 score, when the keyword side found it
    score: float = 0.0
    also_in: list[Citation] = field(default_factory=list)


def fuse(
    candidates: list[Candidate],
    speakers: list[str],
    quote_match: dict[tuple[int, int], float] | None = None,
    naming: set[int] | None = None,
    dated: set[int] | None = None,
    people: set[int] | None = None,
    dense_weight: float = 0.5,
    published: set[int] | None = None,
    keyword_share: float = 1.0,
) -> list[Candidate]:
    """The two sides' scaled scores, weighted (`dense_weight` is the embedder's), then boosts:
    for passages quoting a speaker the question names (less for passages in `naming`, which
    only name them), and, for questions about what was said, for passages whose quotation
    itself matches; and for passages of articles dated on the date the question names
    (`dated`); and, for "who" questions, for passages naming or quoting someone (`people`);
    and for passages of the outlet whose words are asked for (`published`). The keyword side
    counts `keyword_share` of its weight (embed.Calibration.keyword_trust)."""
    cosines = [c.dense for c in candidates if c.dense is not None]
    low, high = (min(cosines), max(cosines)) if cosines else (0.0, 0.0)
    best_kw = max((c.keyword or 0.0 for c in candidates), default=0.0)
    for c in candidates:
        dense = (c.dense - low) / (high - low) if c.dense is not None and high > low else 0.0
        keyword = keyword_share * (c.keyword or 0.0) / best_kw if best_kw > 0 else 0.0
        c.score = dense_weight * dense + (1 - dense_weight) * keyword

    if speakers:
        for c in candidates:
            if any(q.speaker in speakers for q in c.quotes):
                c.score += SPEAKER_BOOST
            elif naming and c.passage.id in naming:
                c.score += SPEAKER_NAMED_BOOST
    if published:
        for c in candidates:
            if c.passage.id in published:
                c.score += OUTLET_BOOST
    if dated:
        for c in candidates:
            if c.passage.id in dated:
                c.score += DATE_BOOST
    if people:
        for c in candidates:
            if c.passage.id in people:
                c.score += WHO_BOOST
    if quote_match:
        for c in candidates:
            # When the question says whose words it wants, someone else's matching quotation
            # is not the answer ("what did putin say about the plant" vs Zelenskyy on it).
            quotes = [q for q in c.quotes if not speakers or q.speaker in speakers]
            c.score += QUOTE_BOOST * max(
                (quote_match.get((c.passage.id, q.id), 0.0) for q in quotes), default=0
            )
    return sorted(candidates, key=lambda c: -c.score)


def coverage(tokens: set[str], terms: list[str], keywords: KeywordIndex) -> float:
    """Share of the question's (rarity-weighted) terms found in `tokens`."""
    weights = {t: (keywords.idf(t) or _unknown_idf(keywords)) for t in set(terms)}
    total = sum(weights.values())
    if total == 0:
        return 0.0
    return sum(w for t, w in weights.items() if t in tokens) / total


def _shared(p: PassageInfo, kept: PassageInfo) -> float:
    """Share of passage `p` that `kept` already shows."""
    overlap = min(p.end, kept.end) - max(p.start, kept.start)
    return max(0, overlap) / max(1, p.end - p.start)


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def merge_duplicates(
    ranked: list[Candidate], quote_match: dict[int, float] | None = None
) -> list[Candidate]:
    """Show one passage (or quotation) found in several articles once, with all its sources;
    and one of two overlapping passages of an article whose matching quotation is the same."""
    from .search import Citation

    def best_quote(c: Candidate) -> int | None:
        scored = [(quote_match.get(q.id, 0.0), q.id) for q in c.quotes] if quote_match else []
        top = max(scored, default=(0.0, None))
        return top[1] if top[0] > 0 else None

    kept: list[tuple[Candidate, str, set[tuple[str, str]]]] = []
    for c in ranked[:MERGE_WINDOW]:
        text = _norm(c.passage.text)
        quotes = {(q.speaker, _norm(q.text)) for q in c.quotes if q.direct and len(q.text) > 40}
        for k, k_text, k_quotes in kept:
            if k.passage.article_id == c.passage.article_id:
                if (
                    best_quote(c) == best_quote(k)
                    and _shared(c.passage, k.passage) >= SAME_PASSAGE_SHARE
                ):
                    break  # the same quotation again, from a mostly overlapping passage
                continue
            if quotes & k_quotes or fuzz.ratio(text, k_text, score_cutoff=DUPLICATE_RATIO):
                p = c.passage
                if all(x.article_id != p.article_key for x in k.also_in):
                    k.also_in.append(Citation(p.article_key, p.title, p.source, p.date, p.url))
                break
        else:
            kept.append((c, text, quotes))
    return [k for k, _, _ in kept] + ranked[MERGE_WINDOW:]


def abstain(
    top: list[Candidate],
    terms: list[str],
    keywords: KeywordIndex,
    unknown_speaker: bool,
    topic: list[str] | None = None,
    off_topic_cos: float = 0.35,
    min_topic: float = TOPIC_MIN_COVERAGE,
) -> bool:
    """True when nothing relevant was found.

    Three signals that hold across corpora (all measured on the two question sets):
    - the question asks what someone said, and no one of that name or description is quoted
      anywhere in the index ("what did rutte say …");
    - the best passages share neither meaning nor rare words with the question (off-topic);
    - they hold too little of its topic, the words beyond the speaker and the asking.
    """
    if not top or unknown_speaker:
        return True
    best_cos = max((c.dense or 0.0) for c in top)
    coverage = max(term_coverage(c, terms, keywords) for c in top)
    if best_cos < off_topic_cos and coverage < OFF_TOPIC_COVERAGE:
        return True
    if topic:
        return max(term_coverage(c, topic, keywords) for c in top) < min_topic
    return False


def term_coverage(c: Candidate, terms: list[str], keywords: KeywordIndex) -> float:
    """Share of the question's (rarity-weighted) terms that the passage or its title contains."""
    from .context import keyword_text
    from .keyword import tokenize

    p = c.passage
    return coverage(set(tokenize(keyword_text(p.title, p.source, p.date, p.text))), terms, keywords)


def _unknown_idf(keywords: KeywordIndex) -> float:
    # A word the corpus never uses weighs like the rarest word it has.
    n = max(1, len(keywords.ids))
    return float(np.log(1 + (n - 0.5) / 1.5))
