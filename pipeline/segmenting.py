"""Segmenting: normalized units → the document's parts.

header (issuer, number, place and date) · type and title · preamble (`Căn cứ …`,
`Thực hiện …`) · body as an outline of labelled blocks with tables · signature block and
`Nơi nhận` · attached documents and appendices (`PHỤ LỤC …`), each with its own outline.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline import markers, tablegrid
from pipeline.document import Block, Document, Part, Unit
from pipeline.datafiles import load_yaml
from pipeline.textkey import is_capitals, match_key

HEADER_WINDOW = 60  # the type word is printed within the first units of a document

_ATTACHED_NOTE = re.compile(r"^\(?\s*(Ban hành )?[Kk]èm theo\b")
_LEAD_NOTE = re.compile(r"^(CƠ QUAN|ĐƠN VỊ|Cơ quan|Đơn vị) (CHỦ TRÌ|chủ trì)[^:]*:")


@lru_cache(maxsize=None)
def doc_type_words() -> list[tuple[str, str]]:
    data = load_yaml("doc_types.yaml")
    return sorted(((match_key(k), v) for k, v in data.items()), key=lambda kv: -len(kv[0]))


def doc_type_of(text: str) -> tuple[str, str] | None:
    """`KẾ HOẠCH HỢP TÁC …` → ("Kế hoạch", "HỢP TÁC …") when the unit opens with a type word
    printed in capitals (the way a type line is printed, unlike a mention in a sentence)."""
    key = match_key(text)
    for word, canonical in doc_type_words():
        if key == word or key.startswith(word + " ") or key.startswith(word + ":"):
            head = text[: len(word)]
            if not is_capitals(head):
                return None
            return canonical, text[len(word):].lstrip(" :").strip()
    return None


def is_capacity_line(text: str) -> bool:
    """`TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH` (markers.capacity), with something after the prefix."""
    found = markers.capacity(text)
    return found is not None and bool(found[1].strip())


def segment(doc: Document) -> Document:
    units = doc.units
    type_at = _find_type_unit(units)
    letter = _find_letter_head(units, type_at)
    if letter is not None:
        header_end, doc.title_units, body_start = letter
        doc.header = units[:header_end]
    elif type_at is None:
        doc.warnings.append("no document type line found: header, title and preamble not located")
        body_start = 0
    else:
        doc.header = units[:type_at]
        doc.doc_type_unit = units[type_at]
        title_end = _title_end(units, type_at)
        doc.title_units = units[type_at + 1:title_end]
        body_start = _preamble_end(units, title_end)
        doc.preamble = units[title_end:body_start]
    main_end = _main_end(units, body_start)
    doc.body = outline(units[body_start:main_end])
    parts_start = _signature_end(doc, units, main_end)
    doc.parts = split_parts(units[parts_start:])
    doc.tables = [b.table for b in walk(doc.body) if b.table] + [
        b.table for part in doc.parts for b in walk(part.blocks) if b.table]
    return doc


def _find_type_unit(units: list[Unit]) -> int | None:
    for i, unit in enumerate(units[:HEADER_WINDOW]):
        found = doc_type_of(unit.text)
        if found is None:
            continue
        # a type line stands alone or opens the title; it never follows a sentence on its line
        alone = bool(unit.pieces) and doc_type_of(unit.pieces[0]) == (found[0], "")
        if len(unit.text) < 600 or alone:
            return i
    return None




def _find_letter_head(units: list[Unit], type_at: int | None) -> tuple[int, list[Unit], int] | None:
    """A letter (Công văn) prints no type line: `Số: …` with the subject (`V/v …`) under it,
    and the place and date. Returns (header end, subject units, body start), or None when the
    document is not laid out so. The subject may sit inside the `Số:` unit."""
    window = units[:HEADER_WINDOW if type_at is None else type_at]
    number_at = next((i for i, u in enumerate(window) if markers.NUMBER_LINE.match(u.text)), None)
    if number_at is None:
        return None
    inline = any(_opens_subject(piece) for piece in units[number_at].pieces[1:])
    subject: list[Unit] = [units[number_at]] if inline else []
    place_at = None
    i = number_at + 1
    while i < min(len(units), number_at + 8, type_at if type_at is not None else len(units)):
        unit = units[i]
        if not unit.text:
            pass
        elif markers.PLACE_DATE_LINE.match(unit.text) or is_place_fragment(units, i):
            place_at = i
        elif not subject and _opens_subject(unit.text):
            subject.append(unit)
        elif subject and place_at is None and len(unit.text) < 200 and \
                not match_key(unit.text).startswith("kính gửi"):
            subject.append(unit)  # the subject's next printed lines
        else:
            break
        i += 1
    if not subject:
        return None
    header_end = number_at + 1 if place_at is None else place_at + 1
    return header_end, subject, i


def is_place_fragment(units: list[Unit], i: int) -> bool:
    """`Hải` or `Thành phố Hồ Chí` on its own line over `Phòng, ngày …` / `Minh, ngày …`: the
    first word(s) of a place name broken before its last word."""
    following = units[i + 1].text if i + 1 < len(units) else ""
    words = units[i].text.split()
    return bool(markers.PLACE_DATE_LINE.match(following)) and 1 <= len(words) <= 4 and all(
        w.isalpha() and w[1:].islower() for w in words) and words[0][0].isupper() and \
        words[-1][0].isupper()


def _title_end(units: list[Unit], type_at: int) -> int:
    """The title is what the type line carries plus the capital (or `V/v`) lines after it,
    up to the preamble or the issuing authority's line."""
    i = type_at + 1
    while i < len(units) and i < type_at + 8:
        text = units[i].text
        if not text or markers.starts_with_marker(text) or is_authority_line(text):
            break
        if not (is_capitals(text) or match_key(text).startswith(markers.structure_keys("subject_labels"))):
            break
        i += 1
    return i


