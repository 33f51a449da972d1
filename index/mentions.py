"""Which speakers a question names or describes ("putin", "the kremlin", "zelenksy",
"the ukrainian foreign minister"), strictly enough that ordinary words never match a name."""

from __future__ import annotations

import functools
import re

from rapidfuzz import fuzz, process
from spacy.lang.en.stop_words import STOP_WORDS

from .speakers import SpeakerRegistry, norm

# Words that make a phrase a description of a person by office ("russian foreign minister").
ROLE_HEADS = {
    "president",
    "minister",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "leader",
    "adviser",
    "advisor",
    "chancellor",
    "secretary",
    "ambassador",
    "envoy",
    "chief",
    "head",
    "premier",
    "negotiator",
    "official",
    "officials",
    "diplomat",
    "prime",
    "aide",
    "analyst",
    "expert",
}
_PLACE_PREPOSITIONS = {"in", "at", "from", "near", "into", "inside", "outside", "around", "via"}
_GENERIC = {"president", "minister", "leader", "official", "officials", "the", "a", "an"}
_FUZZY = 85.0


class SpeakerMatcher:
    def __init__(self, registry: SpeakerRegistry, speakers_with_quotes: set[str]) -> None:
        self.registry = registry
        self.quoted = speakers_with_quotes
        self.keys: dict[str, str] = {}
        surnames: dict[str, str] = {}
        self._patterns: dict[str, re.Pattern[str]] = {}
        self._anyone: re.Pattern[str] | None = None
        for e in registry.entries():
            if e.name not in speakers_with_quotes:
                continue
            for name in [e.name, *e.aliases]:
                key = norm(name)
                # A learned name can be an ordinary word ("Of"): it must never match one.
                if key and key not in _GENERIC and key not in STOP_WORDS:
                    self.keys.setdefault(key, e.name)
            if e.kind == "person":
                last = norm(e.name).split()[-1:] or [""]
                if len(last[0]) >= 4 and last[0] not in STOP_WORDS:
                    surnames.setdefault(last[0], e.name)
                    self.keys.setdefault(last[0], e.name)
        self.surnames = surnames

    def named_in(self, text: str, speaker: str) -> bool:
        """Whether a passage names the speaker (any alias, or a person's surname)."""
        pattern = self._patterns.get(speaker)
        if pattern is None:
            keys = sorted({k for k, v in self.keys.items() if v == speaker}, key=len, reverse=True)
            alts = "|".join(re.escape(k) for k in keys) or "(?!)"
            pattern = self._patterns[speaker] = re.compile(rf"\b(?:{alts})\b")
        return bool(pattern.search(_normed(text)))

    def names_someone(self, text: str) -> bool:
        """Whether a passage names any person the index has quotations of."""
        if self._anyone is None:
            keys = sorted(
                (k for k, v in self.keys.items() if self.registry.kind_of(v) == "person"),
                key=len,
                reverse=True,
            )
            alts = "|".join(re.escape(k) for k in keys) or "(?!)"
            self._anyone = re.compile(rf"\b(?:{alts})\b")
        return bool(self._anyone.search(_normed(text)))

    def terms_of(self, speakers: list[str]) -> set[str]:
        """The keyword terms of the speakers' names and aliases."""
        from .keyword import tokenize

        return {t for k, v in self.keys.items() if v in speakers for t in tokenize(k)}

    def knows(self, phrase: str) -> bool:
        """Whether a name or description matches any speaker with quotations."""
        key = norm(phrase)
        # "putins spokesman": Discord drops the apostrophe of a possessive.
        words = [w for w in key.split() if len(w) >= 4]
        if key in self.keys or any(w in self.keys or w[:-1] in self.keys for w in words):
            return True
        name = self.registry.resolve(phrase)
        return name is not None and name in self.quoted

    def whose_words(self, question: str, mentioned: list[str]) -> list[str]:
        """The speakers whose words a question asks for, among those it mentions.

        "what did putin say about the plant to macron": Putin speaks; Macron, who listens, and
        names in the topic are not asked about.
        """
        subjects = speech_subjects(question, mentioned)
        headed = _HEADLINE.match(" ".join(question.lower().split()))
        if not subjects and headed and _name_only(headed.group("x")):
            # "zelenskyy on rai 1: would he talk to putin", "kuleba on the grain deal": the
            # way people ask for someone's words in a line.
            subjects = [s for s in self.find(headed.group("x")) if s in mentioned]
        asked = asked_speaker(question)
        if subjects and asked:
            subjects = [s for s in self.find(asked) if s in subjects] or subjects
        owners = self._owners(question)
        return [s for s in subjects if s not in owners]

    def _owners(self, question: str) -> set[str]:
        """People named as the owner of who speaks ("putin's spokesman", "zelenskys office"):
        their office speaks for them, but the words asked for are not theirs. Whoever the
        office alone describes is not asked for either: "zelensky's chief of staff" is not
        the Kremlin's, whom "chief of staff" alone finds."""
        owned: set[str] = set()
        for m in _OWNED.finditer(" ".join(question.lower().replace("’", "'").split())):
            found = self.find(m.group("owner")) or self.find(m.group("owner") + "s")
            if any(self.registry.kind_of(n) == "person" for n in found):
                owned.update(found)
                owned.update(self.find(m.group("role")))
        return owned

    def find(self, question: str) -> list[str]:
        words = re.findall(r"[\w'’-]+", question.lower().replace("’", "'"))
        words = [w[:-2] if w.endswith("'s") else w for w in words]
        found: list[str] = []
        used: set[int] = set()
        for n in (4, 3, 2, 1):
            for i in range(len(words) - n + 1):
                span = set(range(i, i + n))
                if span & used:
                    continue
                phrase = " ".join(words[i : i + n])
                name = self.keys.get(norm(phrase))
                if name is None and n >= 2 and ROLE_HEADS & set(words[i : i + n]):
                    name = self.registry.resolve(phrase) if _described(phrase) else None
                if name is None and n == 1 and len(phrase) >= 6 and self.surnames:
                    hit = process.extractOne(
                        phrase, list(self.surnames), scorer=fuzz.ratio, score_cutoff=_FUZZY
                    )
                    name = self.surnames[hit[0]] if hit else None
                if (
                    name
                    and i > 0
                    and words[i - 1] in _PLACE_PREPOSITIONS
                    and self.registry.kind_of(name) == "organisation"
                ):
                    continue  # "talks in kyiv": the place, not the government speaking
                if name and name not in found:
                    found.append(name)
                    used |= span
        return found


