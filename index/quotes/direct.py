"""Direct quotations: which quoted spans are speech, and whose.

A quotation takes its speaker from, in order: the reported clause it sits in ("declared that
Zelensky “can come to Moscow”"); the cue that governs it in the parse; for a full quotation, the
nearest cue in its sentence(s) (`"...," he said. / said Putin: "..."`) or the previous sentence
ending in a colon; else the speaker of the previous quotation or cue in the same paragraph (a
quotation split around its cue, a quotation continued after "he added"). Short fragments with no
speaker in reach are scare quotes, and names in quotes ("Coalition of the Willing") are names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from index.quotes.events import Event
from index.quotes.marks import QuoteSpan, is_title_like, paragraphs
from index.quotes.resolve import Resolver, Speaker

_FRAGMENT_WORDS = 5
# How a quotation hangs on the cue that governs it: as what is said, not as a circumstance.
_CONTENT_DEPS = {"ccomp", "xcomp", "dobj", "oprd", "attr", "acomp", "parataxis", "prep", "conj"}
_NAMING_STEPS = 3
_MENTION = re.compile(
    r"\b(?:word|words|term|phrase|expression|slogan|label|so-called|dubbed|nicknamed|titled|"
    r"entitled|named)\s*[“\"«]?$",
    re.IGNORECASE,
)
_EMBED = re.compile(r"^\s*[—–-]\s*(?P<name>[^()\n]{2,80}?)\s*\(@\w+\)[^\n]*$", re.MULTILINE)
_URL_TAIL = re.compile(r"(\s*(?:pic\.twitter\.com/\S+|https?://\S+))+\s*$")


@dataclass
class Attributed:
    start: int
    end: int
    speaker: Speaker
    cue: str
    venue: str


def attribute_quotes(
    doc: Doc,
    spans: list[QuoteSpan],
    events: list[Event],
    resolver: Resolver,
    lowercase: bool,
) -> list[Attributed]:
    text = doc.text
    paras = paragraphs(text)
    out: list[Attributed] = []
    previous: dict[int, Attributed] = {}  # paragraph start -> last quotation attributed in it
    last_unclosed: Attributed | None = None
    for q in spans:
        quoted = text[q.start : q.end]
        para = next((p for p in paras if p[0] <= q.start < p[1]), (0, len(text)))
        if not lowercase and is_title_like(quoted):
            continue
        fragment = _is_fragment(quoted, lowercase)
        if fragment and _MENTION.search(text[max(para[0], q.start - 40) : q.start]):
            continue  # "the word “conspire”": a word mentioned, not words said
        event = _containing(q, events)
        if event is not None and fragment and _in_relative_clause(doc, q, event):
            continue
        governing = _governing(doc, q, events)
        if governing is not None and (event is None or _within(governing.at, event.content)):
            event = governing  # the inner speaker: "Putin insisted ... what Moscow calls “X”"
        if event is None and (not fragment or _closes_sentence(text[q.start : q.end + 1])):
            event = _nearest_in_frame(doc, q, events, para, spans)
        speaker, cue, venue = None, "", ""
        if event is not None:
            speaker, cue, venue = event.speaker, event.cue, event.venue
            if speaker is None and event.subjectless:
                speaker = resolver.last_person(q.start, para[0])
        elif not fragment and (lead := _colon_lead_in(doc, q, para, resolver)) is not None:
            speaker = lead
        elif not fragment:
            prior = _previous_in_paragraph(q, para, previous, events)
            if prior is None and last_unclosed is not None and q.start - last_unclosed.end < 400:
                prior = last_unclosed
            if prior is not None:
                speaker, cue, venue = prior.speaker, prior.cue, prior.venue
        if speaker is None:
            continue
        got = Attributed(q.start, q.end, speaker, cue, venue)
        out.append(got)
        previous[para[0]] = got
        last_unclosed = got if not q.closed else None
    return out


def _closes_sentence(quoted: str) -> bool:
    """ "Only full-fledged negotiations," he said: a short quotation ending as a clause does."""
    return quoted.rstrip().endswith((",", ".", "?", "!", "…"))


def _within(at: int, span: tuple[int, int] | None) -> bool:
    return span is not None and span[0] <= at < span[1]


def _is_fragment(quoted: str, lowercase: bool) -> bool:
    """Too short or too clause-less to stand as someone's words without a cue governing it."""
    words = len(re.findall(r"[\w’'-]+", quoted))
    if words < _FRAGMENT_WORDS:
        return True
    ends_sentence = quoted.rstrip().endswith((".", "?", "!", ",", "…"))
    starts_upper = quoted[:1].isupper() or lowercase
    return not (starts_upper or ends_sentence)


