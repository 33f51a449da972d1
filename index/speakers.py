"""Speaker registry: one canonical name per speaker, with spelling variants, aliases and roles.

Extraction calls `canonical()` for every speaker it attributes a quotation to; the registry merges
spelling variants (Zelensky / Zelenskyy / Zelenskiy) and partial names (surname only) into one entry.
User look-ups go through `resolve()`, which also accepts aliases, roles ("ukrainian foreign
minister") and small misspellings. Moderators extend it with an aliases file (corpus/speakers.yaml).

Canonical names handed out earlier can be upgraded (a surname-only entry "Putin" becomes "Vladimir
Putin" when the full name appears); `canonical(old)` keeps returning the current name, so callers
re-map stored speakers through it once a build is finished.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from rapidfuzz import fuzz, process

log = logging.getLogger(__name__)

Kind = Literal["person", "organisation", "unnamed"]
KINDS: tuple[str, ...] = ("person", "organisation", "unnamed")

# Titles and honorifics dropped from person names before matching ("President Putin" -> "Putin").
_HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "president",
    "chancellor",
    "minister",
    "secretary",
    "general",
    "prime",
    "premier",
    "senator",
    "rep",
    "representative",
    "ambassador",
    "king",
    "queen",
    "pope",
    "prince",
    "foreign",
    "defence",
    "defense",
    "deputy",
    "vice",
    "spokesman",
    "spokeswoman",
}
_SURNAME_MIN = 4  # below this a fuzzy surname match is too easy (Kim / Kin)
_SURNAME_RATIO = 85.0
_GIVEN_RATIO = 60.0
_SURNAME_RATIO_SAME_GIVEN = 75.0
_FUZZY_CUTOFF = 80.0
_ROLE_STOP = {"the", "a", "an", "of", "to", "for", "and", "in", "at", "with", "'s", "s"}


@dataclass
class SpeakerEntry:
    name: str
    role: str = ""
    aliases: list[str] = field(default_factory=list)
    kind: Kind = "person"


def norm(text: str) -> str:
    """Lowercase, accents and punctuation removed, leading article dropped: the matching key."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^(the|a|an) ", "", text)


def _person_tokens(name: str) -> list[str]:
    toks = norm(name).split()
    while len(toks) > 1 and toks[0] in _HONORIFICS:
        toks = toks[1:]
    return toks


# Titles that texts write another way: a member asks for the foreign minister, a wire story
# calls him the "diplomacy chief" (the seeds' Andrii Sybiha).
_ROLE_SAYINGS = {
    "foreign minister": ("diplomacy chief", "top diplomat", "foreign affairs minister"),
    "spokesman": ("press secretary", "spokesperson", "spokeswoman"),
    "spokeswoman": ("press secretary", "spokesperson", "spokesman"),
    "defence minister": ("defense minister",),
    "defense minister": ("defence minister",),
}


def _role_words(text: str) -> set[str]:
    return {w for w in norm(text).split() if w not in _ROLE_STOP}


def _acronyms(role: str) -> set[str]:
    """Initials of each run of three or more words of a title, as members type the body:
    "Secretary of the National Security and Defense Council" -> "nsdc" among others."""
    words = [w for w in norm(role).split() if w not in _ROLE_STOP]
    return {
        "".join(w[0] for w in words[i:j])
        for i in range(len(words))
        for j in range(i + 3, len(words) + 1)
    }


