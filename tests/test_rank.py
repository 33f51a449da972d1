"""Fusion boosts and duplicate merging, on hand-made candidates (no model, no index)."""

from __future__ import annotations

from index.rank import Candidate, fuse, merge_duplicates
from index.search import PassageInfo, QuoteInfo


def passage(pid: int, article: int, start: int, end: int, text: str = "") -> PassageInfo:
    return PassageInfo(
        pid, article, f"a{article}", pid, start, end, text or f"passage {pid} " * 5,
        "Title", "Outlet", "", "2022-03-29", "https://example.org",
    )  # fmt: skip


def quote(qid: int, article: int, speaker: str, start: int, end: int) -> QuoteInfo:
    return QuoteInfo(qid, article, speaker, "we will never accept ultimatums", start, end, True)


def filler() -> Candidate:
    # A weak candidate: fusion scales each side over all candidates, as a real pool has.
    return Candidate(passage(99, 99, 0, 100), [], 0.2, 0.5)


def test_quoted_speaker_ranks_above_named_above_neither() -> None:
    # Same retrieval ranks for all three, so only the boosts separate them.
    quoted = Candidate(passage(1, 1, 0, 100), [quote(1, 1, "Vladimir Putin", 10, 50)], 0.5, 1.0)
    named = Candidate(passage(2, 2, 0, 100), [], 0.5, 1.0)
    neither = Candidate(passage(3, 3, 0, 100), [], 0.5, 1.0)
    ranked = fuse([neither, named, quoted], ["Vladimir Putin"], None, naming={2})
    assert [c.passage.id for c in ranked] == [1, 2, 3]


def test_only_the_asked_speakers_matching_quotation_is_boosted() -> None:
    # "what did putin say about the plant": Zelenskyy's quotation on the plant matches the
    # words best, but the passage where Putin speaks of it answers the question.
    other = Candidate(passage(1, 1, 0, 100), [quote(1, 1, "Volodymyr Zelenskyy", 10, 50)], 0.6, 3.0)
    asked = Candidate(passage(2, 2, 0, 100), [quote(2, 2, "Vladimir Putin", 10, 50)], 0.5, 2.0)
    matches = {1: 1.0, 2: 0.4}
    pool = [other, asked, filler()]
    assert [c.passage.id for c in fuse(pool, [], matches)][:2] == [1, 2]
    assert [c.passage.id for c in fuse(pool, ["Vladimir Putin"], matches)][:2] == [2, 1]


def test_a_passage_of_the_asked_date_moves_up() -> None:
    first = Candidate(passage(1, 1, 0, 100), [], 0.6, 3.0)
    second = Candidate(passage(2, 2, 0, 100), [], 0.5, 2.0)
    assert [c.passage.id for c in fuse([first, second, filler()], [])][:2] == [1, 2]
    assert [c.passage.id for c in fuse([first, second, filler()], [], dated={2})][:2] == [2, 1]


def test_a_keyword_side_that_missed_the_rare_words_gives_way() -> None:
    # "what did putin say ukraine getting the bomb would mean": no article says it that way, so
    # BM25's first holds only "putin" and "ukraine"; at that share of the words, meaning decides.
    keyword_first = Candidate(passage(1, 1, 0, 100), [], 0.45, 6.0)
    dense_first = Candidate(passage(2, 2, 0, 100), [], 0.60, 1.0)
    pool = [keyword_first, dense_first, filler()]
    assert fuse(pool, [], dense_weight=0.6)[0].passage.id == 1
    assert fuse(pool, [], dense_weight=0.6, keyword_share=0.4)[0].passage.id == 2