def _opens_subject(text: str) -> bool:
    """A letter's subject line: `V/v …` (any case) or `Về …`."""
    key = match_key(text)
    return any(key.startswith(word) and key[len(word):len(word) + 1] in ("", " ", ":")
               for word in markers.structure_keys("subject_labels") + markers.structure_keys("subject_openers"))


def is_authority_line(text: str) -> bool:
    return is_capitals(text) and match_key(text).startswith(markers.structure_keys("authority_starts"))


def _preamble_end(units: list[Unit], start: int) -> int:
    """The preamble runs to the enacting line (`QUYẾT ĐỊNH:`) or to the first labelled item."""
    for i in range(start, len(units)):
        text = units[i].text
        key = match_key(text)
        if key.rstrip(":") in markers.structure_keys("enacting_words") and text.rstrip().endswith(":"):
            return i + 1
        marker = markers.parse_marker(text)
        if marker and marker.kind in ("roman", "article", "chapter", "decimal"):
            return i
        if i - start > 40:
            break
    # no labelled body: the preamble is its opening sentences only
    i = start
    openers = tuple(markers.structure_words()["preamble_openers"])
    while i < len(units) and (is_authority_line(units[i].text) or units[i].text.startswith(openers)):
        i += 1
    return i


def _main_end(units: list[Unit], start: int) -> int:
    for i in range(start, len(units)):
        text = units[i].text
        if is_capacity_line(text):
            return i
        if match_key(text).startswith("nơi nhận") or _part_starts(units, i):
            return _unmarked_signature_start(units, start, i)
    return len(units)


def _unmarked_signature_start(units: list[Unit], start: int, end: int) -> int:
    """A signature printed without a capacity line (`CHỦ TỊCH` over the name) just before
    `Nơi nhận` or an appendix belongs to the signature, not to the body."""
    i = end
    while i > start and not units[i - 1].text:
        i -= 1
    if i - 2 < start or not markers.looks_like_name(units[i - 1].text):
        return end
    title = units[i - 2].text
    if is_capitals(title) and len(title) < 60 and markers.parse_marker(title) is None:
        return i - 2
    return end


def _signature_end(doc: Document, units: list[Unit], start: int) -> int:
    """Take `Nơi nhận` and the signature block (in either order) after the main text."""
    i = start
    in_recipients = False
    while i < len(units):
        unit = units[i]
        text = unit.text
        key = match_key(text)
        if key.startswith("nơi nhận"):
            in_recipients = True
            doc.recipients.append(unit)
        elif is_capacity_line(text) or (in_recipients and _is_signer_title_line(text)):
            in_recipients = False
            doc.signature.append(unit)
        elif in_recipients and (text.startswith(("-", "+", "•")) or len(text) < 40 or not text
                                or text.rstrip().endswith((";", ","))):
            doc.recipients.append(unit)
        elif _part_starts(units, i):
            break
        elif text and is_capitals(text) and len(text) < 60:
            in_recipients = False
            doc.signature.append(unit)
        elif not text:
            pass
        elif markers.looks_like_name(text):
            doc.signature.append(unit)
            in_recipients = False
        else:
            break
        i += 1
    return i


def _is_signer_title_line(text: str) -> bool:
    """`CHỦ TỊCH` after the recipients list: a capital line that is not a recipient item."""
    return is_capitals(text) and len(text) < 60 and not text.startswith(("-", "+", "•")) and \
        not text.rstrip().endswith((";", ",", ":", "."))


