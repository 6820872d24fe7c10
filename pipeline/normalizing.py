"""Normalizing: raw text → `Unit`s over one clean text, with a map back to raw lines.

What it does, in order: per-line cleanup (Unicode NFC with one tone placement, invisible and
odd spaces, markdown and HTML markup), table-cell separators (`|`) read as cell boundaries,
website furniture and the site's attribute block taken out (the block is kept aside in
`doc.site_attributes`), hard-wrapped lines joined back into paragraphs, and a duplicated
opening block kept once.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from pipeline import markers
from pipeline.datafiles import load_yaml
from pipeline.document import Document, Unit
from pipeline.textkey import fold_tones, is_capitals, match_key


_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f]")
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]{0,200}>")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_RULE = re.compile(r"^[-_=–—~.*\s]{3,}$")
_MD_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
# single-star emphasis (*Hà Nội, ngày …*), never a multiplication in these texts
_EMPHASIS_STAR = re.compile(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")
_REPEATED_SPACES = re.compile(r" {2,}")


class _Token(NamedTuple):  # one per raw line or cell: a tuple is the cheapest to build
    kind: str  # "text" | "sep" | "blank" | "empty_cell" | "rule" | "row_start" | "row_end"
    line: int
    text: str = ""


@lru_cache(maxsize=None)
def _furniture():
    data = load_yaml("furniture.yaml")
    exact = {match_key(s) for s in data["exact"]}
    prefixes = tuple(match_key(s) for s in data["prefixes"])
    tail_starts = tuple(match_key(s) for s in data["tail_starts"])
    initials = frozenset(unicodedata.normalize("NFD", key)[:1] for key in (*exact, *prefixes, *tail_starts))
    return exact, prefixes, tail_starts, initials


def _may_be_furniture(line: str, initials: frozenset[str]) -> bool:
    """Whether `match_key(line)` can start like a furniture entry, without computing it (most
    lines need no key). An ASCII first character keeps its letter, lower-cased, through
    match_key (only marks can join it); any other first character is left to the key."""
    first = line[0]
    return not first.isascii() or first.lower() in initials


@lru_cache(maxsize=None)
def _site_attribute_data() -> dict[str, str]:
    return load_yaml("site_attributes.yaml")


@lru_cache(maxsize=None)
def site_attribute_labels() -> dict[str, str]:
    return {match_key(label): key for label, key in _site_attribute_data().items()}


@lru_cache(maxsize=None)
def _inline_label_pattern() -> re.Pattern:
    names = sorted((fold_tones(label) for label in _site_attribute_data()), key=len, reverse=True)
    return re.compile("(" + "|".join(re.escape(n) for n in names) + r")\s*:", re.IGNORECASE)


_BOLD_BETWEEN_LINES = re.compile(r"(\w)\*\*(\w\w)")


def _starts_a_line(before: str, after: str) -> bool:
    """`…ĐỊNH` | `Qu…`: capitals end, a capitalised word starts (bold runs inside words too:
    `C**ả**ng`)."""
    return before.isupper() and after[0].isupper() and after[1].islower()


@lru_cache(maxsize=None)
def _bare_capacity() -> re.Pattern:
    """`TM.` or `Số:` alone on a line: what it introduces is on the next line."""
    prefixes = "|".join(re.escape(p) for p in markers.structure_words()["capacity_prefixes"])
    return re.compile(r"^(?:" + prefixes + r")\.$|^Số\s*:$")


def clean_line(line: str) -> str:
    """One raw line as a reader sees it: no markup, one kind of space, canonical tones."""
    # the `in` guards skip substitutions that would find nothing (this runs on every line)
    line = _INVISIBLE.sub("", line)
    if "&" in line and ";" in line:
        line = html.unescape(line)
    if "<" in line:
        line = _HTML_TAG.sub(" ", line)
    line = _ODD_SPACES.sub(" ", line)
    if "\\" in line:
        line = _MD_ESCAPE.sub(r"\1", line)
    if "**" in line:  # `**NGHỊ ĐỊNH**Quy định về …`: a bold line run into the next, kept apart
        line = _BOLD_BETWEEN_LINES.sub(lambda m: m[1] + (" " if _starts_a_line(m[1], m[2]) else "") + m[2], line)
    line = line.replace("**", "").replace("__", "")
    stripped = line.strip()
    if stripped.startswith("#"):
        stripped = stripped.lstrip("#").strip()
    if stripped.startswith("* "):
        stripped = "- " + stripped[2:]
    if "*" in stripped:
        stripped = _EMPHASIS_STAR.sub("", stripped)
        stripped = stripped.replace("*", "") if stripped.strip("* ") == "" else stripped
    if "  " in stripped:
        stripped = _REPEATED_SPACES.sub(" ", stripped)
    return fold_tones(stripped.strip())


def _tokens(raw_text: str) -> list[_Token]:
    exact, prefixes, tail_starts, initials = _furniture()
    tokens: list[_Token] = []
    for number, raw in enumerate(raw_text.splitlines(), start=1):
        had_text = bool(raw.strip())
        line = clean_line(raw)
        if not line:
            if raw and not raw.strip(" \u00a0") and "\u00a0" in raw:
                # a cell holding only a no-break space: a table cell left empty on purpose
                tokens.append(_Token("empty_cell", number))
            elif not had_text:
                tokens.append(_Token("blank", number))
            continue
        if _may_be_furniture(line, initials):
            key = match_key(line)
            if key.startswith(tail_starts):
                break
            if key in exact or key.startswith(prefixes):
                continue
        if _MD_TABLE_RULE.match(line) and "-" in line:
            continue
        if _RULE.match(line):
            tokens.append(_Token("rule", number))
            continue
        tokens.extend(_split_cells(line, number))
    return tokens


def _split_cells(line: str, number: int) -> list[_Token]:
    if "|" not in line:
        return [_Token("text", number, line)]
    whole_row = line.startswith("|") and line.endswith("|") and line.count("|") >= 3
    parts = line.split("|")
    out: list[_Token] = [_Token("row_start", number)] if whole_row else []
    for i, part in enumerate(parts):
        part = part.strip()
        if part:
            out.append(_Token("text", number, part))
        if i < len(parts) - 1:
            if whole_row and i == 0:
                continue  # the leading pipe of a `| a | b |` row opens, it closes nothing
            out.append(_Token("sep", number))
    if whole_row:
        out.append(_Token("row_end", number))
    return out


def starts_new_paragraph(previous: str, line: str, sentence_breaks: bool = True) -> bool:
    """Whether `line` begins a new paragraph rather than continuing a hard-wrapped `previous`.
    `sentence_breaks`: a sentence ending at the end of a line may end its paragraph (not so
    where blank lines are what separate paragraphs)."""
    if _bare_capacity().match(previous):
        return False  # "TM." or "Số:" on its own line: what it introduces follows
    if markers.starts_with_marker(line, previous):
        return True
    first = line[0]
    prev_end = previous.rstrip()[-1:]
    if sentence_breaks and prev_end in ".;:!?" and (
            first.isupper() or first.isdigit() or first in "(\"“'‘-+•"):
        return True
    if is_capitals(previous, 2) and not is_capitals(line, 2) and (first.isupper() or first == "("):
        return True
    if not is_capitals(previous, 2) and is_capitals(line, 2) and len(line) > 1:
        return True
    return False


# Between these shares of text lines followed by a blank line, blank lines are what separate
# paragraphs (markdown from web pages); under it a text has none, over it one is printed
# after every line (double spacing) and tells nothing.
_BLANK_LINE_PARAGRAPHS = (0.1, 0.6)


def _blank_line_paragraphs(tokens: list[_Token]) -> bool:
    text = [k for k, token in enumerate(tokens) if token.kind == "text"]
    followed = sum(1 for k in text if k + 1 < len(tokens) and tokens[k + 1].kind == "blank")
    low, high = _BLANK_LINE_PARAGRAPHS
    return bool(text) and low <= followed / len(text) <= high


def _units(tokens: list[_Token]) -> list[Unit]:
    sentence_breaks = not _blank_line_paragraphs(tokens)
    units: list[Unit] = []
    pieces: list[tuple[int, str]] = []

    def flush(cell: bool = False):
        nonlocal pieces
        if pieces:
            units.append(Unit(text=" ".join(p for _, p in pieces), line=pieces[0][0],
                              pieces=[p for _, p in pieces], cell=cell))
        elif cell:
            units.append(Unit(text="", line=0, cell=True))
        pieces = []

    for token in tokens:
        if token.kind == "text":
            if pieces and starts_new_paragraph(pieces[-1][1], token.text, sentence_breaks):
                flush()
            pieces.append((token.line, token.text))
        elif token.kind == "sep":
            flush(cell=True)
            if units and units[-1].line == 0:
                units[-1].line = token.line
        elif token.kind == "row_end":
            if units:
                units[-1].row_end = True
        elif token.kind == "row_start":
            flush()
        elif token.kind == "blank":
            flush()
        elif token.kind == "empty_cell":
            flush()
            units.append(Unit(text="", line=token.line))
        else:  # a rule line ends what came before it
            flush()
    flush()
    return units


def _take_site_attributes(units: list[Unit]) -> tuple[list[Unit], dict[str, str]]:
    """Find the library's attribute block near the top, keep its values aside and drop it and
    everything above it (the page title and furniture) from the document text."""
    labels = site_attribute_labels()
    found: dict[str, str] = {}
    last = -1
    window = units[:80]
    i = 0
    while i < len(window):
        text = window[i].text
        if found and (markers.NUMBER_LINE.match(text) or markers.is_motto(text)):
            break  # the document's own header: a `Lĩnh vực` column of its tables is no attribute
        inline = _inline_attributes(text, labels)
        if inline:
            for key, value in inline.items():
                found.setdefault(key, value)
            last = i
        else:
            key = labels.get(match_key(text).rstrip(":").strip())
            if key:
                j = i + 1
                while j < len(window) and not window[j].text:
                    j += 1
                if j < len(window) and not labels.get(match_key(window[j].text).rstrip(":")):
                    found.setdefault(key, window[j].text)
                    last = j
                    i = j
        i += 1
    if len(found) < 2:
        return units, {}
    return units[last + 1:], found


def _inline_attributes(text: str, labels: dict[str, str]) -> dict[str, str]:
    """`Số hiệu: 2894/QĐ-UBND Loại văn bản: Quyết định` → {number:…, doc_type:…}."""
    if ":" not in text:
        return {}
    matches = list(_inline_label_pattern().finditer(text))
    if not matches or matches[0].start() != 0:
        return {}
    out = {}
    for m, nxt in zip(matches, matches[1:] + [None]):
        value = text[m.end(): nxt.start() if nxt else len(text)].strip()
        key = labels.get(match_key(m.group(1)))
        if key and value:
            out[key] = value
    return out


def _drop_repeated_opening(units: list[Unit]) -> list[Unit]:
    """Some pages print the header block twice (the first copy cut short): keep the last copy.
    A copy starts at a `Số: …` unit; the two copies must agree on the units that follow."""
    starts = [i for i, u in enumerate(units[:400]) if markers.NUMBER_LINE.match(u.text)]
    for a, b in zip(starts, starts[1:]):
        run = 0
        while b + run < len(units) and a + run < b and units[a + run].text == units[b + run].text:
            run += 1
        if run >= 4:
            # the copy also includes the issuer/motto cells just before `Số:`
            lead = 0
            while lead < a and a - lead - 1 >= 0 and b - lead - 1 > a and \
                    units[a - lead - 1].text == units[b - lead - 1].text:
                lead += 1
            return units[: a - lead] + units[b - lead:]
    return units


def _assign_offsets(doc: Document, units: list[Unit]) -> None:
    parts, offset, breaks = [], 0, []
    for unit in units:
        unit.start, unit.end = offset, offset + len(unit.text)
        breaks.append((offset, unit.line))
        parts.append(unit.text)
        offset = unit.end + 1
    doc.units = units
    doc.text = "\n".join(parts)
    doc.line_breaks = breaks


def normalize(doc: Document) -> Document:
    units = _units(_tokens(doc.raw_text))
    units, doc.site_attributes = _take_site_attributes(units)
    units = _drop_repeated_opening(units)
    _assign_offsets(doc, units)
    return doc
