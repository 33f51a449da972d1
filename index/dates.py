"""Dates a question names ("on march 29", "in feb", "dec 2021", "in 2022") and whether an
article's date falls on them.

Members name the occasion by its date far more often than with words of the passage, and a
statement is dated the day it was made: a passage of an article of that date is more likely
the answer. Used as a ranking boost, never as a filter (a question's date can also be the date
of the event a later article reports).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<m>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
# "early march", "mid-dec", "end of jan": a part of the month.
_PART = r"(?P<part>early|mid|late|end of|beginning of|start of)"
# The days each part takes in; a day of overlap, as readouts often appear the next morning.
_PART_DAYS = {"early": (1, 11), "mid": (10, 20), "late": (20, 31)}
_PART_NAMES = {"end of": "late", "beginning of": "early", "start of": "early"}
_PATTERNS = [
    # "2026-03-02", "2022-02": the form Parley's own citations and filters use
    re.compile(rf"\b{_YEAR}-(?P<mn>1[0-2]|0[1-9])(?:-(?P<d>[12]\d|3[01]|0[1-9]))?\b"),
    # "feb '22", "dec ’21": a year written short
    re.compile(rf"\b{_MONTH} ['’](?P<y2>\d\d)\b"),
    # "march 29", "march 29 2022", "march 29th, 2022"
    re.compile(rf"\b{_MONTH} {_DAY}\b(?:,? {_YEAR}\b)?"),
    # "29 march", "29th of march 2022"
    re.compile(rf"\b{_DAY} (?:of )?{_MONTH}\b(?:,? {_YEAR}\b)?"),
    # "march 2022", "in feb", "late november" ("may" only after a preposition: it is a verb too)
    re.compile(rf"\b(?:{_PART}[ -])?{_MONTH} {_YEAR}\b"),
    re.compile(rf"\b(?:in|on|since|until|by|from|during|{_PART})[ -]{_MONTH}(?!\w)"),
    re.compile(rf"\b(?!may\b|march\b|mar\b){_MONTH}(?!\w)"),  # "march" and "may" are verbs too
    # "in 2021"
    re.compile(rf"\b(?:in|during|since|of) {_YEAR}\b"),
]


# A number after a month that may be a year written short ("feb 22"): this decade, up to now
# (no article is dated in the future, so "march 29" stays a day).
SHORT_YEARS = (20, Date.today().year % 100)


@dataclass(frozen=True)
class AskedDate:
    year: int | None
    month: int | None
    day: int | None
    part: str | None = None  # "early", "mid" or "late" in the month

    def matches(self, iso: str) -> bool:
        """Whether an ISO article date falls on this date (a day: on it or the day after,
        as readouts are often published the next morning)."""
        try:
            d = Date.fromisoformat(iso[:10])
        except ValueError:
            return False
        if self.month is None:
            return d.year == self.year
        if self.day is not None:
            # Without a year, the same day of the article's own year.
            asked = _safe(self.year or d.year, self.month, self.day)
            return 0 <= (d - asked).days <= 1
        if self.part is not None:
            first, last = _PART_DAYS[self.part]
            if not first <= d.day <= last:
                return False
        return d.month == self.month and (self.year is None or d.year == self.year)


def _safe(year: int, month: int, day: int) -> Date:
    try:
        return Date(year, month, day)
    except ValueError:  # "feb 30": the end of that month is close enough
        return Date(year, month, 28)


def asked_dates(question: str) -> list[AskedDate]:
    """The dates a question names, most precise first; [] when it names none."""
    q = " ".join(question.lower().replace(",", " , ").split()).replace(" , ", ", ")
    found: list[AskedDate] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(q):
            if any(m.start() < e and m.end() > s for s, e in taken):
                continue
            groups = m.groupdict()
            month = _MONTHS[groups["m"][:3]] if groups.get("m") else None
            if groups.get("mn"):
                month = int(groups["mn"])
            day = int(groups["d"]) if groups.get("d") else None
            year = int(groups["y"]) if groups.get("y") else None
            if groups.get("y2"):
                year = 2000 + int(groups["y2"])
            part = groups.get("part")
            found.append(AskedDate(year, month, day, _PART_NAMES.get(part, part) if part else None))
            if day is not None and year is None and SHORT_YEARS[0] <= day <= SHORT_YEARS[1]:
                # "in feb 22" is as often February 2022 as the 22nd: both are meant.
                found.append(AskedDate(2000 + day, month, None))
            taken.append((m.start(), m.end()))
    return found
