"""Who a subject phrase refers to: named people, organisations, titles, pronouns, unnamed sources.

People are the PERSON entities of the spaCy model, with the role the text gives them next to their
name (a title before it, an apposition after it). A surname, a title ("the Russian leader") or a
pronoun resolves to the nearest compatible person mentioned before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token

from index.quotes import cues
from index.speakers import SpeakerRegistry, same_person

_ROLE_ADPS = {"of", "to", "for", "at", "with", "on", "in"}
_ORG_LABELS = {"ORG", "GPE", "NORP", "FAC"}
_NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "LOC"}
_APPOS_RE = re.compile(r",\s+((?:(?:a|an|the)\s+|[A-Z])[^,;:()]{3,140}?)\s*(?:,|\.|;|$)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


@dataclass(frozen=True)
class Speaker:
    name: str
    kind: str  # person | organisation | unnamed
    role: str = ""


@dataclass
class Mention:
    start: int  # character offsets of the name
    end: int
    root: int  # token index of the name's head
    name: str  # canonical
    role: str
    subject: bool


def clean_name(text: str) -> str:
    text = re.sub(r"[’']s$", "", text.strip())
    text = re.sub(r"\s+", " ", text).strip(' ,.;:-–—"“”')
    if text.islower():
        text = " ".join(w[:1].upper() + w[1:] for w in text.split())
    return text


def role_words(text: str) -> set[str]:
    low = text.lower()
    for phrase, word in cues.ROLE_PHRASES.items():
        low = low.replace(phrase, word)
    return {w for w in re.findall(r"[a-z]+", low) if w not in _STOP}



_STOP = {"the", "a", "an", "of", "to", "for", "and", "in", "at", "with", "s", "his", "her", "its"}


def _words_match(title_word: str, have: set[str]) -> bool:
    if title_word in have or cues.ROLE_FITS.get(title_word, frozenset()) & have:
        return True
    # Russian ~ Russia, Ukrainian ~ Ukraine, German ~ Germany.
    return len(title_word) >= 5 and any(
        len(w) >= 5 and w[:5] == title_word[:5] and abs(len(w) - len(title_word)) <= 3 for w in have
    )


class Resolver:
    """Mentions of one document and the resolution of subjects to speakers."""

    def __init__(self, doc: Doc, registry: SpeakerRegistry, excluded: list[tuple[int, int]]):
        self.doc = doc
        self.text = doc.text
        self.registry = registry
        self._excluded = excluded
        self.mentions: list[Mention] = []
        self._by_token: dict[int, Mention] = {}
        self.roles: dict[str, list[str]] = {}
        self._speakers: list[tuple[int, Speaker]] = []  # (char position, speaker) as attributed
        self._build()

    # -- mentions ---------------------------------------------------------------------------
    def _inside_excluded(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in self._excluded)

    def _build(self) -> None:
        people = [
            e
            for e in _name_spans(_split_lines(list(self.doc.ents))) + self._titled_names()
            if e.label_ == "PERSON"
            and not self._inside_excluded(e.start_char, e.end_char)
            and _name_like(e.text)
        ]
        local: list[str] = []  # canonical names of this document, fullest first
        names = sorted({clean_name(e.text) for e in people}, key=lambda n: -len(n.split()))
        mapping: dict[str, str] = {}
        for raw in names:
            if not raw:
                continue
            # The closest spelling wins: "Zelenska" is Olena Zelenska, not Volodymyr Zelensky.
            match = max(
                (c for c in local if same_person(raw, c)),
                key=lambda c: fuzz.ratio(raw.split()[-1].lower(), c.split()[-1].lower()),
                default=None,
            )
            mapping[raw] = match or self.registry.canonical(raw, kind="person")
            if match is None:
                local.append(mapping[raw])
        for ent in people:
            raw = clean_name(ent.text)
            if raw not in mapping:
                continue
            name = mapping[raw]
            role = self._role_of(ent)
            if role:
                self.roles.setdefault(name, [])
                if role not in self.roles[name]:
                    self.roles[name].append(role)
                self.registry.canonical(name, role=role, kind="person")
            m = Mention(
                ent.start_char,
                ent.end_char,
                ent.root.i,
                name,
                role,
                ent.root.dep_ in ("nsubj", "nsubjpass"),
            )
            self.mentions.append(m)
            for t in ent:
                self._by_token[t.i] = m
        self._surname_mentions(mapping)
        self.mentions.sort(key=lambda m: m.start)

    def _surname_mentions(self, names: dict[str, str]) -> None:
        """Later bare surnames the entity model missed (often in lowercase text)."""
        surnames = {
            raw.split()[-1].lower(): name
            for raw, name in names.items()
            if len(raw.split()) > 1 and len(raw.split()[-1]) >= 4
        }
        for tok in self.doc:
            name = surnames.get(tok.lower_)
            if name is None or tok.i in self._by_token or tok.ent_type_ in ("ORG", "GPE"):
                continue
            if tok.pos_ in ("ADP", "DET", "AUX", "CCONJ", "PUNCT"):
                continue
            if self._inside_excluded(tok.idx, tok.idx + len(tok.text)):
                continue
            subject = tok.dep_ in ("nsubj", "nsubjpass")
            m = Mention(tok.idx, tok.idx + len(tok.text), tok.i, name, "", subject)
            self.mentions.append(m)
            self._by_token[tok.i] = m

    def _titled_names(self) -> list[Span]:
        """Names the entity model missed or mislabelled but a title announces: "Defense Minister
        Rustem Umerov", "President of Ukraine Volodymyr Zelenskyy" (tagged ORG)."""
        doc = self.doc
        out = []
        i = 0
        while i < len(doc):
            tok = doc[i]
            if not (tok.lower_ in cues.ROLE_NOUNS and tok.text[:1].isupper()):
                i += 1
                continue
            j = i + 1
            while j < len(doc) and j - i <= _ROLE_SPAN and _in_role_phrase(doc[j]):
                j += 1
            while j > i + 1 and not _name_word(doc[j - 1]):
                j -= 1  # "... Volodymyr Zelenskyy at" ends at the name
            # The name closes the phrase: its last two capitalised words (a longer name still
            # matches its owner by surname).
            k = j - 2
            if (
                k > i
                and _name_word(doc[k])
                and _name_word(doc[k + 1])
                and (_not_an_organisation(doc[k:j]))
            ):
                if not any(t.ent_type_ == "PERSON" for t in doc[k:j]):
                    out.append(Span(doc, k, j, label="PERSON"))
            i = max(j, i + 1)
        return out

    def _role_of(self, ent: Span) -> str:
        return self._prefix_role(ent) or self._appos_role(ent)

    def _prefix_role(self, ent: Span) -> str:
        doc = self.doc
        j = ent.start - 1
        lo = max(ent.sent.start, ent.start - 12)
        # The entity model may have put the title inside the name ("President of Ukraine ...").
        own = next((e.start for e in doc.ents if e.start <= ent.start < e.end), ent.start)
        while j >= lo:
            t = doc[j]
            if (t.ent_type_ == "PERSON" and j < own) or t.ent_type_ in ("DATE", "TIME", "CARDINAL"):
                break
            ok = (_in_role_phrase(t) and (t.lower_ not in ("the", "and") or j > lo)) or (
                t.text in "-–" and j > lo
            )
            if not ok:
                break
            j -= 1
        toks = list(doc[j + 1 : ent.start])
        lowercase = self.text.islower()
        while toks and (
            toks[0].pos_ in ("ADP", "DET", "PART", "CCONJ")
            or toks[0].tag_ == "POS"
            # "a cabinet reshuffle President Volodymyr Zelensky": the title starts at "President"
            or (
                toks[0].pos_ == "NOUN"
                and toks[0].text.islower()
                and toks[0].lower_ not in cues.ROLE_NOUNS
                and not lowercase
            )
        ):
            toks = toks[1:]
        if not toks or not any(t.lower_ in cues.ROLE_NOUNS for t in toks):
            return ""
        return doc[toks[0].i : ent.start].text.strip(" -–")

    def _appos_role(self, ent: Span) -> str:
        found = [r for r in (self._parsed_appos(ent), self._written_appos(ent)) if r]
        # The parser often cuts an apposition short ("Adviser" of "Adviser to the Head of ...").
        return max(found, key=len, default="")

    def _written_appos(self, ent: Span) -> str:
        m = _APPOS_RE.match(self.text, ent.end_char)
        if m and any(w in cues.ROLE_NOUNS for w in role_words(m.group(1))):
            return m.group(1).strip()
        return ""

    def _parsed_appos(self, ent: Span) -> str:
        for child in ent.root.children:
            if child.dep_ == "appos" and child.i > ent.end - 1:
                toks = [t for t in child.subtree if t.i >= child.i or t.dep_ != "punct"]
                stop = next(
                    (t.i for t in toks if t.dep_ in ("relcl", "acl") and t.i > child.i), None
                )
                toks = [t for t in toks if stop is None or t.i < stop]
                text = self.doc[toks[0].i : toks[-1].i + 1].text.strip(" ,;")
                if any(w in cues.ROLE_NOUNS for w in role_words(text)):
                    return text
        return ""

    def person_at(self, tok: Token) -> Mention | None:
        return self._by_token.get(tok.i)

    def role_for(self, name: str, mention: Mention | None = None) -> str:
        if mention is not None and mention.role:
            return mention.role
        roles = self.roles.get(name)
        return roles[0] if roles else ""

    # -- attribution memory -------------------------------------------------------------------
    def note_speaker(self, at: int, speaker: Speaker) -> None:
        self._speakers.append((at, speaker))

    def last_person(self, at: int, paragraph_start: int | None = None) -> Speaker | None:
        """The most recent person speaker or person subject before `at`."""
        spoke = [(p, s) for p, s in self._speakers if p < at and s.kind == "person"]
        last = max(spoke, key=lambda x: x[0], default=None)
        subj = [m for m in self.mentions if m.end <= at and m.subject]
        near = max(subj, key=lambda m: m.start, default=None)
        best: Speaker | None = None
        pos = -1
        if last is not None:
            best, pos = last[1], last[0]
        if near is not None and near.start > pos:
            best = Speaker(near.name, "person", self.role_for(near.name, near))
            pos = near.start
        if best is None:
            before = [m for m in self.mentions if m.end <= at]
            if before:
                m = before[-1]
                best, pos = Speaker(m.name, "person", self.role_for(m.name, m)), m.start
        if best is not None and paragraph_start is not None and pos < paragraph_start - 2000:
            return None
        return best

    # -- subjects -------------------------------------------------------------------------------
    def speaker_for(self, tok: Token) -> Speaker | None:
        """The speaker named by the subject phrase headed by `tok`, or None."""
        low = tok.lower_
        if low == "who" and tok.head.dep_ == "relcl":
            return self.speaker_for(tok.head.head)
        if low in ("he", "she", "him", "his", "her"):
            return self.last_person(tok.idx)
        person = self._person_in_phrase(tok)
        if person is not None:
            return Speaker(person.name, "person", self.role_for(person.name, person))
        if low in cues.ROLE_NOUNS:
            # "the Adviser to the Head of the President's Office": a title, whatever its tag.
            return self._common_noun(tok)
        if tok.ent_type_ in _ORG_LABELS and tok.pos_ == "PROPN":
            return self._organisation(tok)
        if tok.pos_ == "NOUN" or tok.lower_ in cues.SOURCE_NOUNS:
            return self._common_noun(tok)
        if tok.pos_ == "PROPN" and tok.ent_type_ not in _ORG_LABELS | _NOT_NAMES:
            name = clean_name(" ".join(t.text for t in _compound_chain(tok)))
            if name and name.lower() not in cues.GENERIC_SUBJECTS:
                return Speaker(self.registry.canonical(name), "person")
        return None

    def _person_in_phrase(self, tok: Token) -> Mention | None:
        if tok.i in self._by_token:
            return self._by_token[tok.i]
        # "Advisor to the Head of the President's Office Mykhailo Podolyak": the name sits at the
        # end of a role phrase the parser made the head.
        if tok.lower_ not in cues.ROLE_NOUNS and tok.pos_ != "PROPN":
            return None
        doc = self.doc
        for j in range(tok.i + 1, min(len(doc), tok.i + _ROLE_SPAN + 1)):
            t = doc[j]
            if j in self._by_token:
                return self._by_token[j]
            if not _in_role_phrase(t):
                break
        return None

    def _organisation(self, tok: Token) -> Speaker | None:
        ent = next((e for e in self.doc.ents if e.start <= tok.i < e.end), None)
        if ent is None:
            return None
        if ent.label_ == "NORP" and tok.tag_ in ("NNPS", "NNS"):
            return None  # "Ukrainians say": a people, not a source
        name = clean_name(ent.text)
        if ent.label_ == "ORG" and len(name.split()) >= 2:
            # A person the model took for an organisation ("Volodymyr Zelenskyiyy summed up").
            person = next((m.name for m in self.mentions if same_person(name, m.name)), None)
            person = person or self.registry.lookup(name, kind="person")
            if person is not None and self.registry.kind_of(person) == "person":
                return Speaker(person, "person", self.role_for(person))
        if (
            ent.start > 0
            and self.doc[ent.start - 1].lower_ == "the"
            and not name.lower().startswith("the ")
        ):
            name = "the " + name
        return Speaker(self.registry.canonical(name, kind="organisation"), "organisation")

    def _common_noun(self, tok: Token) -> Speaker | None:
        lemma = tok.lemma_.lower()
        if tok.lower_ in cues.GENERIC_SUBJECTS or lemma in cues.GENERIC_SUBJECTS:
            return None
        if lemma not in cues.SOURCE_NOUNS and tok.lower_ not in cues.SOURCE_NOUNS:
            return None
        plural = tok.tag_ in ("NNS", "NNPS") and tok.lower_ not in ("media", "authorities")
        if plural:
            return None
        det = next((c for c in tok.children if c.dep_ in ("det", "poss")), None)
        det_word = det.lower_ if det is not None else ""
        if det_word in cues.POSSESSIVE_PRONOUNS and lemma == "administration":
            owner = self.last_person(tok.idx)
            if owner is not None:
                surname = owner.name.split()[-1]
                name = f"the {surname} administration"
                return Speaker(self.registry.canonical(name, kind="organisation"), "organisation")
        phrase = _noun_phrase(tok)
        capitalised_title = (
            det_word == "" and tok.text[:1].isupper()
        )  # "Deputy Prime Minister said"
        if det_word in ("the", "this", "that", *cues.POSSESSIVE_PRONOUNS) or capitalised_title:
            person = self.title(phrase, tok.idx)
            if person is not None:
                return person
        kind = "unnamed" if lemma in cues.ROLE_NOUNS else "organisation"
        name = phrase
        if det_word in cues.POSSESSIVE_PRONOUNS:
            name = "the " + name.split(" ", 1)[-1]
        if name[:1].isupper() and name.split()[0].lower() in ("the", "a", "an"):
            name = name[0].lower() + name[1:]
        return Speaker(self.registry.canonical(name, kind=kind), kind)

    def title(self, phrase: str, at: int) -> Speaker | None:
        """The nearest person mentioned before `at` whose role fits `phrase` (the Russian leader)."""
        words = role_words(phrase)
        if not words or not any(w in cues.ROLE_NOUNS for w in words):
            return None
        before = sorted((m for m in self.mentions if m.end <= at), key=lambda m: -m.start)
        unknown: Mention | None = None  # nearest person the texts never gave a role
        for m in before:
            have: set[str] = set()
            for r in self.roles.get(m.name, []) + self.registry.roles(m.name):
                have |= role_words(r)
            if have and all(_words_match(w, have) for w in words):
                return Speaker(m.name, "person", self.role_for(m.name, m))
            if not have and unknown is None:
                unknown = m
        if unknown is not None:
            # "The President of Russia" after "Vladimir Putin had a conversation with ...": no
            # one fits better, and nothing said contradicts it.
            return Speaker(unknown.name, "person", "")
        return None


