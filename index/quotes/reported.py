"""Speech events: a cue (verb, noun or "according to"), its speaker and, for reported speech, the
words reported ("X said (that) ...", "according to X, ...", "X's position is that ...").

Events also serve the direct quotations: a quotation takes the speaker of the cue that governs it
or stands next to it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from index.quotes import cues
from index.quotes.events import TELL_LIKE, Event, clause_span, cue_text, venue_of
from index.quotes.nominal import according_event, drop_outer_according, noun_event
from index.quotes.resolve import Resolver

_DEMONSTRATIVE = {"this", "that"}


def find_events(doc: Doc, resolver: Resolver, inside: list[tuple[int, int]]) -> list[Event]:
    """Every speech cue outside quotations and transcript turns, in text order."""
    quoted = _tokens_inside(doc, inside)
    events: list[Event] = []
    for tok in doc:
        if tok.i in quoted:
            continue
        event = _event_at(tok, resolver, quoted)
        if event is None:
            continue
        if event.content is not None:
            event.content = _within_paragraph(doc.text, event.at, event.content)
        # Speech reported inside someone's reported speech ("Marchuk said Kyiv had proposed
        # …") is the outer speaker's account: its subject does not become the last speaker
        # a following "he said" refers to.
        nested = any(e.content and e.content[0] <= event.at < e.content[1] for e in events)
        if event.speaker is not None and not nested:
            resolver.note_speaker(event.at, event.speaker)
        events.append(event)
    return drop_outer_according(events, doc)


def _event_at(tok: Token, resolver: Resolver, quoted: set[int]) -> Event | None:
    low, lemma = tok.lower_, tok.lemma_.lower()
    if low == "according" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to":
        return according_event(tok, resolver)
    if tok.pos_ == "VERB" and tok.dep_ not in ("amod", "compound"):
        if lemma in cues.SPEECH_VERBS and not _blocked(tok):
            if lemma == "point" and not any(c.dep_ == "prt" for c in tok.children):
                return None
            if lemma == "say" and _hearsay(tok):
                return None
            if (
                lemma == "ask"
                and (tok.tag_ == "VBN" or tok.dep_ == "advcl")
                and _own_subject(tok) is None
            ):
                # "Asked whether a deal was near, Koval said …": the question is the
                # reporter's, not the words of the one who answers. Sentence-initial
                # "Asked" is often tagged as a past tense: its clause says what it is.
                return None
            return _verb(tok, resolver, "verb", quoted)
        if lemma == "read" and any(
            c.dep_ == "nsubj" and c.lemma_.lower() in cues.WRITINGS for c in tok.children
        ):
            return _verb(tok, resolver, "verb", quoted)  # "“…,” the statement read"
        if lemma in cues.NAMING_VERBS and not _blocked(tok):
            subj, _ = _subject(tok, quoted)
            if subj is not None and subj.tag_ in ("NNS", "NNPS"):
                return None  # "diplomats like to call it “sequencing”": a term, not words said
            return _verb(tok, resolver, "naming", quoted)
        if lemma in cues.EXPRESS_VERBS:
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            if obj is not None and obj.lemma_.lower() in cues.EXPRESSED:
                return _verb(tok, resolver, "verb", quoted, content_from=obj)
    if tok.pos_ == "NOUN" and lemma in cues.SPEECH_NOUNS:
        return noun_event(tok, resolver)
    return None


def _hearsay(tok: Token) -> bool:
    """ "material said to come from the office", "he is said to have told …": words no one is
    quoted as saying (an inner "told … that" reports its own)."""
    return not any(c.dep_ == "ccomp" for c in tok.children) and any(
        c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
        for c in tok.children
    )


def _tokens_inside(doc: Doc, regions: list[tuple[int, int]]) -> set[int]:
    out: set[int] = set()
    for a, b in regions:
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is not None:
            out.update(range(span.start, span.end))
    return out


def _within_paragraph(text: str, at: int, span: tuple[int, int]) -> tuple[int, int] | None:
    """Clip reported words to the cue's paragraph (the parser's sentences can cross lines)."""
    lo = text.rfind("\n", 0, at) + 1
    hi = text.find("\n", at)
    hi = len(text) if hi < 0 else hi
    start, end = max(span[0], lo), min(span[1], hi)
    while start < end and not (text[start].isalnum() or text[start] in '“"«'):
        start += 1
    while end > start and text[end - 1] in " ,;:—–-":
        end -= 1
    return (start, end) if len(text[start:end].split()) >= 3 else None


def _blocked(tok: Token) -> bool:
    """Negated ("has not indicated that") or hypothetical ("critics can ask") cues report nothing."""
    for c in tok.children:
        if c.dep_ == "neg":
            return True
        if c.dep_ == "aux" and c.lower_ in cues.MODALS_HYPOTHETICAL:
            return True
    # "He declined to say whether …", "refused to comment on …": a refusal says nothing.
    return tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _REFUSALS


_REFUSALS = {"decline", "refuse"}


def _verb(
    tok: Token,
    resolver: Resolver,
    kind: str,
    quoted: set[int],
    content_from: Token | None = None,
) -> Event:
    subj, owner = _subject(tok, quoted)
    speaker = resolver.speaker_for(subj) if subj is not None else None
    citing = _citing(tok)
    if citing is not None and (speaker is None or speaker.kind != "person"):
        # "Reuters reported, citing two sources familiar with the talks, that …": the outlet
        # relays; the sources are who said it. A person citing reports still speaks.
        cited = next((c for c in citing.children if c.dep_ == "dobj"), None)
        if cited is not None and _names_sources(cited):
            speaker = resolver.speaker_for(cited) or speaker
    content = _content(content_from or tok, kind, quoted)
    if content is not None and citing is not None:
        content = _without(tok.doc, content, citing)
    pointer = next((c for c in tok.children if c.dep_ in ("nsubjpass", "dobj")), None)
    if (
        content is None
        and pointer is not None
        and pointer.lower_ in _DEMONSTRATIVE
        and tok.lemma_.lower() in cues.POINTING_CUES
    ):
        content = _previous_sentence(tok)  # "This was stated by X ...", "X said this"
    event = Event(
        cue_i=tok.i,
        at=tok.idx,
        kind=kind,
        speaker=speaker,
        cue=cue_text(tok),
        venue=venue_of(owner or tok),
        content=content,
        # A passive cue whose subject was not the speaker ("the corridor had been agreed on")
        # reports no one's words; it does not fall back on the last person named.
        subjectless=subj is None
        and tok.dep_ == "ROOT"
        and not any(c.dep_ == "nsubjpass" for c in tok.children),
    )
    return event


def _citing(tok: Token) -> Token | None:
    """The "citing …" phrase of a cue's sentence, which says where the words came from."""
    return next(
        (t for t in tok.sent if t.lemma_.lower() == "cite" and t.tag_ == "VBG" and t.i != tok.i),
        None,
    )


