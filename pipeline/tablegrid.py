"""Rebuilding tables whose structure was flattened into lines.

Three layouts reach the segmenter as units:
- explicit rows: `| a | b | c |` lines (markdown, and what the HTML and PDF readers write);
- pipe-closed cells: each cell's lines end with ` |` or a lone `|` line, rows not marked;
- bare cells: one cell per line between blank lines, rows not marked.
For the last two, rows are found from the row labels (`1`, `1.1`, `2` … in the TT column,
accepted only in a plausible numbering order) and from the header's column count.
"""

from __future__ import annotations

import re

from pipeline import markers
from pipeline.document import Row, Table, Unit
from pipeline.textkey import match_key

MAX_HEADER_CELLS = 12
MAX_BROKEN_LINES = 6


def take_table(units: list[Unit], i: int) -> tuple[Table | None, int]:
    """The table starting at units[i], and the index after it; (None, i) if none starts here."""
    unit = units[i]
    if unit.cell and _explicit_rows_ahead(units, i):
        return _take_explicit(units, i)
    header_end = _header_end(units, i)
    if header_end is None:
        return None, i
    return _take_inferred(units, i, header_end)


def _explicit_rows_ahead(units: list[Unit], i: int) -> bool:
    for unit in units[i:i + MAX_HEADER_CELLS + 1]:
        if not unit.cell:
            return False
        if unit.row_end:
            return True
    return False


def _take_explicit(units: list[Unit], i: int) -> tuple[Table, int]:
    rows: list[list[Unit]] = [[]]
    j = i
    while j < len(units) and units[j].cell:
        rows[-1].append(units[j])
        if units[j].row_end:
            rows.append([])
        j += 1
    rows = [r for r in rows if any(c.text for c in r)]
    header: list[str] = []
    if rows and sum(markers.header_role(c.text) is not None for c in rows[0]) >= 2:
        header = [c.text for c in rows.pop(0)]
    table = Table(header=header, rows=[_row(cells) for cells in rows], layout="rows",
                  line=units[i].line)
    _mark_groups(table)
    return table, j


def _header_end(units: list[Unit], i: int) -> int | None:
    """A header is a run of known header cells (at least two, at least one naming a task or
    agency column), possibly with blank cells between them."""
    roles = []
    j = i
    while j < len(units) and j < i + MAX_HEADER_CELLS:
        text = units[j].text
        if not text:
            j += 1
            continue
        role = markers.header_role(text)
        if role is None:
            break
        roles.append(role)
        j += 1
    if len(roles) >= 2 and (set(roles) & {"task", *markers.ASSIGNING_ROLES}) and \
            roles[0] != "other":
        return j
    return None


_JOINERS = ("và", "và;", ";")  # a line of its own between the two periods of a time cell
_TIME_LIKE = re.compile(r"^(và\s+|;\s*)?((giai đoạn|năm|từ năm|quý [IV]+/?)\s*)?\d{4}\b", re.IGNORECASE)


def _merge_broken_cells(units: list[Unit], j: int) -> tuple[Unit | None, int]:
    """In a pipe-closed table a cell can hold a line break that reads as a paragraph end
    (`Các Sở:` / `Giao thông vận tải; Công Thương |`): join the open lines up to the pipe."""
    k = j
    while k < len(units) and k < j + MAX_BROKEN_LINES and not units[k].cell:
        k += 1
    if k >= len(units) or not units[k].cell or k == j:
        return None, j
    parts = units[j:k + 1]
    merged = Unit(text=" ".join(u.text for u in parts if u.text), start=parts[0].start,
                  end=parts[-1].end, line=parts[0].line,
                  pieces=[p for u in parts for p in u.pieces], cell=True, row_end=parts[-1].row_end)
    return merged, k + 1