_ROLE_SPAN = 16
_ORG_WORDS = {
    "council",
    "commission",
    "union",
    "republic",
    "federation",
    "office",
    "ministry",
    "committee",
    "agency",
    "parliament",
    "assembly",
    "organization",
    "organisation",
    "court",
    "bank",
    "fund",
    "service",
    "forces",
    "states",
    "nations",
    "kingdom",
    "government",
    "administration",
}


def _name_like(text: str) -> bool:
    """A person's name: letters, at most five words, no list of places joined by dashes."""
    words = text.split()
    return (
        any(c.isalpha() for c in text)
        and not any(c.isdigit() for c in text)
        and len(words) <= 5
        and not any(w in ("-", "–", "—", "/") for w in words)
    )


def _in_role_phrase(t: Token) -> bool:
    return (
        (
            t.pos_ in ("PROPN", "NOUN", "ADJ")
            or (t.tag_ == "VBG" and t.dep_ in ("amod", "compound"))  # "the negotiating team"
            or (
                t.text[:1].isupper() and t.pos_ in ("ADV", "VERB")
            )  # "the Temporarily Occupied ..."
            or (t.pos_ == "ADP" and t.lower_ in _ROLE_ADPS)
            or t.lower_ in ("the", "and")
            or t.tag_ == "POS"
        )
        and not t.is_punct
    )


