"""Plain-text answers: each result shows the words of its quotation that its passage holds."""

from __future__ import annotations

from index.format import format_answer, result_quote
from index.search import PassageInfo, QuoteInfo, SearchResponse, SearchResult

ARTICLE = (
    "Journalist: What is the threat? Vladimir Putin: We have heard them. Ukraine has nuclear "
    "competencies. The appearance of tactical nuclear weapons in Ukraine is a strategic threat "
    "to us. Moscow would be in the strike zone."
)


def passage(pid: int, start: int, end: int) -> PassageInfo:
    return PassageInfo(
        pid,
        1,
        "ru-1",
        pid,
        start,
        end,
        ARTICLE[start:end],
        "Press conference",
        "Kremlin",
        "",
        "2022-02-22",
        "http://example.org/1",
    )


def test_a_quotation_spanning_passages_shows_each_its_own_part() -> None:
    start = ARTICLE.index("We have heard")
    quote = QuoteInfo(7, 1, "Vladimir Putin", ARTICLE[start:], start, len(ARTICLE), True)
    cut = ARTICLE.index("The appearance")
    first, second = passage(1, 0, cut), passage(2, cut, len(ARTICLE))
    one = result_quote(SearchResult(1, 1.0, first, [quote]))
    two = result_quote(SearchResult(2, 0.9, second, [quote]))
    assert one == "Vladimir Putin: “We have heard them. Ukraine has nuclear competencies.…”"
    assert two.startswith("Vladimir Putin: “…The appearance of tactical nuclear weapons")
    assert "We have heard" not in two and two.endswith("strike zone.”")
    text = format_answer(
        SearchResponse(
            "what did putin say about nukes", False, [SearchResult(1, 1.0, second, [quote])]
        )
    )
    assert "…The appearance of tactical nuclear weapons" in text
    # A quotation wholly inside its passage is shown whole, without marks.
    inner = QuoteInfo(8, 1, "Vladimir Putin", "We have heard them.", start, start + 19, True)
    assert result_quote(SearchResult(1, 1.0, first, [inner])).endswith("“We have heard them.”")