class SpeakerRegistry:
    """Canonical speakers of one corpus; see the module docstring."""

    def __init__(self) -> None:
        self._entries: dict[str, SpeakerEntry] = {}  # canonical name -> entry
        self._keys: dict[str, str] = {}  # normalised name or alias -> canonical name
        self._roles: dict[str, list[str]] = {}  # canonical name -> every role seen
        self._pinned: set[str] = set()  # names from the aliases file: never renamed

    # -- loading -------------------------------------------------------------------------
    @classmethod
    def from_aliases_file(cls, path: Path | None) -> SpeakerRegistry:
        """Registry seeded from a moderators' YAML file; a missing file gives an empty one."""
        registry = cls()
        if path is None or not Path(path).exists():
            return registry
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        for item in data.get("speakers", []) or []:
            kind = item.get("kind", "person")
            if kind not in KINDS:
                log.warning("aliases file %s: unknown kind %r for %s", path, kind, item.get("name"))
                kind = "person"
            entry = SpeakerEntry(
                name=str(item["name"]),
                role=str(item.get("role", "") or ""),
                aliases=[str(a) for a in item.get("aliases", []) or []],
                kind=kind,
            )
            registry.add_entry(entry)
            registry._pinned.add(entry.name)
        return registry

    def add_entry(self, entry: SpeakerEntry) -> None:
        """Add (or merge into an existing entry of the same name) a complete entry."""
        current = self._entries.get(entry.name)
        if current is None:
            current = SpeakerEntry(entry.name, entry.role, [], entry.kind)
            self._entries[entry.name] = current
            self._keys.setdefault(norm(entry.name), entry.name)
        if entry.role:
            self._add_role(entry.name, entry.role)
        for alias in entry.aliases:
            self._add_alias(entry.name, alias)

    # -- registration ----------------------------------------------------------------------
    def canonical(self, name: str, role: str = "", kind: Kind | str = "") -> str:
        """The canonical name for `name`, registering a new speaker when nothing matches."""
        name = re.sub(r"\s+", " ", name).strip().strip(",.;:")
        if not name:
            raise ValueError("empty speaker name")
        found = self._match(name, kind)
        if found is None:
            kind = kind if kind in KINDS else "person"
            self._entries[name] = SpeakerEntry(name=name, kind=kind)  # type: ignore[arg-type]
            self._keys[norm(name)] = name
            found = name
        elif self._entries[found].kind == "person" and self._fuller(name, found):
            found = self._rename(found, name)
        elif norm(name) != norm(found):
            self._add_alias(found, name)
        if role and self._entries[found].kind == "person":
            # A body's "role" read off a text is a misparse ("Kyiv, President of Ukraine … and
            # …"); it would make the body the holder of an office.
            self._add_role(found, role)
        return found

    def lookup(self, name: str, kind: Kind | str = "") -> str | None:
        """The canonical name `name` would map to, without registering anything."""
        return self._match(name, kind) if name.strip() else None

    def kind_of(self, name: str) -> str | None:
        found = self._keys.get(norm(name))
        return self._entries[found].kind if found else None

    def same(self, a: str, b: str) -> bool:
        """Whether two names denote the same registered speaker (registering neither)."""
        if norm(a) == norm(b):
            return True
        ca, cb = self._match(a, ""), self._match(b, "")
        if ca is not None and ca == cb:
            return True
        kinds = {self._entries[c].kind for c in (ca, cb) if c is not None}
        return kinds <= {"person"} and same_person(a, b)

    def _match(self, name: str, kind: str) -> str | None:
        key = norm(name)
        if key in self._keys:
            return self._keys[key]
        if kind in ("organisation", "unnamed"):
            return self._fuzzy_key(key, kinds={kind})
        toks = _person_tokens(name)
        if not toks:
            return None
        if " ".join(toks) in self._keys:
            return self._keys[" ".join(toks)]
        candidates = [
            e.name for e in self._entries.values() if e.kind == "person" and _fits(toks, e)
        ]
        if not candidates and kind == "":
            return self._fuzzy_key(key, kinds={"organisation", "unnamed"}, cutoff=92.0)
        # The closest surname, then the fullest name: "Zelenska" is not "Volodymyr Zelensky" when
        # "Olena Zelenska" is known.
        return max(
            candidates,
            key=lambda n: (fuzz.ratio(toks[-1], _person_tokens(n)[-1]), len(_person_tokens(n))),
            default=None,
        )

    def _fuzzy_key(self, key: str, kinds: set[str], cutoff: float = _FUZZY_CUTOFF) -> str | None:
        choices = {k: n for k, n in self._keys.items() if self._entries[n].kind in kinds}
        if not choices or len(key) < 4:
            return None
        for hit, _score, _ in process.extract(
            key, list(choices), scorer=fuzz.ratio, score_cutoff=cutoff, limit=5
        ):
            name = choices[hit]
            # A body's name spelt differently is the same body; one with another word is not:
            # "the US leadership" is not "the UN leadership" nor "the Russian leadership".
            if self._entries[name].kind == "person" or _same_words(key, hit):
                return name
        return None

    def _fuller(self, new: str, current: str) -> bool:
        if current in self._pinned:
            return False
        return len(_person_tokens(new)) > len(_person_tokens(current))

    def _rename(self, old: str, new: str) -> str:
        entry = self._entries.pop(old)
        entry.aliases = [a for a in entry.aliases if norm(a) != norm(new)]
        entry.aliases.append(old)
        entry.name = new
        self._entries[new] = entry
        self._roles[new] = self._roles.pop(old, [])
        for key, target in list(self._keys.items()):
            if target == old:
                self._keys[key] = new
        self._keys[norm(new)] = new
        return new

    def _add_alias(self, name: str, alias: str) -> None:
        entry = self._entries[name]
        key = norm(alias)
        if key and key != norm(name) and all(norm(a) != key for a in entry.aliases):
            entry.aliases.append(alias)
        # An alias never steals a key that already names someone else.
        self._keys.setdefault(key, name)

    def _add_role(self, name: str, role: str) -> None:
        role = role.strip(" ,.;:")
        roles = self._roles.setdefault(name, [])
        if role and all(norm(r) != norm(role) for r in roles):
            roles.append(role)
        entry = self._entries[name]
        if not entry.role and role:
            entry.role = role

    # -- look-up -----------------------------------------------------------------------------
    def resolve(self, query: str) -> str | None:
        """The speaker a user means by `query`, or None when nothing matches well."""
        key = norm(query)
        if not key:
            return None
        if key in self._keys:
            return self._keys[key]
        toks = _person_tokens(query)
        people = [e for e in self._entries.values() if e.kind == "person"]
        exact = [e.name for e in people if toks and _exact_person(toks, _person_tokens(e.name))]
        if exact:
            return exact[0]
        by_role = self._by_role(key)
        if by_role:
            return by_role
        hit = self._fuzzy_key(key, kinds=set(KINDS))
        if hit:
            return hit
        # Misspelt surname alone ("Zelenskiyy", "Podolak").
        if len(toks) == 1:
            surnames = {_person_tokens(e.name)[-1]: e.name for e in people}
            got = process.extractOne(
                toks[0], list(surnames), scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF
            )
            if got:
                return surnames[got[0]]
        return None

    def holder(self, office: str) -> str | None:
        """The speaker known to hold an office ("the President of Ukraine"), if any."""
        return self._by_role(norm(office))

    def _by_role(self, key: str) -> str | None:
        words = _role_words(key)
        if not words:
            return None
        if "leader" in words and len(words) > 1:
            # "the russian leader": the head of state or government the texts name by office.
            for office in ("president", "chancellor", "prime"):
                found = self._by_role_words((words - {"leader"}) | {office})
                if found:
                    return found
        found = self._by_role_words(words)
        if found:
            return found
        # "the ukrainian foreign minister" for a text's "Ukrainian diplomacy chief".
        for phrase, others in _ROLE_SAYINGS.items():
            said = set(phrase.split())
            if said <= words:
                for other in others:
                    found = self._by_role_words((words - said) | set(other.split()))
                    if found:
                        return found
        return None

    def _by_role_words(self, words: set[str]) -> str | None:
        holders = self._role_holders(words)
        return holders[0] if holders else None

    def _role_holders(self, words: set[str]) -> list[str]:
        """Everyone with a role all these words fit, the closest fit first ("President" before
        "President of Russia" for "president")."""
        scores: dict[str, float] = {}
        for name, roles in self._roles.items():
            for role in roles:
                have = _role_words(role)
                acronyms = _acronyms(role)
                if all(_word_in(w, have) or w in acronyms for w in words):
                    scores[name] = max(scores.get(name, 0.0), len(words) / len(have))
        # Stable: on a tie the speaker registered first comes first, as before.
        return sorted(scores, key=lambda n: -scores[n])

    def alternatives(self, query: str) -> list[str]:
        """Every speaker `query` may mean: "president" may be several presidents, "foreign
        minister" two countries' ministers, "Vladimir" two Vladimirs. One name when it is
        unambiguous, none when nothing fits."""
        found = self.resolve(query)
        key = norm(query)
        if found is None or key in self._keys:
            return [found] if found else []
        toks = _person_tokens(query)
        people = [e for e in self._entries.values() if e.kind == "person"]
        exact = [e.name for e in people if toks and _exact_person(toks, _person_tokens(e.name))]
        if len(exact) > 1:
            return exact
        words = _role_words(key)
        if not exact and words and "leader" not in words:
            holders = self._role_holders(words)
            if found in holders and len(holders) > 1:
                return holders
        return [found]

    def entries(self) -> list[SpeakerEntry]:
        return list(self._entries.values())

    def roles(self, name: str) -> list[str]:
        """Every role the texts gave this speaker, first seen first."""
        current = self._keys.get(norm(name)) or (self._match(name, "") if name.strip() else None)
        return list(self._roles.get(current, [])) if current else []

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and norm(name) in self._keys


