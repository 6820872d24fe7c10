"""The signature block: signing capacities (`TM.`, `KT.`, `Q.`, `TL.`, `TUQ.`), the signer's
title printed above the name, and the name.

    TM. ỦY BAN NHÂN DÂN        → signing_capacity ["TM. Ủy ban nhân dân", "KT. Chủ tịch"]
    KT. CHỦ TỊCH
    PHÓ CHỦ TỊCH               → signer_title "Phó Chủ tịch"
    Nguyễn Đình Chuyến         → signer_name

Works on printed lines (a unit's `pieces`), because the normalizer joins the block's capital
lines into one unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from extractors.body_names import continues_name, natural_case, words
from pipeline.document import Unit
from pipeline.markers import capacity, looks_like_name
from pipeline.textkey import is_capitals, match_key


@dataclass
class Line:
    text: str
    start: int
    end: int


@dataclass
class Signature:
    capacities: list[Line] = field(default_factory=list)  # text already in natural case
    title: Line | None = None
    name: Line | None = None


def printed_lines(units: list[Unit]) -> list[Line]:
    """Each unit's raw lines with their offsets in the normalized text."""
    lines = []
    for unit in units:
        offset = unit.start
        # a name broken over lines ("Mai" / "Sơn") is one line; capitals are read line by line
        for piece in (unit.pieces if is_capitals(unit.text) else None) or [unit.text]:
            lines.append(Line(piece, offset, offset + len(piece)))
            offset += len(piece) + 1
    return lines


def _capacity(text: str) -> tuple[str, str] | None:
    """A capacity line whose rest, if any, is the capital name of a body or title."""
    found = capacity(text)
    return found if found and (not found[1] or is_capitals(found[1])) else None


@lru_cache(maxsize=None)
def _title_keys() -> tuple[str, ...]:
    return tuple(match_key(t) for t in words()["person_titles"])


def names_a_title(text: str) -> bool:
    key = " " + match_key(text) + " "
    return any(" " + title + " " in key for title in _title_keys())


def _continues_capacity(rest: str, line: str) -> bool:
    """`TM.` + `ỦY BAN NHÂN DÂN`, `KT. BỘ TRƯỞNG,` + `CHỦ NHIỆM`; never the signer's title."""
    if not rest.strip() or rest.rstrip().endswith((",", "-")):
        return True
    return continues_name(rest, line) and not names_a_title(line)


def read_signature(units: list[Unit]) -> Signature:
    """The capacities, title and name of the first signature in `units`."""
    signature = Signature()
    pending: list[tuple[str, str, Line]] = []  # (prefix, printed rest, first line)
    above: Line | None = None  # the capital line just above the current one, not a capacity
    for line in printed_lines(units):
        text = line.text.strip()
        if not text:
            continue
        capacity = _capacity(text)
        if capacity:
            pending.append((capacity[0], capacity[1], line))
            above = None
            continue
        if pending and above is None and is_capitals(text) and _continues_capacity(pending[-1][1], text):
            prefix, rest, first = pending[-1]
            pending[-1] = (prefix, (rest + " " + text).strip(), Line(first.text, first.start, line.end))
            continue
        if looks_like_name(text) and not is_capitals(text):  # a capital line is a title
            signature.name = line
            signature.title = above or signature.title
            break
        if is_capitals(text) and names_a_title(text):
            signature.title = line
        above = line if is_capitals(text) else None
    signature.capacities = [
        Line(f"{prefix} {natural_case(rest, body=True)}".strip(), first.start, first.end)
        for prefix, rest, first in pending]
    if signature.title is not None:
        title = signature.title
        signature.title = Line(natural_case(title.text, body=True), title.start, title.end)
    return signature
