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
from extractors.legal_bases import citations  # the cited documents of a line
from pipeline.datafiles import load_yaml
from pipeline.textkey import fold_tones, match_key


@lru_cache(maxsize=None)
def _words() -> dict:
    data = load_yaml("timeframe_words.yaml")

    def keys(words: list[str]) -> list[str]:  # as the text is read (`_lowered`)
        return [match_key(word) for word in words]

    return {
        "recurrences": [(name, tuple(keys(phrases))) for name, phrases in data["recurrences"].items()],
        "recurrence_prefixes": tuple(sorted(keys(data["recurrence_prefixes"]), key=len, reverse=True)),
        "date_lead_words": re.compile(
            r"(?:\s|\b(?:" + "|".join(map(re.escape, keys(data["date_lead_words"]))) + r"))+$"),
        "end_only_before": _ends_with_any(keys(data["end_only_before"])),
        "start_only_before": _ends_with_any(keys(data["start_only_before"])),
        "horizon_before": _ends_with_any(keys(data["horizon_before"])),
        "event_openers": tuple(keys(data["event_openers"])),
        "deadline_before": _ends_with_any(keys(data["deadline_before"])),
        "sentence_start_before": _ends_with_any(keys(data["sentence_start_before"])),
        "period_before": _ends_with_any(keys(data["period_before"])),
        "start_only_after": re.compile(
            r"^\W*(?:" + "|".join(map(re.escape, keys(data["start_only_after"]))) + r")\b"),
    }


def _ends_with_any(words: list[str]) -> re.Pattern:
    return re.compile(r"(?:^|\W)(?:" + "|".join(map(re.escape, words)) + r")$")


def _without_lead_words(before: str) -> str:
    """The text before a date up to its bounding word: `trước ngày ` → `trước`, `đến hết năm ` → `đến`."""
    return _words()["date_lead_words"].sub("", before)


def _lowered(text: str) -> str:
    """Tone-folded lower case of the same length, so offsets stay valid."""
    folded = fold_tones(text)
    lowered = folded.lower()
    return lowered if len(lowered) == len(text) else text.lower()


def recurrence_of(text: str) -> str | None:
    """The most frequent recurrence named (`hằng quý, hằng năm` → quarterly), else None."""
    lowered = " ".join(_lowered(text).split())
    return next((name for name, pattern in _recurrence_patterns() if pattern.search(lowered)), None)


def parse_timeframe(text: str | None) -> dict | None:
    """A time cell or phrase → the timeframe object; `None` for an empty one. A text naming
    no date and no recurrence (`Theo Kế hoạch riêng`) keeps its text with nulls."""
    if text is None or not text.strip():
        return None
    return dict(_timeframe(" ".join(text.split())))


@lru_cache(maxsize=4096)  # time cells repeat down a table
def _timeframe(text: str) -> tuple[tuple[str, str | None], ...]:
    lowered = _lowered(text)
    words = _words()
    starts, ends = [], []
    for date in find_dates(text):
        before = _without_lead_words(lowered[:date.start])
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
    return (
        ("text", text),
        ("start", min(starts) if starts else None),
        ("end", max(ends) if ends else None),
        ("recurrence", recurrence_of(text)),
    )


MAX_TIME_CELL = 60  # characters; a longer cell is a sentence that happens to hold a date


def looks_like_time(text: str) -> bool:
    """Whether a short cell reads as a time cell: it names a date or a recurrence, or opens
    with an event (`Theo lộ trình của quy hoạch`)."""
    if not text.strip() or len(text) > MAX_TIME_CELL:
        return False
    frame = parse_timeframe(text)
    return bool(frame["start"] or frame["end"] or frame["recurrence"]) or \
        _lowered(text.strip()).startswith(_words()["event_openers"])


_SENTENCE_START = re.compile(r"(?:^|[.;:!?]\s*|\n)\W*$")


def find_timeframe(text: str) -> tuple[dict, tuple[int, int]] | None:
    """The timeframe a prose item states of its own action, and where it is printed: its
    deadlines (`trong Quý IV/2021`, `trước ngày 30/6/2021`, sentence-opening `Đến năm 2020, …`)
    and recurrences (`hàng năm`, `thường xuyên`). A date after other words (`… giai đoạn
    2021 - 2030` of a plan, `mục tiêu đến năm 2025`) is an object's period or a target."""
    found = _find_timeframe(text)
    return (dict(found[0]), found[1]) if found else None


@lru_cache(maxsize=4096)
def _find_timeframe(text: str) -> tuple[tuple, tuple[int, int]] | None:
    lowered = _lowered(text)
    words = _words()
    phrases: list[tuple[int, int]] = []
    for date in find_dates(text):
        before = _without_lead_words(lowered[:date.start])
        head = words["deadline_before"].search(before)
        at_sentence_start = head is None
        if head is None:
            head = words["sentence_start_before"].search(before)
            if head is None:
                continue
        opening = head.start() + (0 if before[head.start()].isalnum() else 1)
        if at_sentence_start and not _SENTENCE_START.search(before[:opening]):
            continue
        end = date.end
        tail = words["start_only_after"].match(lowered[end:])
        if tail:
            end += tail.end()
        phrases.append((opening, end))
    phrases.extend(m.span() for _, pattern in _recurrence_patterns() for m in pattern.finditer(lowered))
    if not phrases:
        return None
    phrases.sort()
    merged = [phrases[0]]
    for start, end in phrases[1:]:
        if start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    printed = "; ".join(text[start:end].strip() for start, end in merged)
    return _timeframe(" ".join(printed.split())), (merged[0][0], merged[-1][1])


@lru_cache(maxsize=None)
def _recurrence_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    prefixes = "|".join(re.escape(prefix + " ") for prefix in _words()["recurrence_prefixes"])
    return tuple((name, re.compile(r"(?<!\w)(?:" + prefixes + r")?(?:"
                                   + "|".join(map(re.escape, phrases)) + r")(?!\w)"))
                 for name, phrases in _words()["recurrences"])


def heading_period(text: str) -> dict | None:
    """The period a heading states for the items under it (`NHIỆM VỤ CHỦ YẾU ĐẾN NĂM 2020`
    → `đến năm 2020`; `Giai đoạn 2017 - 2020:`; `NHIỆM VỤ NĂM 2021`), else None. A date is a
    period only after a period word, and never the date of a cited document (`Quán triệt Nghị
    quyết số 57-NQ/TW ngày 22/12/2024 …:`, `Luật … năm 2013`)."""
    dates = find_dates(text)
    cited = [(citation.start, citation.end) for citation in citations(text)] if dates else []
    dates = [date for date in dates if not any(start <= date.start < end for start, end in cited)]
    if not dates:
        return None
    before = _lowered(text)[:dates[0].start]
    period_before = _words()["period_before"]
    # `đến năm 2020` opens at `đến`, past the words a date leads with; `năm 2021` alone at `năm`
    head = period_before.search(_without_lead_words(before)) or period_before.search(before.rstrip())
    if head is None:
        return None
    start = head.start() + (0 if before[head.start()].isalnum() else 1)
    # the period runs to its last date before a cited document
    stop = min([begin for begin, _ in cited if begin > dates[0].start], default=len(text))
    end = max(date.end for date in dates if date.start < stop)
    return parse_timeframe(text[start:end].strip(" ,.:;"))
