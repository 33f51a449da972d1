"""Passages: whole sentences, overlapping, quotations kept whole, offsets exact."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from index.clean import clean_text
from index.ingest import read_file
from index.models import Passage
from index.nlp import load_nlp
from index.split import HARD_MAX_WORDS, MAX_WORDS, MIN_WORDS, split_passages

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
EXT = ROOT / "corpus" / "ext" / "articles.jsonl"
SENTENCE_END = '.!?…"”’)»:'


def _split(text: str) -> list[Passage]:
    return split_passages(text, load_nlp()(text))


def _words(text: str) -> int:
    return len(text.split())


def _quotations(text: str) -> list[tuple[int, int]]:
    """Spans of “…” quotations inside one paragraph (independent of index.split's own scan)."""
    spans = []
    for para in re.finditer(r"[^\n]+", text):
        for m in re.finditer(r"“[^“”]*”", para.group()):
            spans.append((para.start() + m.start(), para.start() + m.end()))
    return spans


def _check_passages(text: str, passages: list[Passage]) -> None:
    """The properties every split must have, whatever the text."""
    assert passages, "no passages"
    assert [p.position for p in passages] == list(range(len(passages)))
    covered = [False] * len(text)
    for p in passages:
        # Offsets are exact: a citation shows text[start:end].
        assert text[p.start : p.end] == p.text
        assert p.text == p.text.strip()
        # Whole sentences: a boundary sits at a word boundary after sentence punctuation or a
        # line end, never inside a word or a sentence.
        assert p.start == 0 or text[p.start - 1].isspace(), text[p.start - 30 : p.start + 30]
        assert p.end == len(text) or text[p.end].isspace(), text[p.end - 30 : p.end + 30]
        ends_line = p.end == len(text) or text[p.end] == "\n"
        assert ends_line or p.text[-1] in SENTENCE_END, repr(p.text[-60:])
        for i in range(p.start, p.end):
            covered[i] = True
    # Nothing is lost between passages.
    lost = [i for i, c in enumerate(covered) if not c and not text[i].isspace()]
    assert not lost, repr(text[lost[0] : lost[0] + 80])
    # Passages advance through the text.
    for a, b in itertools.pairwise(passages):
        assert a.start < b.start and a.end < b.end


def _seed_texts() -> list[str]:
    texts = []
    for path in SEEDS:
        (article,) = read_file(path)
        texts.append(clean_text(article.text, article.title))
    return texts


@pytest.fixture(scope="module")
def seeds_split() -> list[tuple[str, list[Passage]]]:
    return [(text, _split(text)) for text in _seed_texts()]


@pytest.fixture(scope="module")
def long_statement() -> tuple[str, list[Passage]]:
    """The longest one-paragraph statement of corpus-ext below 20k characters."""
    rows = [json.loads(line) for line in EXT.read_text("utf-8").splitlines() if line.strip()]
    flat = [r for r in rows if "\n" not in r["text"].strip() and len(r["text"]) < 20_000]
    row = max(flat, key=lambda r: len(r["text"]))
    assert len(row["text"]) > 10_000
    text = clean_text(row["text"], row["title"])
    return text, _split(text)


def test_seed_passages_are_whole_sentences_with_exact_offsets(seeds_split):
    assert len(seeds_split) == 5
    for text, passages in seeds_split:
        _check_passages(text, passages)


def test_seed_passages_are_mostly_40_to_150_words(seeds_split):
    counts = [_words(p.text) for _, passages in seeds_split for p in passages]
    typical = [n for n in counts if MIN_WORDS <= n <= MAX_WORDS]
    assert len(typical) >= 0.9 * len(counts), counts
    assert max(counts) <= HARD_MAX_WORDS


def test_consecutive_passages_overlap_by_whole_sentences(seeds_split):
    pairs = overlapping = 0
    for text, passages in seeds_split:
        for a, b in itertools.pairwise(passages):
            pairs += 1
            if b.start < a.end:
                overlapping += 1
                # The shared part is whole sentences at the end of the first passage.
                shared = text[b.start : a.end]
                assert a.text.endswith(shared)
                assert _words(shared) < _words(a.text)
    assert pairs and overlapping >= 0.9 * pairs


def test_seed_quotations_are_never_cut(seeds_split):
    checked = 0
    for text, passages in seeds_split:
        for q_start, q_end in _quotations(text):
            checked += 1
            for p in passages:
                assert not q_start < p.start < q_end, text[q_start:q_end]
                assert not q_start < p.end < q_end, text[q_start:q_end]
    assert checked > 20


def _filler(n: int, topic: str) -> str:
    return " ".join(
        f"The {topic} delegation met again on day {i} and reviewed the draft line by line."
        for i in range(n)
    )


def test_multi_sentence_quotation_is_kept_whole():
    # Nine filler sentences (~135 words) put the quotation right where a passage would end.
    quotation = (
        "“We are ready to talk. We have always been ready. The documents initialed in "
        "Istanbul are the basis. Nobody in Kyiv wants to remember them. That is the truth.”"
    )
    text = _filler(9, "Russian") + f" The president said: {quotation} " + _filler(12, "Ukrainian")
    passages = _split(text)
    _check_passages(text, passages)
    q_start = text.index(quotation)
    q_end = q_start + len(quotation)
    for p in passages:
        assert not q_start < p.start < q_end
        assert not q_start < p.end < q_end
    assert any(quotation in p.text for p in passages)


def test_paragraph_breaks_end_sentences():
    # Lines without final punctuation (headings, list items): spaCy may join them into one
    # sentence, but a line break still ends a unit, so passages begin and end with lines.
    lines = [
        f"Point {i} of the draft concerns the corridor near village number {i}" for i in range(40)
    ]
    text = "\n\n".join(lines)
    passages = _split(text)
    _check_passages(text, passages)
    line_starts = {m.start() for m in re.finditer(r"^", text, re.M)}
    line_ends = {m.end() for m in re.finditer(r"$", text, re.M)}
    assert len(passages) > 3
    for p in passages:
        assert p.start in line_starts
        assert p.end in line_ends
        assert _words(p.text) <= MAX_WORDS


def test_long_one_paragraph_statement_still_splits(long_statement):
    text, passages = long_statement
    _check_passages(text, passages)
    assert len(passages) >= _words(text) / MAX_WORDS
    counts = [_words(p.text) for p in passages]
    assert sum(MIN_WORDS <= n <= MAX_WORDS for n in counts) >= 0.9 * len(counts)


def test_short_and_empty_texts():
    assert _split("") == []
    assert _split("   \n\n  ") == []
    text = "Talks resume on Monday. Both sides confirmed it."
    (only,) = _split(text)
    assert (only.start, only.end, only.text) == (0, len(text), text)
