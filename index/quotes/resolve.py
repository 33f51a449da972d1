"""Who a subject phrase refers to: named people, organisations, titles, pronouns, unnamed sources.

People are the PERSON entities of the spaCy model, with the role the text gives them next to their
name (a title before it, an apposition after it). A surname, a title ("the Russian leader") or a
pronoun resolves to the nearest compatible person mentioned before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token

from index.quotes import cues
from index.quotes.people import (
    ROLE_SPAN,
    clean_name,
    in_role_phrase,
    name_gender,
    name_like,
    person_spans,
    role_acronyms,
    role_of,
    role_words,
    words_match,
)
from index.speakers import SpeakerRegistry, norm, same_person

_ORG_LABELS = {"ORG", "GPE", "NORP", "FAC"}
_NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "LOC"}
# How far back (characters) "he" may still mean the unnamed source who spoke last: a quotation
# of two or three paragraphs, then "He added that …".
UNNAMED_REACH = 1500


# A lead-in paragraph: one short sentence naming the person the next paragraph quotes.
LEAD_IN_WORDS = 20


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
    main: bool = False  # the subject of the sentence's main clause


_PRONOUN_GENDER = {"she": "f", "her": "f", "he": "m", "him": "m", "his": "m"}


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
            for e in person_spans(self.doc)
            if not self._inside_excluded(e.start_char, e.end_char) and not self._place(e)
        ]
        local: list[str] = []  # canonical names of this document, fullest first
        # Fullest first, then the spelling the text uses most ("Podolyak" over a one-off
        # "Podoyak"), then the first used: never the hash order of a set, which changes per
        # process. (Counter keeps first-seen order, and sorted() is stable.)
        counts = Counter(clean_name(e.text) for e in people)
        names = sorted(counts, key=lambda n: (-len(n.split()), -counts[n]))
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
            role = role_of(ent)
            subject = _is_subject(ent.root)
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
                subject,
                subject and _in_main_clause(ent.root),
            )
            self.mentions.append(m)
            for t in ent:
                self._by_token[t.i] = m
        self._surname_mentions(mapping)
        self.mentions.sort(key=lambda m: m.start)

    def _place(self, ent: Span) -> bool:
        """A "person" the small model found that is a place: one the registry knows as a body
        ("Kyiv"), or one word after "in" ("the negotiations in Kyiv, President …")."""
        if self.registry.kind_of(clean_name(ent.text)) in ("organisation", "unnamed"):
            return True
        after = self.doc[ent.end].lower_ if ent.end < len(self.doc) else ""
        return (
            len(ent) == 1
            and ent.start > 0
            and self.doc[ent.start - 1].lower_ in ("in", "near")
            and after not in ("'s", "’s")  # "in Putin's view" names a person
        )

    def _surname_mentions(self, names: dict[str, str]) -> None:
        """Later bare surnames the entity model missed (often in lowercase text)."""
        surnames = {
            raw.split()[-1].lower(): name
            for raw, name in names.items()
            if len(raw.split()) > 1 and len(raw.split()[-1]) >= 4
        }
        for tok in self.doc:
            name = surnames.get(tok.lower_)
            if name is None or tok.i in self._by_token or tok.ent_type_ == "GPE":
                continue
            if tok.ent_type_ == "ORG" and not (tok.ent_iob_ == "B" and _ends_entity(tok)):
                continue  # part of a longer organisation name; alone, a surname the model mislabelled
            if tok.pos_ in ("ADP", "DET", "AUX", "CCONJ", "PUNCT"):
                continue
            if self._inside_excluded(tok.idx, tok.idx + len(tok.text)):
                continue
            subject = tok.dep_ in ("nsubj", "nsubjpass")
            main = subject and _in_main_clause(tok)
            m = Mention(tok.idx, tok.idx + len(tok.text), tok.i, name, "", subject, main)
            self.mentions.append(m)
            self._by_token[tok.i] = m

    def role_for(self, name: str, mention: Mention | None = None) -> str:
        if mention is not None and mention.role:
            return mention.role
        roles = self.roles.get(name)
        return roles[0] if roles else ""

    # -- attribution memory -------------------------------------------------------------------
    def note_speaker(self, at: int, speaker: Speaker) -> None:
        self._speakers.append((at, speaker))

    def last_person(
        self, at: int, paragraph_start: int | None = None, pronoun: str = ""
    ) -> Speaker | None:
        """The most recent person speaker or person subject before `at`; for "she" or "he",
        one whose given name does not say otherwise."""
        wanted = _PRONOUN_GENDER.get(pronoun, "")

        def agrees(name: str) -> bool:
            return not wanted or name_gender(name) in ("", wanted)

        spoke = [
            (p, s) for p, s in self._speakers if p < at and s.kind == "person" and agrees(s.name)
        ]
        last = max(spoke, key=lambda x: x[0], default=None)
        # Only a main clause's subject competes with the last speaker: "Andriy Koval has led
        # the talks since President Zelensky appointed him. “…,” he said" is Koval, and "she
        # reminded that mayor Ivan Fedorov remains in captivity. “…,” she said" is not Fedorov.
        subj = [m for m in self.mentions if m.end <= at and m.subject and agrees(m.name)]
        main = [m for m in subj if m.main]
        near = max(main or ([] if last is not None else subj), key=lambda m: m.start, default=None)
        best: Speaker | None = None
        pos = -1
        if last is not None:
            best, pos = last[1], last[0]
        if near is not None and near.start > pos:
            best = Speaker(near.name, "person", self.role_for(near.name, near))
            pos = near.start
        if best is None:
            before = [m for m in self.mentions if m.end <= at and agrees(m.name)]
            if before:
                m = before[-1]
                best, pos = Speaker(m.name, "person", self.role_for(m.name, m)), m.start
        para = self._paragraph_start(at)
        titled = self._titled_subject(para, at, agrees)
        if titled is not None and titled[0] > pos:
            # "The general took up the point. A force, he argued, …": the title that was the
            # subject since, unless the paragraph named someone after it.
            local = self._introduced_in_paragraph(para, at)
            if local is None or local.start < titled[0]:
                return titled[1]
        if pos < para:
            # A person the paragraph introduces before this sentence, even as an object ("I asked
            # the deputy minister, Mariana Dovhan, … “…,” she told me"), is nearer than a speaker
            # of an earlier paragraph. Not one named in this very sentence: "Speaking after
            # talks with Erdogan, he said" is still the earlier speaker.
            local = self._introduced_in_paragraph(para, at) or self._lead_in(para)
            if local is not None and agrees(local.name):
                return Speaker(local.name, "person", self.role_for(local.name, local))
        if best is not None and paragraph_start is not None and pos < paragraph_start - 2000:
            return None
        return best

    def _titled_subject(
        self, para: int, at: int, agrees: Callable[[str], bool]
    ) -> tuple[int, Speaker] | None:
        """The last main-clause subject of this paragraph before the sentence at `at` that is a
        definite title ("The general", "the minister") fitting a person of the text."""
        found = None
        for tok in self.doc[self._token_at(para) : self._token_at(self._sentence_start(at))]:
            if (
                tok.dep_ == "nsubj"
                and tok.tag_ == "NN"
                and tok.lower_ in cues.ROLE_NOUNS
                and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
                and _in_main_clause(tok)
                and not self._inside_excluded(tok.idx, tok.idx + len(tok.text))
            ):
                person = self.title(_noun_phrase(tok), tok.idx, fit_only=True)
                if person is not None and person.kind == "person" and agrees(person.name):
                    found = (tok.idx, person)
        return found

    def _unnamed_just_before(self, at: int) -> Speaker | None:
        """ "A gas trader at a utility, who declined to be named, said …. “…,” he said": the one
        unnamed source that spoke last, with no person named since. The speaker may be a few
        paragraphs back, as after a quotation running over several; a subject that only
        introduced the source must be in this paragraph."""
        para = self._paragraph_start(at)
        last = max(
            ((p, sp) for p, sp in self._speakers if at - UNNAMED_REACH <= p < at),
            key=lambda x: x[0],
            default=None,
        )
        # Introduced as someone ("a trader"): a title ("the Adviser") is a person not yet
        # resolved, whom the usual rules for "he" find better.
        found = None
        if (
            last is not None
            and last[1].kind == "unnamed"
            and last[1].name.startswith(("a ", "an "))
        ):
            found = last
        # … or the subject of a sentence that said nothing yet: "A member of the Russian
        # delegation, speaking by telephone, gave a different account. “…,” he said."
        # A long statement is one paragraph: its last sentences are what "he" can follow.
        for tok in self.doc[self._token_at(max(para, at - 1500)) : self._token_at(at)]:
            if (
                tok.dep_ == "nsubj"
                and tok.tag_ == "NN"
                and not self._inside_excluded(tok.idx, tok.idx + len(tok.text))
                and tok.idx > (found[0] if found else -1)
                and tok.lower_ in cues.ROLE_NOUNS  # someone, not "a team" or "a strong army"
                and _indefinite(tok)
            ):
                # Names inside its own description ("an officer at the Medyka crossing") are
                # not people named since.
                found = (tok.right_edge.idx, self._unnamed(_noun_phrase(tok)))
        if found is None or any(found[0] < m.start and m.end <= at for m in self.mentions):
            return None
        return found[1]

    def _paragraph_start(self, at: int) -> int:
        cut = max(self.text.rfind("\n\n", 0, at), self.text.rfind("\n", 0, at))
        return cut + 1 if cut >= 0 else 0

    def _sentence_start(self, at: int) -> int:
        span = self.doc.char_span(at, min(at + 1, len(self.text)), alignment_mode="expand")
        return span.sent.start_char if span is not None else at

    def _introduced_in_paragraph(self, para: int, at: int) -> Mention | None:
        """The latest person named in this paragraph before the sentence holding `at`; a subject
        before an object."""
        sentence = self._sentence_start(at)
        local = [m for m in self.mentions if para <= m.start and m.end <= sentence]
        subjects = [m for m in local if m.subject]
        return (subjects or local or [None])[-1]

    def _lead_in(self, para: int) -> Mention | None:
        """The one person a one-sentence paragraph just before names, if that is all it does:
        "For Iryna Savchuk, the arithmetic is simpler. ¶ “Ninety days …,” she says." """
        end = para
        while end > 0 and self.text[end - 1] in "\n ":
            end -= 1
        if end == 0:
            return None
        before = self._paragraph_start(end)
        line = self.text[before:end]
        if not line or len(line.split()) > LEAD_IN_WORDS or "“" in line or '"' in line:
            return None
        span = self.doc.char_span(before, before + len(line), alignment_mode="contract")
        if span is None or len(list(span.sents)) != 1:
            return None
        named = [m for m in self.mentions if before <= m.start and m.end <= end]
        return named[0] if len({m.name for m in named}) == 1 else None

    # -- subjects -------------------------------------------------------------------------------
    def speaker_for(self, tok: Token) -> Speaker | None:
        """The speaker named by the subject phrase headed by `tok`, or None."""
        low = tok.lower_
        if low == "who" and tok.head.dep_ == "relcl":
            return self.speaker_for(tok.head.head)
        if low in ("he", "she"):
            source = self._unnamed_just_before(tok.idx)
            if source is not None:
                return source
        if low in ("he", "she", "him", "his", "her"):
            return self.last_person(tok.idx, pronoun=low)
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
            earlier = self._named_before(name, tok.idx) if name else None
            if earlier is not None:
                return earlier  # "The Center emphasized": the body named in full before
            # name_like: "Volnovakha - Zaporizhzhia", a route, is not a person.
            if name and name.lower() not in cues.GENERIC_SUBJECTS and name_like(name):
                return Speaker(self.registry.canonical(name), "person")
        return None

    def titled_person_at(self, at: int) -> tuple[Speaker, int] | None:
        """A title that opens at character `at` and closes with a named person and a comma
        ("First Deputy Prime Minister - Minister of Economy Yulia Svyrydenko, …"): the person,
        and where the words after the comma start."""
        doc = self.doc
        first = doc.char_span(at, at + 1, alignment_mode="expand")
        if first is None or not _opens_title(first[0]):
            return None
        i = first.start
        for j in range(i, min(len(doc) - 1, i + 2 * ROLE_SPAN)):
            m = self._by_token.get(j)
            if m is not None:
                k = j
                while k + 1 < len(doc) and self._by_token.get(k + 1) is m:
                    k += 1
                if k + 1 < len(doc) and doc[k + 1].text == "," and k + 2 < len(doc):
                    return Speaker(m.name, "person", self.role_for(m.name, m)), doc[k + 2].idx
                return None
            if not (in_role_phrase(doc[j]) or doc[j].text in "-–"):
                return None
        return None

    def _person_in_phrase(self, tok: Token) -> Mention | None:
        if tok.i in self._by_token:
            return self._by_token[tok.i]
        # "Advisor to the Head of the President's Office Mykhailo Podolyak": the name sits at the
        # end of a role phrase the parser made the head.
        if tok.lower_ not in cues.ROLE_NOUNS and tok.pos_ != "PROPN":
            return None
        # "Ukraine's Minister of Agrarian Policy and Food, Halyna Bilous, described …": the name
        # in apposition to the title.
        for child in tok.subtree:
            if child.dep_ == "appos" and child.i in self._by_token and _in_title(child.head, tok):
                return self._by_token[child.i]
        doc = self.doc
        for j in range(tok.i + 1, min(len(doc), tok.i + 2 * ROLE_SPAN + 1)):
            t = doc[j]
            if j in self._by_token:
                return self._by_token[j]
            # "Head of the Ukrainian delegation, Head of the … faction David Arakhamia": a
            # second title after a comma still leads to the name.
            if t.text == "," and j + 1 < len(doc) and _opens_title(doc[j + 1]):
                continue
            if not in_role_phrase(t):
                break
        return None

    def _organisation(self, tok: Token) -> Speaker | None:
        ent = next((e for e in self.doc.ents if e.start <= tok.i < e.end), None)
        if ent is None:
            return None
        if ent.label_ == "NORP" and tok.tag_ in ("NNPS", "NNS"):
            return None  # "Ukrainians say": a people, not a source
        name = clean_name(_completed(ent).text)
        if ent.label_ == "ORG" and len(name.split()) >= 2:
            # A person the model took for an organisation ("Volodymyr Zelenskyiyy summed up").
            person = next((m.name for m in self.mentions if same_person(name, m.name)), None)
            person = person or self.registry.lookup(name, kind="person")
            if person is not None and self.registry.kind_of(person) == "person":
                return Speaker(person, "person", self.role_for(person))
        earlier = self._named_before(name, tok.idx)
        if earlier is not None:
            return earlier
        if (
            ent.start > 0
            and self.doc[ent.start - 1].lower_ == "the"
            and not name.lower().startswith("the ")
        ):
            name = "the " + name
        return Speaker(self.registry.canonical(name, kind="organisation"), "organisation")

    def _named_before(self, name: str, at: int) -> Speaker | None:
        """ "The Center for Countering Disinformation noted …. The Center emphasized …": one
        word of a body that spoke before, which names no body of its own, is that body."""
        short = norm(name)
        if len(short.split()) != 1 or self.registry.lookup(short) is not None:
            return None
        spoke = [
            (pos, sp)
            for pos, sp in self._speakers
            if pos < at
            and sp.kind == "organisation"
            and short in norm(sp.name).split()
            and norm(sp.name) != short
        ]
        return max(spoke, key=lambda x: x[0])[1] if spoke else None

    def _common_noun(self, tok: Token) -> Speaker | None:
        lemma = tok.lemma_.lower()
        again = self._same_source(tok)
        if again is not None:
            return again
        if _familiar_with(tok):
            # "two people familiar with the talks": the news agencies' anonymous source.
            return self._unnamed(_noun_phrase(tok))
        if tok.lower_ in cues.GENERIC_SUBJECTS or lemma in cues.GENERIC_SUBJECTS:
            return None
        source = lemma in cues.SOURCE_NOUNS or tok.lower_ in cues.SOURCE_NOUNS
        if not source:
            # "A gas trader at a large utility said": someone, unnamed but described.
            if _indefinite(tok) and lemma in cues.ROLE_NOUNS and tok.tag_ == "NN":
                return self._unnamed(_noun_phrase(tok))
            if lemma not in cues.ROLE_NOUNS:
                return None
            # "the governor", "the ambassador": a title, resolved below like the others.
        if lemma in cues.WRITINGS:
            # A writing speaks for its issuer; one whose issuer is unknown is no speaker.
            return self._writing_owner(tok)
        plural = tok.tag_ in ("NNS", "NNPS") and tok.lower_ not in ("media", "authorities")
        if plural:
            return self._unnamed(_noun_phrase(tok)) if lemma in cues.PLURAL_SOURCES else None
        det = next((c for c in tok.children if c.dep_ in ("det", "poss")), None)
        det_word = det.lower_ if det is not None else ""
        if det is not None and det.dep_ == "poss" and det.ent_type_ in ("GPE", "NORP"):
            det_word = "the"  # "Russia's foreign minister" is "the Russian foreign minister"
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
        # "The President's Press Secretary": a title owned by a title. Only a full fit counts,
        # since the nearest person of no known title may be the owner himself.
        titled_owner = det is not None and det.dep_ == "poss" and det.lower_ in cues.ROLE_NOUNS
        if det_word in ("the", "this", "that", *cues.POSSESSIVE_PRONOUNS) or capitalised_title:
            person = self.title(phrase, tok.idx)
            if person is not None:
                return person
            if not source:
                # "the lawmaker" whom no one introduced as such: a wrong guess would be worse
                # than no speaker.
                return None
        elif titled_owner:
            person = self.title(phrase, tok.idx, fit_only=True)
            if person is not None:
                return person
        kind = "unnamed" if lemma in cues.ROLE_NOUNS else "organisation"
        name = phrase
        if det_word in cues.POSSESSIVE_PRONOUNS:
            name = "the " + name.split(" ", 1)[-1]
        if name[:1].isupper() and name.split()[0].lower() in ("the", "a", "an"):
            name = name[0].lower() + name[1:]
        return Speaker(self.registry.canonical(name, kind=kind), kind)

    def _same_source(self, tok: Token) -> Speaker | None:
        """ "The people said …" after "people familiar with the matter said …": the anonymous
        source just quoted, referred to again by its head noun."""
        det = next((c for c in tok.children if c.dep_ == "det"), None)
        if det is None or det.lower_ not in ("the", "these", "those"):
            return None
        if tok.tag_ not in ("NNS", "NNPS"):
            return None  # a singular title is title()'s: "the representative of Russia"
        last = max(
            ((p, sp) for p, sp in self._speakers if p < tok.idx), key=lambda x: x[0], default=None
        )
        if last is None or last[1].kind != "unnamed" or tok.idx - last[0] >= 600:
            return None
        words = last[1].name.lower().split()
        return last[1] if tok.lower_ in words or tok.lemma_.lower() in words else None

    def _introduced_unnamed(self, head: str, at: int) -> Speaker | None:
        """ "A senior European diplomat who attended the round put it more bluntly. “…,” the
        diplomat said": someone the text introduced, unnamed, just before, and no person since."""
        if head not in cues.ROLE_NOUNS:
            return None
        for tok in reversed(self.doc[: self._token_at(at)]):
            if at - tok.idx > 600:
                return None
            if tok.ent_type_ == "PERSON" or tok.i in self._by_token:
                return None
            if tok.lower_ == head and _indefinite(tok):
                if tok.dep_ == "appos" and (
                    tok.head.ent_type_ == "PERSON" or tok.head.i in self._by_token
                ):
                    return None  # "Marcus Feld, an economist at …": a named person's title
                return self._unnamed(_noun_phrase(tok))
        return None

    def _token_at(self, at: int) -> int:
        span = self.doc.char_span(at, min(at + 1, len(self.text)), alignment_mode="expand")
        return span.start if span is not None else len(self.doc)

    def _unnamed(self, phrase: str) -> Speaker:
        """An anonymous source, as the text describes it ("Turkish officials")."""
        # Capitalised only because it opens a sentence: "Two officials said", "Officials in
        # Kyiv say".
        first = phrase.split()[0].lower()
        if first in ("the", "a", "an", "one", "two", "three", "several") or (
            first.removesuffix("s") in cues.PLURAL_SOURCES
        ):
            phrase = phrase[0].lower() + phrase[1:]
        return Speaker(self.registry.canonical(phrase, kind="unnamed"), "unnamed")

    def _writing_owner(self, tok: Token, back: bool = True) -> Speaker | None:
        """ "A Russian Defence Ministry statement said …" is the ministry speaking; "Zelensky's
        statement said …" is Zelensky."""
        owners = [c for c in tok.children if c.dep_ in ("compound", "poss", "nmod")]
        if not owners:
            # "a short statement from Foreign Minister Lavrov": the issuer after "from"/"by".
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in ("from", "by"):
                    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        return self.speaker_for(pobj)
            # "… the statement said": the statement the text introduced with its issuer.
            if back and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
                for prev in reversed(self.doc[: tok.i]):
                    if tok.idx - prev.idx > 1500:
                        break
                    if prev.lemma_.lower() == tok.lemma_.lower() and prev.i != tok.i:
                        found = self._writing_owner(prev, back=False) or self._issuer(prev)
                        if found is not None:
                            return found
            return None
        for c in owners:
            if c.i in self._by_token:
                m = self._by_token[c.i]
                return Speaker(m.name, "person", self.role_for(m.name, m))
            if c.dep_ == "poss" and c.lower_ in cues.ROLE_NOUNS:
                # "The minister's statement": whoever holds that title here.
                holder = self.title(_noun_phrase(c), c.idx)
                if holder is not None:
                    return holder
        doc = self.doc
        start = min(c.left_edge.i for c in owners)
        words = [t for t in doc[start : tok.i] if t.dep_ != "case" and t.lower_ not in ("a", "an")]
        if not words or not all(t.text[:1].isupper() for t in words if t.lower_ != "the"):
            return None
        name = " ".join(t.text for t in words if t.lower_ != "the")
        name = f"the {name}" if words[-1].pos_ != "PROPN" or words[-1].ent_type_ == "ORG" else name
        return Speaker(self.registry.canonical(name, kind="organisation"), "organisation")

    def _issuer(self, writing: Token) -> Speaker | None:
        """Who put out a writing the text introduced: "Berg issued a statement", "Berg chose
        the channel for a longer statement" (the subject of the verb it hangs on)."""
        if writing.dep_ not in ("dobj", "pobj"):
            return None
        verb = writing.head
        for _ in range(3):  # "chose the channel for a statement": up from "for" and "channel"
            if verb.pos_ == "VERB" or verb.head.i == verb.i:
                break
            verb = verb.head
        if verb.pos_ != "VERB":
            return None
        subject = _own_subject_token(verb)
        if subject is None:
            return None
        found = self.speaker_for(subject)
        return found if found is not None and found.kind == "person" else None

    def _role_words_of(self, name: str) -> set[str]:
        """Every title the text or the registry gives this person, under any spelling of the
        name ("Tayyip Erdogan" titled, "Recep Tayyip Erdogan" not)."""
        have: set[str] = set()
        names = [n for n in self.roles if n == name or same_person(n, name)]
        for n in dict.fromkeys([name, *names]):
            for r in self.roles.get(n, []) + self.registry.roles(n):
                have |= role_words(r) | role_acronyms(r)
        return have

    def title(self, phrase: str, at: int, fit_only: bool = False) -> Speaker | None:
        """The latest speaker, else the nearest person mentioned before `at`, whose role fits
        `phrase` ("the Russian leader"); failing that, the nearest whose role does not contradict
        it ("the President of Ukraine" for someone introduced only as "President")."""
        words = role_words(phrase)
        titles = {w for w in words if w in cues.ROLE_NOUNS}
        if not titles:
            return None
        # "The President (of Russia)" is whoever has been speaking with that title, not the
        # president last named in passing ("he discussed it with US President Biden"), nor
        # someone an earlier article's misparse gave the title.
        # "A Western official said …. The official described it as “…”": the same source.
        last = max(
            ((p, sp) for p, sp in self._speakers if p < at), key=lambda x: x[0], default=None
        )
        head = phrase.split()[-1].lower() if phrase.split() else ""
        if (
            last is not None
            and last[1].kind == "unnamed"
            and at - last[0] < 600
            and head in cues.ROLE_NOUNS
            and head in last[1].name.lower().split()
        ):
            return last[1]
        introduced = self._introduced_unnamed(head, at)
        if introduced is not None:
            return introduced
        if head in cues.HOST_LABELS and (m := cues.HOST_INTRO.search(self.text, 0, at)):
            name = self.registry.canonical(m.group(1), kind="person")
            return Speaker(name, "person", self.role_for(name))
        before = sorted((m for m in self.mentions if m.end <= at), key=lambda m: -m.start)
        # ... unless someone with that title has since been the subject of a sentence: "Melnychuk
        # is due to brief … she paused. “I expect nothing,” the minister said."
        subject = next(
            (m for m in before if m.subject and _fits(words, self._role_words_of(m.name))), None
        )
        for pos, spoke in sorted(self._speakers, key=lambda x: -x[0]):
            if pos >= at or spoke.kind != "person":
                continue
            if _fits(words, self._role_words_of(spoke.name)):
                if subject is not None and subject.start > pos:
                    break
                return Speaker(spoke.name, "person", spoke.role or self.role_for(spoke.name))
        # Failing a fit: someone whose title agrees as far as it goes ("President" for "the
        # President of Ukraine"), then someone with no title known.
        titled: Mention | None = None
        untitled: list[Mention] = []
        for m in before:
            have = self._role_words_of(m.name)
            if _fits(words, have):
                return Speaker(m.name, "person", self.role_for(m.name, m))
            if fit_only:
                continue
            # Someone later called by a bare title was introduced by full name: a one-word
            # "person" without a role is as likely a place the model mislabelled ("Zaporizhzhia").
            if len(m.name.split()) >= 2 and _no_contradiction(words, titles, have):
                if have and titled is None:
                    titled = m
                elif not have:
                    untitled.append(m)
        # Among people with no title known, one who has been speaking ("Responding to the
        # call for contact with Zelensky, the President of Russia …" is still Putin).
        spoke = {sp.name for pos, sp in self._speakers if pos < at}
        local = self._introduced_in_paragraph(self._paragraph_start(at), at)
        if titled is None and local is not None and local.subject and local in untitled:
            # "Emmanuel Macron seems to understand this. “…,” the French president wrote": the
            # paragraph's subject, though someone else spoke last.
            return Speaker(local.name, "person", self.role_for(local.name, local))
        fallback = titled or next((m for m in untitled if m.name in spoke), None)
        fallback = fallback or (untitled[0] if untitled else None)
        if fallback is not None:
            return Speaker(fallback.name, "person", self.role_for(fallback.name, fallback))
        return None