def _names_sources(tok: Token) -> bool:
    """ "two sources familiar with …", "three European officials", "people familiar with …"."""
    low = tok.lower_
    if tok.tag_ != "NNS":
        return False
    if low == "people":
        return any(c.lower_ == "familiar" for c in tok.children)
    return tok.lemma_.lower() in cues.PLURAL_SOURCES


def _without(doc: Doc, span: tuple[int, int], phrase: Token) -> tuple[int, int] | None:
    """The reported words without a "citing …" phrase at either end of them."""
    toks = [
        t
        for t in doc.char_span(*span, alignment_mode="expand") or []
        if t.i not in {x.i for x in phrase.subtree}
    ]
    return clause_span(doc, toks) if toks else None


def _subject(tok: Token, quoted: set[int]) -> tuple[Token | None, Token | None]:
    """The subject of a cue and the verb it belongs to, climbing from "adding", "stating" etc."""
    own = _own_subject(tok)
    if own is not None:
        return own, tok
    if any(c.dep_ == "nsubjpass" for c in tok.children):
        return None, None  # passive: its subject is the thing said, and no one above says it
    if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
        noun = tok.head
        if noun.lemma_.lower() in cues.WRITINGS and noun.dep_ == "dobj":
            # "he published an essay arguing that ...": the author of the essay argues.
            subj = _own_subject(noun.head)
            if subj is not None:
                return subj, noun.head
        return noun, tok  # "a Ukrainian official stating ..."
    fallback: tuple[Token | None, Token | None] = (None, None)
    for anc in tok.ancestors:
        if anc.dep_ in ("relcl",) and anc.head.pos_ in ("NOUN", "PROPN"):
            break
        quoted_one = next((c for c in anc.children if c.dep_ == "dobj"), None)
        if anc.lemma_.lower() == "quote" and quoted_one is not None:
            return quoted_one, anc  # "Bild quoted Hardt as saying": Hardt's words, not Bild's
        subj = _own_subject(anc)
        if subj is None:
            continue
        if anc.lemma_.lower() in cues.SPEECH_VERBS:
            return subj, anc
        if fallback[0] is None and subj.i < tok.i:
            fallback = (subj, anc)
    if fallback[0] is None:
        # "Putin has framed ..., while simultaneously insisting that ...", parsed loosely: the
        # cue shares the subject of the clause before it.
        for left in reversed(list(tok.sent[: tok.i - tok.sent.start])):
            if left.i in quoted:
                break
            if left.dep_ == "nsubj" and left.head.i < tok.i:
                return left, left.head
    if fallback[0] is None and tok.i > 0 and tok.nbor(-1).pos_ == "PROPN":
        prev = tok.nbor(-1)
        of = prev.head
        if prev.dep_ == "pobj" and of.lower_ == "of" and of.head.lower_ in cues.ROLE_NOUNS:
            return of.head, tok  # "…, the President of Russia noted that": the title, not Russia
        return prev, tok  # "... Sergey Lavrov stated that": the name the parser misplaced
    return fallback


