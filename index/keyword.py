"""BM25 keyword search over passages (bm25s), tolerant of misspelled query words.

Names, places and rare words ("Istanbul", "Kursk", "Sybiha") are where embeddings fail;
this is the other half of the hybrid search.
"""

from __future__ import annotations

import bisect
import calendar
import functools
import logging
import re
import unicodedata

import bm25s
import numpy as np
import Stemmer
from rapidfuzz import process as fuzz_process
from rapidfuzz.distance import OSA

from .context import date_words
from .english import english, is_english_word
from .variants import formal_words, one_spelling

_STEMMER = Stemmer.Stemmer("english")
# bm25s sets its own logger to DEBUG on import; our log level decides, not the library's.
logging.getLogger("bm25s").setLevel(logging.WARNING)


# Words of the question's form, not its content: in every passage's vocabulary, they make
# off-topic questions look covered ("what did X say about …"). Dropped from query terms only.
_FORM_WORDS = """
what whats who whom whose why how when where which whether did does do is was were are would
could should will can has have had isnt dont doesnt didnt wasnt arent cant wont about hes shes
theres thats isn don doesn didn wasn aren shouldn couldn wouldn lol pls please
hey hi hello hiya thanks thank thx ty parley you me i
hed theyd youd theyre youre weve theyve ive youve werent hasnt havent hadnt wouldnt shouldnt
couldnt whos wheres hows whys
"""
QUESTION_WORDS = frozenset(_FORM_WORDS.split())
# Politeness around the question ("can you tell me who said …"): "tell" is dropped only here,
# not in "what did putin tell erdogan".
_POLITE = re.compile(
    r"\b(?:(?:can|could|would|will) you (?:please )?)?tell (?:me|us)\b"
    r"|\bi (?:want|would like|wanna) to know\b|\bdo you know\b",
    re.I,
)
# Members type "feb", "dec 30"; articles (and their dates, indexed as words) spell months out.
_MONTHS = {m[:3].lower(): m.lower() for m in calendar.month_name[1:] if m not in ("March", "May")}
_MONTHS["sept"] = "september"


# "1,478 have surrendered": the tokenizer would keep "478" alone, and "1478" in a question
# would never match. Thousands separators go, in passages and questions alike.
_THOUSANDS = re.compile(r"(?<=\d)[,\u00a0\u202f](?=\d{3}\b)")


def plain_numbers(text: str) -> str:
    """'1,478' and '4 000' (with a no-break space) -> '1478', '4000'."""
    return _THOUSANDS.sub("", text)


