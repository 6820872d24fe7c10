"""Timeframes: `{text, start, end, recurrence}` from a time cell or a deadline phrase
(ANNOTATION.md section 5). Shared by the table and prose task extractors and by metadata
(the document-level `period`).

Every date printed counts toward the span it covers, except that a date after `trước`,
`đến`, `chậm nhất` … only bounds the end and one after `từ`, `kể từ` … (or before `trở đi`)
only the start: `2017 - 2020` → 2017 … 2020, `Trước ngày 30/6/2021` → … 2021-06-30,
`Năm 2025 và các năm tiếp theo` → 2025 … . A horizon (`tầm nhìn tới năm 2030`) is no
bound. The recurrence is the most frequent one named.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.dates import find_dates
from pipeline.datafiles import load_yaml
from pipeline.textkey import fold_tones

# words between a bounding word and its date: "trước ngày 30/6", "đến hết năm 2020"
_DATE_LEAD_WORDS = re.compile(r"(?:\s|\b(?:ngày|hết|năm|cuối|đầu|giữa|hạn|thời gian|tháng|quý))+$")


@lru_cache(maxsize=None)
def _words() -> dict:
    data = load_yaml("timeframe_words.yaml")
    return {
        "recurrences": [(name, tuple(phrases)) for name, phrases in data["recurrences"].items()],
        "end_only_before": _ends_with_any(data["end_only_before"]),
        "start_only_before": _ends_with_any(data["start_only_before"]),
        "horizon_before": _ends_with_any(data["horizon_before"]),
        "event_openers": tuple(data["event_openers"]),
        "start_only_after": re.compile(
            r"^\W*(?:" + "|".join(map(re.escape, data["start_only_after"])) + r")\b"),
    }


def _ends_with_any(words: list[str]) -> re.Pattern:
    return re.compile(r"(?:^|\W)(?:" + "|".join(map(re.escape, words)) + r")$")


def _lowered(text: str) -> str:
    """Tone-folded lower case of the same length, so offsets stay valid."""
    folded = fold_tones(text)
    lowered = folded.lower()
    return lowered if len(lowered) == len(text) else text.lower()


def recurrence_of(text: str) -> str | None:
    lowered = " ".join(_lowered(text).split())
    for name, phrases in _words()["recurrences"]:
        if any(re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", lowered) for p in phrases):
            return name
    return None


def parse_timeframe(text: str | None) -> dict | None:
    """A time cell or phrase → the timeframe object; `None` for an empty one. A text naming
    no date and no recurrence (`Theo Kế hoạch riêng`) keeps its text with nulls."""
    if text is None or not text.strip():
        return None
    text = " ".join(text.split())
    lowered = _lowered(text)
    words = _words()
    starts, ends = [], []
    for date in find_dates(text):
        before = _DATE_LEAD_WORDS.sub("", lowered[:date.start])
        after = lowered[date.end:]
        if words["horizon_before"].search(before):
            continue
        end_only = bool(words["end_only_before"].search(before))
        start_only = bool(words["start_only_before"].search(before)) or bool(
            words["start_only_after"].match(after))
        if not end_only:
            starts.append(date.first)
        if not start_only:
            ends.append(date.last)
    return {
        "text": text,
        "start": min(starts) if starts else None,
        "end": max(ends) if ends else None,
        "recurrence": recurrence_of(text),
    }


MAX_TIME_CELL = 60  # characters; a longer cell is a sentence that happens to hold a date


def looks_like_time(text: str) -> bool:
    """Whether a short cell reads as a time cell: it names a date or a recurrence, or opens
    with an event (`Theo lộ trình của quy hoạch`)."""
    if not text.strip() or len(text) > MAX_TIME_CELL:
        return False
    frame = parse_timeframe(text)
    return bool(frame["start"] or frame["end"] or frame["recurrence"]) or \
        _lowered(text.strip()).startswith(_words()["event_openers"])
