"""Did someone really say this? Fuzzy and semantic matching of a quote against the index.

A false "yes" is the worst answer a fact-check can give, so a match needs either near-exact
wording (a cut or lightly edited quote) or a close paraphrase whose negations agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz
from rapidfuzz import process as fuzz_process

if TYPE_CHECKING:
    from .search import PassageInfo, QuoteInfo, Searcher

EXACT = 90.0  # partial_ratio for a cut or lightly edited quote
LEXICAL_FLOOR = 55.0  # a paraphrase still shares some wording
MIN_WORDS = 3
QUOTE_MARKS = "\"“”«»'"  # around a pasted quotation, not part of it
# A claim longer than the quotation matched must be mostly that quotation (a lead-in such as
# "Putin said" may come with it).
MIN_COVER = 0.6
_NEGATIONS = {
    "not",
    "no",
    "never",
    "none",
    "nobody",
    "nothing",
    "neither",
    "nor",
    "cannot",
    "without",
    "refuse",
    "refused",
    "refuses",
    "deny",
    "denied",
    "denies",
}


@dataclass
class Verification:
    found: bool
    claim: str
    speaker: str | None = None
    text: str = ""
    title: str = ""
    source: str = ""
    date: str = ""
    url: str = ""
    article_id: str = ""
    score: float = 0.0
    match: str = ""  # exact | partial | paraphrase | unattributed

    def as_dict(self) -> dict[str, Any]:
        return {
            "found": self.found,
            "speaker": self.speaker,
            "text": self.text,
            "title": self.title,
            "source": self.source,
            "date": self.date,
            "url": self.url,
            "article_id": self.article_id,
            "score": round(self.score, 3),
            "match": self.match,
        }


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[\w']+", text.lower().replace("’", "'")))


def _negations(text: str) -> set[str]:
    words = set(_norm(text).replace("n't", " not").split())
    return {"neg"} if words & _NEGATIONS else set()


def checked_claim(claim: str) -> str:
    """The claim without its quotation marks; refused when too few words to check (the bot
    asks before deferring, so that the refusal stays private)."""
    claim = claim.strip().strip(QUOTE_MARKS)
    if len(_norm(claim).split()) < MIN_WORDS:
        from .errors import BadInput

        raise BadInput("give at least a few words of the quotation to check")
    return claim


def verify(searcher: Searcher, claim: str) -> Verification:
    claim = checked_claim(searcher.validate(claim.strip().strip(QUOTE_MARKS), "quotation"))
    norm = _norm(claim)
    all_quotes = [q for qs in searcher.quotes_by_article.values() for q in qs]
    pool: dict[int, QuoteInfo] = {}
    # 1. wording: the claim inside a quotation, or most of a quotation inside the claim
    for _, _, idx in fuzz_process.extract(
        norm,
        [_norm(q.text) for q in all_quotes],
        scorer=fuzz.partial_ratio,
        limit=8,
        score_cutoff=LEXICAL_FLOOR,
    ):
        pool[all_quotes[idx].id] = all_quotes[idx]
    # 2. meaning: quotations in the passages closest to the claim
    qvec = searcher.embedder.encode([claim], query=True)
    _, ids = searcher.vectors.search(qvec, 8)
    near_passages = [searcher.passages[int(i)] for i in ids[0] if int(i) in searcher.passages]
    for p in near_passages:
        for q in searcher.quotes_in(p):
            pool[q.id] = q
    best: Verification | None = None
    candidates = list(pool.values())
    if candidates:
        vecs = searcher.embedder.encode([q.text for q in candidates], query=True)
        cosines = vecs @ qvec[0]
        for q, cos in zip(candidates, cosines, strict=True):
            v = _judge(claim, norm, q, float(cos), searcher)
            if v.found and (best is None or v.score > best.score):
                best = v
    if best is None:
        best = _unattributed(claim, norm, near_passages)
    return best or Verification(False, claim)


def _judge(claim: str, norm: str, q: QuoteInfo, cos: float, searcher: Searcher) -> Verification:
    qnorm = _norm(q.text)
    if len(norm) <= len(qnorm):
        lexical = fuzz.partial_ratio(norm, qnorm)
    elif len(qnorm) >= MIN_COVER * len(norm):
        lexical = fuzz.partial_ratio(qnorm, norm)
    else:
        # A quotation much shorter than the claim fits inside it perfectly and proves little:
        # the scare quote "serious" is no evidence for a whole sentence that contains it.
        lexical = fuzz.ratio(qnorm, norm)
    same_polarity = _negations(claim) == _negations(_cut_to(q.text, claim))
    match = ""
    if lexical >= EXACT and same_polarity:
        match = "exact" if norm in qnorm else "partial"
    elif (
        cos >= searcher.embedder.calibration.paraphrase_cos
        and lexical >= LEXICAL_FLOOR
        and same_polarity
    ):
        match = "paraphrase"
    p = _article_of(searcher, q)
    return Verification(
        bool(match),
        claim,
        q.speaker,
        q.text,
        p.title if p else "",
        p.source if p else "",
        p.date if p else "",
        p.url if p else "",
        p.article_key if p else "",
        score=max(lexical / 100.0, cos) if match else 0.0,
        match=match,
    )


def _cut_to(quote: str, claim: str) -> str:
    """The part of a quotation that the claim corresponds to, for the polarity check: the
    aligned words and up to 40 characters around them, within their sentence ("we'll never
    know … If it's a bluff, you only know when you call it": the "never" before is another
    sentence's and negates nothing of the claim)."""
    align = fuzz.partial_ratio_alignment(claim.lower(), quote.lower())
    if align is None:
        return quote
    before = quote[max(0, align.dest_start - 40) : align.dest_start]
    after = quote[align.dest_end : align.dest_end + 40]
    ends = [m.end() for m in _SENTENCE_END.finditer(before)]
    if ends:
        before = before[ends[-1] :]
    first = _SENTENCE_END.search(after)
    if first:
        after = after[: first.start() + 1]
    return before + quote[align.dest_start : align.dest_end] + after


_SENTENCE_END = re.compile("[.!?…]+[”\"']?\\s+")


def _article_of(searcher: Searcher, q: QuoteInfo) -> PassageInfo | None:
    return searcher.article_meta.get(q.article_id)


def _unattributed(claim: str, norm: str, passages: list[PassageInfo]) -> Verification | None:
    """The words are in an article, but no speaker was attributed there."""
    for p in passages:
        pnorm = _norm(p.text)
        if len(norm) <= len(pnorm) and fuzz.partial_ratio(norm, pnorm) >= 95:
            return Verification(
                True,
                claim,
                None,
                claim,
                p.title,
                p.source,
                p.date,
                p.url,
                p.article_key,
                score=0.95,
                match="unattributed",
            )
    return None
