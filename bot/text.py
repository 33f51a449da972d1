"""Discord text: its limits, and article text made safe to show within a budget.

`safe` escapes markdown and neutralises mentions, then cuts to the budget *after* escaping,
so a piece never outgrows the room it was given, whatever the article contains.
"""

from __future__ import annotations

import re

from discord.utils import escape_markdown, escape_mentions

from index.format import cite

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits)
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FIELDS_MAX = 25
FOOTER_MAX = 2048
EMBED_TOTAL_MAX = 6000
CONTENT_MAX = 2000
BUTTON_LABEL_MAX = 80
BUTTON_URL_MAX = 512
LINKS_PER_PAGE = 5  # one action row of link buttons
CHOICE_MAX = 100  # autocomplete choice name / value


def escape(text: str) -> str:
    """Shown literally: `**` stays two stars, `@everyone` neither pings nor renders."""
    return escape_mentions(escape_markdown(text))


def cut(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary when one is near, with an ellipsis."""
    if len(text) <= limit:
        return text
    if limit <= 1:
        return "…"[:limit]
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space >= limit // 2:
        head = head[:space]
    return head.rstrip() + "…"


def safe(text: str, limit: int, *, flat: bool = True) -> str:
    """Escaped text no longer than `limit` *after* escaping (`flat` joins lines)."""
    text = " ".join(text.split()) if flat else text.strip()
    # Escaping never shortens text, so at most `limit` raw characters can fit.
    n = min(len(text), limit)
    out = escape(cut(text, n))
    while len(out) > limit and n > 0:
        # Escaping at most doubles a cut's length, so halving the overflow converges quickly.
        n -= max(1, (len(out) - limit + 1) // 2)
        out = escape(cut(text, n))
    return out if len(out) <= limit else ""


def _terms(question: str) -> set[str]:
    return {w[:6] for w in re.findall(r"[^\W_]+", question.lower()) if len(w) > 3}


def highlight(text: str, question: str, limit: int) -> str:
    """`safe(text)` with the question's words in bold, as far as the budget allows."""
    out = safe(text, limit)
    terms = _terms(question)
    if not terms:
        return out
    room = limit - len(out)
    urls = [m.span() for m in re.finditer(r"https?://\S+", out)]
    pieces, last = [], 0
    for m in re.finditer(r"[^\W_]+", out):
        if room < 4:
            break
        if any(s <= m.start() < e for s, e in urls):
            continue  # bold inside a link would break it
        if m.group().lower()[:6] in terms and len(m.group()) > 3:
            pieces += [out[last : m.start()], f"**{m.group()}**"]
            last, room = m.end(), room - 4
    return "".join(pieces) + out[last:]


def link(url: str) -> str | None:
    """A URL fit for a link button and an embed, or None."""
    url = (url or "").strip()
    if not re.match(r"https?://\S+$", url) or len(url) > BUTTON_URL_MAX:
        return None
    return url


def citation(source: str, date: str, url: str, title: str, limit: int) -> str:
    """Outlet · date · link (the title when there is no usable link), within `limit`."""
    shown = link(url)
    if shown and len(shown) <= limit // 2:
        # The same order as index.format.cite; the URL stays raw so Discord makes it clickable.
        head = safe(f"{source or 'unknown outlet'} · {date or 'undated'}", limit - len(shown) - 3)
        return f"{head} · {shown}"
    return safe(cite(source, date, "", title), limit)
