"""Transcripts: `Vladimir Putin: ...`, `Question: ...`, inline in one paragraph or one per line.

The label is the attribution: each turn, up to the next label, a `* * *` break or the end of the
text, is the labelled speaker's speech. A label is a short run of capitalised words ending in a
colon, after a sentence end, that names a person (spaCy) or is a generic turn label ("Question").
Only a text with at least two labels, or one opening a section after a `* * *` break ("* * *
Speech at the meeting President of Russia Vladimir Putin: …", where the heading runs into the
label), is read as a transcript, so a headline such as "Adam Zivo: ..." does not turn an article
into one. Beyond that: a label that repeats its name reversed (the Kremlin's format) is one
however long; and once the text is a transcript, so are a title-led label closed by a name the
model missed, and a label already used that follows a sentence without its full stop.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz import process as fuzz_process
from spacy.tokens import Doc

from index.english import is_english_word
from index.quotes import cues
from index.quotes.people import clean_name, is_first_name, split_label_name

# Zero-width (a lookahead) so that a failed candidate never swallows the label after it:
# in "… but still… Vladimir Putin: As I said", the run from "Of course" to the colon is not
# a label, and "Vladimir Putin" must still be tried.
_LABEL = re.compile(
    r"(?:^|(?<=[.!?…>»”\"\])]\s)|(?<=\*\s))"  # after a sentence end, a break or a line start
    r"(?=(?P<label>[A-Z][^\n:.!?;…]{0,300}?)"
    r"(?P<colon>:)(?P<space>\s*)(?=[^\d\s]))",
    re.MULTILINE,
)
_CONNECTORS = {"of", "the", "and", "for", "de", "da", "von", "van", "der", "al", "bin", "on", "to"}
_BREAK = re.compile(r"\*\s*\*\s*\*")
_BREAK_BEFORE = re.compile(r"\*\s*\*\s*\*\s*\Z")
_CUT = re.compile(r"\s*<…>\s*$|\s*<\.\.\.>\s*$")


@dataclass(frozen=True)
class Turn:
    speaker: str  # name as the label gives it
    kind: str  # person | unnamed
    role: str  # what the label says besides the name ("President of Russia")
    start: int
    end: int
    label_start: int


# The Kremlin's labels repeat the name reversed with the title run on: "Deputy Chairman of the
# Security Council Dmitry Medvedev Medvedev DmitryDeputy Chairman of the … Federation :".
_DOUBLED = re.compile(r"\b([A-Z][\w'-]+) ([A-Z][\w'-]+) \2 \1")


def _label_words_ok(label: str) -> bool:
    words = re.sub(r"\([^)]*\)", " ", label).replace("–", " ").split()
    if not words or len(words) > 18:
        return False
    return all(w[0].isupper() or w.lower() in _CONNECTORS or w[0] in "(-" for w in words)


def _without_notes(label: str) -> str:
    """ "Kyriakos Mitsotakis(retranslated)" -> "Kyriakos Mitsotakis"."""
    return re.sub(r"\s+", " ", re.sub(r"\([^)]*\)", " ", label)).strip()


def _label_speaker(doc: Doc, start: int, end: int, label: str) -> tuple[str, str] | None:
    label = _without_notes(label)
    bare = label.lower()
    if bare in cues.QUESTION_LABELS:
        return cues.QUESTION_LABELS[bare], "unnamed"
    doubled = split_label_name(label)
    if doubled:
        return doubled, "person"
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None and _bare_name(label) and any(e.label_ == "PERSON" for e in span.ents):
        return label, "person"  # the whole label, even when the model tagged only the surname
    if span is None:
        return None
    people = [e for e in span.ents if e.label_ == "PERSON"]
    if not people:
        return None
    # The name closes the label ("President of Russia Vladimir Putin").
    name = clean_name(re.sub(r"\([^)]*\)", "", people[-1].text))
    if name and " " not in name and is_english_word(name.lower()) and not _surname_of(doc, name):
        return None  # "Verdict: False." closing a fact check is no one's turn
    return (name, "person") if name else None


def _surname_of(doc: Doc, word: str) -> bool:
    """Whether someone named in full in the text has this surname ("Rice:" after Condoleezza
    Rice)."""
    return any(e.label_ == "PERSON" and len(e) > 1 and e[-1].text == word for e in doc.ents)


def _label_role(label: str, name: str) -> str:
    first = name.split()[0] if name else ""
    cut = label.find(first) if first else -1
    role = label[:cut].strip(" –-,") if cut > 0 else ""
    return role if any(w.lower() in cues.ROLE_NOUNS for w in role.split()) else ""


def _capitals_name(doc: Doc, label: str) -> tuple[str, str] | None:
    """ "HALYNA BILOUS" -> "Halyna Bilous": two or three words in capitals, no title among them;
    or one word ("KULEBA", "OKSANA", "HOST") that the text says who it is."""
    words = _without_notes(label).split()
    if not 1 <= len(words) <= 3 or not all(w.isupper() and len(w) > 1 for w in words):
        return None
    if not all(part.isalpha() for w in words for part in w.split("-")):
        return None
    if len(words) == 1:
        return _one_word_label(doc, words[0])
    if any(w.lower() in cues.ROLE_NOUNS or w.lower() in cues.ORG_WORDS for w in words):
        return None
    return " ".join(w.title() for w in words), "person"


def _one_word_label(doc: Doc, word: str) -> tuple[str, str] | None:
    """A surname in capitals is the person named in full with it ("KULEBA:" after Dmytro
    Kuleba), a given name is that first name ("OKSANA:"), a host label the host introduced."""
    low = word.lower()
    if low in cues.HOST_LABELS:
        m = cues.HOST_INTRO.search(doc.text)
        return (m.group(1), "person") if m else (f"the {low}", "unnamed")
    full = Counter(
        e.text
        for e in doc.ents
        if e.label_ == "PERSON" and len(e) > 1 and e[-1].lower_ == low and _bare_name(e.text)
    )
    if full:
        return full.most_common(1)[0][0], "person"
    name = word.title()
    return (name, "person") if is_first_name(name) else None


def _bare_name(label: str) -> bool:
    """Two or three capitalised words and nothing else: "Veronika Ichyotkina"."""
    words = label.split()
    return 2 <= len(words) <= 3 and all(
        # Each part of a double name too ("Kassym-Jomart Tokayev").
        all(part[:1].isupper() and part[1:].islower() for part in w.split("-"))
        and w.lower() not in cues.ROLE_NOUNS
        for w in words
    )


def _named_tail(doc: Doc, start: int, colon: int, label: str) -> tuple[int, str]:
    """The shortest ending of a run of words that reads as a label naming a person, or ""."""
    words = [(start + w.start(), w.group()) for w in re.finditer(r"\S+", label)]
    for k in range(len(words) - 2, 0, -1):
        at, word = words[k]
        if not word[0].isupper():
            continue
        tail = doc.text[at:colon].strip()
        if not _label_words_ok(tail) or words[k - 1][1].lower() in _CONNECTORS:
            continue
        found = _label_speaker(doc, at, colon, tail)
        if found is not None and found[1] == "person":
            return at, tail
    return start, ""


def _unpunctuated(
    text: str, labels: list[tuple[int, int, str, str, str]], colons: set[int]
) -> list[tuple[int, int, str, str, str]]:
    """A person's label the transcript already used, found after a sentence that lost its full
    stop ("… Thank you Vladimir Putin: Regarding …"). Only known full names: a name and a colon
    mid-sentence is otherwise prose."""
    known = {label: (name, kind) for _, _, label, name, kind in labels if kind == "person"}
    found = []
    for label, (name, kind) in known.items():
        if len(label.split()) < 2:
            continue
        for m in re.finditer(rf"(?<=\s){re.escape(label)}(:)\s*(?=[^\d\s])", text):
            if m.start(1) not in colons:
                colons.add(m.start(1))
                found.append((m.start(), m.end(), label, name, kind))
    return found


# A run of one to four words and a colon after a sentence end, whatever its case: a candidate
# for a known label the source misspelt ("ladimir Putin:", "Vladimir Puttin:").
_LABEL_LIKE = re.compile(
    r"(?:^|(?<=[.!?…]\s))([^\s.!?…:]+(?: [^\s.!?…:]+){0,3})(:)\s*(?=[^\d\s])", re.MULTILINE
)
# Near-identical, not merely similar: "ladimir Putin" is 96 against "Vladimir Putin", while two
# different people of one family ("Anna Kovalenko", "Ivan Kovalenko") are below 80.
_MISSPELT_MIN_RATIO = 90


def _misspelt(
    text: str, labels: list[tuple[int, int, str, str, str]], colons: set[int]
) -> list[tuple[int, int, str, str, str]]:
    """A person's label the transcript already used, misspelt by the source: the turn is that
    speaker's, not the previous one's, whose speech would otherwise run on into it."""
    known = {label: (name, kind) for _, _, label, name, kind in labels if kind == "person"}
    known = {label: v for label, v in known.items() if len(label) >= 8 and len(label.split()) >= 2}
    if not known:
        return []
    found = []
    for m in _LABEL_LIKE.finditer(text):
        if m.start(2) in colons:
            continue
        candidate = m.group(1)
        best = fuzz_process.extractOne(
            candidate, list(known), scorer=fuzz.ratio, score_cutoff=_MISSPELT_MIN_RATIO
        )
        if best is None or len(candidate.split()) != len(best[0].split()):
            continue
        colons.add(m.start(2))
        name, kind = known[best[0]]
        found.append((m.start(1), m.end(), best[0], name, kind))
    return found


def find_turns(doc: Doc) -> list[Turn]:
    text = doc.text
    labels: list[tuple[int, int, str, str, str]] = []  # label start, speech start, label, name
    bare: list[tuple[int, int, str, str, str]] = []
    colons: set[int] = set()
    unread: list[tuple[int, int, str, int, int]] = []  # candidates no name was read in
    capitals: list[tuple[int, int, str, str, str]] = []
    capital_colons: set[int] = set()
    after_break = 0  # labels that open a section after a "* * *" break
    for m in _LABEL.finditer(text):
        label = m.group("label").strip()
        # Candidates overlap now: one colon makes one label, the first that reads as one.
        if m.start("colon") in colons:
            continue
        start = m.start("label")
        doubled = _DOUBLED.search(label)
        if doubled:
            # The name said twice is a label beyond doubt, however long its title.
            name = f"{doubled.group(1)} {doubled.group(2)}"
            labels.append((start, m.end("space"), label[: doubled.end(2)], name, "person"))
            colons.add(m.start("colon"))
            continue
        label_end = m.start("colon")
        sectioned = _BREAK_BEFORE.search(text, 0, start) is not None
        if sectioned and not _label_words_ok(label):
            # "* * * Speech at the meeting President of Russia Vladimir Putin: …": a section
            # heading runs into the label; the label is the part that names someone.
            start, label = _named_tail(doc, start, label_end, label)
        found = _label_speaker(doc, start, label_end, label) if _label_words_ok(label) else None
        if found is not None:
            labels.append((start, m.end("space"), label, found[0], found[1]))
            after_break += sectioned
        elif label and _label_words_ok(label) and _bare_name(_without_notes(label)):
            bare.append((start, m.end("space"), label, _without_notes(label), "person"))
        elif capitals_name := _capitals_name(doc, label):
            # Kept apart until the whole text says whether capitals are its labels.
            capitals.append((start, m.end("space"), label, *capitals_name))
            capital_colons.add(m.start("colon"))
            continue
        else:
            if label:
                unread.append((start, m.end("space"), label, label_end, m.start("colon")))
            continue
        colons.add(m.start("colon"))
    # Broadcast transcripts write labels in capitals ("HALYNA BILOUS:"), which the entity model
    # cannot read; two such names, one of them back for a second turn, make them labels, where
    # a lone "BREAKING NEWS:" does not.
    said_twice = Counter(name for *_, name, _kind in capitals)
    if len(said_twice) >= 2 and max(said_twice.values()) >= 2:
        labels += capitals
        colons |= capital_colons
    # Two labels make a transcript; so does one opening a section ("* * * Name: speech").
    if len(labels) < 2 and not after_break:
        return []
    # Once the text is a transcript, a bare name the entity model missed is a label too, and
    # so is a title the model read no name in, when a name closes it.
    for start, speech, label, label_end, colon in unread:
        name = _titled_name(doc, start, label_end, label) if colon not in colons else None
        if name is not None:
            bare.append((start, speech, label, name, "person"))
            colons.add(colon)
    labels = sorted(labels + bare)
    labels = sorted(labels + _unpunctuated(text, labels, colons))
    labels = sorted(labels + _misspelt(text, labels, colons))
    breaks = [b.start() for b in _BREAK.finditer(text)]
    turns = []
    for k, (lstart, sstart, _label, name, kind) in enumerate(labels):
        end = labels[k + 1][0] if k + 1 < len(labels) else len(text)
        end = min([b for b in breaks if sstart <= b < end] + [end])
        body = text[sstart:end]
        body = _CUT.sub("", body.rstrip())
        stop = sstart + len(body.rstrip())
        if stop > sstart:
            if kind == "unnamed":
                name, kind = _introduced(doc, sstart, stop) or (name, kind)
            turns.append(Turn(name, kind, _label_role(_label, name), sstart, stop, lstart))
    return turns


def _titled_name(doc: Doc, start: int, end: int, label: str) -> str | None:
    """The name closing a title-led label in a transcript: "Kommersant newspaper correspondent
    Andrei Kolesnikov", "President of the Republic of Tajikistan Emomali Rahmon", "President of
    Egypt Abdel Fattah el-Sisi". A person the model tagged at the end, else the last two
    name-shaped words after a title."""
    clean = _without_notes(label)
    words = clean.split()
    if not 3 <= len(words) <= 18 or not any(w.lower() in cues.ROLE_NOUNS for w in words[:-2]):
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None:
        people = [e for e in span.ents if e.label_ == "PERSON" and len(e) >= 2]
        if people and clean.endswith(people[-1].text):
            return people[-1].text
    tail = words[-2:]
    if all(_name_word(w) for w in tail) and words[-3].lower() not in _CONNECTORS:
        return " ".join(tail)
    return None


def _name_word(word: str) -> bool:
    """Capitalised, or a particle joined to a capitalised part ("el-Sisi"); not a title word."""
    last = word.split("-")[-1]
    return (
        (word.isalpha() or "-" in word)
        and last[:1].isupper()
        and word.lower() not in cues.ROLE_NOUNS
        and word.lower() not in (cues.ORG_WORDS)
    )


def _introduced(doc: Doc, start: int, end: int) -> tuple[str, str] | None:
    """A questioner who opens with their name: "Question: Ksenia Golovanova, Interfax news
    agency. I have a question …"."""
    head = doc.char_span(start, min(end, start + 80), alignment_mode="contract")
    if head is None:
        return None
    for ent in head.ents:
        if ent.label_ == "PERSON" and ent.start_char == start and len(ent) >= 2:
            after = doc.text[ent.end_char : ent.end_char + 1]
            if after == "," and _bare_name(ent.text):
                return ent.text, "person"
    return None