def same_person(a: str, b: str) -> bool:
    """Whether two person names can denote the same person (surname, variants, initials)."""
    ta, tb = _person_tokens(a), _person_tokens(b)
    return bool(ta and tb) and _compatible(ta, tb)


def _fits(toks: list[str], entry: SpeakerEntry) -> bool:
    """Whether a name can be `entry`'s person. A full name is held against the entry's full
    names only: a lone given name the entry absorbed ("Oleksandr") must not make it the home of
    every other Oleksandr."""
    names = [_person_tokens(n) for n in (entry.name, *entry.aliases)]
    full = [n for n in names if len(n) > 1]
    if len(toks) > 1 and full:
        names = full
    return any(_compatible(toks, n) for n in names)


def _compatible(a: list[str], b: list[str]) -> bool:
    if len(a) == 1 or len(b) == 1:
        single, other = (a, b) if len(a) == 1 else (b, a)
        word = single[0]
        if len(other) == 1:
            return _surname_like(word, other[0])
        # A lone token is a surname (Putin) or, for names written surname first, the
        # first token (Kim of Kim Jong-un).
        return _surname_like(word, other[-1]) or (
            len(word) >= 3 and word == other[0] and len(other) <= 3
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if len(short) < len(long_) and long_[-len(short) :] == short:
        return True  # the name without its first given name: "Tayyip Erdogan"
    ga, gb = a[0], b[0]
    if ga == gb and len(ga) >= 3:
        # Same given name: the surname may be transliterated further apart (Podoyak/Podoliak).
        return fuzz.ratio(a[-1], b[-1]) >= _SURNAME_RATIO_SAME_GIVEN
    if not _surname_like(a[-1], b[-1]):
        return False
    return ga[0] == gb[0] and fuzz.ratio(ga, gb) >= _GIVEN_RATIO


def _word_in(word: str, have: set[str]) -> bool:
    """`word` or a form of it (ukrainian ~ ukraine, russian ~ russia) is among `have`."""
    return word in have or (len(word) >= 5 and any(len(w) >= 5 and w[:5] == word[:5] for w in have))


def _same_words(a: str, b: str) -> bool:
    """Word for word the same, but for spelling: every differing word is long and close."""
    wa, wb = a.split(), b.split()
    return len(wa) == len(wb) and all(
        x == y or (min(len(x), len(y)) >= 5 and fuzz.ratio(x, y) >= _FUZZY_CUTOFF)
        for x, y in zip(wa, wb, strict=True)
    )


def _surname_like(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < _SURNAME_MIN:
        return False
    return fuzz.ratio(a, b) >= _SURNAME_RATIO


def _exact_person(query: list[str], name: list[str]) -> bool:
    if len(query) == 1:
        return query[0] in (name[-1], name[0]) and len(query[0]) >= 3
    return query == name
