"""Results -> Discord pages (embeds or plain text). Pure: no I/O, no state.

Every piece of text that comes from an article or a user goes through `text.safe` with a
budget, and each embed is assembled from pieces whose budgets add up to less than Discord's
limits, so no page can be refused for its size, whatever the articles contain.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import discord

from index.build import BuildReport
from index.catalogue import QuoteHit, SpeakerInfo
from index.format import excerpt, format_answer, result_quote, who_line
from index.search import SearchResponse, SearchResult
from index.verify import Verification

from .text import (
    BUTTON_LABEL_MAX,
    CONTENT_MAX,
    DESCRIPTION_MAX,
    EMBED_TOTAL_MAX,
    FIELD_NAME_MAX,
    FIELD_VALUE_MAX,
    FIELDS_MAX,
    FOOTER_MAX,
    LINKS_PER_PAGE,
    TITLE_MAX,
    citation,
    cut,
    highlight,
    link,
    safe,
)

RESULTS_PER_PAGE = 3
QUOTES_PER_PAGE = 4  # 4 × (name + value) + title + summary stays under 6000
LINES_PER_PAGE = 15
LINE_MAX = 800  # one line of a list (a long URL included)
SUMMARY_MAX = 1000  # the "who is quoted" line
TEXT_MAX = CONTENT_MAX - 40  # plain-text page, leaving room for "(page i/n)"
COLOUR = discord.Colour(0x2B6CB0)
MUTED = discord.Colour(0x718096)
NOTHING_FOUND = (
    "Nothing relevant found in the indexed articles. Try rephrasing with a name, place or "
    "date, or see who is quoted with `/speakers`."
)


@dataclass
class Page:
    """One screen of an answer: a plain message, an embed, and its source links."""

    content: str | None = None
    embed: discord.Embed | None = None
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)


def _button_label(rank: int | None, text: str) -> str:
    prefix = f"[{rank}] " if rank is not None else ""
    return cut(prefix + (" ".join(text.split()) or "Source"), BUTTON_LABEL_MAX)


def _footer(embed: discord.Embed, text: str) -> None:
    embed.set_footer(text=cut(text, FOOTER_MAX))


def _numbered(pages: list[Page]) -> list[Page]:
    """Footers 'Page i/n' (embeds) or a trailing marker (text), once the count is known."""
    n = len(pages)
    if n < 2:
        return pages
    for i, page in enumerate(pages, 1):
        if page.embed is not None:
            _footer(page.embed, f"Page {i}/{n}")
        elif page.content is not None:
            page.content += f"\n\n(page {i}/{n})"  # CONTENT_MAX - TEXT_MAX leaves room
    return pages


# --- /ask -----------------------------------------------------------------------------------
def result_field(result: SearchResult, question: str) -> tuple[str, str]:
    """(name, value) of one numbered result: speaker and quote, excerpt, citation."""
    p = result.passage
    quote = result_quote(result)
    speaker = quote.split(":", 1)[0] if quote else ""
    name = safe(f"[{result.rank}] {speaker or p.title or 'Passage'}", FIELD_NAME_MAX)
    tail = ["— " + citation(p.source, p.date, p.url, p.title, 300)]
    for c in result.also_in[:2]:
        tail.append("— also: " + citation(c.source, c.date, c.url, c.title, 150))
    if len(result.also_in) > 2:
        tail.append(f"— and {len(result.also_in) - 2} more")
    head = [safe(quote, 300)] if quote else []
    used = sum(len(x) + 1 for x in head + tail) + 2  # newlines and the "> " of the excerpt
    body = "> " + highlight(excerpt(p.text, question), question, FIELD_VALUE_MAX - used)
    return name, "\n".join([*head, body, *tail])


def answer_pages(response: SearchResponse, per_page: int = RESULTS_PER_PAGE) -> list[Page]:
    """The /ask answer (and DM embed answer), `per_page` numbered results per embed."""
    title = safe(f"“{response.question}”", TITLE_MAX)
    if response.abstained or not response.results:
        return [Page(embed=discord.Embed(title=title, description=NOTHING_FOUND, colour=MUTED))]
    summary = safe(who_line(response), SUMMARY_MAX)
    # However long the texts, this many fields and the rest of the embed stay under 6000.
    fit = (EMBED_TOTAL_MAX - TITLE_MAX - SUMMARY_MAX - 100) // (FIELD_NAME_MAX + FIELD_VALUE_MAX)
    per_page = max(1, min(per_page, fit, FIELDS_MAX))
    pages: list[Page] = []
    for start in range(0, len(response.results), per_page):
        embed = discord.Embed(title=title, description=summary, colour=COLOUR)
        links: list[tuple[str, str]] = []
        for r in response.results[start : start + per_page]:
            name, value = result_field(r, response.question)
            embed.add_field(name=name, value=value, inline=False)
            url = link(r.passage.url)
            if url and url not in {u for _, u in links} and len(links) < LINKS_PER_PAGE:
                links.append((_button_label(r.rank, r.passage.source or r.passage.title), url))
        pages.append(Page(embed=embed, links=links))
    return _numbered(pages)


def answer_text_pages(response: SearchResponse, per_page: int = RESULTS_PER_PAGE) -> list[Page]:
    """The plain-text answer (DMs): the console's text, escaped, `per_page` results a page."""
    if response.abstained or not response.results:
        return [Page(content=NOTHING_FOUND)]
    head, *blocks = [safe(b, TEXT_MAX, flat=False) for b in format_answer(response).split("\n\n")]
    links = {
        r.rank: (_button_label(r.rank, r.passage.source or r.passage.title), url)
        for r in response.results
        if (url := link(r.passage.url))
    }
    groups = [blocks[i : i + max(1, per_page)] for i in range(0, len(blocks), max(1, per_page))]
    pages = []
    for n, group in enumerate(groups):
        for text in _pack([head, *group] if n == 0 else group, TEXT_MAX):
            ranks = [int(m) for m in re.findall(r"^\[(\d+)\]", text, re.M)]
            shown = list(dict.fromkeys(links[r] for r in ranks if r in links))
            pages.append(Page(content=text, links=shown[:LINKS_PER_PAGE]))
    return _numbered(pages)


