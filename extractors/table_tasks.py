"""Table tasks: one `kind: "table"` task per row of a task table (ANNOTATION.md sections 2-5).

A table is a task table when its header names a task column and at least one of lead,
coordinators or time. Columns get their role from the header wording
(`pipeline/data/structure_words.yaml`). Rows flattened out of a web page or PDF can be short,
because a cell merged over several rows (rowspan) is printed once: a short row's cells are
matched to columns by what they look like (a period, an agency list, text) and the columns it
lacks are taken from the row above in the same table. Group rows (numbered parents, heading
rows) are not tasks; they are the `section` of the rows under them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from extractors.agencies import is_agency, nlp_enabled, split_agencies
from extractors.tasks import make_task
from extractors.timeframes import looks_like_time, parse_timeframe
from pipeline import markers
from pipeline.document import Block, Document, Row, Table, Unit

_LEAD_NOTE_SEPARATOR = ":"


def extract_table_tasks(doc: Document) -> Document:
    for table, section, lead_note in tables_in_context(doc):
        roles = column_roles(table.header)
        if is_task_table(roles):
            doc.tasks.extend(table_tasks(doc, table, roles, section, lead_note))
    return doc


def tables_in_context(doc: Document):
    """Each table with the section its rows fall back on (the appendix title, or the nearest
    heading above a table in the body) and its appendix's lead note."""
    yield from _tables_under(doc.body, None, None)
    for part in doc.parts:
        yield from _tables_under(part.blocks, part.title or None, part.lead_note)


def _tables_under(blocks: list[Block], section: str | None, lead_note: str | None):
    for block in blocks:
        if block.table is not None:
            yield block.table, section, lead_note
        elif block.children:
            inner = block.text if block.kind == "heading" else section
            yield from _tables_under(block.children, inner, lead_note)


def column_roles(header: list[str]) -> list[str | None]:
    return [markers.header_role(cell) for cell in header]


def is_task_table(roles: list[str | None]) -> bool:
    return "task" in roles and bool(set(markers.ASSIGNING_ROLES) & set(roles))


@dataclass
class _RowValues:
    text: Unit | None = None
    values: dict[str, str] = field(default_factory=dict)  # role → cell text, for cells present


def table_tasks(doc: Document, table: Table, roles: list[str | None], fallback_section: str | None,
                lead_note: str | None) -> list[dict]:
    note_leads = lead_from_note(lead_note) if "lead" not in roles else []
    groups = _Groups()
    carried: dict[str, str] = {}
    tasks = []
    for row in table.rows:
        cells = read_row(row, roles)
        if row.is_group:
            groups.open(row.label, _group_texts(row))
            carried.update(cells.values)
            continue
        groups.close(row.label)
        values = {**carried, **cells.values}  # a column the row lacks was merged from above
        carried.update(values)
        units = row.cells
        tasks.append(make_task(
            doc, id=row.label, kind="table", section=groups.section() or fallback_section,
            text=cells.text.text if cells.text else None,
            lead=split_agencies(values["lead"]) if values.get("lead") else list(note_leads),
            coordinators=split_agencies(values.get("coordinators") or ""),
            product=values.get("product"),
            timeframe=parse_timeframe(values.get("time")),
            span=(units[0].start, units[-1].end)))
    return tasks


class _Groups:
    """The open group rows above the current row: numbered parents (`3` over `3.1`) and
    unnumbered heading rows. An unnumbered heading row takes the level the first one of its
    table took: directly under a numbered parent (`Mục tiêu 1.3.b:` under `1`) or spanning the
    table (a new one closes the numbered groups before it)."""

    def __init__(self):
        self.stack: list[tuple[str | None, str]] = []  # (label, text), outermost first
        self.heading_depth: int | None = None

    def open(self, label: str | None, texts: list[str]) -> None:
        if label is None:
            if self.heading_depth is None:
                while self.stack and self.stack[-1][0] is None:
                    self.stack.pop()
                self.heading_depth = len(self.stack)
            del self.stack[self.heading_depth:]
        else:
            self.close(label)
        self.stack.append((label, texts[0] if texts else ""))
        for text in texts[1:]:  # a sub-heading printed in its parent's row
            self.stack.append((None, text))

    def close(self, label: str | None) -> None:
        """Drop the open groups `label` is not inside of (`4` closes `3` and what is under
        it); an unnumbered heading row stays while the group it sits under does."""
        if label is None:
            return
        keep = 0
        for k, (open_label, _) in enumerate(self.stack):
            if open_label is None:
                if k == keep:
                    keep = k + 1
            elif markers.is_child_label(open_label, label):
                keep = k + 1
            else:
                break
        del self.stack[keep:]

    def section(self) -> str | None:
        return self.stack[-1][1] if self.stack else None


SHORT_HEADING = 40  # characters: a sub-heading label such as `Mục tiêu 6.3.b.`


