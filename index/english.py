"""Whether a word is in an English dictionary (pyspellchecker's word list), for the keyword
search (a missing dictionary word means a missing topic) and for attribution (a dictionary word
ends the name of a paper or a body, not of a person)."""

from __future__ import annotations

import functools

from spellchecker import SpellChecker


@functools.cache
def english() -> SpellChecker:
    return SpellChecker(language="en", distance=1)


def is_english_word(word: str) -> bool:
    return word in english()
