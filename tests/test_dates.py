"""Dates named in questions, and which article dates they pick."""

from __future__ import annotations

import pytest

from index.dates import AskedDate, asked_dates


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("did zelensky say the signals were positive on march 29", [AskedDate(None, 3, 29)]),
        ("what did ushakov say in feb", [AskedDate(None, 2, None)]),
        ("the biden call in dec 2021", [AskedDate(2021, 12, None)]),
        ("the 30th of march", [AskedDate(None, 3, 30)]),
        ("sept 3, 2022 talks", [AskedDate(2022, 9, 3)]),
        ("who blamed whom in may", [AskedDate(None, 5, None)]),
        ("what happened in 2021", [AskedDate(2021, None, None)]),
        # A year written short, and a number that may be a day or a year.
        ("macron in moscow, feb '22", [AskedDate(2022, 2, None)]),
        (
            "when macron went to see putin in feb 22",
            [AskedDate(None, 2, 22), AskedDate(2022, 2, None)],
        ),
        ("the call on march 5", [AskedDate(None, 3, 5)]),
        # Verbs and ordinary numbers are not dates.
        ("may i ask what putin said", []),
        ("will they march on kyiv", []),
        ("what were the 3 demands", []),
    ],
)
def test_dates_in_questions(question: str, expected: list[AskedDate]) -> None:
    assert asked_dates(question) == expected


def test_matching_article_dates() -> None:
    day = AskedDate(None, 3, 29)
    assert day.matches("2022-03-29")
    assert day.matches("2022-03-30")  # published the next morning
    assert not day.matches("2022-03-28")
    assert not day.matches("2022-04-29")
    month = AskedDate(2021, 12, None)
    assert month.matches("2021-12-07") and not month.matches("2022-12-07")
    assert AskedDate(None, 2, None).matches("2022-02-12")
    assert AskedDate(2021, None, None).matches("2021-06-01")
    assert not AskedDate(2021, None, None).matches("2022-06-01")
    assert not day.matches("") and not day.matches("someday")
    assert AskedDate(2022, 2, 30).matches("2022-02-28")  # no such day: the month's end


def test_an_iso_date_as_parley_itself_prints_it() -> None:
    # The form of the citations and of the since/until filters.
    assert asked_dates("what did kowalczyk say on 2026-03-02?") == [AskedDate(2026, 3, 2)]
    assert asked_dates("statements from 2022-02") == [AskedDate(2022, 2, None)]
    assert asked_dates("version 2022-13-01") == []  # no month 13


def test_a_part_of_the_month() -> None:
    # Two calls with Macron a week apart in December: "mid dec" means the first.
    assert asked_dates("mid dec call w macron") == [AskedDate(None, 12, None, "mid")]
    assert asked_dates("the mid-december 2021 call") == [AskedDate(2021, 12, None, "mid")]
    assert asked_dates("end of jan") == [AskedDate(None, 1, None, "late")]
    assert asked_dates("in early march") == [AskedDate(None, 3, None, "early")]
    mid = AskedDate(None, 12, None, "mid")
    assert mid.matches("2021-12-14") and not mid.matches("2021-12-21")
    late = AskedDate(2022, 3, None, "late")
    assert late.matches("2022-03-25") and not late.matches("2022-03-04")
    assert AskedDate(None, 3, None, "early").matches("2022-03-02")