def _pack(blocks: Sequence[str], limit: int, sep: str = "\n\n") -> list[str]:
    """Greedy: consecutive blocks joined while they fit; each block already fits alone."""
    out: list[str] = []
    for block in blocks:
        if out and len(out[-1]) + len(sep) + len(block) <= limit:
            out[-1] += sep + block
        else:
            out.append(block)
    return out or [""]


# --- /quotes and /who -----------------------------------------------------------------------
def quotes_pages(
    hits: list[QuoteHit], speaker: str, about: str | None, total: int | None = None
) -> list[Page]:
    """`total`: how many quotations the speaker has in all, when more than `hits` shows."""
    title = safe(f"What {speaker} said" + (f" about “{about}”" if about else ""), TITLE_MAX)
    if not hits:
        text = f"No quotations from {safe(speaker, 200)} found in the indexed articles."
        return [Page(embed=discord.Embed(title=title, description=text, colour=MUTED))]
    order = "most relevant first" if about else "newest first"
    summary = f"{len(hits)} quotation{'s' if len(hits) != 1 else ''}, {order}."
    shown = len(hits) + sum(len(h.also_in) for h in hits)
    if total is not None and total > shown:
        # Not "40 quotations" when /speakers says 45: say that only some are shown.
        summary = f"{len(hits)} of {total} quotations, {order}; ask with `about` to narrow them."
    pages: list[Page] = []
    for start in range(0, len(hits), QUOTES_PER_PAGE):
        embed = discord.Embed(title=title, description=summary, colour=COLOUR)
        links: list[tuple[str, str]] = []
        for n, h in enumerate(hits[start : start + QUOTES_PER_PAGE], start + 1):
            kind = "" if h.quote.direct else " (reported)"
            name = safe(f"[{n}] {h.quote.speaker}{kind}", FIELD_NAME_MAX)
            cite_line = "— " + citation(h.source, h.date, h.url, h.title, 300)
            for c in h.also_in[:2]:  # the same words in other outlets: one entry, every source
                cite_line += "\n— also: " + citation(c.source, c.date, c.url, c.title, 150)
            if len(h.also_in) > 2:
                cite_line += f"\n— and {len(h.also_in) - 2} more"
            quote = "“" + safe(h.quote.text, FIELD_VALUE_MAX - len(cite_line) - 4) + "”"
            embed.add_field(name=name, value=f"{quote}\n{cite_line}", inline=False)
            url = link(h.url)
            if url and url not in {u for _, u in links}:
                links.append((_button_label(n, h.source or h.title), url))
        pages.append(Page(embed=embed, links=links))
    return _numbered(pages)


MATCH_LABELS = {
    "exact": "Found, word for word",
    "partial": "Found (cut or lightly edited)",
    "paraphrase": "Found a close paraphrase",
    "unattributed": "Found in an article, without a named speaker",
}


