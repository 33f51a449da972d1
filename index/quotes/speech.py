"""Whole speeches: an article that *is* one person's address ("Address by the President of
Ukraine Volodymyr Zelenskyy", "We will win - address by President Volodymyr Zelenskyy", "Speech
by the President of Ukraine at the Munich Security Conference") is that person's words from
start to end, though no quotation mark or speech verb says so. Without this, a member asking
what Zelenskyy said about the talks in an address gets passages with no speaker at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from index.quotes import cues
from index.quotes.people import person_spans

# "Address by X", "Video address by X", "Speech by X", "… - address by X", "X's address" is
# left out: a title quoting a speech ("Putin's address shocked …") is an article about it.
_SPEECH_TITLE = re.compile(
    r"(?:^|\s[-–—:]\s)(?:video |evening |new year )?(?:address|speech)\s+(?:by|of)\s+(?P<who>.+)$",
    re.IGNORECASE,
)
# "<headline> - President Volodymyr Zelenskyy's address", "<headline> - President's address":
# after a dash only, since a title opening with "X's address" is usually an article about it.
_OWN_SPEECH_TITLE = re.compile(
    r"\s[-–—:]\s(?P<who>[^-–—:]{2,80}?)['’]s\s+(?:video |evening )?(?:address|speech)\s*$",
    re.IGNORECASE,
)
# Where the speaker ends and the occasion begins: "… Zelenskyy to the Bundestag".
_OCCASION = re.compile(r"\s+(?:to|at|in|on|before|for|during|after|within)\s.*$")
# A chunk of consecutive sentences of the speech becomes one quotation of about this size.
CHUNK_WORDS = 60
MIN_WORDS = 4  # shorter runs are headings and sign-offs ("Glory to Ukraine!")


@dataclass
class SpeechSpeaker:
    name: str  # a person's name, or the office when the title names no one
    role: str
    kind: str  # "person" or "unnamed"


def speech_speaker(
    title: str, nlp: Callable[[str], Doc] | None = None, source: str = ""
) -> SpeechSpeaker | None:
    """Who gives the speech an article's title announces, or None when it announces none.

    With `nlp` (a spaCy pipeline), a person's name ending the phrase is found ("President of
    Ukraine Volodymyr Zelenskyy"); without it, only whether there is a speaker is known. A bare
    office ("address by the President") is the outlet's when the outlet is that office
    ("President of Ukraine (president.gov.ua)")."""
    m = _SPEECH_TITLE.search(title) or _OWN_SPEECH_TITLE.search(title)
    if m is None:
        return None
    who = _OCCASION.sub("", m.group("who")).strip(" .")
    if not who or re.search(r"\band\b|,", who) or any(c.isdigit() for c in who):
        return None  # a joint address has no single speaker
    if nlp is not None:
        doc = nlp(who)
        names = [e for e in person_spans(doc) if e.end_char >= len(who.rstrip(" ."))]
        if names:
            start = names[-1].start
            # The model can leave a first name out ("Andriy | Yermak"): take it back.
            while start > 0 and _first_name(doc[start - 1]):
                start -= 1
            name = doc[start : names[-1].end]
            role = who[: name.start_char].strip(" ,")
            return SpeechSpeaker(name.text, role.removeprefix("the "), "person")
    office = re.sub(r"\bthe Russian Federation\b", "Russia", who)
    office = office if office.lower().startswith("the ") else "the " + office
    outlet = re.sub(r"\s*\(.*\)\s*$", "", source).strip()
    if len(office.split()) < 3 and outlet.lower().startswith(office[4:].lower() + " of "):
        office = "the " + outlet  # "the President" on the President of Ukraine's own site
    if len(office.split()) < 3:
        return None  # "the President" alone: whose?
    return SpeechSpeaker(office, "", "unnamed")


def _first_name(tok: Token) -> bool:
    return (
        tok.pos_ == "PROPN"
        and tok.text[:1].isupper()
        and tok.ent_type_ not in ("GPE", "ORG", "NORP", "LOC", "FAC")
        and tok.lower_ not in cues.ROLE_NOUNS
    )


def speech_chunks(doc: Doc, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of whole sentences outside the quotations already found, within one paragraph,
    about CHUNK_WORDS each."""
    text = doc.text
    chunks: list[tuple[int, int]] = []
    run: list[tuple[int, int, int]] = []  # (start, end, words) of the current chunk's sentences

    def close() -> None:
        if run and sum(n for _, _, n in run) >= MIN_WORDS:
            chunks.append((run[0][0], run[-1][1]))
        run.clear()

    for sent in doc.sents:
        raw = sent.text
        s = sent.start_char + len(raw) - len(raw.lstrip())
        e = sent.start_char + len(raw.rstrip())
        if e <= s:
            continue
        if any(a < e and s < b for a, b in taken):
            close()
            continue
        if run and "\n" in text[run[-1][1] : s]:
            close()  # a paragraph ends a chunk
        run.append((s, e, len(text[s:e].split())))
        if sum(n for _, _, n in run) >= CHUNK_WORDS:
            close()
    close()
    return chunks