def _own_subject(tok: Token) -> Token | None:
    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
    if agent is not None:
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if pobj is not None:
            return pobj
    subjects = [c for c in tok.children if c.dep_ in ("nsubj", "expl")]
    # A passive cue's subject is what was said or done ("Poland was admitted", "the deal was
    # announced"), unless the words are its own: "X was quoted as saying", "X is said to …".
    if tok.lemma_.lower() in ("quote", "cite") or any(c.dep_ == "xcomp" for c in tok.children):
        subjects += [c for c in tok.children if c.dep_ == "nsubjpass"]
    # "Russia has, at times, branded ...": the parser may hang the subject on the auxiliary.
    subjects += [
        g for c in tok.children if c.dep_ == "aux" for g in c.children if g.dep_ == "nsubj"
    ]
    if not subjects:
        # "“…,” recalled one negotiator": after a quotation, the parser may take the inverted
        # subject for an object.
        before = tok.doc[tok.i - 1] if tok.i > 0 else None
        # Not "“…,” told CNN": whom one tells is no subject.
        if (
            before is not None
            and before.text in "”\"’'"  # right after the closing mark
            and tok.lemma_.lower() not in TELL_LIKE
        ):
            subjects = [
                c
                for c in tok.children
                if c.dep_ == "dobj"
                and c.i - tok.i <= 4
                and (
                    c.pos_ == "PROPN"
                    or c.lower_ in cues.ROLE_NOUNS
                    or c.lower_ in cues.SOURCE_NOUNS
                )
            ]
    # Two subjects happen when a heading line runs into the sentence: the nearer one is real.
    return min(subjects, key=lambda c: abs(c.i - tok.i), default=None)


def _content(tok: Token, kind: str, quoted: set[int]) -> tuple[int, int] | None:
    if kind == "naming":
        return None
    if any(c.dep_ == "dobj" and c.tag_ in ("WP", "WDT") for c in tok.children):
        return None  # "what Putin said" names the words, it does not report them
    doc = tok.doc
    clauses = [
        c
        for c in tok.children
        if c.dep_ in ("ccomp", "acl") and c.pos_ in ("VERB", "AUX") and _reports(c, quoted)
    ]
    # What follows the cue is what it reports; a clause before it only when nothing follows.
    after = [
        c
        for c in clauses
        if c.i > tok.i and not any(t.text in "—–;" for t in doc[tok.i : c.left_edge.i])
    ]
    clause = after[0] if after else (clauses[-1] if clauses else None)
    if clause is None and tok.lemma_.lower() in cues.XCOMP_CUES:
        clause = next(
            (c for c in tok.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None
        )
    if clause is not None:
        # A second cue joined to the clause ("... and announced he ...") reports its own words.
        own = {
            t.i
            for c in clause.subtree
            if c.dep_ == "conj"
            and c.i != clause.i
            and (c.lemma_.lower() in cues.SPEECH_VERBS or c.lemma_.lower() in cues.EXPRESS_VERBS)
            for t in c.subtree
        }
        toks = [t for t in clause.subtree if t.i not in own]
    elif _parenthetical(tok):
        if _relays_a_speaker(tok):
            return None
        # "The lack of movement, Jensen said, is a good indicator ...": the content is the
        # sentence the cue interrupts.
        own = {t.i for t in tok.subtree}
        toks = [t for t in tok.head.subtree if t.i not in own]
    elif (start := _that_clause_start(tok)) is not None:
        # The parser lost the clause ("stressed that the negotiations needed to …" read as
        # "negotiations" the object), but "that" as a complementiser still opens it: the
        # rest of the sentence is what was said.
        toks = [t for t in doc[start : tok.sent.end] if t.i not in quoted]
    else:
        return None
    return clause_span(doc, toks)


def _relays_a_speaker(tok: Token) -> bool:
    """ "As Reuters reported, Peskov said that …": the sentence is Peskov's words, which the
    outlet relays; its own cue reports them."""
    head = tok.head
    return (
        tok.dep_ == "advcl"
        and head.lemma_.lower() in cues.SPEECH_VERBS
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)
    )


