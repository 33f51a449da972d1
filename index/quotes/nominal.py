"""Speech events without a speech verb: "Putin's claim that ...", "X's position is that ...",
"according to X, ..." (and "according to a tweet from X", where the tweet is the medium)."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from index.quotes import cues
from index.quotes.events import Event, clause_span
from index.quotes.resolve import Resolver


def noun_event(tok: Token, resolver: Resolver) -> Event | None:
    """ "Putin's claim that ...", "his comments that ...", "X's position is that ..."."""
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if poss is None:
        return None
    speaker = resolver.speaker_for(poss)
    clause = next((c for c in tok.children if c.dep_ in ("acl", "ccomp") and _has_that(c)), None)
    if clause is None and tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
        clause = next(
            (c for c in tok.head.children if c.dep_ in ("ccomp", "attr") and _has_that(c)), None
        )
    if clause is None:
        return None  # "Macron's message had changed" reports nothing
    # "his comments that Russia “should not be humiliated” during the search process": the
    # modifiers of the noun after the clause belong to what was said.
    tail = [t for c in tok.rights if c.i > clause.i and c.dep_ == "prep" for t in c.subtree]
    content = clause_span(tok.doc, [*clause.subtree, *tail])
    if content is None:
        return None
    return Event(tok.i, tok.idx, "noun", speaker, tok.text, "", content)


def _has_that(tok: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children)


def according_event(tok: Token, resolver: Resolver) -> Event | None:
    to = tok.nbor(1)
    pobj = next((c for c in to.children if c.dep_ in ("pobj", "pcomp")), None)
    if pobj is None:
        return None
    venue = ""
    source: Token | None = pobj
    if pobj.lemma_.lower() in cues.REPORT_NOUNS or pobj.lower_ in cues.REPORT_NOUNS:
        venue = tok.doc[pobj.left_edge.i : pobj.i + 1].text
        source = _source_in(pobj)
    speaker = resolver.speaker_for(source) if source is not None else None
    head = tok.head if tok.head.pos_ in ("VERB", "AUX") else tok.sent.root
    own = {t.i for t in tok.subtree}
    rest = [t for t in head.subtree if t.i not in own]
    before = [t for t in rest if t.i < tok.i]
    after = [t for t in rest if t.i > tok.i]
    # The clause the source vouches for is the one holding the main verb.
    block = before if head.i < tok.i else after
    content = clause_span(tok.doc, block)
    if content is not None and head.i > tok.i:
        # "According to the head of the delegation, First Deputy Prime Minister … Yulia
        # Svyrydenko, during the meetings …": the name after the comma is the source.
        named = resolver.titled_person_at(content[0])
        if named is not None:
            speaker, content = named[0], (named[1], content[1])
    return Event(tok.i, tok.idx, "according", speaker, "according to", venue, content)


def _source_in(noun: Token) -> Token | None:
    """The source inside "reporting from CNBC", "a tweet from the German mission", "statements by X"."""
    for t in noun.subtree:
        if t.i == noun.i:
            continue
        if t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") and t.dep_ in (
            "pobj",
            "compound",
            "poss",
        ):
            return t if t.dep_ != "compound" else t.head
        if (
            t.dep_ == "pobj"
            and t.head.lower_ in ("from", "by", "of")
            and (t.lemma_.lower() in cues.SOURCE_NOUNS)
        ):
            return t
    return None


def drop_outer_according(events: list[Event], doc: Doc) -> list[Event]:
    """ "Putin has indicated that ..., according to CNBC": the one speaking is Putin; CNBC only
    reports it, so the "according to" event yields no reported speech of its own."""
    out = []
    for ev in events:
        if ev.kind == "according" and ev.content is not None:
            a, b = ev.content
            inner = [
                o
                for o in events
                if o is not ev
                and o.kind in ("verb", "noun", "naming")
                and o.speaker is not None
                # "According to X, Kyiv had replied to the memorandum": a speech verb that
                # reports no words of its own leaves the clause X's.
                and o.content is not None
                and a <= o.at < b
            ]
            if inner:
                ev.content = None
        out.append(ev)
    return out