# Interviews as Russian and Ukrainian papers print them: every turn a paragraph opening with a
# dash, question and answer in turn, the one interviewed named in the headline or the lead.
_DASH_TURN = re.compile(r"(?m)^[—–] (?=\S)")
DASH_MIN_TURNS = 4
_INTERVIEWER = re.compile(
    r"\b(?i:interviewed by|interview by|questions by|asked by|spoke to|talked to)\s+"
    r"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,2})"
)


def dash_turns(doc: Doc, title: str = "") -> list[Turn]:
    """The turns of a dash-printed interview, or [] when the text is not one: a paragraph
    without a dash goes on with the turn before it."""
    text = doc.text
    starts = [m.start() for m in _DASH_TURN.finditer(text)]
    if len(starts) < DASH_MIN_TURNS:
        return []
    intro = text[: starts[0]]
    answerer = _interviewee(doc, title, starts[0])
    if answerer is None:
        return []
    found = _INTERVIEWER.search(intro)
    asker = (found.group(1), "person") if found else ("the interviewer", "unnamed")
    # The first turn is the question unless it reads as an answer; then they alternate.
    first_asks = text[starts[0] : (starts[1:] or [len(text)])[0]].rstrip().endswith("?")
    turns = []
    for k, at in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(text)
        body_start = at + 2
        stop = body_start + len(text[body_start:end].rstrip())
        asks = (k % 2 == 0) == first_asks
        name, kind = asker if asks else (answerer, "person")
        if stop > body_start:
            turns.append(Turn(name, kind, "", body_start, stop, at))
    return turns


def _interviewee(doc: Doc, title: str, first_turn: int) -> str | None:
    """Whom the interview is with: the name a headline opens with ("Larysa Hnatiuk: …"), else
    the first person the lead names."""
    head = title.split(":", 1)[0].strip() if ":" in title else ""
    if head and _bare_name(head):
        return head
    lead = doc.char_span(0, first_turn, alignment_mode="contract")
    people = [e for e in (lead.ents if lead is not None else []) if e.label_ == "PERSON"]
    full = [e.text for e in people if len(e) >= 2 and _bare_name(e.text)]
    return full[0] if full else None
