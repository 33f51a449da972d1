"""FAISS against a brute-force numpy search (inner product over normalised vectors)."""

from __future__ import annotations

import numpy as np
import pytest

from index.vectors import ANN_FILE, FLAT_FILE, VectorIndex

DIM = 48


def _unit(rng: np.random.Generator, n: int, dim: int = DIM) -> np.ndarray:
    v = rng.standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _brute_force(
    ids: np.ndarray, vectors: np.ndarray, queries: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    scores = queries.astype(np.float64) @ vectors.astype(np.float64).T
    order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(scores, order, axis=1), ids[order]


def _assert_same(index: VectorIndex, ids, vectors, queries, k: int, exact: bool = True) -> None:
    got_scores, got_ids = index.search(queries, k, exact=exact)
    want_scores, want_ids = _brute_force(ids, vectors, queries, k)
    assert got_ids.shape == want_ids.shape == (len(queries), k)
    np.testing.assert_allclose(got_scores, want_scores, atol=1e-5)
    # Ids must match exactly except where two scores tie (then either order is right).
    for row in range(len(queries)):
        for col in range(k):
            if got_ids[row, col] != want_ids[row, col]:
                tied = abs(want_scores[row, col] - np.delete(want_scores[row], col)).min() < 1e-5
                assert tied, (row, col, got_ids[row], want_ids[row])


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20240906)


def test_search_equals_brute_force(rng):
    vectors = _unit(rng, 2000)
    # Row ids like SQLite's: positive, with gaps, not in insertion order.
    ids = rng.permutation(np.arange(1, 6001, 3, dtype=np.int64))[:2000]
    index = VectorIndex(DIM)
    index.add(ids, vectors)
    assert index.count == 2000
    _assert_same(index, ids, vectors, _unit(rng, 50), k=10)


def test_search_after_removals_equals_brute_force(rng):
    vectors = _unit(rng, 1500)
    ids = np.arange(10, 1510, dtype=np.int64)
    index = VectorIndex(DIM)
    index.add(ids[:700], vectors[:700])
    index.add(ids[700:], vectors[700:])
    gone = rng.choice(ids, size=400, replace=False)
    assert index.remove(gone) == 400
    assert index.remove([]) == 0
    keep = ~np.isin(ids, gone)
    assert index.count == int(keep.sum())
    queries = _unit(rng, 40)
    _assert_same(index, ids[keep], vectors[keep], queries, k=25)
    _, found = index.search(queries, 25)
    assert not np.isin(found, gone).any()


def test_k_larger_than_count_and_empty_index(rng):
    vectors = _unit(rng, 3)
    ids = np.array([7, 8, 9], dtype=np.int64)
    index = VectorIndex(DIM)
    _, empty = index.search(_unit(rng, 1), 5)
    assert (empty == -1).all()
    index.add(ids, vectors)
    _, found = index.search(_unit(rng, 2), 10)
    assert found.shape == (2, 3)
    assert set(found[0]) == {7, 8, 9}


def test_hnsw_recall_at_10(rng):
    vectors = _unit(rng, 5000)
    ids = np.arange(1, 5001, dtype=np.int64)
    index = VectorIndex(DIM)
    index.add(ids, vectors)
    index.build_ann()
    assert index.ann is not None
    queries = _unit(rng, 200)
    _, approx = index.search(queries, 10)
    _, exact = index.search(queries, 10, exact=True)
    _, truth = _brute_force(ids, vectors, queries, 10)
    assert (exact == truth).mean() > 0.99
    recall = np.mean([len(set(a) & set(t)) / 10 for a, t in zip(approx, truth, strict=True)])
    assert recall >= 0.95, recall


def test_save_load_round_trip(tmp_path, rng):
    vectors = _unit(rng, 300)
    ids = np.arange(100, 400, dtype=np.int64)
    index = VectorIndex(DIM)
    index.add(ids, vectors)
    index.remove(ids[:50])
    queries = _unit(rng, 20)
    before = index.search(queries, 10)

    index.save(tmp_path, hnsw_threshold=10_000)
    assert (tmp_path / FLAT_FILE).exists() and not (tmp_path / ANN_FILE).exists()
    loaded = VectorIndex.load(tmp_path, DIM)
    assert loaded.count == 250 and loaded.dim == DIM and loaded.ann is None
    after = loaded.search(queries, 10)
    np.testing.assert_array_equal(before[1], after[1])
    np.testing.assert_allclose(before[0], after[0], atol=1e-6)
    _assert_same(loaded, ids[50:], vectors[50:], queries, k=10)


def test_save_past_threshold_writes_hnsw_and_drops_it_below(tmp_path, rng):
    vectors = _unit(rng, 400)
    ids = np.arange(1, 401, dtype=np.int64)
    index = VectorIndex(DIM)
    index.add(ids, vectors)
    index.save(tmp_path, hnsw_threshold=100)
    assert (tmp_path / ANN_FILE).exists()
    loaded = VectorIndex.load(tmp_path, DIM)
    assert loaded.ann is not None
    queries = _unit(rng, 20)
    _, approx = loaded.search(queries, 5)
    _, truth = _brute_force(ids, vectors, queries, 5)
    assert np.mean([len(set(a) & set(t)) / 5 for a, t in zip(approx, truth, strict=True)]) >= 0.95
    # Removing vectors makes the HNSW copy stale: the search goes back to exact.
    loaded.remove(ids[:350])
    _assert_same(loaded, ids[350:], vectors[350:], queries, k=5, exact=False)
    loaded.save(tmp_path, hnsw_threshold=100)
    assert not (tmp_path / ANN_FILE).exists()


def test_load_missing_folder_is_empty(tmp_path):
    index = VectorIndex.load(tmp_path, 12)
    assert index.count == 0 and index.dim == 12


def test_hnsw_search_breadth_grows_with_the_index() -> None:
    from index.vectors import HNSW_EF_SEARCH, HNSW_EF_SEARCH_MAX, ef_search

    assert ef_search(50_000) == ef_search(100_000) == HNSW_EF_SEARCH
    assert HNSW_EF_SEARCH < ef_search(1_000_000) <= HNSW_EF_SEARCH_MAX
    assert ef_search(100_000_000) == HNSW_EF_SEARCH_MAX


def test_similarity_of_stored_vectors_to_a_query() -> None:
    # The off-topic test needs the cosine of passages only the keyword side found.
    index = VectorIndex(3)
    index.add(np.array([7, 9]), np.array([[1, 0, 0], [0.6, 0.8, 0]], dtype=np.float32))
    query = np.array([[0.6, 0.8, 0]], dtype=np.float32)
    assert index.similarity(query, [9, 7]) == pytest.approx([1.0, 0.6])
    assert index.similarity(query, []) == []