def test_a_passage_first_on_one_side_beats_two_middling_ones() -> None:
    # BM25's clear first with a weak cosine is not sunk by passages both sides find middling,
    # as it was under reciprocal rank fusion (a first place elsewhere counted only 1/21).
    keyword_first = Candidate(passage(1, 1, 0, 100), [], 0.30, 12.0)
    middling = [Candidate(passage(i, i, 0, 100), [], 0.5, 4.0) for i in range(2, 5)]
    best_dense = Candidate(passage(5, 5, 0, 100), [], 0.6, None)
    ranked = fuse([*middling, best_dense, keyword_first, filler()], [])
    assert ranked[0].passage.id == 1


def test_overlapping_passages_with_the_same_quotation_show_once() -> None:
    q = quote(7, 1, "Vladimir Putin", 80, 120)
    a = Candidate(passage(1, 1, 0, 130), [q], 0.6, 3.0)
    b = Candidate(passage(2, 1, 60, 190), [q], 0.5, 2.0)  # mostly the same text
    kept = merge_duplicates(fuse([a, b], []), {7: 0.8})
    assert [c.passage.id for c in kept] == [1]


def test_mostly_the_same_passage_of_one_article_shows_once_without_a_matching_quote() -> None:
    # "what did the kremlin spokesman say at the presser": no quotation matches the question's
    # words, and two overlapping passages of the Vox article had taken two of the five places.
    q = quote(7, 1, "Dmitry Peskov", 80, 120)
    a = Candidate(passage(1, 1, 0, 130), [q], 0.6, 3.0)
    b = Candidate(passage(2, 1, 50, 170), [q], 0.5, 2.0)  # 80 of its 120 characters shown
    c = Candidate(passage(3, 1, 400, 600), [], 0.4, 1.0)  # the same article, other text
    kept = merge_duplicates(fuse([a, b, c], []), {})
    assert [k.passage.id for k in kept] == [1, 3]


def test_a_passage_sharing_only_a_quotation_is_kept() -> None:
    # The second passage says much more than the quotation they share: dropping it would
    # lose its answer.
    q = quote(7, 1, "Vladimir Putin", 80, 120)
    a = Candidate(passage(1, 1, 0, 130), [q], 0.6, 3.0)
    b = Candidate(passage(2, 1, 100, 700), [q], 0.5, 2.0)
    kept = merge_duplicates(fuse([a, b], []), {7: 0.8})
    assert [c.passage.id for c in kept] == [1, 2]


def test_the_same_passage_in_two_outlets_is_shown_once_with_both() -> None:
    text = "Peskov said the Kremlin saw no progress in the talks with Kyiv this week at all."
    a = Candidate(passage(1, 1, 0, 80, text), [], 0.6, 3.0)
    b = Candidate(passage(2, 2, 0, 80, text), [], 0.5, 2.0)
    kept = merge_duplicates(fuse([a, b], []))
    assert [c.passage.id for c in kept] == [1]
    assert [c.article_id for c in kept[0].also_in] == ["a2"]


def test_who_questions_prefer_a_passage_naming_someone() -> None:
    lead = Candidate(passage(1, 1, 0, 100), [], 0.6, 3.0)  # "the delegations met …"
    names = Candidate(passage(2, 2, 0, 100), [], 0.55, 2.6)  # "… included Arakhamia, Reznikov"
    pool = [lead, names, filler()]
    assert [c.passage.id for c in fuse(pool, [])][:2] == [1, 2]
    assert [c.passage.id for c in fuse(pool, [], people={2})][:2] == [2, 1]


def test_the_models_dense_weight_decides_between_the_sides() -> None:
    # Best on meaning, middling on words, against the reverse: e5 (0.6) leans to meaning.
    meaning = Candidate(passage(1, 1, 0, 100), [], 0.9, 5.0)
    words = Candidate(passage(2, 2, 0, 100), [], 0.6, 10.0)

    def first(weight: float) -> int:
        pool = [meaning, words, filler()]
        return fuse(pool, [], dense_weight=weight)[0].passage.id

    # Scaled: meaning 1.0 on meaning, 0.5 on words; words 0.57 and 1.0.
    assert first(0.6) == 1
    assert first(0.4) == 2