@functools.lru_cache(maxsize=4096)
def _normed(text: str) -> str:
    # The same candidate passages come back question after question: normalise each once.
    return norm(text)


# A question about someone's words, not their deeds ("what did putin say", "kuleba's view").
# "feel" (how does X feel about …) measured with e5: corpus-ext recall@5 0.932 -> 0.946,
# nothing else moved; with MiniLM it had cost recall@1 0.014 (third session).
SPEECH_CUES = re.compile(
    r"\b(say|says|said|saying|tell|tells|told|think|thinks|thought|claim\w*|call\w*|warn\w*|"
    r"insist\w*|argu\w*|stat\w*|according|quot\w*|words?|comments?|remarks?|position|view|"
    r"stance|take|reaction|respon\w*|repl\w*|react\w*|mean|meant|statement|speech|interview|"
    r"announc\w*|declar\w*|accus\w*|promis\w*|threat\w*|describ\w*|feel|feels|felt)\b"
)


def speech_subjects(question: str, mentioned: list[str]) -> list[str]:
    """The named speakers whose *words* the question asks for.

    "who said macron was humiliated" names Macron as the topic, not the speaker; "did
    zelenskyy challenge putin" asks about a deed. Only questions about speech, and not "who …"
    questions, make a named person's quotations rank first.
    """
    q = question.lower().strip()
    if not mentioned or q.startswith(("who ", "who's", "whom")) or not SPEECH_CUES.search(q):
        return []
    return mentioned


# "X's <office or body>": X owns who speaks. The apostrophe is often left out on Discord.
_OWNED = re.compile(
    r"\b(?P<owner>[a-z][\w-]*?)(?:'s|s)? (?P<role>spokes(?:man|woman|person)|press secretary|office|"
    r"aides?|advis[eo]rs?|chief of staff|team|government|govt|administration|security council|"
    r"delegation|negotiators?|ministry|envoys?|representatives?|camp|cabinet)\b"
)
_X = r"(?P<x>[\w'’. -]{2,40}?)"
_SPEECH_VERB = (
    r"(?:say|said|tell|told|think|claim|warn|threaten|promise|insist|argue|announce|"
    r"reply|respond|suggest|propose|demand|admit|deny|tweet|write|comment)"
)
_ASKED = [
    re.compile(rf"\bwhat (?:did|does|do|has|have|would|will|is) {_X} (?:ever )?{_SPEECH_VERB}\b"),
    re.compile(rf"\b(?:did|does|has|have) {_X} (?:ever |really |actually )?{_SPEECH_VERB}\b"),
    re.compile(
        rf"^{_X}(?:'s|’s) (?:view|take|position|stance|comments?|remarks?|reaction|words)\b"
    ),
    re.compile(rf"\baccording to {_X}(?:[,?.!]|$)"),
]
# "<speaker> on <topic>": only when the head resolves to a quoted speaker, so "talks on
# grain" asks for no one.
_HEADLINE = re.compile(r"^(?P<x>[\w'’. -]{2,40}?)(?:'s|’s)? (?:on|about|re)\b")
_NOT_A_NAME = {
    "he",
    "she",
    "they",
    "it",
    "we",
    "you",
    "i",
    "anyone",
    "anybody",
    "someone",
    "somebody",
    "everyone",
    "nobody",
    "people",
    "that",
    "this",
    "who",
    "what",
}


def _name_only(phrase: str) -> bool:
    """A short name or description, not a clause ("did biden and putin talk")."""
    words = re.sub(r"^the ", "", phrase).split()
    return 0 < len(words) <= 4 and not any(w in STOP_WORDS for w in words)


def asked_speaker(question: str) -> str | None:
    """The person whose words a question asks for ("what did rutte say" -> "rutte")."""
    q = " ".join(question.lower().replace("’", "'").split())
    for pattern in _ASKED:
        m = pattern.search(q)
        if m:
            x = re.sub(r"^(?:the|mr|mrs|ms|dr|president|minister)\.? ", "", m.group("x").strip())
            if x and x not in _NOT_A_NAME and len(x.split()) <= 5:
                return x
    return None


def _described(phrase: str) -> bool:
    """A role description needs an office plus something that narrows it down."""
    words = phrase.split()
    return len([w for w in words if w not in _GENERIC]) >= 1 and len(words) >= 2
