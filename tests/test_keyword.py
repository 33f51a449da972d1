"""Query terms: misspellings of indexed words are forgiven, real words the corpus lacks are not
turned into other words, and the question's form words are not terms."""

from __future__ import annotations

from index.keyword import KeywordIndex, tokenize

TEXTS = [
    "Mykhailo Podolyak said the negotiations on demobilisation would continue in Istanbul.",
    "President Zelensky spoke of jeopardy and a multinational force; Germans listened.",
    "The Kremlin said the talks in Geneva had ended without a result.",
]


def index() -> KeywordIndex:
    return KeywordIndex([1, 2, 3], TEXTS)


def test_misspelt_names_and_words_map_to_the_indexed_ones() -> None:
    kw = index()
    assert kw.query_terms("podoliak") == kw.query_terms("podolyak")
    assert kw.query_terms("zelenksy") == kw.query_terms("zelensky")  # swapped letters
    assert kw.query_terms("negotiatons") == kw.query_terms("negotiations")


def test_english_words_the_corpus_lacks_stay_themselves() -> None:
    kw = index()
    # Close in spelling to "jeopardy", "multinational", "germans", but other words.
    leopard, mutiny = kw.query_terms("leopard mutiny")
    assert leopard not in kw.vocab and mutiny not in kw.vocab
    # A short name is not "corrected" into a different word two letters away.
    assert kw.query_terms("yermak") == ["yermak"]


def test_the_form_of_a_question_is_not_its_terms() -> None:
    kw = index()
    assert kw.query_terms("what did they say about geneva?") == kw.query_terms("say geneva")
    assert kw.query_terms("who is it, and when does it happen, lol") == ["happen"]
    # Greetings and politeness are no topic: a word the corpus lacks would make Parley abstain.
    for polite in (
        "hey, what did the kremlin say about geneva?",
        "Hello Parley, can you tell me what the kremlin did say about geneva? thank you",
        "i want to know what the kremlin did say about geneva, thanks",
    ):
        assert kw.query_terms(polite) == kw.query_terms("kremlin say geneva"), polite
    assert "tell" in kw.query_terms("what did the kremlin tell geneva")  # not politeness there
    # Contractions typed without their apostrophe are no topic words either.
    assert kw.query_terms("has zelensky said hed go to geneva") == kw.query_terms(
        "has zelensky said go to geneva"
    )
    assert kw.query_terms("whos in geneva, theyre saying") == kw.query_terms("in geneva saying")


def test_search_finds_a_misspelt_name() -> None:
    kw = index()
    _, ids = kw.search(kw.query_terms("what did podoliak say"), 3)
    assert list(ids)[:1] == [1]


def test_month_abbreviations_match_spelt_out_months() -> None:
    kw = KeywordIndex([1], ["Talks resumed on 12 February in Geneva."])
    assert kw.query_terms("talks in feb") == kw.query_terms("talks in february")
    assert set(kw.query_terms("feb")) <= kw.vocab


def test_a_clipped_word_matches_the_indexed_word_it_starts() -> None:
    kw = KeywordIndex([1], ["The Biden administration responded to the remarks."])
    assert kw.query_terms("biden admin") == kw.query_terms("biden administration")


def test_rows_of_passage_ids() -> None:
    index = KeywordIndex([30, 10, 20], ["peace talks", "grain deal", "prisoner swap"])
    assert index.rows([10, 30, 99, 20]).tolist() == [1, 0, -1, 2]
    assert KeywordIndex([], []).rows([5]).tolist() == [-1]


