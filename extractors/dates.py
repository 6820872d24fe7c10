"""Dates as Vietnamese documents print them, to ISO 8601 at the precision printed.

`ngày 13 tháng 10 năm 2020`, `ngà 13 tháng 1 năm 2020` (a typo seen in real pages),
`13/10/2020`, `13-10-2020`, `tháng 6/2022`, `tháng 6 năm 2022`, `quý IV/2021`, `năm 2016`.
Shared by metadata (issue and effective dates, legal bases) and timeframes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_ROMAN_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_SEP = r"\s*[/.\-]\s*"

# one pattern per precision; named groups day / month / quarter / year
_PATTERNS = (
    ("day", re.compile(
        r"\bng[àa]y?\s*(?P<day>\d{1,2})\s*(?:tháng|thg|/|-|\.)\s*(?P<month>\d{1,2})\s*"
        r"(?:năm|/|-|\.)\s*" + _YEAR, re.IGNORECASE)),
    ("day", re.compile(r"(?<![\d/])(?P<day>\d{1,2})" + _SEP + r"(?P<month>\d{1,2})" + _SEP + _YEAR
                       + r"(?![\d/])")),
    ("quarter", re.compile(
        r"\bquý\s*(?P<quarter>IV|I{1,3}|[1-4])\s*(?:/|-|năm)\s*" + _YEAR, re.IGNORECASE)),
    ("month", re.compile(
        r"\btháng\s*(?P<month>\d{1,2})\s*(?:/|-|năm)\s*" + _YEAR, re.IGNORECASE)),
    ("month", re.compile(r"(?<![\d/])(?P<month>\d{1,2})/" + _YEAR + r"(?![\d/])")),
    ("year", re.compile(r"(?<![\d/.,])" + _YEAR + r"(?![\d/])")),
)


@dataclass(frozen=True)
class DateMention:
    start: int  # offsets in the searched text
    end: int
    first: str  # the first day of the period printed, as ISO: "2021-10" for quý IV/2021
    last: str  # its last: "2021-12"
    precision: str  # day | month | quarter | year


def _mention(kind: str, m: re.Match) -> DateMention | None:
    year = int(m.group("year"))
    if kind == "day":
        try:  # a calendar day: not 30/2, not 31/4
            iso = date(year, int(m.group("month")), int(m.group("day"))).isoformat()
        except ValueError:
            return None
        return DateMention(m.start(), m.end(), iso, iso, kind)
    if kind == "month":
        month = int(m.group("month"))
        if not 1 <= month <= 12:
            return None
        iso = f"{year:04d}-{month:02d}"
        return DateMention(m.start(), m.end(), iso, iso, kind)
    if kind == "quarter":
        quarter = _ROMAN_QUARTERS[m.group("quarter").upper()]
        return DateMention(m.start(), m.end(), f"{year:04d}-{quarter * 3 - 2:02d}",
                           f"{year:04d}-{quarter * 3:02d}", kind)
    return DateMention(m.start(), m.end(), str(year), str(year), kind)


def find_dates(text: str) -> list[DateMention]:
    """Every date in `text`, most precise reading first where two overlap, in text order. An
    impossible date (`ngày 30 tháng 2 năm 2021`) is no date, not a coarser one (`tháng 2 năm
    2021`): its span is taken all the same."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append((m.start(), m.end()))
            mention = _mention(kind, m)
            if mention:
                found.append(mention)
    return sorted(found, key=lambda d: d.start)


def parse_date(text: str) -> str | None:
    """The first full or partial date in `text` as ISO, else None."""
    dates = find_dates(text)
    return dates[0].first if dates else None