def _group_texts(row: Row) -> list[str]:
    """A group row's heading text; a short text cell after a long one is a sub-heading
    printed in the same row (`Mục tiêu 6.3: Đến năm 2030, …` / `Mục tiêu 6.3.b.`), while a
    short opener ending in `:` continues in the next cell (`Mục tiêu 3.5.a:` / `Triển khai …`)."""
    cells = row.cells[1:] if row.label is not None else row.cells
    texts = [c.text for c in cells if cell_kind(c.text) == "text"]
    if not texts:
        return []
    if len(texts) > 1 and texts[0].rstrip().endswith(":") and len(texts[0]) < SHORT_HEADING:
        return [f"{texts[0]} {texts[1]}"] + texts[2:3]
    if len(texts) > 1 and len(texts[1]) < SHORT_HEADING:
        return texts[:2]
    return texts[:1]


def lead_from_note(note: str | None) -> list[str]:
    """`CƠ QUAN CHỦ TRÌ THỰC HIỆN: SỞ CÔNG THƯƠNG.` → the agencies after the colon."""
    if not note or _LEAD_NOTE_SEPARATOR not in note:
        return []
    return split_agencies(note.split(_LEAD_NOTE_SEPARATOR, 1)[1])


def read_row(row: Row, roles: list[str | None]) -> _RowValues:
    """The row's task text and the value cells it has, by column role."""
    cells = list(row.cells)
    if roles and roles[0] == "label" and row.label is not None:
        cells = cells[1:]
        roles = roles[1:]
    elif roles and roles[0] == "label":
        roles = roles[1:]  # a heading row spanning the label column
    cells = _join_time_lines(cells)
    result = _RowValues()
    if not cells:
        return result
    if len(cells) == len(roles) and all(_fits(role, c.text) for role, c in zip(roles, cells)):
        pairs = list(zip(roles, cells))
    else:
        pairs = _match_by_content(cells, roles)
    for role, unit in pairs:
        if role == "task" and result.text is None:
            result.text = unit
        elif role in markers.VALUE_ROLES:
            result.values[role] = unit.text
    return result


def _fits(role: str | None, text: str) -> bool:
    """Whether a cell can sit in a column by position: only a period is checked, since an
    agency list and a product (`Báo cáo Thủ tướng Chính phủ`) can read alike."""
    if not text.strip() or role not in markers.VALUE_ROLES:
        return True
    return (role == "time") == looks_like_time(text)


def _match_by_content(cells: list[Unit], roles: list[str | None]) -> list[tuple[str | None, Unit]]:
    """A row whose cells do not line up with the header: the first cell is the task; the
    others go, in order, to the columns whose role fits what they look like, choosing the
    assignment that places the most cells (a stray empty cell is skipped, not placed)."""
    pairs: list[tuple[str | None, Unit]] = []
    order = list(roles)
    if "task" in order:
        pairs.append(("task", cells[0]))
        order = order[order.index("task") + 1:]
        cells = cells[1:]
    kinds = [cell_kind(c.text) for c in cells]
    # best[i][j]: (score, pairs) placing cells[i:] into order[j:]
    best = [[(0, [])] * (len(order) + 1) for _ in range(len(cells) + 1)]
    for i in range(len(cells) - 1, -1, -1):
        for j in range(len(order), -1, -1):
            skip_score, skip_pairs = best[i + 1][j]
            options = [(skip_score - (kinds[i] != "blank"), skip_pairs)]
            if j < len(order):
                options.append(best[i][j + 1])  # leave this column to the row above
                if order[j] in _FITS[kinds[i]]:
                    score, rest = best[i + 1][j + 1]
                    gain = 0 if kinds[i] == "blank" else 2 - _FITS[kinds[i]].index(order[j]) * 0.1
                    options.append((score + gain, [(order[j], cells[i])] + rest))
            best[i][j] = max(options, key=lambda option: option[0])
    return pairs + best[0][0][1]


_FITS = {
    "time": ("time",),
    "agency": ("lead", "coordinators"),
    "text": ("product", "coordinators", "lead", "time"),
    "blank": ("coordinators", "product", "lead", "time"),
}


def cell_kind(text: str) -> str:
    """What a cell looks like: `time` (a period or recurrence), `agency` or other `text`."""
    return _cell_kind(text, nlp_enabled())


@lru_cache(maxsize=4096)  # cells recur down a table; keyed by the NLP switch for the ablation
def _cell_kind(text: str, nlp: bool) -> str:
    if not text.strip():
        return "blank"
    if looks_like_time(text):
        return "time"
    if is_agency(text):
        return "agency"
    return "text"


def _join_time_lines(cells: list[Unit]) -> list[Unit]:
    """A time cell printed on several lines (`2017-2020 và` / `2021-2030`) is one cell,
    its lines joined with `; ` (ANNOTATION section 5)."""
    joined: list[Unit] = []
    for unit in cells:
        previous = joined[-1] if joined else None
        if previous is not None and len(joined) > 1 and looks_like_time(previous.text) and (
                looks_like_time(unit.text) or unit.text.strip() == "và"):
            joined[-1] = Unit(text=f"{previous.text}; {unit.text}", start=previous.start,
                              end=unit.end, line=previous.line, cell=True)
        else:
            joined.append(unit)
    return joined