def verification_page(v: Verification) -> Page:
    if not v.found:
        text = (
            f"Not found in the indexed articles: “{safe(v.claim, 1500)}”\n"
            "Only quotations in the indexed articles can be checked; try `/ask` with a few "
            "of its words, or `/quotes` for one speaker."
        )
        return Page(embed=discord.Embed(title="Who said it?", description=text, colour=MUTED))
    who = safe(v.speaker, 200) if v.speaker else "No named speaker"
    text = (
        f"**{who}** — {MATCH_LABELS.get(v.match, 'Found')}\n"
        f"> “{safe(v.text, 2000)}”\n"
        f"— {citation(v.source, v.date, v.url, v.title, 600)}"
    )
    url = link(v.url)
    links = [(_button_label(None, v.source or v.title), url)] if url else []
    return Page(
        embed=discord.Embed(title="Who said it?", description=text, colour=COLOUR), links=links
    )


# --- catalogue ------------------------------------------------------------------------------
def _line_pages(title: str, lines: list[str], empty: str) -> list[Page]:
    """A long list as embeds of at most LINES_PER_PAGE lines and DESCRIPTION_MAX characters."""
    if not lines:
        return [Page(embed=discord.Embed(title=title, description=empty, colour=MUTED))]
    chunks: list[list[str]] = [[]]
    for line in lines:
        line = cut(line, LINE_MAX)
        size = sum(len(x) + 1 for x in chunks[-1]) + len(line)
        if chunks[-1] and (len(chunks[-1]) >= LINES_PER_PAGE or size > DESCRIPTION_MAX):
            chunks.append([])
        chunks[-1].append(line)
    return _numbered(
        [
            Page(
                embed=discord.Embed(
                    title=cut(title, TITLE_MAX), description="\n".join(c), colour=COLOUR
                )
            )
            for c in chunks
        ]
    )


def speakers_pages(speakers: list[SpeakerInfo]) -> list[Page]:
    lines = []
    for s in speakers:
        role = f", {safe(s.role, 100)}" if s.role else ""
        also = f" (also {safe(', '.join(s.aliases[:3]), 100)})" if s.aliases else ""
        n = f"{s.quotes} quotation{'s' if s.quotes != 1 else ''}"
        lines.append(f"**{safe(s.name, 100)}**{role} — {n}{also}")
    title = f"Who is quoted ({len(speakers)} speaker{'s' if len(speakers) != 1 else ''})"
    return _line_pages(title, lines, "No one is quoted yet: the index is empty.")


def sources_pages(sources: list[dict[str, Any]]) -> list[Page]:
    lines = []
    for s in sources:
        title = safe(str(s.get("title") or s.get("article_id") or "untitled"), 150)
        url = link(str(s.get("url") or ""))
        shown = f"[{title.replace('[', '(').replace(']', ')')}]({url})" if url else title
        outlet = safe(str(s.get("source") or "unknown outlet"), 60)
        n = int(s.get("quotes") or 0)
        lines.append(f"`{s.get('date') or 'undated'}` {shown} — {outlet} · {n} quotations")
    title = f"Indexed articles ({len(sources)}), newest first"
    return _line_pages(title, lines, "No articles are indexed yet.")


def help_page(members: list[tuple[str, str]], moderators: list[tuple[str, str]]) -> Page:
    embed = discord.Embed(
        title="Parley: who said what about the Russia-Ukraine peace talks",
        description=(
            "Answers come from indexed news articles, with numbered citations. You can also "
            "send me a question in a direct message."
        ),
        colour=COLOUR,
    )
    for title, commands in (("Commands", members), ("For moderators", moderators)):
        if commands:
            text = "\n".join(f"`/{name}` — {desc}" for name, desc in commands)
            embed.add_field(name=title, value=cut(text, FIELD_VALUE_MAX), inline=False)
    return Page(embed=embed)


def help_text(members: list[tuple[str, str]]) -> str:
    lines = [
        "Send me any question about the Russia-Ukraine peace talks, for example "
        "“what did Zelensky say about a ceasefire?”, and I answer from the indexed news "
        "articles with numbered citations.",
        "",
        "In a server (and here) you can also use:",
        *(f"`/{name}` — {desc}" for name, desc in members),
    ]
    return cut("\n".join(lines), CONTENT_MAX)