def _own_subject_token(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def _is_subject(tok: Token) -> bool:
    """The name is the subject, or closes the title that is: in "President of Ukraine Volodymyr
    Zelenskyy met with …" the parser makes "President" the subject and the name its object."""
    appos = False
    for _ in range(8):
        if tok.dep_ in ("nsubj", "nsubjpass"):
            # Through an apposition, only a title stands for the name: "the capital of Ukraine,
            # Kyiv" is no subject of "the situation in … is".
            return not appos or tok.lower_ in cues.PERSON_NOUNS
        head = tok.head
        if head.i == tok.i or tok.dep_ not in ("pobj", "prep", "compound", "appos"):
            return False
        # "the wife of Putin said": a title only, not any noun, stands for him; but a name in
        # apposition may hang on the title's last word ("the representative of the United
        # States, Margaret Ellison, said").
        appos = appos or tok.dep_ == "appos"
        if head.pos_ != "ADP" and head.lower_ not in cues.ROLE_NOUNS and not appos:
            return False
        if head.pos_ == "ADP" and head.lower_ != "of":
            return False  # "an aide to Mr Putin": whom the title serves, not who holds it
        tok = head
    return False


def _in_title(tok: Token, title: Token) -> bool:
    """`tok` is the title's head or part of its "of …" tail ("The representative of the United
    States, Margaret Ellison": the parser hangs the name on "States")."""
    while tok.i != title.i:
        if tok.dep_ not in ("pobj", "prep", "compound") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return True


def _in_main_clause(tok: Token) -> bool:
    """The subject (or the title it closes) belongs to the root verb, or to one joined to it."""
    while tok.dep_ not in ("nsubj", "nsubjpass") and tok.head.i != tok.i:
        tok = tok.head
    verb = tok.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


def _fits(words: set[str], have: set[str]) -> bool:
    return bool(have) and all(words_match(w, have) for w in words)


def _no_contradiction(words: set[str], titles: set[str], have: set[str]) -> bool:
    """No role known, or the titles fit and the role says nothing else (no other country)."""
    if not have:
        return True
    # "The head of the Russian delegation" is no president: the body a title names must be
    # the holder's.
    if any(w in cues.SOURCE_NOUNS and w not in cues.ROLE_NOUNS and w not in have for w in words):
        return False
    # A qualifier both share is no contradiction: "Foreign Minister" for "Russia's foreign
    # minister".
    qualifiers = {w for w in have if w not in cues.ROLE_NOUNS and w not in words}
    return not qualifiers and all(words_match(w, have) for w in titles)


def _ends_entity(tok: Token) -> bool:
    nxt = tok.i + 1
    return nxt >= len(tok.doc) or tok.doc[nxt].ent_iob_ != "I"


def _compound_chain(tok: Token) -> list[Token]:
    left = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    toks = [*left, tok]
    return [t for t in toks if t.lower_ not in cues.ROLE_NOUNS]


def _noun_phrase(tok: Token) -> str:
    """Determiner, modifiers and head of a subject noun ("a senior Ukrainian official")."""
    left = [t for t in tok.lefts if t.dep_ in ("det", "poss", "amod", "compound", "nmod", "nummod")]
    start = min([t.left_edge.i for t in left] + [tok.i])
    end = tok.i + 1
    # An unnamed source is described by where it works: "officials in Kyiv", "a trader at a
    # utility". A title is not: "the President at the summit" is the President.
    unnamed = tok.tag_ == "NNS" or _indefinite(tok)
    # Keep a short "of ..." / "to ..." tail: "the Head of the Office of the President".
    for child in tok.rights:
        if (
            child.dep_ == "prep"
            and child.lower_ in ("of", "to", "for")
            and (child.right_edge.i - tok.i <= 8)
        ):
            end = child.right_edge.i + 1
            break
        # "a Western official briefed on the talks", "people familiar with the matter",
        # "officials in Kyiv": who the source is, in a few words.
        if child.left_edge.i > 0 and tok.doc[child.left_edge.i - 1].text == ",":
            break  # ", speaking on condition of anonymity, said": an aside, not who it is
        if (
            (child.dep_ == "acl" and child.tag_ in ("VBN", "VBG"))
            or (child.dep_ == "amod" and child.lower_ in ("familiar", "close"))
            or (child.dep_ == "prep" and child.lower_ in ("in", "at") and unnamed)
        ):
            # Up to a comma: "people familiar with the matter, who asked not to be named".
            tail = [t.i for t in child.subtree if t.i > tok.i and t.text == ","]
            last = min(tail) - 1 if tail else child.right_edge.i
            if last - tok.i <= 6:
                end = last + 1
                break
    return tok.doc[start:end].text


def _indefinite(tok: Token) -> bool:
    """ "a trader", "an official": someone the text introduces, not one it refers back to."""
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children)


def _familiar_with(tok: Token) -> bool:
    """ "people familiar with the matter", "a person familiar with the talks"."""
    return tok.lemma_.lower() in ("people", "person") and any(
        c.lower_ == "familiar" for c in tok.rights
    )


def _completed(ent: Span) -> Span:
    """An organisation the model cut before its country: "The Ministry of Foreign Affairs of"
    + "Ukraine" (tagged apart) is one name."""
    doc, end = ent.doc, ent.end
    if doc[end - 1].lower_ not in ("of", "for") or end >= len(doc):
        return ent
    if doc[end].ent_type_ not in ("GPE", "ORG", "NORP", "LOC"):
        return ent
    end += 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[ent.start : end]


def _opens_title(tok: Token) -> bool:
    """A title starts here: "Head of …", "First Deputy Prime Minister …"."""
    return tok.is_title and (tok.lower_ in cues.ROLE_NOUNS or tok.lower_ in cues.TITLE_MODIFIERS)