def _tokens(doc: Doc, start: int, end: int) -> Span | None:
    if start >= end:
        return None  # a sentence the parser began in the paragraph before: nothing between
    return doc.char_span(start, end, alignment_mode="expand")


def _containing(q: QuoteSpan, events: list[Event]) -> Event | None:
    inside = [
        e
        for e in events
        if e.content is not None
        and e.speaker is not None
        and e.content[0] <= q.start
        and q.end <= e.content[1] + 2
    ]
    return min(inside, key=lambda e: e.content[1] - e.content[0], default=None)  # type: ignore[index]


def _governing(doc: Doc, q: QuoteSpan, events: list[Event]) -> Event | None:
    """The cue whose parse subtree holds the quotation (nearest ancestor wins)."""
    span = _tokens(doc, q.start, q.end)
    if span is None:
        return None
    by_token = {e.cue_i: e for e in events}
    best: tuple[int, Event] | None = None
    for tok in span:
        path = [tok]
        for anc in tok.ancestors:
            if q.start <= anc.idx < q.end:
                path.append(anc)
                continue  # still inside the quotation
            ev = by_token.get(anc.i)
            if ev is None:
                path.append(anc)
                continue
            if ev.kind == "according" or (ev.kind == "naming" and not _names(path)):
                break
            if path[-1].dep_ not in _CONTENT_DEPS:
                break  # "Dismissing Trump's use of ..., Putin said ..."
            if anc.idx < q.start and any(c in "—–;" for c in doc.text[anc.idx : q.start]):
                break  # "what Putin said — it's why ... “serious” talks": another sentence
            if best is None or len(path) < best[0]:
                best = (len(path), ev)
            break
    return best[1] if best else None


def _names(path: list[Token]) -> bool:
    """The quotation is the name given: "rejected as “unacceptable”", "what Moscow calls “X”"."""
    if len(path) > _NAMING_STEPS:
        return False
    return path[-1].dep_ in ("oprd", "xcomp", "attr", "acomp") or any(
        t.lower_ == "as" for t in path
    )


