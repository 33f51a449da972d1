"""The speech event: a cue, its speaker and the words it reports, with the helpers that turn
parse tokens into spans, cue texts and venues."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from index.quotes import cues
from index.quotes.resolve import Speaker

_MAX_VENUE_WORDS = 12
_NOT_VENUES = {"DATE", "TIME", "GPE", "NORP", "PERSON", "EVENT"}
_VENUE_PREPS = {"in", "at", "during", "on", "to", "for", "via", "through"}
TELL_LIKE = {"tell", "inform", "assure", "write"}


@dataclass
class Event:
    cue_i: int  # token index of the cue word
    at: int  # character offset of the cue
    kind: str  # verb | noun | according | naming
    speaker: Speaker | None
    cue: str
    venue: str = ""
    content: tuple[int, int] | None = None  # characters of the reported words
    subjectless: bool = False  # "..., told CNN." with the subject left out


def clause_span(doc: Doc, toks: list[Token]) -> tuple[int, int] | None:
    toks = sorted(toks, key=lambda t: t.i)
    while toks and (toks[0].is_punct or toks[0].lower_ in ("that", ",", "whether")):
        if toks[0].lower_ == "whether":
            break
        toks = toks[1:]
    while toks and (
        (toks[-1].is_punct and toks[-1].text not in '”"?!') or toks[-1].pos_ == "CCONJ"
    ):
        toks = toks[:-1]
    if len(toks) < 3:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def cue_text(tok: Token) -> str:
    parts = [tok]
    parts += [c for c in tok.children if c.dep_ == "prt"]
    if tok.lemma_.lower() in TELL_LIKE:
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "dative")), None)
        if obj is not None:
            parts += list(obj.subtree)
    parts.sort(key=lambda t: t.i)
    return tok.doc[parts[0].i : parts[-1].i + 1].text


def venue_of(tok: Token) -> str:
    if tok.lemma_.lower() in TELL_LIKE:
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "dative")), None)
        if obj is not None and (obj.ent_type_ in ("ORG", "PERSON") or obj.pos_ == "PROPN"):
            return tok.doc[obj.left_edge.i : obj.right_edge.i + 1].text
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.lower_ not in _VENUE_PREPS:
            continue
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        if prep.lower_ == "on" and pobj.pos_ == "PROPN" and pobj.ent_type_ not in _NOT_VENUES:
            return pobj.text  # "wrote on Telegram", "said on X"
        if pobj.lemma_.lower() not in cues.VENUE_NOUNS:
            continue
        span = tok.doc[pobj.left_edge.i : pobj.right_edge.i + 1]
        if len(span) <= _MAX_VENUE_WORDS:
            return span.text
        return tok.doc[pobj.left_edge.i : pobj.i + 1].text
    return ""
