"""The retrieval metrics of `parley eval retrieval` on hand-made responses."""

from __future__ import annotations

from index.evaluate import ModeScore, Question, is_hit, locate
from index.search import PassageInfo


def _passage(key: str, start: int, end: int) -> PassageInfo:
    return PassageInfo(1, 1, key, 0, start, end, "", "", "", "", "", "")


def test_locate_ignores_case_and_whitespace() -> None:
    text = "Intro.\n\nHe said:  “We never   refused.” Then he left."
    at = locate("we never refused", text)
    assert at is not None and text[at[0] : at[1]] == "We never   refused"
    assert locate("not there", text) is None


def test_a_hit_needs_the_right_article_and_half_the_snippet() -> None:
    spans = [("a", 100, 200)]
    assert is_hit(_passage("a", 90, 160), spans)
    assert not is_hit(_passage("a", 160, 400), spans)  # 40 of 100 characters
    assert not is_hit(_passage("b", 0, 1000), spans)


def test_abstention_accuracy_is_balanced() -> None:
    never = ModeScore(answerable=10, unanswerable=4, answered_right=10, abstained_right=0)
    assert never.summary()["abstention_accuracy"] == 0.5
    perfect = ModeScore(answerable=10, unanswerable=4, answered_right=10, abstained_right=4)
    assert perfect.summary()["abstention_accuracy"] == 1.0


def test_recall_and_mrr() -> None:
    s = ModeScore(hits1=1, hits5=2, rr=1.5, answerable=4)
    d = s.summary()
    assert (d["recall@1"], d["recall@5"], d["mrr"]) == (0.25, 0.5, 0.375)


def test_question_record() -> None:
    q = Question("s1", "who said it?", "who", [], None)
    assert not q.answers
