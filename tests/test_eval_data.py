"""Checks on the retrieval evaluation sets in tests/data/ (format: tests/data/README.md).

The sets are gold data: a wrong snippet silently turns a correct retrieval into a miss, so every
snippet is checked against the raw article text it claims to come from.
"""

import json
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SHARED = ROOT.parent / "shared"

KINDS = {"who", "what", "yesno", "factual", "opinion", "none"}
FIELDS = {"id", "question", "kind", "answers", "speaker"}
# Page furniture of the seed articles; an answer snippet must never lean on it.
BOILERPLATE = (
    "story continues below",
    "advertisement",
    "google cta",
    "keep reading",
    "show less",
    "physical address",
    "read more about the author",
    "help keep items like this free",
)

SETS = {
    # name: (file, minimum questions, minimum unanswerable questions)
    "seeds": ("retrieval_seeds.jsonl", 70, 12),
    "ext": ("retrieval_ext.jsonl", 40, 12),
    # Written blind in the sixth session, to check what the two sets above were tuned on.
    "seeds-holdout": ("holdout_seeds.jsonl", 40, 10),
    "ext-holdout": ("holdout_ext.jsonl", 50, 12),
    # A second blind round, ninth session.
    "seeds-holdout2": ("holdout2_seeds.jsonl", 24, 6),
    "ext-holdout2": ("holdout2_ext.jsonl", 40, 8),
    # A third, eleventh session.
    "seeds-holdout3": ("holdout3_seeds.jsonl", 24, 6),
    "ext-holdout3": ("holdout3_ext.jsonl", 40, 8),
}


def _corpus(name: str) -> str:
    return name.split("-")[0]


def _load(name: str) -> list[dict]:
    path = DATA / SETS[name][0]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _seed_texts() -> dict[str, str]:
    # The repo copy is what the index is built from; the shared folder is the fallback.
    for folder in (ROOT / "corpus" / "seeds", SHARED / "seeds"):
        files = sorted(folder.glob("*.txt"))
        if files:
            return {p.stem: p.read_text(encoding="utf-8") for p in files}
    pytest.skip("seed articles not found")


def _ext_texts() -> dict[str, str]:
    for path in (
        ROOT / "corpus" / "ext" / "articles.jsonl",
        SHARED / "corpus-ext" / "articles.jsonl",
    ):
        if path.exists():
            records = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
            return {r["id"]: r["text"] for r in records}
    pytest.skip("corpus-ext not found")


@pytest.fixture(scope="module")
def texts() -> dict[str, dict[str, str]]:
    return {"seeds": _seed_texts(), "ext": _ext_texts()}


@pytest.mark.parametrize("name", SETS)
def test_records_are_well_formed(name: str) -> None:
    for row in _load(name):
        assert set(row) == FIELDS, row["id"]
        assert row["kind"] in KINDS, row["id"]
        assert isinstance(row["question"], str) and row["question"].strip(), row["id"]
        assert row["speaker"] is None or (isinstance(row["speaker"], str) and row["speaker"])
        # Unanswerable questions, and only they, have no answers.
        assert (row["kind"] == "none") == (row["answers"] == []), row["id"]
        for answer in row["answers"]:
            assert set(answer) == {"article", "contains"}, row["id"]


def test_ids_are_unique_across_sets() -> None:
    ids = [row["id"] for name in SETS for row in _load(name)]
    assert [i for i, n in Counter(ids).items() if n > 1] == []


@pytest.mark.parametrize("name", SETS)
def test_counts(name: str) -> None:
    rows = _load(name)
    _, minimum, minimum_none = SETS[name]
    assert len(rows) >= minimum
    assert sum(row["kind"] == "none" for row in rows) >= minimum_none
    # Every kind of question is represented.
    assert {row["kind"] for row in rows} == KINDS


@pytest.mark.parametrize("name", ["ext", "ext-holdout", "ext-holdout2", "ext-holdout3"])
def test_ext_spreads_over_articles_and_sources(name: str) -> None:
    articles = {a["article"] for row in _load(name) for a in row["answers"]}
    assert len(articles) >= 25
    assert {key.split("-")[0] for key in articles} == {"ru", "ua"}


def test_holdout_questions_are_new() -> None:
    asked = {row["question"].lower() for name in ("seeds", "ext") for row in _load(name)}
    for name in ("seeds-holdout", "ext-holdout"):
        assert not [row["id"] for row in _load(name) if row["question"].lower() in asked]
    asked |= {
        row["question"].lower() for name in ("seeds-holdout", "ext-holdout") for row in _load(name)
    }
    for name in ("seeds-holdout2", "ext-holdout2"):
        assert not [row["id"] for row in _load(name) if row["question"].lower() in asked]
    asked |= {
        row["question"].lower()
        for name in ("seeds-holdout2", "ext-holdout2")
        for row in _load(name)
    }
    for name in ("seeds-holdout3", "ext-holdout3"):
        assert not [row["id"] for row in _load(name) if row["question"].lower() in asked]


@pytest.mark.parametrize("name", SETS)
def test_snippets_are_short_single_clauses(name: str) -> None:
    for row in _load(name):
        for answer in row["answers"]:
            snippet = answer["contains"]
            assert 5 <= len(snippet.split()) <= 25, (row["id"], snippet)
            assert "\n" not in snippet, row["id"]
            assert not any(b in snippet.lower() for b in BOILERPLATE), (row["id"], snippet)


@pytest.mark.parametrize("name", SETS)
def test_snippets_occur_verbatim(name: str, texts: dict[str, dict[str, str]]) -> None:
    corpus = texts[_corpus(name)]
    for row in _load(name):
        for answer in row["answers"]:
            assert answer["article"] in corpus, (row["id"], answer["article"])
            assert answer["contains"] in corpus[answer["article"]], (row["id"], answer["contains"])


@pytest.mark.parametrize("name", SETS)
def test_every_article_holding_a_snippet_is_listed(
    name: str, texts: dict[str, dict[str, str]]
) -> None:
    # If a snippet also occurs in an article the question does not list, retrieving that
    # article would be scored as a miss although it answers the question.
    corpus = texts[_corpus(name)]
    for row in _load(name):
        listed = {a["article"] for a in row["answers"]}
        for answer in row["answers"]:
            holders = {key for key, text in corpus.items() if answer["contains"] in text}
            assert holders <= listed, (row["id"], sorted(holders - listed))


@pytest.mark.parametrize("name", SETS)
def test_questions_are_not_copied_from_articles(
    name: str, texts: dict[str, dict[str, str]]
) -> None:
    lowered = [text.lower() for text in texts[_corpus(name)].values()]
    for row in _load(name):
        question = row["question"].lower().rstrip("?")
        if len(question.split()) >= 5:
            assert not any(question in text for text in lowered), row["id"]
