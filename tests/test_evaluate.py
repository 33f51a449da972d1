"""The retrieval metrics of `parley eval retrieval` on hand-made responses."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from conftest import make_settings

from index import evaluate, service
from index.embed import FakeEmbedder
from index.evaluate import (
    ModeScore,
    Question,
    eval_folder,
    eval_retrieval,
    is_hit,
    locate,
    other_models,
)
from index.search import PassageInfo
from index.service import Parley


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


def test_each_model_has_its_own_eval_index_and_compare_adds_the_other() -> None:
    data = Path("/data")
    assert eval_folder(data, "all-MiniLM-L6-v2", "ext") == data / "eval/all-MiniLM-L6-v2/ext"
    assert eval_folder(data, "/models/my model", "seeds").parent.parent == data / "eval"
    assert other_models("multilingual-e5-small") == ["all-MiniLM-L6-v2"]
    assert other_models("all-MiniLM-L6-v2") == ["multilingual-e5-small"]


async def test_compare_prints_a_row_per_mode_and_other_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The fake embedder stands in for the second model: the real one is test_model's job.
    loads: list[str] = []

    def fake_load(name: str, batch_size: int = 32) -> FakeEmbedder:
        loads.append(name)
        return FakeEmbedder()

    monkeypatch.setattr(service, "load_embedder", fake_load)
    monkeypatch.setattr(evaluate, "load_embedder", fake_load)
    # Two sets, both small: the seeds' questions stand in for corpus-ext's.
    monkeypatch.setitem(evaluate.EVAL_SETS, "ext", evaluate.EVAL_SETS["seeds"])
    settings = make_settings(tmp_path)
    parley = Parley(settings)
    args = argparse.Namespace(compare=True, models="all-MiniLM-L6-v2", set="all", json=True)
    try:
        assert await eval_retrieval(parley, args) == 0
    finally:
        await parley.close()
    both = json.loads(capsys.readouterr().out)
    assert loads == ["fake", "all-MiniLM-L6-v2"]  # each model loaded once for both sets
    report = both["seeds"]
    assert (
        list(both["ext"])
        == list(report)
        == [
            "dense",
            "keyword",
            "hybrid",
            "dense [all-MiniLM-L6-v2]",
            "hybrid [all-MiniLM-L6-v2]",
        ]
    )
    assert all(row["questions"] >= 60 for row in report.values())
    for model in ("fake", "all-MiniLM-L6-v2"):
        # Both sets ask about the seeds here: they share one index per model.
        assert (eval_folder(settings.data_dir, model, "seeds") / "current").exists()
        assert not eval_folder(settings.data_dir, model, "ext").exists()


def test_shown_at_5_counts_only_answers_parley_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    # Recall judges the ranking without abstention; a member sees nothing when Parley abstains.
    from index.evaluate import score_response
    from index.search import SearchResponse, SearchResult

    q = Question("e1", "what did putin say?", "what", [{"article": "a", "contains": "x"}], None)
    hit = SearchResult(1, 1.0, _passage("a", 0, 100))
    monkeypatch.setattr(evaluate, "_spans", lambda parley, question: [("a", 10, 20)])
    score = ModeScore()
    for abstained in (False, True):
        score_response(None, q, SearchResponse(q.question, abstained, [hit]), score)  # type: ignore[arg-type]
    d = score.summary()
    assert d["recall@5"] == 1.0 and d["answered_recall@5"] == 0.5