def _take_inferred(units: list[Unit], i: int, header_end: int) -> tuple[Table, int]:
    header = [u.text for u in units[i:header_end] if u.text]
    ncols = len(header)
    has_label_column = markers.header_role(header[0]) == "label"
    piped = units[i].cell
    rows: list[list[Unit]] = []
    current: list[Unit] | None = None
    labels: list[str] = []  # the row labels accepted so far
    j = header_end
    while j < len(units):
        unit = units[j]
        step = 1
        if piped and not unit.cell:
            unit, after = _merge_broken_cells(units, j)
            if unit is None:
                break
            step = after - j
        if _ends_table(unit):
            break
        text = unit.text.strip()
        if current and len(current) >= ncols and (_TIME_LIKE.match(text) or text in _JOINERS) and (
                has_label_column or _TIME_LIKE.match(current[-1].text.strip())):
            # a time cell printed on two lines ("2017-2020" / "2021-2030"), or one after another
            # cell split in two: rows open with a label, and a period is never a heading row
            current.append(unit)
        elif has_label_column and markers.is_row_label(text) and _follows(labels, text):
            current = [unit]
            rows.append(current)
            labels.append(markers.row_label(text))
        elif current is None or len(current) >= ncols or (
                text.endswith(":") and len(current) >= 2 and not piped) or (
                not has_label_column and len(current) >= ncols):
            if text or piped:
                current = [unit]
                rows.append(current)
        else:
            current.append(unit)
        j += step
    if rows:
        # a no-break-space line closing the last row separates the table from what follows
        while rows[-1] and not rows[-1][-1].text:
            rows[-1].pop()
    table = Table(header=header, rows=[_row(cells) for cells in rows if any(
        c.text for c in cells)], layout="cells", line=units[i].line)
    _mark_groups(table)
    return table, j


def _ends_table(unit: Unit) -> bool:
    text = unit.text
    key = match_key(text)
    return key.startswith(("nơi nhận", "phụ lục ")) or (
        len(text) > 30 and text.isupper() and markers.parse_marker(text) is not None)


def _follows(labels: list[str], label: str) -> bool:
    """Whether `label` can come next after the row labels `labels` in a TT column: the first
    row, a child (3 → 3.1), a sibling (3.1 → 3.2), the next item of any ancestor (3.2 → 4), or
    the next group (I, 1 … 4, II, 1 …), whose items number from 1 again."""
    label = markers.row_label(label)
    previous = labels[-1] if labels else None
    value = markers.roman_value(label)
    if value and (previous is None or previous[0].isdigit()):
        groups = [v for v in map(markers.roman_value, labels) if v]
        return value == (groups[-1] + 1 if groups else 1)
    if not label[0].isdigit():
        return previous is None or not previous[0].isdigit()
    parts = label.split(".")
    if previous is None or not previous[0].isdigit():
        return True
    prev = previous.split(".")
    if parts[:-1] == prev and parts[-1] == "1":
        return True
    for depth in range(len(prev), 0, -1):
        head = prev[:depth - 1]
        if parts[:-1] == head and parts[-1].isdigit() and prev[depth - 1].isdigit() and \
                int(parts[-1]) == int(prev[depth - 1]) + 1:
            return True
    return False


def _row(cells: list[Unit]) -> Row:
    first = cells[0].text.strip() if cells else ""
    label = markers.row_label(first) if first and markers.is_row_label(first) else None
    return Row(cells=cells, label=label)


def _mark_groups(table: Table) -> None:
    """A numbered row whose next row is its child (3 → 3.1, II → 1) is a group; so is an
    unnumbered row with a single filled cell (a heading spanning the table)."""
    rows = table.rows
    for k, row in enumerate(rows):
        filled = [c for c in row.cells if c.text]
        if row.label is None:
            row.is_group = (len(filled) == 1 and len(table.header) > 2) or (
                bool(filled) and filled[0].text.rstrip().endswith(":"))
            continue
        for nxt in rows[k + 1:]:
            if nxt.label is None:
                continue
            row.is_group = markers.is_child_label(row.label, nxt.label)
            break
