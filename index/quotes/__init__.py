"""Who said what: every quotation of an article, attributed to its speaker.

    extract_quotes(text, doc=None, registry=None, title="", source="") -> list[Quote]

Modules, in the order the extraction runs them:
    marks       pair quotation marks into quoted spans (nesting, straight quotes, open ends)
    transcript  labelled turns (`Vladimir Putin: ...`, `Question: ...`), dash-printed interviews
    people      names of people (spaCy PERSON entities, repaired) and the roles beside them
    resolve     subject phrases to speakers: names, surnames, titles, pronouns, organisations
    reported    speech verbs and reported speech (`X said (that) ...`)
    nominal     cues without a verb (`according to X, ...`, `X's position is that ...`)
    events      the speech event record and its span, cue and venue helpers
    direct      which quoted spans are speech and whose; embedded posts
    speech      an article that is one person's address: the rest of its sentences are theirs
    cues        the word lists of the cue structures (the only hand-written part)
"""

from __future__ import annotations

import logging
import re

from spacy.tokens import Doc

from index.models import Quote
from index.quotes.direct import Attributed, attribute_quotes, embedded_posts
from index.quotes.events import Event
from index.quotes.marks import QuoteSpan, find_quote_spans
from index.quotes.reported import find_events
from index.quotes.resolve import Resolver, Speaker
from index.quotes.speech import speech_chunks, speech_speaker
from index.quotes.transcript import dash_turns, find_turns
from index.speakers import SpeakerRegistry

__all__ = ["extract_quotes"]

log = logging.getLogger(__name__)

# Reported speech that wraps a quotation is kept as a quotation of its own only when it says
# more than the quoted words: at least this many words outside the quotation marks.
MIN_WORDS_OUTSIDE_QUOTES = 4
_WORD = re.compile(r"\w+(?:[.’'-]\w+)*")


def extract_quotes(
    text: str,
    doc: Doc | None = None,
    registry: SpeakerRegistry | None = None,
    title: str = "",
    source: str = "",
) -> list[Quote]:
    """Direct quotations, reported speech and transcript turns of `text`, in text order; and,
    when the `title` announces one person's address, the rest of its words as theirs (an
    office's address is the office of the `source`, when the outlet is one)."""
    if doc is None:
        from index.nlp import load_nlp

        doc = load_nlp()(text)
    if doc.text != text:
        raise ValueError("doc was parsed from another text")
    registry = registry if registry is not None else SpeakerRegistry()
    lowercase = _is_lowercase(text)

    turns = [] if lowercase else find_turns(doc) or dash_turns(doc, title)
    turn_spans = [(t.label_start, t.end) for t in turns]
    spans = [s for s in find_quote_spans(text) if not _inside(s.start, s.end, turn_spans)]
    quote_spans = [(s.start, s.end) for s in spans]

    resolver = Resolver(doc, registry, quote_spans + turn_spans)
    posts = embedded_posts(doc, resolver)
    post_spans = [(p.start, p.end) for p in posts]
    spans = [s for s in spans if not _inside(s.start, s.end, post_spans)]
    events = find_events(doc, resolver, quote_spans + turn_spans + post_spans)
    direct = attribute_quotes(doc, spans, events, resolver, lowercase) + posts

    quotes = [_turn_quote(text, t, registry) for t in turns]
    quotes += [_direct_quote(text, a, registry) for a in direct]
    quotes += _reported(text, events, spans, registry, direct)
    if title.strip() and not turns:
        quotes += _speech(text, doc, title.strip(), quotes, registry, source)
    quotes.sort(key=lambda q: (q.start, not q.direct))
    log.debug("%d quotations (%d turns, %d direct)", len(quotes), len(turns), len(direct))
    return quotes


def _is_lowercase(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) < 0.005 * len(letters)


def _inside(start: int, end: int, regions: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in regions)


def _turn_quote(text: str, turn, registry: SpeakerRegistry) -> Quote:  # type: ignore[no-untyped-def]
    name = registry.canonical(turn.speaker, role=turn.role, kind=turn.kind)
    return Quote(name, text[turn.start : turn.end], turn.start, turn.end, True, turn.role, "", "")


def _direct_quote(text: str, a: Attributed, registry: SpeakerRegistry) -> Quote:
    sp = a.speaker
    name = registry.canonical(sp.name, role=sp.role, kind=sp.kind)
    return Quote(name, text[a.start : a.end], a.start, a.end, True, sp.role, a.cue, a.venue)


def _reported(
    text: str,
    events: list[Event],
    spans: list[QuoteSpan],
    registry: SpeakerRegistry,
    direct: list[Attributed],
) -> list[Quote]:
    out: list[Quote] = []
    seen: set[tuple[int, int]] = set()
    for ev in events:
        if ev.content is None or ev.speaker is None or ev.kind == "naming":
            continue
        start, end = ev.content
        if (start, end) in seen or any(a.start <= start and end <= a.end for a in direct):
            continue
        quoting = any(s.start < end and start < s.end for s in spans)
        if quoting and _outside_words(text, start, end, spans) < MIN_WORDS_OUTSIDE_QUOTES:
            continue  # the quotation itself says it all
        seen.add((start, end))
        sp: Speaker = ev.speaker
        name = registry.canonical(sp.name, role=sp.role, kind=sp.kind)
        out.append(Quote(name, text[start:end], start, end, False, sp.role, ev.cue, ev.venue))
    return out


def _speech(
    text: str,
    doc: Doc,
    title: str,
    found: list[Quote],
    registry: SpeakerRegistry,
    source: str = "",
) -> list[Quote]:
    if speech_speaker(title, source=source) is None:  # cheap: most titles announce no speech
        return []
    from index.nlp import load_nlp

    sp = speech_speaker(title, load_nlp(), source)
    if sp is None:
        return []
    holder = registry.holder(sp.name) if sp.kind == "unnamed" else None
    if holder is not None:  # "the President of Ukraine" is someone the registry knows
        name = registry.canonical(holder, role=sp.name[4:], kind="person")
    else:
        name = registry.canonical(sp.name, role=sp.role, kind=sp.kind)
    taken = [(q.start, q.end) for q in found]
    return [
        Quote(name, text[s:e], s, e, True, sp.role, "address", "")
        for s, e in speech_chunks(doc, taken)
    ]


def _outside_words(text: str, start: int, end: int, spans: list[QuoteSpan]) -> int:
    chars = list(text[start:end])
    for s in spans:
        for i in range(max(s.start, start), min(s.end, end)):
            chars[i - start] = " "
    return len(_WORD.findall("".join(chars)))