def _name_word(t: Token) -> bool:
    return (
        t.pos_ == "PROPN"
        and t.text[:1].isupper()
        and t.lower_ not in cues.ROLE_NOUNS
        and t.lower_ not in _ORG_WORDS
    )


def _not_an_organisation(span: Span) -> bool:
    """Reject "the European Commission": an entity of its own that starts where the name would."""
    first = span[0]
    if first.ent_type_ in ("ORG", "GPE", "NORP", "FAC", "LOC") and first.ent_iob_ == "B":
        return False
    return not any(t.ent_type_ in ("DATE", "TIME", "CARDINAL") for t in span)


def _name_spans(ents: list[Span]) -> list[Span]:
    """Person entities reduced to the name: "President of Ukraine Volodymyr Zelenskyy" ->
    "Volodymyr Zelenskyy" (the title stays in the text, where the role finder reads it), and
    "Ursula von der" completed to "Ursula von der Leyen"."""
    out = []
    for ent in ents:
        if ent.label_ != "PERSON":
            out.append(ent)
            continue
        start, end = ent.start, ent.end
        doc = ent.doc
        if all(t.lower_ in cues.ROLE_NOUNS for t in ent):
            continue  # "Adviser" alone is a title, not a name
        while end - start > 1 and (
            doc[start].lower_ in cues.ROLE_NOUNS
            or doc[start].lower_ in ("of", "the", "and", "-", "–")
            or doc[start].ent_type_ in ("GPE", "NORP")
            or doc[start].is_punct
        ):
            start += 1
        while end < len(doc) and doc[end - 1].lower_ in _PARTICLES and doc[end].text[:1].isupper():
            end += 1
        if start < end:
            out.append(Span(doc, start, end, label="PERSON"))
    return out