# --- moderators -----------------------------------------------------------------------------
def _list_value(items: list[str], limit: int = FIELD_VALUE_MAX) -> str:
    """Bullet lines within `limit`, ending with '… and N more' when they do not all fit."""
    out: list[str] = []
    used = 0
    for i, item in enumerate(items):
        line = "• " + safe(item, 300)
        # Keep room for the "and N more" line that would follow if the next one did not fit.
        if used + len(line) + 1 + len(f"… and {len(items) - i - 1} more") > limit:
            out.append(f"… and {len(items) - i} more")
            break
        out.append(line)
        used += len(line) + 1
    return "\n".join(out)


def progress_text(label: str, stage: str, done: int, total: int) -> str:
    if stage == "articles read":
        return f"{label}… {done}/{total} articles read."
    if stage == "passages embedded":
        return f"{label}… {done} passages embedded."
    return f"{label}… {stage}"


def build_summary_page(report: BuildReport, title: str = "Reindex finished") -> Page:
    text = (
        f"{len(report.added)} added, {len(report.changed)} changed, "
        f"{len(report.removed)} removed, {report.unchanged} unchanged, "
        f"{len(report.failed)} failed.\n"
        f"{report.passages_embedded} passages embedded, {report.quotes_found} quotations found, "
        f"in {report.seconds:.1f} s."
    )
    embed = discord.Embed(title=title, description=text, colour=COLOUR)
    sections = (
        ("Added", report.added),
        ("Changed", report.changed),
        ("Removed", report.removed),
        ("Failed", [f"{s.path}: {s.reason}" for s in report.failed]),
        ("Duplicates skipped", [f"{s.path}: {s.reason}" for s in report.duplicates]),
    )
    for name, items in sections:
        if items:
            embed.add_field(name=f"{name} ({len(items)})", value=_list_value(items), inline=False)
    return Page(embed=embed)


def added_page(articles: list[dict[str, Any]], report: BuildReport) -> Page:
    """The /add confirmation: title, outlet, passages and quotations of each article.

    `articles` are all the upload's articles now indexed; the report says which of them are
    new or changed: an identical upload again adds nothing, and must not claim it did.
    """
    n = len(articles)
    fresh = len(report.added) + len(report.changed)
    kept = report.unchanged if n else 0
    if fresh:
        title = "Article added"
        text = (
            f"Added {fresh} article{'s' if fresh != 1 else ''}; "
            f"{'its' if fresh == 1 else 'their'} quotations can be asked about now."
        )
    else:
        title = "Nothing new was added" if n else "Not added"
        text = "Nothing new was added."
    if kept:
        text += f" Already indexed, unchanged: {kept} article{'s' if kept != 1 else ''}."
    embed = discord.Embed(title=title, description=text, colour=COLOUR if fresh else MUTED)
    for a in articles[:5]:
        value = (
            f"Outlet: {safe(str(a.get('source') or 'unknown'), 200)}\n"
            f"Passages: {a.get('passages', 0)} · Quotations: {a.get('quotes', 0)}"
        )
        embed.add_field(
            name=safe(str(a.get("title") or "untitled"), FIELD_NAME_MAX), value=value, inline=False
        )
    if n > 5:
        embed.add_field(name="…", value=f"and {n - 5} more", inline=False)
    # Unreadable files, and the bad lines of a .jsonl ("line 4 is not valid JSON …").
    problems = [f"{s.path}: {s.reason}" for s in [*report.failed, *report.duplicates]]
    if problems:
        embed.add_field(
            name=f"Not added ({len(problems)})", value=_list_value(problems), inline=False
        )
    return Page(embed=embed)


def stats_page(stats: dict[str, Any], questions: int) -> Page:
    embed = discord.Embed(title="Parley index", colour=COLOUR)
    for name, key in (
        ("Articles", "articles"),
        ("Passages", "passages"),
        ("Speakers", "speakers"),
        ("Quotations", "quotes"),
    ):
        embed.add_field(name=name, value=f"{int(stats.get(key) or 0):,}", inline=True)
    built = str(stats.get("built_at") or "never")
    seconds = float(stats.get("build_seconds") or 0.0)
    built_text = f"{built[:19].replace('T', ' ')} UTC" if built != "never" else built
    if seconds:
        built_text += f" (took {seconds:.1f} s)"
    embed.add_field(name="Index built", value=safe(built_text, 200), inline=True)
    embed.add_field(name="Questions answered", value=f"{questions:,}", inline=True)
    if stats.get("model"):
        _footer(embed, f"model {stats['model']} · version {stats.get('version', '')}")
    return Page(embed=embed)


def retry_text(seconds: float) -> str:
    return f"You're asking a little fast: try again in {max(1, math.ceil(seconds))} s."