def _folded_latin() -> dict[int, str]:
    """Latin letters with diacritics -> plain ones ("Erdoğan" -> "Erdogan", "Kalın" -> "Kalin",
    "Niinistö" -> "Niinisto"): members type names without them. Other scripts are untouched."""
    special = {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss"}
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        ch = chr(code)
        plain = special.get(ch) or "".join(
            c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
        )
        if plain and plain != ch and plain.isascii():
            table[code] = plain
    return table


_FOLD = _folded_latin()


def searchable(text: str) -> str:
    """What both passages and questions are tokenized from: plain numbers, plain letters,
    one spelling of a place ("Kiev" and "Kyiv" alike)."""
    return one_spelling(plain_numbers(text.translate(_FOLD)))


def tokenize(text: str) -> list[str]:
    return bm25s.tokenize(
        searchable(text), stopwords="en", stemmer=_STEMMER, return_ids=False, show_progress=False
    )[0]


# "on 2026-03-02", "in 2022-02": passages are indexed with their date in words ("2 March 2026"),
# and "03" and "02" alone would be rare words no passage holds.
_ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(1[0-2]|0[1-9])(?:-([12]\d|3[01]|0[1-9]))?\b")


def _date_in_words(m: re.Match[str]) -> str:
    if m.group(3):
        return date_words(m.group(0)) or m.group(0)
    return f"{calendar.month_name[int(m.group(2))]} {m.group(1)}"


class KeywordIndex:
    def __init__(self, ids: list[int], texts: list[str]) -> None:
        self.ids = np.asarray(ids, dtype=np.int64)
        self.position = {int(i): n for n, i in enumerate(ids)}
        self._retriever = bm25s.BM25()
        self.vocab: set[str] = set()
        if texts:
            tokens = bm25s.tokenize(
                [searchable(t) for t in texts],
                stopwords="en",
                stemmer=_STEMMER,
                show_progress=False,
            )
            self._retriever.index(tokens, show_progress=False)
            self.vocab = {t for t in tokens.vocab if t}
        self._vocab_list = sorted(self.vocab)
        english()  # loaded here, off the event loop, not by the first question
        self._idf: dict[str, float] = {}  # per query term, computed on first use

    def query_terms(self, question: str) -> list[str]:
        """Stemmed query terms; a misspelt one (not an English word, not in the index) is
        replaced by its closest indexed term ("zelenksy", "negotiatons", "podoliak")."""
        terms = []
        words = bm25s.tokenize(
            searchable(formal_words(_ISO_DATE.sub(_date_in_words, _POLITE.sub(" ", question)))),
            stopwords="en",
            return_ids=False,
            show_progress=False,
        )[0]
        for word in words:
            if word in QUESTION_WORDS:
                continue
            term = _STEMMER.stemWord(_MONTHS.get(word, word))
            # A dictionary word the corpus lacks is evidence the corpus lacks the topic
            # ("leopard", "mutiny"), never a misspelling of a corpus word ("jeopardy").
            if term in self.vocab or len(term) < 5 or not self._vocab_list or is_english_word(word):
                terms.append(term)
                continue
            # One edit (a swap counts as one) per four letters: "zelenksy" -> "zelensky",
            # "demobilising" -> "demobilisation", but not "yermak" -> "german".
            best = fuzz_process.extractOne(
                term, self._vocab_list, scorer=OSA.distance, score_cutoff=len(term) // 4
            )
            terms.append(best[0] if best else self._stem_prefix(term))
        return terms

    def _stem_prefix(self, term: str) -> str:
        """The longest indexed term a misspelt word starts with, if most of it
        ("negotiatons" -> "negoti"); else the shortest indexed term that starts with a
        clipped word ("admin" -> "administr"); else the word itself."""
        for end in range(len(term) - 1, max(4, (len(term) * 3 + 4) // 5) - 1, -1):
            if term[:end] in self.vocab:
                return term[:end]
        at = bisect.bisect_left(self._vocab_list, term)
        longer = []
        while at < len(self._vocab_list) and self._vocab_list[at].startswith(term):
            longer.append(self._vocab_list[at])
            at += 1
        return min(longer, key=len) if longer else term

    @functools.cached_property
    def _sorted(self) -> tuple[np.ndarray, np.ndarray]:
        order = np.argsort(self.ids, kind="stable")
        return order, self.ids[order]

    def rows(self, pids: list[int]) -> np.ndarray:
        """Each passage id's row in `scores`, -1 when not indexed (arrays, not a dict: a
        million passages would cost ~100 MB as Python ints)."""
        order, ids = self._sorted
        wanted = np.asarray(pids, dtype=np.int64)
        if not len(ids):
            return np.full(len(wanted), -1, dtype=np.int64)
        at = np.clip(np.searchsorted(ids, wanted), 0, len(ids) - 1)
        return np.where(ids[at] == wanted, order[at], -1)

    def scores(self, terms: list[str]) -> np.ndarray:
        """BM25 score of every passage, in `self.ids` order."""
        known = [t for t in terms if t in self.vocab]
        if not known or len(self.ids) == 0:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)

    def search(self, terms: list[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, passage ids) of the k best passages with a non-zero score."""
        return self.top(self.scores(terms), k)

    def top(self, scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        if not len(scores):
            return scores, self.ids[:0]
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        top = top[scores[top] > 0]
        return scores[top], self.ids[top]

    def idf(self, term: str) -> float:
        """Inverse document frequency of a stemmed term (0 for unknown terms)."""
        if term not in self._idf:
            if term not in self.vocab:
                return 0.0
            df = int(np.count_nonzero(self._retriever.get_scores([term])))
            n = len(self.ids)
            self._idf[term] = float(np.log(1 + (n - df + 0.5) / (df + 0.5)))
        return self._idf[term]
