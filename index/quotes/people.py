"""People in the text: names from spaCy's PERSON entities (repaired where the model slips) and
the role the text gives them next to the name.

The entity model is the source of names; the repairs only cut a title out of an entity ("President
of Ukraine Volodymyr Zelenskyy"), split entities at line breaks, complete particles ("Ursula von der
Leyen") and take the name that closes a title phrase when the model missed or mislabelled it
("Defense Minister Rustem Umerov").
"""

from __future__ import annotations

import functools
import re

import gender_guesser.detector as gender_detector
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from index.english import is_english_word
from index.quotes import cues

_ROLE_ADPS = {"of", "to", "for", "at", "with", "on", "in"}
_APPOS_RE = re.compile(r",\s+((?:(?:a|an|the)\s+|[A-Z])[^,;:()]{3,140}?)\s*(?:,|\.|;|$)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def clean_name(text: str) -> str:
    text = re.sub(r"[’']s$", "", text.strip())
    text = re.sub(r"\s+", " ", text).strip(' ,.;:-–—"“”')
    if text.islower():
        text = " ".join(w[:1].upper() + w[1:] for w in text.split())
    return text


_HEAD_OF_STATE = re.compile(r"\bhead of the ((?:[a-z]+ )?)state\b(?! [a-z])")


def role_words(text: str) -> set[str]:
    low = text.lower()
    # "the head of the Ukrainian state" is its president, as "head of state" is; not "the head
    # of the State Duma".
    low = _HEAD_OF_STATE.sub(r"\1president", low)
    for phrase, word in cues.ROLE_PHRASES.items():
        low = low.replace(phrase, word)
    # "the Russian president's aide" is an aide: the owner's title is not the holder's (but
    # "the President's Office" is a body, whose deputy head is named by it).
    low = _OWNER_TITLE.sub(
        lambda m: m.group(2) if {m.group(1), m.group(2)} <= cues.ROLE_NOUNS else m.group(0), low
    )
    return {w for w in re.findall(r"[a-z]+", low) if w not in _STOP}


def role_acronyms(text: str) -> set[str]:
    """What a title's capitalised words abbreviate to, in any run of 3 to 6 of them: "Secretary
    of the National Security and Defense Council" -> "nsdc" (and "snsdc", "nsd", …), so that
    "the Secretary of the NSDC" finds him."""
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", text) if w[0].isupper()).lower()
    return {
        initials[i:j]
        for i in range(len(initials))
        for j in range(i + 3, min(len(initials), i + 6) + 1)
    }


_OWNER_TITLE = re.compile(r"\b([a-z]+)['’]s ([a-z]+)\b")


_STOP = {"the", "a", "an", "of", "to", "for", "and", "in", "at", "with", "s", "his", "her", "its"}


def words_match(title_word: str, have: set[str]) -> bool:
    if title_word in have or cues.ROLE_FITS.get(title_word, frozenset()) & have:
        return True
    if cues.DEMONYMS.get(title_word) in have:
        return True
    # Russian ~ Russia, Ukrainian ~ Ukraine, German ~ Germany.
    return len(title_word) >= 5 and any(
        len(w) >= 5 and w[:5] == title_word[:5] and abs(len(w) - len(title_word)) <= 3 for w in have
    )


def person_spans(doc: Doc) -> list[Span]:
    """Every name of a person in `doc`, as spans over the name alone."""
    people = (
        name_spans(split_lines(list(doc.ents)))
        + titled_names(doc)
        + _titled_by_apposition(doc)
        + _known_first_names(doc)
        + _first_names_introduced(doc)
    )
    return [e for e in people if e.label_ == "PERSON" and name_like(e.text) and not _bracketed(e)]


def _bracketed(span: Span) -> bool:
    """ "Rasa Jankauskienė (Renew Europe)": a name alone in brackets is an affiliation (a party
    group, an outlet), which the model may tag as a person."""
    doc = span.doc
    return (
        span.start > 0
        and span.end < len(doc)
        and (doc[span.start - 1].text == "(" and doc[span.end].text == ")")
    )


def _titled_by_apposition(doc: Doc) -> list[Span]:
    """A name the model took for an organisation, which a title in apposition shows to be a
    person: "Anneliese Vormann, head of the bloc's delegation, said …"."""
    out = []
    for ent, name in _untagged_names(doc):
        root = ent.root
        titled = any(c.dep_ == "appos" and c.lower_ in cues.ROLE_NOUNS for c in root.children) or (
            root.dep_ == "appos" and root.head.lower_ in cues.ROLE_NOUNS
        )
        if titled:
            out.append(name)
    # … or no entity at all: "Rustem Umerov, Ukraine's chief negotiator, has given …".
    for tok in doc:
        if tok.pos_ != "PROPN" or tok.ent_type_ or tok.dep_ == "compound":
            continue
        if not any(c.dep_ == "appos" and c.lower_ in cues.ROLE_NOUNS for c in tok.children):
            continue
        words = [c for c in tok.lefts if c.dep_ == "compound" and c.i >= tok.i - 2] + [tok]
        if not 2 <= len(words) <= 3 or words[-1].i - words[0].i != len(words) - 1:
            continue
        if not all(w.is_title and w.is_alpha and not w.ent_type_ for w in words):
            continue
        if is_english_word(tok.lower_) or any(w.lower_ in cues.ROLE_NOUNS for w in words):
            continue
        out.append(Span(doc, words[0].i, tok.i + 1, label="PERSON"))
    return out


@functools.cache
def _first_names() -> gender_detector.Detector:
    return gender_detector.Detector(case_sensitive=False)


def is_first_name(word: str) -> bool:
    """A given name somewhere in Europe or beyond ("Annelise", "Oksana", "Mykhailo"); not a
    two-letter one ("Al Jazeera")."""
    return len(word) > 2 and word.isalpha() and _first_names().get_gender(word) != "unknown"


# Names written family name first: the guesser reads "Lin" (Lin Jian), "Kim" (Kim Jong Un) as
# Western given names, and "he said" after China's spokesman would skip him for a woman.
_FAMILY_FIRST = frozenset(
    [
        "wang",
        "li",
        "zhang",
        "liu",
        "chen",
        "yang",
        "huang",
        "zhao",
        "wu",
        "zhou",
        "xu",
        "sun",
        "ma",
        "zhu",
        "hu",
        "guo",
        "he",
        "lin",
        "luo",
        "gao",
        "mao",
        "xi",
        "qin",
        "fu",
        "geng",
        "hua",
        "zheng",
        "xie",
        "han",
        "tang",
        "feng",
        "deng",
        "cao",
        "peng",
        "zeng",
        "kim",
        "lee",
        "park",
        "choi",
        "jung",
        "kang",
        "cho",
        "yoon",
        "jang",
        "lim",
    ]
)
# East Slavic and Polish surnames carry the bearer's gender: "Sasha Petrova", "Olena Zelenska".
_FEMALE_SURNAME = re.compile(r"(?:ova|eva|yova|skaya|tskaya|ska|cka)$", re.I)
_MALE_SURNAME = re.compile(r"(?:ov|ev|yov|sky|skyy|skiy|ski|cki)$", re.I)


def name_gender(name: str) -> str:
    """ "f" or "m" when the name clearly says which, else "": the given name (none when the name
    is written family name first), overruled by a feminine Slavic surname unless plainly male,
    and completed by a masculine one when it says nothing."""
    words = name.split()
    if not words:
        return ""
    if len(words) >= 2 and words[0].lower() in _FAMILY_FIRST:
        return ""
    first = words[0]
    found = _first_names().get_gender(first) if first.isalpha() else "unknown"
    # "Giacomo Casanova" stays a man: only a given name that is not plainly male gives way.
    if len(words) >= 2 and found != "male" and _FEMALE_SURNAME.search(words[-1]):
        return "f"
    gender = {"female": "f", "mostly_female": "f", "male": "m", "mostly_male": "m"}.get(found, "")
    if not gender and len(words) >= 2 and _MALE_SURNAME.search(words[-1]):
        return "m"
    return gender


def _known_first_names(doc: Doc) -> list[Span]:
    """A given name and a surname the entity model took for an organisation or a place: the
    small model tags "Annelise Brunner" and "Oksana Melnychuk" ORG in some texts."""
    return [
        name
        for _ent, name in _untagged_names(doc)
        if is_first_name(name[0].text) and not is_first_name(name[-1].text)
    ]


def _first_names_introduced(doc: Doc) -> list[Span]:
    """A given name alone, which a feature introduces by age or by who the person is: "Olena,
    34, …", "Olena, a nurse who fled Kharkiv, …". The model tags such names ORG or nothing."""
    out = []
    for tok in doc[:-3]:
        if tok.ent_type_ == "PERSON" or not tok.is_title or not is_first_name(tok.text):
            continue
        if tok.i > 0 and doc[tok.i - 1].is_title and not doc[tok.i - 1].is_sent_start:
            continue  # part of a longer name or title
        nxt, after = doc[tok.i + 1], doc[tok.i + 2]
        if nxt.text != ",":
            continue
        aged = after.like_num and after.text.isdigit() and 10 <= int(after.text) <= 110
        described = after.lower_ in ("a", "an") and any(
            t.lower_ in cues.PERSON_NOUNS for t in doc[tok.i + 3 : tok.i + 7]
        )
        if aged or described:
            out.append(Span(doc, tok.i, tok.i + 1, label="PERSON"))
    # Once introduced, the name alone is that person again: "Back at the centre, Olena …".
    known = {span.text for span in out}
    again = [
        Span(doc, tok.i, tok.i + 1, label="PERSON")
        for tok in doc
        if tok.text in known
        and tok.ent_type_ != "PERSON"
        and not any(span.start == tok.i for span in out)
        and not (tok.i + 1 < len(doc) and doc[tok.i + 1].is_title and doc[tok.i + 1].is_alpha)
    ]
    return out + again


def _untagged_names(doc: Doc) -> list[tuple[Span, Span]]:
    """Entities not tagged as people that have the shape of a name, each with the name: two or
    three capitalised words, from the first given name on ("Ukraine Volodymyr Zelenskyy", tagged
    ORG, is "Volodymyr Zelenskyy")."""
    places = {e.text for e in doc.ents if e.label_ in ("GPE", "LOC", "NORP")}
    out = []
    for ent in doc.ents:
        if ent.label_ == "PERSON" or not 2 <= len(ent) <= 4:
            continue
        if not all(t.is_title and t.is_alpha for t in ent):
            continue
        if any(t.lower_ in cues.ORG_WORDS or t.lower_ in cues.ROLE_NOUNS for t in ent):
            continue
        # Only places may come before the name: "The Washington Post" is no "Washington Post".
        first = next((t.i for t in ent if is_first_name(t.text)), None)
        if first is None:  # "Germany Scholz": the country of a title the model ran on
            first = next((t.i for t in ent if t.text not in places), ent.end)
        if any(t.text not in places for t in doc[ent.start : first]):
            continue
        # A last word that is an English word makes the title of a paper or a body, not a
        # person ("Washington Post", "Stanford University"): the first-name list holds "Paris"
        # and "Marshall" too. People so named are rarely the ones the model mislabels.
        if is_english_word(doc[ent.end - 1].lower_):
            continue
        if 2 <= ent.end - first <= 3:
            out.append((ent, Span(doc, first, ent.end, label="PERSON")))
    return out


def titled_names(doc: Doc) -> list[Span]:
    """Names the entity model missed or mislabelled but a title announces: "Defense Minister
    Rustem Umerov", "President of Ukraine Volodymyr Zelenskyy" (tagged ORG)."""
    out = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        if not (tok.lower_ in cues.ROLE_NOUNS and tok.text[:1].isupper()):
            i += 1
            continue
        j = i + 1
        while j < len(doc) and j - i <= ROLE_SPAN and in_role_phrase(doc[j]):
            if _joins_titled_people(doc, j):
                break
            j += 1
        while j > i + 1 and not _name_word(doc[j - 1]):
            j -= 1  # "... Volodymyr Zelenskyy at" ends at the name
        # The name closes the phrase: its last two capitalised words (a longer name still
        # matches its owner by surname).
        k = j - 2
        if (
            (
                k > i
                and _name_word(doc[k])
                and _name_word(doc[k + 1])
                and (_not_an_organisation(doc[k:j]))
                # Not "Germany Scholz" (a country closing the title) nor "International Studies"
                # (a body's name): a place does not open a name, a dictionary word does not end one.
                and doc[k].ent_type_ not in ("GPE", "LOC", "NORP")
                and not is_english_word(doc[j - 1].lower_)
            )
            and not any(t.ent_type_ == "PERSON" for t in doc[k:j])
        ):
            out.append(Span(doc, k, j, label="PERSON"))
        i = max(j, i + 1)
    return out


def _joins_titled_people(doc: Doc, j: int) -> bool:
    """ "President of Ukraine Volodymyr Zelenskyy and UN Secretary-General António Guterres":
    the "and" ends the first title's name when a second title follows it. ("the National
    Security and Defense Council" goes on: no title follows its "and".)"""
    return (
        doc[j].lower_ == "and"
        and j >= 2
        and _name_word(doc[j - 1])
        and _name_word(doc[j - 2])
        and any(t.lower_ in cues.ROLE_NOUNS and t.text[:1].isupper() for t in doc[j + 1 : j + 5])
    )


def role_of(ent: Span) -> str:
    """The role the text gives next to a name: a title before it, else an apposition."""
    return _prefix_role(ent) or _appos_role(ent) or _title_before_comma(ent) or _relative_role(ent)


def _relative_role(ent: Span) -> str:
    """ "Sir Adrian Pell, who was Britain's ambassador in Moscow, said …": a title given in a
    relative clause, which "the former ambassador" later refers to."""
    for clause in ent.root.children:
        if clause.dep_ != "relcl" or clause.lemma_ != "be":
            continue
        for attr in clause.children:
            if attr.dep_ == "attr" and attr.lower_ in cues.ROLE_NOUNS:
                words = [t for t in attr.subtree if not t.is_punct]
                role = ent.doc[words[0].i : words[-1].i + 1].text
                # "who was …": a title held before, as "the former ambassador" says.
                return f"former {role}" if clause.tag_ == "VBD" else role
    return ""


def _title_before_comma(ent: Span) -> str:
    """ "The representative of the United States, Margaret Ellison, said": the name is in
    apposition to the title before the comma (the parser may hang it on "States")."""
    doc = ent.doc
    if ent.start < 2 or doc[ent.start - 1].text != "," or ent.root.dep_ != "appos":
        return ""
    tok = ent.root.head
    for _ in range(8):
        if tok.lower_ in cues.ROLE_NOUNS:
            words = doc[tok.left_edge.i : ent.start - 1]
            return words.text[4:] if words.text.lower().startswith("the ") else words.text
        if tok.dep_ not in ("pobj", "prep", "compound") or tok.head.i == tok.i:
            return ""
        tok = tok.head
    return ""


def _prefix_role(ent: Span) -> str:
    doc = ent.doc
    j = ent.start - 1
    lo = max(ent.sent.start, ent.start - ROLE_SPAN)
    # The entity model may have put the title inside the name ("President of Ukraine ...").
    own = next((e.start for e in doc.ents if e.start <= ent.start < e.end), ent.start)
    while j >= lo:
        t = doc[j]
        # Another person's name ends the title; a title word the model tagged as a person
        # ("Deputy Head") does not.
        person = t.ent_type_ == "PERSON" and j < own
        if person and t.lower_ not in cues.ROLE_NOUNS and t.lower_ not in cues.TITLE_MODIFIERS:
            break
        if t.ent_type_ in ("DATE", "TIME", "CARDINAL"):
            break
        joins_titles = t.lower_ == "and" and j > lo and doc[j - 1].lower_ in cues.ROLE_NOUNS
        # "Secretary of the National Security and Defense Council": "and" inside a body's name.
        joins_names = t.lower_ == "and" and j > lo and doc[j - 1].is_title and doc[j + 1].is_title
        ok = (
            (in_role_phrase(t) and t.lower_ != "and" and (t.lower_ != "the" or j > lo))
            or joins_titles  # "Deputy Prime Minister and Minister for ..."
            or joins_names
            or (t.text in "-–" and j > lo)
        )
        if not ok:
            break
        j -= 1
    toks = list(doc[j + 1 : ent.start])
    lowercase = doc.text.islower()
    while toks and (
        toks[0].pos_ in ("ADP", "DET", "PART", "CCONJ")
        or toks[0].tag_ == "POS"
        or (toks[0].pos_ == "VERB" and toks[0].lower_ not in cues.TITLE_MODIFIERS)  # "According to"
        # "a cabinet reshuffle President Volodymyr Zelensky", "a lengthy conversation with
        # President Joseph Biden": the title starts at "President".
        or (
            toks[0].text.islower()
            and toks[0].lower_ not in cues.ROLE_NOUNS
            and toks[0].lower_ not in cues.TITLE_MODIFIERS
            and not lowercase
        )
    ):
        toks = toks[1:]
    if not toks or not any(t.lower_ in cues.ROLE_NOUNS for t in toks):
        return ""
    return doc[toks[0].i : ent.start].text.strip(" -–")


def _appos_role(ent: Span) -> str:
    if _subject_of_next_verb(ent):
        return ""
    found = [r for r in (_parsed_appos(ent), _written_appos(ent)) if r]
    # The parser often cuts an apposition short ("Adviser" of "Adviser to the Head of ...").
    return max(found, key=len, default="")


def _subject_of_next_verb(ent: Span) -> bool:
    """ "… contact with Zelensky, the President of Russia reaffirmed …": the title after the
    comma is the subject of the verb that follows it, not the name's apposition."""
    m = _APPOS_RE.match(ent.doc.text, ent.end_char)
    if m is None or m.group(0).rstrip()[-1:] in ",;":
        return False
    span = ent.doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
    if span is None or span.end >= len(ent.doc):
        return False
    return any(t.pos_ == "VERB" and not t.is_title for t in span[1:])


def _written_appos(ent: Span) -> str:
    m = _APPOS_RE.match(ent.doc.text, ent.end_char)
    if m and any(w in cues.ROLE_NOUNS for w in role_words(m.group(1))):
        return m.group(1).strip()
    return ""


def _parsed_appos(ent: Span) -> str:
    for child in ent.root.children:
        if child.dep_ == "appos" and child.i > ent.end - 1:
            toks = [t for t in child.subtree if t.i >= child.i or t.dep_ != "punct"]
            stop = next((t.i for t in toks if t.dep_ in ("relcl", "acl") and t.i > child.i), None)
            toks = [t for t in toks if stop is None or t.i < stop]
            text = ent.doc[toks[0].i : toks[-1].i + 1].text.strip(" ,;")
            if any(w in cues.ROLE_NOUNS for w in role_words(text)):
                return text
    return ""


ROLE_SPAN = 16  # longest title phrase before a name, in tokens


def name_like(text: str) -> bool:
    """A person's name: letters, at most five words, no list of places joined by dashes."""
    words = text.split()
    return (
        any(c.isalpha() for c in text)
        and not all(w.lower() in STOP_WORDS for w in words)  # "Of", from "Head of ..."
        and not any(c.isdigit() for c in text)
        and len(words) <= 5
        and not any(w in ("-", "–", "—", "/") for w in words)
    )


def in_role_phrase(t: Token) -> bool:
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
    # The tagger may make an unfamiliar surname a noun ("Dmytro Lubinets"): a capitalised
    # word inside a sentence that no dictionary knows is a name all the same.
    unknown_noun = (
        t.pos_ == "NOUN" and t.is_title and not t.is_sent_start and not is_english_word(t.lower_)
    )
    return (
        (t.pos_ == "PROPN" or unknown_noun)
        and t.text[:1].isupper()
        and t.lower_ not in cues.ROLE_NOUNS
        and t.lower_ not in cues.ORG_WORDS
    )


def _not_an_organisation(span: Span) -> bool:
    """Reject "the European Commission": an entity of its own that starts where the name would."""
    first = span[0]
    if first.ent_type_ in ("ORG", "GPE", "NORP", "FAC", "LOC") and first.ent_iob_ == "B":
        return False
    return not any(t.ent_type_ in ("DATE", "TIME", "CARDINAL") for t in span)


def name_spans(ents: list[Span]) -> list[Span]:
    """Person entities reduced to the name: "President of Ukraine Volodymyr Zelenskyy" ->
    "Volodymyr Zelenskyy" (the title stays in the text, where the role finder reads it), and
    "Ursula von der" completed to "Ursula von der Leyen"."""
    out = []
    # Words the model tags as places elsewhere in the text: "Prime Minister of Canada Trudeau"
    # is tagged "Canada Trudeau" there, "Canada" alone elsewhere.
    places = {
        w.lower() for e in ents if e.label_ in ("GPE", "LOC", "NORP") for w in e.text.split()
    } - {"the", "of", "and"}
    for ent in ents:
        if ent.label_ != "PERSON":
            out.append(ent)
            tail = _named_tail(ent)
            if tail is not None:
                out.append(tail)
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
            # "Chancellor of Austria Karl Nehammer": the title's country, tagged as a name.
            or (end - start > 2 and start > 0 and doc[start - 1].lower_ == "of")
            or (start > 0 and doc[start - 1].lower_ == "of" and doc[start].lower_ in places)
        ):
            start += 1
        # "President of Estonia Alar Karis", tagged "Karis": the given name left untagged.
        # Only for a lone tagged word: "… Office Mykhailo Podoliak" is whole already.
        if end - start == 1 and start > 0 and _untagged_name_word(doc[start - 1]):
            start -= 1
        # "Ursula von" -> "Ursula von der Leyen": particles run on until the capitalised word.
        while (
            end < len(doc)
            and doc[end - 1].lower_ in _PARTICLES
            and (doc[end].text[:1].isupper() or doc[end].lower_ in _PARTICLES)
        ):
            end += 1
        if end > ent.end and doc[end - 1].lower_ in _PARTICLES:
            end = ent.end  # no capitalised word closed the run: the model's span stands
        if start < end:
            out.append(Span(doc, start, end, label="PERSON"))
    return out


_PARTICLES = {"von", "van", "der", "de", "da", "di", "del", "la", "le", "bin", "al"}


def _untagged_name_word(t: Token) -> bool:
    return (
        t.pos_ == "PROPN"
        and t.ent_type_ == ""
        and t.is_title
        and t.is_alpha
        and t.lower_ not in cues.ROLE_NOUNS
        and t.lower_ not in STOP_WORDS
    )


def _named_tail(ent: Span) -> Span | None:
    """The person closing an organisation's span: "the Servant of the People faction Davyd
    Arakhamia" (tagged ORG) -> "Davyd Arakhamia". Only two or three capitalised words after a
    lowercase one, so "Ministry of Foreign Affairs" keeps its words."""
    words = list(ent)
    for k in range(len(words) - 1, 0, -1):
        t = words[k - 1]
        if t.is_lower and t.is_alpha and t.lower_ not in ("of", "the", "and", "for"):
            tail = words[k:]
            if 2 <= len(tail) <= 3 and all(w.is_title and w.is_alpha for w in tail):
                return Span(ent.doc, tail[0].i, ent.end, label="PERSON")
            return None
    return None


def split_lines(ents: list[Span]) -> list[Span]:
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
