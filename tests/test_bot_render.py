"""bot/render.py: Discord's limits hold by construction, whatever the articles contain."""

from __future__ import annotations

import discord
import pytest

from bot import render
from bot.render import Page
from bot.text import highlight, safe
from index.build import BuildReport
from index.catalogue import QuoteHit, SpeakerInfo
from index.ingest import Skipped
from index.search import Citation, PassageInfo, QuoteInfo, SearchResponse, SearchResult
from index.verify import Verification

# Worst cases: every character escapes (doubling), mentions, long words, newlines.
STARS = "*_~`|>" * 3000
NOISY = ("@everyone **bold** <@123456789012345678> __x__ `code` > quote\n- item " * 800).strip()
LONG_WORD = "Z" * 20_000
LONG_URL = "https://example.org/" + "a" * 480  # 500 chars: a valid button URL
TOO_LONG_URL = "https://example.org/" + "b" * 600


def check_embed(embed: discord.Embed) -> None:
    d = embed.to_dict()
    assert len(d.get("title", "")) <= 256
    assert len(d.get("description", "")) <= 4096
    assert len(d.get("fields", [])) <= 25
    for f in d.get("fields", []):
        assert 1 <= len(f["name"]) <= 256 and 1 <= len(f["value"]) <= 1024
    assert len(d.get("footer", {}).get("text", "")) <= 2048
    assert len(embed) <= 6000


def check_page(page: Page) -> None:
    assert page.content is not None or page.embed is not None
    if page.content is not None:
        assert 0 < len(page.content) <= 2000
    if page.embed is not None:
        check_embed(page.embed)
    assert len(page.links) <= 5
    for label, url in page.links:
        assert 1 <= len(label) <= 80 and len(url) <= 512 and url.startswith("http")


def passage(i: int, text: str, title: str, url: str) -> PassageInfo:
    return PassageInfo(i, i, f"key{i}", 0, 0, len(text), text, title, title, "", "2026-01-01", url)


def quote(i: int, speaker: str, text: str) -> QuoteInfo:
    return QuoteInfo(i, i, speaker, text, 0, len(text), True)


def huge_response(n: int = 12) -> SearchResponse:
    texts = [STARS, NOISY, LONG_WORD]
    results = []
    for i in range(n):
        text = texts[i % 3]
        p = passage(i, text, text[:5000], LONG_URL if i % 2 else TOO_LONG_URL)
        quotes = [quote(i, NOISY[:3000] if j == 0 else f"Speaker {j}", text) for j in range(30)]
        also = [Citation(f"k{j}", STARS[:3000], NOISY[:3000], "2026", LONG_URL) for j in range(9)]
        results.append(SearchResult(i + 1, 1.0, p, quotes, also))
    return SearchResponse(NOISY[:5000], False, results, [NOISY[:500]] * 40)


def test_safe_fits_the_budget_after_escaping():
    assert safe("x" * 256, 256) == "x" * 256  # exactly at the limit: untouched
    cut = safe("x" * 257, 256)
    assert len(cut) <= 256 and cut.endswith("…")
    for text in (STARS, NOISY, LONG_WORD, "*" * 257, "a *b* " * 100):
        for limit in (1, 2, 5, 100, 256, 1024, 2000, 4096):
            assert len(safe(text, limit)) <= limit
    assert safe("**bold** @everyone @here <@123456789012345678>", 200) == (
        "\\*\\*bold\\*\\* @\u200beveryone @\u200bhere <@\u200b123456789012345678>"
    )


def test_highlight_stays_within_the_budget_and_bolds_question_words():
    out = highlight("Putin said the talks were serious", "serious talks?", 200)
    assert out == "Putin said the **talks** were **serious**"
    linked = highlight("see https://example.org/serious-talks for talks", "serious talks", 200)
    assert linked == "see https://example.org/serious-talks for **talks**"  # links stay whole
    for limit in (10, 50, 300, 1024):
        assert len(highlight(NOISY, "quote bold item everyone code", limit)) <= limit