def _part_starts(units: list[Unit], i: int) -> bool:
    """An appendix label, or a capital type line (an attached plan) followed by its title or a
    `(Kèm theo …)` note, or a capital title directly over a `(Kèm theo …)` note."""
    text = units[i].text
    if not text:
        return False
    if text.startswith(tuple(markers.structure_words()["appendix_labels"])) and (
            is_capitals(text.split(" ")[0]) or re.match(r"^Phụ lục\s+\S+$", text)):
        return True
    window = [u.text for u in units[i + 1:i + 5]]
    if is_capitals(text) and any(_ATTACHED_NOTE.match(t) for t in window):
        return markers.parse_marker(text) is None
    return False


def split_parts(units: list[Unit]) -> list[Part]:
    parts: list[Part] = []
    i = 0
    while i < len(units) and not _part_starts(units, i):
        i += 1  # stray lines after the signature, before any part
    while i < len(units):
        head_end = _part_head_end(units, i)
        j = head_end
        while j < len(units) and not _part_starts(units, j):
            j += 1
        parts.append(_make_part(units[i:head_end], units[head_end:j]))
        i = j
    return parts


_APPENDIX_LABEL = re.compile(
    r"^((?:PHỤ LỤC|Phụ lục|BIỂU|Biểu)(?:\s+(?:số\s+)?[0-9IVXLC]+[a-zA-Z]?)?)[.:]?\s*(.*)$")


def _part_head_end(units: list[Unit], i: int) -> int:
    """A part's head: its label and capital title lines (blank cells between them allowed),
    then the `(Kèm theo …)` note and the `CƠ QUAN CHỦ TRÌ THỰC HIỆN: …` line in any order."""
    j = i + 1
    while j < len(units):
        text = units[j].text
        if not text or _ATTACHED_NOTE.match(text) or _LEAD_NOTE.match(text):
            j += 1
            continue
        if is_capitals(text) and markers.parse_marker(text) is None and \
                markers.header_role(text) is None and len(text) < 400 and \
                not any(_ATTACHED_NOTE.match(u.text) for u in units[i + 1:j]):
            j += 1
            continue
        break
    return j


def _make_part(head: list[Unit], body: list[Unit]) -> Part:
    first = head[0]
    label = None
    title_units: list[Unit] = []
    lead_note = None
    match = _APPENDIX_LABEL.match(first.text)
    if match:
        label = match.group(1)
        if match.group(2):
            title_units.append(first)
    else:
        title_units.append(first)
    for unit in head[1:]:
        if _ATTACHED_NOTE.match(unit.text):
            continue  # `(Kèm theo Kế hoạch số …)`: no part of the title
        if _LEAD_NOTE.match(unit.text):
            lead_note = unit.text
        elif unit.text:
            title_units.append(unit)
    title = " ".join(u.text for u in title_units).strip()
    if match and match.group(2) and title_units and title_units[0] is first:
        title = (match.group(2) + title[len(first.text):]).strip()
    kind = "appendix" if label or not doc_type_of(first.text) else "attachment"
    return Part(kind=kind, label=label, title=title, title_units=title_units,
                lead_note=lead_note, unit=first, blocks=outline(body))


def outline(units: list[Unit]) -> list[Block]:
    """Labelled units nest by label style in order of first appearance (`I.` > `1.` > `a)` >
    `-` …); unlabelled paragraphs and tables hang under the block before them."""
    roots: list[Block] = []
    stack: list[Block] = []
    kinds: list[str] = []  # label styles of the open stack, outermost first
    i = 0
    while i < len(units):
        table, i_next = tablegrid.take_table(units, i)
        if table is not None:
            block = Block(kind="table", unit=units[i], table=table)
            (stack[-1].children if stack else roots).append(block)
            i = i_next
            continue
        unit = units[i]
        i += 1
        if not unit.text:
            continue
        marker = markers.parse_marker(unit.text)
        if marker is None or (marker.kind == "bullet" and not marker.rest):
            block = Block(kind="paragraph", unit=unit, text=unit.text)
            (stack[-1].children if stack else roots).append(block)
            continue
        style = marker.kind
        if marker.kind == "bullet":
            style += marker.label
        elif marker.kind == "decimal":
            style += str(marker.label.count("."))  # 4.1 nests under 4
        if style in kinds:
            depth = kinds.index(style)
            del stack[depth:], kinds[depth:]
        block = Block(kind="item", unit=unit, label=marker.label, marker=marker.kind,
                      text=marker.rest)
        (stack[-1].children if stack else roots).append(block)
        stack.append(block)
        kinds.append(style)
    for block in walk(roots):
        if block.kind == "item" and block.children and any(
                c.kind != "paragraph" for c in block.children) or (
                block.kind == "item" and block.text.rstrip().endswith(":")):
            block.kind = "heading"
    return roots


def walk(blocks: list[Block]):
    for block in blocks:
        yield block
        yield from walk(block.children)
