"""The printed labels of Vietnamese official documents: `Điều 3.`, `II.`, `1.2.`, `a)`, `(1)`,
`-`, `+`, and the words that always open a paragraph. Shared by normalizing (where to break
hard-wrapped lines) and segmenting (the outline)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.datafiles import load_yaml
from pipeline.textkey import is_capitals, match_key

NUMBER_LINE = re.compile(r"^Số\s*[:.]", re.IGNORECASE)
PLACE_DATE_LINE = re.compile(r"^[^\W\d_][^\W\d_ .'-]*(?: [^\W\d_][^\W\d_.'-]*){0,4}\s*,\s*ngày\b")
ROW_LABEL = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVXLC]{1,6}\.?|[a-zđ][.)]?)$")
# the roles of table columns (and labelled fields) whose values a task has, and those of them
# that make a row a task: who does it, with whom, by when
VALUE_ROLES = ("lead", "coordinators", "product", "time")
ASSIGNING_ROLES = ("lead", "coordinators", "time")

_ROMAN = re.compile(r"^(?P<label>[IVXLC]{1,6})\s*[.)]\s*(?P<rest>\S.*)?$")
_ARTICLE = re.compile(r"^Điều\s+(?P<label>\d{1,3}[a-z]?)\s*[.:]?\s*(?P<rest>.*)$")
_CHAPTER = re.compile(r"^(?:Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)\s+(?P<label>[IVXLC]{1,6}|\d{1,2})\b\.?\s*(?P<rest>.*)$")
_DECIMAL = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){0,3})(?:[.)](?!\d)\s*|(?<=\d\.\d)\s+|(?<=\d\.\d\d)\s+)(?P<rest>\S.*)?$")
_LETTER = re.compile(r"^(?P<label>[a-zđ])\s?[).]\s*(?P<rest>\S.*)?$")
_PAREN = re.compile(r"^\((?P<label>\d{1,3}|[a-zđ])\)\s*(?P<rest>\S.*)?$")
_BULLET = re.compile(r"^(?P<label>[-–—+•·∙●○▪■◦])\s*(?P<rest>\S.*)?$")

QUALIFIER_CHARS = 40  # what a header cell may add after its known words

MARKER_KINDS = ("chapter", "article", "roman", "decimal", "letter", "paren", "bullet")


@dataclass(frozen=True)
class Marker:
    kind: str  # one of MARKER_KINDS; bullets keep their glyph in `label`
    label: str
    rest: str  # the text after the label


def _valid_roman(label: str) -> bool:
    return re.fullmatch(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})", label) is not None


_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_value(label: str) -> int | None:
    """`IV` → 4; None when `label` is not a Roman numeral."""
    if not label or not _valid_roman(label):
        return None
    values = [_ROMAN_DIGITS[c] for c in label]
    return sum(-v if v < after else v for v, after in zip(values, values[1:] + [0]))


# every character a label can start with (the patterns above), digits aside: most paragraphs
# start with none of them and need no pattern tried
_LABEL_STARTS = frozenset("CMPĐIVXL(-–—+•·∙●○▪■◦abcdefghijklmnopqrstuvwxyzđ")


def parse_marker(text: str) -> Marker | None:
    first = text[:1]
    if first not in _LABEL_STARTS and not first.isdecimal():
        return None
    for kind, pattern in (("chapter", _CHAPTER), ("article", _ARTICLE), ("roman", _ROMAN),
                          ("decimal", _DECIMAL), ("paren", _PAREN), ("letter", _LETTER),
                          ("bullet", _BULLET)):
        m = pattern.match(text)
        if not m:
            continue
        label = m.group("label")
        if kind == "roman" and not _valid_roman(label):
            continue
        return Marker(kind, label, (m.group("rest") or "").strip())
    return None


@lru_cache(maxsize=None)
def structure_words() -> dict:
    return load_yaml("structure_words.yaml")


@lru_cache(maxsize=None)
def _openers() -> tuple[str, ...]:
    words = structure_words()
    return tuple(words["paragraph_openers"]) + tuple(words["appendix_labels"])


def starts_with_marker(line: str, previous: str = "") -> bool:
    """Whether `line` opens a new paragraph by its label or its first words.

    A dash or a number at the start of a wrapped line can be mid-sentence (`kinh tế\\n- xã
    hội`): such a label counts only before a capital, or after a line that ended a sentence.
    """
    if line.startswith(_openers()) or NUMBER_LINE.match(line) or PLACE_DATE_LINE.match(line):
        return True
    marker = parse_marker(line)
    if marker is None:
        return False
    if marker.kind in ("chapter", "article"):
        return True
    rest = marker.rest
    sentence_ended = previous.rstrip()[-1:] in ".:;!?" or not previous
    if marker.kind in ("bullet", "decimal", "letter", "paren"):
        return sentence_ended or (rest[:1].isupper() or rest[:1].isdigit() or rest[:1] in "(\"“")
    return True  # roman


@lru_cache(maxsize=None)
def structure_keys(name: str) -> tuple[str, ...]:
    """A word list of structure_words.yaml as match keys."""
    return tuple(match_key(word) for word in structure_words()[name])


def is_motto(text: str) -> bool:
    """A line of the national motto (`CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`, `Độc lập - Tự do …`)."""
    return match_key(text).startswith(structure_keys("motto_starts"))


def is_row_label(text: str) -> bool:
    return bool(ROW_LABEL.match(text.strip()))


def row_label(text: str) -> str:
    """`a)` → `a`, `3.` → `3`: a row label without its closing mark."""
    return text.strip().rstrip(".)")


def is_child_label(parent: str, label: str) -> bool:
    """Whether the row labelled `label` sits inside the group row `parent`: 3.1 in 3, and 1 in
    II (a Roman group whose items number from 1)."""
    return label.startswith(parent + ".") or (roman_value(parent) is not None and label[0].isdigit())


@lru_cache(maxsize=None)
def table_header_keys() -> dict[str, str]:
    """match_key of every known table header cell → its column role."""
    roles = structure_words()["table_header_words"]
    return {match_key(word): role for role, words in roles.items() for word in words}


@lru_cache(maxsize=None)
def _header_keys_longest_first() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(table_header_keys().items(), key=lambda kv: -len(kv[0])))


@lru_cache(maxsize=None)
def _header_keys_by_first_letter() -> dict[str, tuple[tuple[str, str], ...]]:
    grouped: dict[str, list[tuple[str, str]]] = {}
    for word, role in _header_keys_longest_first():
        grouped.setdefault(word[:1], []).append((word, role))
    return {letter: tuple(words) for letter, words in grouped.items()}


def header_role(cell: str) -> str | None:
    key = match_key(cell)
    known = table_header_keys()
    if key in known:
        return known[key]
    # headers often add a qualifier: "Thời gian thực hiện (năm)", "Cơ quan chủ trì tham mưu"
    by_length = _header_keys_longest_first()
    if not by_length or len(key) >= len(by_length[0][0]) + QUALIFIER_CHARS:
        return None  # too long for any header plus its qualifier: a paragraph, not a header
    for word, role in _header_keys_by_first_letter().get(key[:1], ()):
        if key.startswith(word) and len(key) < len(word) + QUALIFIER_CHARS:
            return role
    return None


def looks_like_name(text: str) -> bool:
    """A person's name as signed: two to six capitalised words, no digits, short; a
    parenthesised note (`(đã ký)`) aside."""
    name = re.sub(r"\([^)]*\)", " ", text).strip()
    words = name.replace(".", " ").split()
    return (2 <= len(words) <= 6 and all(w[:1].isupper() for w in words) and len(name) < 50
            and not any(c.isdigit() for c in name))


@lru_cache(maxsize=None)
def _capacity_pattern() -> re.Pattern:
    prefixes = sorted(structure_words()["capacity_prefixes"], key=len, reverse=True)
    return re.compile(r"^(?P<prefix>" + "|".join(re.escape(p) for p in prefixes) + r")"
                      r"(?P<dot>\s*\.\s*|\s+)(?P<rest>.*)$", re.IGNORECASE)


def capacity(text: str) -> tuple[str, str] | None:
    """`KT. CHỦ TỊCH` → ("KT.", "CHỦ TỊCH"): a signing-capacity prefix as written in the record
    and the rest of the line. The prefix is printed as listed with its dot, or, in a line
    printed in capitals, without it or in another case; a one-letter prefix only with its dot
    (a name may start with `Q`)."""
    m = _capacity_pattern().match(text.strip())
    if not m or len(text) >= 120:
        return None
    prefixes = structure_words()["capacity_prefixes"]
    dotted = "." in m["dot"]
    if m["prefix"] in prefixes and dotted:
        return prefixes[m["prefix"]], m["rest"]
    if is_capitals(text.strip()[:12]) and (dotted or len(m["prefix"]) > 1):
        canonical = {key.upper(): value for key, value in prefixes.items()}[m["prefix"].upper()]
        return canonical, m["rest"]
    return None
