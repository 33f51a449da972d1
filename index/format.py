"""Answers as plain text: the console's output and the bot's text (DM) answers.

Pure functions; the bot adds Discord's escaping and embeds on top of the same pieces.
"""

from __future__ import annotations

import re

from .catalogue import QuoteHit
from .search import PassageInfo, QuoteInfo, SearchResponse, SearchResult
from .verify import Verification

NOTHING_FOUND = (
    "Nothing relevant found in the indexed articles. Try rephrasing with a name, place or "
    "date, or see who is quoted with `speakers`."
)
EXCERPT_CHARS = 300


def cite(source: str, date: str, url: str, title: str) -> str:
    """Outlet, date, link; the title when there is no link."""
    parts = [source or "unknown outlet", date or "undated"]
    parts.append(url if url else f"“{title}”")
    return " · ".join(parts)


def excerpt(text: str, question: str, limit: int = EXCERPT_CHARS) -> str:
    """The part of a passage that best matches the question, cut at word boundaries."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    words = {w for w in re.findall(r"\w+", question.lower()) if len(w) > 3}
    sentences = re.split(r"(?<=[.!?…”])\s+", text)
    best, best_hits = 0, -1
    for i, s in enumerate(sentences):
        hits = sum(1 for w in re.findall(r"\w+", s.lower()) if w[:6] in {x[:6] for x in words})
        if hits > best_hits:
            best, best_hits = i, hits
    out = sentences[best]
    j = best + 1
    while j < len(sentences) and len(out) + len(sentences[j]) + 1 <= limit:
        out += " " + sentences[j]
        j += 1
    i = best - 1
    while i >= 0 and len(out) + len(sentences[i]) + 1 <= limit:
        out = sentences[i] + " " + out
        i -= 1
    if len(out) > limit:
        out = out[: limit - 1].rsplit(" ", 1)[0] + "…"
    prefix = "…" if not text.startswith(out[:20]) else ""
    suffix = "…" if not out.endswith("…") and not text.endswith(out[-20:]) else ""
    return prefix + out + suffix


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def who_line(response: SearchResponse) -> str:
    """One line on top: who is quoted in these results."""
    names: dict[str, int] = {}
    for r in response.results:
        for q in r.quotes:
            names[q.speaker] = names.get(q.speaker, 0) + 1
    # In the order the results show them: each result's first quotation is the asked speaker's
    # or the best match, so the first name is the answer's, not merely the most quoted.
    order = response.speakers or list(names)
    if not order:
        return "No one is quoted directly in these passages."
    shown = [f"{n} ({names[n]})" if names.get(n, 0) > 1 else n for n in order[:5]]
    more = f" and {len(order) - 5} more" if len(order) > 5 else ""
    lead = "Said by" if response.speakers else "Quoted"
    return f"{lead}: {', '.join(shown)}{more}"


def result_quote(result: SearchResult, limit: int = 220) -> str:
    """The speaker and quotation a passage carries ('' when none); search orders a result's
    quotations with the one matching the question first."""
    if not result.quotes:
        return ""
    q = result.quotes[0]
    return f"{q.speaker}: “{shorten(quote_in_passage(q, result.passage), limit)}”"


def quote_in_passage(q: QuoteInfo, p: PassageInfo) -> str:
    """The words of a quotation this passage holds, marked "…" where it goes on beyond it.
    A long answer in a transcript spans several passages: each result shows its own part,
    not the same opening words (corpus-ext: 2,495 of the quotations in 3,000 passages)."""
    lo, hi = max(q.start, p.start), min(q.end, p.end)
    if q.article_id != p.article_id or hi <= lo:
        return q.text
    part = q.text[lo - q.start : hi - q.start].strip()
    return ("…" if lo > q.start else "") + part + ("…" if hi < q.end else "")


def format_answer(response: SearchResponse) -> str:
    if response.abstained or not response.results:
        return NOTHING_FOUND
    lines = [who_line(response), ""]
    for r in response.results:
        p = r.passage
        quote = result_quote(r)
        lines.append(f"[{r.rank}] {quote}" if quote else f"[{r.rank}] {p.title}")
        lines.append("    " + excerpt(p.text, response.question))
        lines.append("    — " + cite(p.source, p.date, p.url, p.title))
        for c in r.also_in:
            lines.append("    — also: " + cite(c.source, c.date, c.url, c.title))
        lines.append("")
    return "\n".join(lines).rstrip()


def format_quotes(hits: list[QuoteHit]) -> str:
    if not hits:
        return "No quotations found."
    lines = []
    for h in hits:
        kind = "" if h.quote.direct else " (reported)"
        lines.append(f"{h.quote.speaker}{kind}: “{shorten(h.quote.text, 400)}”")
        lines.append("    — " + cite(h.source, h.date, h.url, h.title))
        for c in h.also_in:
            lines.append("    — also: " + cite(c.source, c.date, c.url, c.title))
    return "\n".join(lines)


def format_verification(v: Verification) -> str:
    if not v.found:
        return f"Not found in the indexed articles: “{shorten(v.claim, 200)}”"
    who = v.speaker or "an unattributed passage"
    how = {
        "exact": "Found",
        "partial": "Found (cut or lightly edited)",
        "paraphrase": "Found a close paraphrase",
        "unattributed": "Found, without a speaker",
    }
    return (
        f"{how.get(v.match, 'Found')}: {who}: “{shorten(v.text, 400)}”\n"
        f"    — {cite(v.source, v.date, v.url, v.title)}"
    )
