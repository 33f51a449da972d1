"""The fact-check's polarity check reads the claim's own sentence of a quotation."""

from __future__ import annotations

from index.verify import _cut_to, _negations

CHARAP = (
    "Western capitals tend to tune in when he rejects talks and tune out when he embraces "
    "them. We never know. If it’s a bluff, you only know when you call it."
)


def test_a_negation_in_the_sentence_before_negates_nothing() -> None:
    claim = "If it's a bluff, you only know when you call it"
    assert "never" not in _cut_to(CHARAP, claim)
    assert _negations(_cut_to(CHARAP, claim)) == _negations(claim)


def test_a_negation_in_the_claims_own_sentence_still_counts() -> None:
    quote = "Let me be clear. It is not true that Russia will attack Ukraine, whatever they say."
    claim = "Russia will attack Ukraine"
    assert _negations(_cut_to(quote, claim)) != _negations(claim)