_PARTICLES = {"von", "van", "der", "de", "da", "di", "del", "la", "le", "bin", "al"}


def _split_lines(ents: list[Span]) -> list[Span]:
    """Entities cut at line breaks: a heading line must not merge with the next line's name."""
    out = []
    for ent in ents:
        if "\n" not in ent.text:
            out.append(ent)
            continue
        start = ent.start
        for t in ent:
            if "\n" in t.text or "\n" in t.whitespace_:
                end = t.i if "\n" in t.text else t.i + 1
                if end > start:
                    out.append(Span(ent.doc, start, end, label=ent.label_))
                start = t.i + 1
        if start < ent.end:
            out.append(Span(ent.doc, start, ent.end, label=ent.label_))
    return out


def _compound_chain(tok: Token) -> list[Token]:
    left = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    toks = left + [tok]
    return [t for t in toks if t.lower_ not in cues.ROLE_NOUNS]


def _noun_phrase(tok: Token) -> str:
    """Determiner, modifiers and head of a subject noun ("a senior Ukrainian official")."""
    left = [t for t in tok.lefts if t.dep_ in ("det", "poss", "amod", "compound", "nmod", "nummod")]
    start = min([t.left_edge.i for t in left] + [tok.i])
    end = tok.i + 1
    # Keep a short "of ..." / "to ..." tail: "the Head of the Office of the President".
    for child in tok.rights:
        if (
            child.dep_ == "prep"
            and child.lower_ in ("of", "to", "for")
            and (child.right_edge.i - tok.i <= 8)
        ):
            end = child.right_edge.i + 1
            break
    return tok.doc[start:end].text


def split_label_name(label: str) -> str:
    """The name in a Kremlin transcript label, which the scraper doubled:
    'President of Azerbaijan Ilham Aliyev Aliyev IlhamPresident of Azerbaijan' -> 'Ilham Aliyev'."""
    label = re.sub(r"\([^)]*\)", " ", label)
    words = _CAMEL.sub(" ", label).split()
    for i in range(len(words) - 3):
        a, b, c, d = words[i : i + 4]
        if a == d and b == c and a[:1].isupper() and b[:1].isupper():
            return f"{a} {b}"
    return ""
