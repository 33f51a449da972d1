"""Cleaned text -> passages of a few whole sentences, overlapping, never cutting a quotation.

Sentence boundaries come from spaCy's parser (the same `Doc` the quote extractor reads);
a quotation that spaCy splits into several sentences is glued back into one unit first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc

from .models import Passage

MIN_WORDS = 40
TARGET_WORDS = 110
MAX_WORDS = 150
# A unit (sentence or whole quotation) longer than this is cut at sentence ends after all:
# a passage nobody can read in one glance helps no-one.
HARD_MAX_WORDS = 320

_OPEN_CLOSE = {"“": "”", "«": "»", "„": "“"}
_PARAGRAPH = re.compile(r"\n\s*\n")


def _quote_regions(text: str) -> list[tuple[int, int]]:
    """Character spans between matching quotation marks, per paragraph."""
    regions: list[tuple[int, int]] = []
    para_start = 0
    for para_end in [m.start() for m in _PARAGRAPH.finditer(text)] + [len(text)]:
        para = text[para_start:para_end]
        open_at: int | None = None
        closer = ""
        for i, ch in enumerate(para):
            if open_at is None:
                if ch in _OPEN_CLOSE:
                    open_at, closer = i, _OPEN_CLOSE[ch]
                elif ch == '"':
                    open_at, closer = i, '"'
            elif ch == closer:
                regions.append((para_start + open_at, para_start + i + 1))
                open_at = None
        para_start = para_end
    return regions


def _sentences(text: str, doc: Doc) -> list[tuple[int, int]]:
    """Sentence spans (stripped), also broken at paragraph and line breaks."""
    spans: list[tuple[int, int]] = []
    for sent in doc.sents:
        start = sent.start_char
        for piece in re.split(r"(\n+)", text[sent.start_char : sent.end_char]):
            if piece and not piece.startswith("\n") and piece.strip():
                lead = len(piece) - len(piece.lstrip())
                s, e = start + lead, start + len(piece.rstrip())
                spans.append((s, e))
            start += len(piece)
    return spans


def _units(sentences: list[tuple[int, int]], regions: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Group sentence indices so that no quotation region crosses a group boundary."""
    glue_after: set[int] = set()  # sentence i must stay with sentence i+1
    starts = [s for s, _ in sentences]
    for q_start, q_end in regions:
        for i in range(len(sentences) - 1):
            # boundary between i and i+1 lies inside the quotation
            if q_start < starts[i + 1] < q_end:
                glue_after.add(i)
    units: list[list[int]] = []
    current: list[int] = []
    for i in range(len(sentences)):
        current.append(i)
        if i not in glue_after:
            units.append(current)
            current = []
    if current:
        units.append(current)
    return units


def _words(text: str) -> int:
    return len(text.split())


def split_passages(text: str, doc: Doc) -> list[Passage]:
    """Split a cleaned article into overlapping passages of whole sentences."""
    sentences = _sentences(text, doc)
    if not sentences:
        return []
    groups = _units(sentences, _quote_regions(text))
    # A unit (start, end, words); oversized units fall back to their own sentences.
    units: list[tuple[int, int, int]] = []
    for group in groups:
        s, e = sentences[group[0]][0], sentences[group[-1]][1]
        if _words(text[s:e]) > HARD_MAX_WORDS and len(group) > 1:
            units.extend((a, b, _words(text[a:b])) for a, b in (sentences[i] for i in group))
        else:
            units.append((s, e, _words(text[s:e])))

    passages: list[Passage] = []
    i = 0
    while i < len(units):
        j, words = i, 0
        while j < len(units) and (words < MIN_WORDS or words + units[j][2] <= TARGET_WORDS):
            if words and words + units[j][2] > MAX_WORDS:
                break
            words += units[j][2]
            j += 1
        start, end = units[i][0], units[j - 1][1]
        passages.append(Passage(len(passages), start, end, text[start:end]))
        if j >= len(units):
            break
        # Overlap: the next passage repeats the last unit, unless that would not advance.
        i = j - 1 if j - 1 > i else j
    return _merge_short_tail(passages, text)


def _merge_short_tail(passages: list[Passage], text: str) -> list[Passage]:
    """A last passage shorter than MIN_WORDS joins its predecessor when that stays readable."""
    if len(passages) >= 2:
        last, prev = passages[-1], passages[-2]
        if _words(last.text) < MIN_WORDS and _words(text[prev.start : last.end]) <= MAX_WORDS:
            passages[-2:] = [
                Passage(prev.position, prev.start, last.end, text[prev.start : last.end])
            ]
    return passages