def _that_clause_start(tok: Token) -> int | None:
    doc = tok.doc
    nxt = tok.i + 1
    if nxt + 1 < tok.sent.end and doc[nxt].lower_ == "that" and doc[nxt].dep_ == "mark":
        return nxt + 1
    # "told reporters in Ankara the same day that he had …": after the cue's object and
    # adjuncts (no verb among them), the parser made the clause a relative one of "day".
    for j in range(nxt, min(tok.sent.end - 2, tok.i + 12)):
        t = doc[j]
        if t.pos_ in ("VERB", "AUX") or t.text in ',;:—–“”"':
            return None
        if t.lower_ == "that" and t.dep_ in ("mark", "advmod"):
            after = doc[j + 1]
            opens = after.pos_ in ("PRON", "PROPN", "DET", "NOUN") and after.ent_type_ not in (
                "DATE",
                "TIME",
            )
            return (
                j + 1
                if opens and any(x.pos_ in ("VERB", "AUX") for x in doc[j + 1 : tok.sent.end])
                else None
            )
    return None


def _reports(clause: Token, quoted: set[int]) -> bool:
    """Whether a clause says something beyond a quotation: "that Zelensky “can come to Moscow”"
    does (its subject is outside the marks); `said: "They organised ...," and left` does not."""
    if sum(1 for t in clause.subtree if t.i not in quoted and not t.is_punct) < 2:
        return False
    if clause.i not in quoted:
        return True
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.i not in quoted for c in clause.children)


def _parenthetical(tok: Token) -> bool:
    """ "The lack of movement, Jensen said, is ...", "..., the Journal reported.", "as X noted,"."""
    if any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in tok.children):
        return False
    if tok.dep_ == "advcl":
        # "as Podoliak noted, ..." but not "as highlighted in assessments" (no one speaks)
        return any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children) and any(
            c.dep_ == "nsubj" for c in tok.children
        )
    if tok.dep_ == "conj" and tok.head.i < tok.i:
        # "Ukraine and Russia have agreed …, Türkiye's foreign ministry said": the parser may
        # join the cue to the clause it reports, with no "and" between them.
        between = tok.doc[tok.head.i + 1 : tok.i]
        if any(t.dep_ == "cc" and t.head.i == tok.head.i for t in between):
            return False
        # Only a cue with a subject of its own after a comma: "…, the ministry said".
        subj = next((c for c in tok.children if c.dep_ == "nsubj" and c.i < tok.i), None)
        if subj is None or subj.left_edge.i == 0 or tok.doc[subj.left_edge.i - 1].text != ",":
            return False
    elif tok.dep_ not in ("parataxis", "ccomp") or (tok.dep_ == "ccomp" and tok.i < tok.head.i):
        return False
    words = [t.i for t in tok.subtree if not t.is_punct]
    left, after = min(words), max(words) + 1
    before = tok.doc[left - 1].text if left > tok.sent.start else ""
    following = tok.doc[after].text if after < tok.sent.end else ""
    return before in (",", "—", "–") or (following in (".", "") and before != "")


def _previous_sentence(tok: Token) -> tuple[int, int] | None:
    sent = tok.sent
    if sent.start == 0:
        return None
    prev = tok.doc[sent.start - 1].sent
    if "\n" in tok.doc.text[prev.end_char : sent.start_char]:
        return None  # not in the same paragraph
    if any(_frames_a_clause(t) for t in prev):
        # "X notes that …. The Head of State said this …": the sentence reports itself, and
        # "this" adds nothing but a second, longer copy with the frame inside.
        return None
    return clause_span(tok.doc, list(prev))


def _frames_a_clause(t: Token) -> bool:
    return t.lemma_.lower() in cues.SPEECH_VERBS and any(c.dep_ == "ccomp" for c in t.children)