def test_answer_pages_respect_every_limit_with_huge_results():
    response = huge_response()
    pages = render.answer_pages(response)
    assert len(pages) == 4  # 12 results, 3 a page
    for i, page in enumerate(pages, 1):
        check_page(page)
        assert page.embed is not None
        assert page.embed.footer.text == f"Page {i}/4"
    first = pages[0].embed.to_dict()  # type: ignore[union-attr]
    assert first["fields"][0]["name"].startswith("[1] ")
    assert "@everyone" not in str(first)  # neutralised everywhere
    # Only URLs a button can hold become link buttons.
    assert all(len(url) <= 512 for page in pages for _, url in page.links)
    assert any(page.links for page in pages)


def test_answer_text_pages_respect_2000():
    pages = render.answer_text_pages(huge_response())
    assert len(pages) >= 4
    for page in pages:
        check_page(page)
        assert page.embed is None and "@everyone" not in (page.content or "")


def test_nothing_found_is_said_plainly():
    empty = SearchResponse("what about bananas?", True, [])
    (page,) = render.answer_pages(empty)
    assert page.embed is not None and page.embed.description == render.NOTHING_FOUND
    assert not page.embed.fields
    (text,) = render.answer_text_pages(empty)
    assert text.content == render.NOTHING_FOUND


def test_quotes_who_and_catalogue_pages_respect_limits():
    hits = [
        QuoteHit(
            quote(i, NOISY[:2000], STARS),
            f"k{i}",
            STARS[:5000],
            NOISY[:3000],
            "2026",
            LONG_URL if i % 2 else TOO_LONG_URL,
        )
        for i in range(30)
    ]
    pages = render.quotes_pages(hits, NOISY[:3000], STARS[:3000])
    assert len(pages) == 8
    pages += render.quotes_pages([], "Nobody", None)
    for found in (True, False):
        v = Verification(
            found,
            NOISY,
            NOISY[:3000],
            STARS,
            STARS[:3000],
            NOISY[:100],
            "2026",
            LONG_URL,
            "k",
            1.0,
            "exact",
        )
        pages.append(render.verification_page(v))
    speakers = [SpeakerInfo(NOISY[:3000], STARS[:3000], [LONG_WORD] * 10, 5)] * 60
    sources = [
        {
            "article_id": "k",
            "title": STARS[:5000],
            "source": NOISY[:2000],
            "date": "2026-01-01",
            "url": LONG_URL,
            "quotes": 3,
        }
    ] * 60
    pages += render.speakers_pages(speakers) + render.sources_pages(sources)
    pages += render.speakers_pages([]) + render.sources_pages([])
    for page in pages:
        check_page(page)


def test_moderator_pages_respect_limits():
    report = BuildReport(
        added=[LONG_WORD] * 500,
        changed=[STARS] * 500,
        removed=[NOISY[:5000]] * 500,
        failed=[Skipped(LONG_WORD, NOISY)] * 500,
        duplicates=[Skipped(STARS, STARS)] * 500,
    )
    page = render.build_summary_page(report)
    check_page(page)
    assert page.embed is not None and "… and " in page.embed.fields[0].value
    articles = [{"title": STARS, "source": NOISY, "passages": 3, "quotes": 2}] * 40
    check_page(render.added_page(articles, report))
    check_page(render.added_page([], BuildReport()))
    stats = {
        "articles": 10**9,
        "passages": 1,
        "speakers": 2,
        "quotes": 3,
        "model": LONG_WORD,
        "version": LONG_WORD,
        "built_at": "2026-11-25T10:00:00+00:00",
        "build_seconds": 3.5,
    }
    check_page(render.stats_page(stats, 10**12))
    commands = [(f"c{i}", "d" * 100) for i in range(25)]
    check_page(render.help_page(commands, commands))
    assert len(render.help_text(commands * 4)) <= 2000


@pytest.mark.parametrize("seconds", [0.01, 1.0, 4.2, 59.9])
def test_retry_text_rounds_up(seconds: float):
    text = render.retry_text(seconds)
    assert text.startswith("You're asking a little fast: try again in ")
    assert f" {max(1, -(-seconds // 1)):.0f} s." in text