def test_numbers_match_with_or_without_thousands_separators() -> None:
    kw = KeywordIndex(
        [1, 2],
        [
            "Over 4,000 of them have been neutralised and 1,478 have surrendered.",
            "Some 478 soldiers surrendered near the plant in 2022, 300 more later.",
        ],
    )
    # The number is indexed whole, not as its last three digits.
    assert "1478" in kw.vocab and "478" in kw.vocab and "000" not in kw.vocab
    assert kw.query_terms("1,478") == kw.query_terms("1478") == ["1478"]
    for question in ("who said 1478 surrendered", "who said 1,478 surrendered"):
        scores, ids = kw.top(kw.scores(kw.query_terms(question)), 2)
        assert [int(i) for i in ids] == [1, 2] and scores[0] > scores[1]
    # A list is not a number: "2022, 300" keeps its two numbers.
    assert {"2022", "300"} <= set(kw.query_terms("2022, 300"))


def test_names_typed_without_their_diacritics_match() -> None:
    kw = KeywordIndex(
        [1, 2, 3],
        [
            "Andriy Yermak met Mevlüt Çavuşoğlu and Ibrahim Kalın, an adviser to Erdoğan.",
            "Vladimir Putin had a telephone conversation with Sauli Niinistö.",
            "Путин провёл переговоры.",
        ],
    )
    # Three letters off is beyond what the misspelling tolerance forgives.
    for question, row in (("cavusoglu", 0), ("niinisto call", 1), ("Erdoğan", 0)):
        scores = kw.scores(kw.query_terms(question))
        assert int(scores.argmax()) == row and scores[row] > 0, question
    # Other scripts keep their letters.
    assert kw.scores(kw.query_terms("путин"))[2] > 0


def test_an_iso_date_is_searched_as_the_date_in_words_passages_are_indexed_with() -> None:
    kw = index()
    assert kw.query_terms("geneva on 2026-03-02") == kw.query_terms("geneva on 2 march 2026")
    assert kw.query_terms("geneva in 2022-02") == kw.query_terms("geneva in february 2022")


def test_a_place_is_found_whichever_way_it_is_transliterated() -> None:
    # The Kremlin writes "Kiev", "Donbass", "Lugansk"; Ukraine "Kyiv", "Donbas", "Luhansk".
    kw = KeywordIndex(
        [1, 2, 3],
        [
            "Vladimir Putin said the Kiev regime had refused to talk about Donbass.",
            "Volodymyr Zelenskyy said Kyiv would defend Donbas and Luhansk.",
            "The talks in Geneva ended without a result.",
        ],
    )
    for question in ("kiev", "kyiv", "donbas", "Donbass", "putin on kyiv"):
        scores = kw.scores(kw.query_terms(question))
        assert scores[0] > 0, question
    assert kw.scores(kw.query_terms("lugansk"))[1] > 0
    assert kw.query_terms("cease-fire") == kw.query_terms("ceasefire")


def test_abbreviations_and_ordinals_match_the_words_they_stand_for() -> None:
    kw = KeywordIndex(
        [1, 2],
        [
            "Putin signed decrees recognising the DPR and the LPR.",
            "After the third round of talks, Podolyak said the delegations would meet again.",
        ],
    )
    for question, row in (
        ("what did zelensky say about recognising the dnr", 0),
        ("donetsk people's republic", 0),
        ("luhansk people's republic", 0),
        ("what did podolyak say after the 3rd round", 1),
    ):
        scores = kw.scores(kw.query_terms(question))
        assert int(scores.argmax()) == row and scores[row] > 0, question


def test_informal_words_are_read_as_the_words_articles_use() -> None:
    kw = KeywordIndex(
        [1, 2],
        [
            "Ukraine acquiring nuclear weapons would be a strategic threat, Putin said.",
            "At the press conference the prime minister spoke of grain.",
        ],
    )
    nukes = kw.scores(kw.query_terms("what did putin say about nukes"))
    assert int(nukes.argmax()) == 0
    assert kw.query_terms("presser") == kw.query_terms("press conference")
    assert kw.query_terms("what did the pm say") == kw.query_terms(
        "what did the prime minister say"
    )
    # Only in questions: a passage's "pm" is a time of day, not a prime minister.
    assert "prime" not in tokenize("The talks resumed at 5 pm.")