def _in_relative_clause(doc: Doc, q: QuoteSpan, event: Event) -> bool:
    """A fragment in a relative clause inside reported speech ("the provinces Moscow “annexed”")
    is the writer's comment, not the speaker's word."""
    span = _tokens(doc, q.start, q.end)
    if span is None:
        return False
    for node in [span.root, *span.root.ancestors]:
        if node.i == event.cue_i:
            return False
        if node.head.i == event.cue_i:
            continue  # the reported clause itself ("Putin's claim that ...")
        if node.dep_ == "relcl" or (node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN")):
            return True
        if any(c.dep_ == "nsubj" and c.tag_ in ("WDT", "WP") for c in node.children):
            return True  # "..., which is code for a “demilitarized” regime", however parsed
    return False


def _frame(doc: Doc, q: QuoteSpan, para: tuple[int, int]) -> tuple[int, int]:
    first = _tokens(doc, q.start, min(q.start + 1, q.end))
    last = _tokens(doc, max(q.end - 1, q.start), q.end)
    lo = first.sent.start_char if first is not None else q.start
    hi = last.sent.end_char if last is not None else q.end
    # A quotation opening a sentence takes a cue from the sentence before when that one ends in a
    # colon ("He added: “...”").
    head = doc.text[max(para[0], lo - 3) : q.start].rstrip('“"« \n')
    if head.endswith(":") or doc.text[para[0] : q.start].strip(' “"«') == "":
        prev = _tokens(doc, max(para[0], lo - 2), lo)
        if prev is not None and doc.text[prev.sent.start_char : lo].rstrip(' “"«').endswith(":"):
            lo = prev.sent.start_char
    return max(lo, para[0]), min(hi, para[1])


def _nearest_in_frame(
    doc: Doc, q: QuoteSpan, events: list[Event], para: tuple[int, int], spans: list[QuoteSpan]
) -> Event | None:
    lo, hi = _frame(doc, q, para)
    best: tuple[int, Event] | None = None
    for ev in events:
        if ev.kind == "naming" or not (lo <= ev.at < hi):
            continue
        dist = q.start - ev.at if ev.at < q.start else ev.at - q.end
        if best is None or dist < best[0]:
            best = (dist, ev)
    if best is None:
        return None
    ev = best[1]
    a, b = (ev.at, q.start) if ev.at < q.start else (q.end, ev.at)
    return ev if _attribution_only(doc, a, b, ev, spans) else None


def _attribution_only(doc: Doc, a: int, b: int, ev: Event, spans: list[QuoteSpan]) -> bool:
    """Between a quotation and its cue there is only the speaker (`"...," Samuel Charap, a
    Russia expert, told ...`), not another clause (`"...," particularly where Russia threatened`)."""
    span = doc.char_span(a, b, alignment_mode="expand")
    if span is None:
        return True
    for tok in span:
        if tok.i == ev.cue_i or any(s.start <= tok.idx < s.end for s in spans):
            continue
        if tok.pos_ == "VERB" or tok.tag_ in ("WDT", "WP", "WRB") or tok.lower_ in _CLAUSE_WORDS:
            return False
    return True


_CLAUSE_WORDS = {"because", "although", "while", "if", "where", "when", "since", "as"}


CONTINUES_WITHIN = 600  # characters


def _colon_lead_in(
    doc: Doc, q: QuoteSpan, para: tuple[int, int], resolver: Resolver
) -> Speaker | None:
    """ "His foreign minister, Andrii Sybiha, went further: “…”", "A diplomat put it more
    bluntly: “…”": no speech verb, but a clause of the same paragraph that a colon ends hands
    the quotation to its subject."""
    before = doc.text[para[0] : q.start].rstrip(' “"«')
    if not before.endswith(":"):
        return None
    colon = _tokens(doc, para[0] + len(before) - 1, para[0] + len(before))
    if colon is None:
        return None
    tok = colon[-1]
    verb = next(
        (t for t in [tok.head, *tok.head.ancestors] if t.pos_ in ("VERB", "AUX") and t.i < tok.i),
        None,
    )
    if verb is None:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < tok.i), None)
    return resolver.speaker_for(subject) if subject is not None else None


def _previous_in_paragraph(
    q: QuoteSpan,
    para: tuple[int, int],
    previous: dict[int, Attributed],
    events: list[Event],
) -> Attributed | None:
    """The quotation or cue just before, in the same paragraph: a quotation that continues.
    Not one further back than CONTINUES_WITHIN: a speech printed as one paragraph quotes
    documents and proverbs thousands of characters after anyone else spoke."""
    prior = previous.get(para[0])
    if prior is not None and q.start - prior.end > CONTINUES_WITHIN:
        prior = None
    cue = max(
        (
            e
            for e in events
            if max(para[0], q.start - CONTINUES_WITHIN) <= e.at < q.start
            and e.speaker is not None
            and e.kind != "naming"
        ),
        key=lambda e: e.at,
        default=None,
    )
    if cue is not None and (prior is None or cue.at > prior.end):
        return Attributed(cue.at, cue.at, cue.speaker, cue.cue, cue.venue)  # type: ignore[arg-type]
    return prior


def embedded_posts(doc: Doc, resolver: Resolver) -> list[Attributed]:
    """Embedded tweets: a paragraph followed by a line "— Name (@handle) date"."""
    text = doc.text
    paras = paragraphs(text)
    out = []
    for m in _EMBED.finditer(text):
        before = [p for p in paras if p[1] <= m.start()]
        if not before:
            continue
        lo, hi = before[-1]
        body = _URL_TAIL.sub("", text[lo:hi]).rstrip()
        if len(body.split()) < 3:
            continue
        name = m.group("name").strip()
        span = _tokens(doc, m.start("name"), m.end("name"))
        is_person = span is not None and any(e.label_ == "PERSON" for e in span.ents)
        kind = "person" if is_person else "organisation"
        canonical = resolver.registry.canonical(name, kind=kind)
        out.append(Attributed(lo, lo + len(body), Speaker(canonical, kind), "posted", "a tweet"))
    return out
