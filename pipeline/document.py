"""The document model every stage reads and fills in.

A `Document` starts as raw text (`reading`), becomes a list of `Unit`s over one normalized
text with a map back to raw lines (`normalizing`), gains structure (`segmenting`) and finally
metadata and tasks (`extractors`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass
class Unit:
    """One logical line of the normalized text: a paragraph, a heading line or a table cell.

    `start`/`end` are offsets in `Document.text`; `line` is the 1-based raw line it starts on;
    `pieces` are the raw lines it was joined from (kept because header layout lives there).
    """

    text: str
    start: int = 0
    end: int = 0
    line: int = 0
    pieces: list[str] = field(default_factory=list)
    cell: bool = False  # closed by a table-cell separator (`|`)
    row_end: bool = False  # the layout itself marks the end of a table row here


@dataclass
class Row:
    cells: list[Unit]
    label: str | None = None  # the TT / STT cell, e.g. "3.1"
    is_group: bool = False  # a heading row or a numbered parent of other rows

    @property
    def line(self) -> int:
        return self.cells[0].line if self.cells else 0


@dataclass
class Table:
    header: list[str]
    rows: list[Row]
    layout: str = ""  # how the rows were found: "rows" (| a | b |), "cells" (label-led cells)
    line: int = 0


@dataclass
class Block:
    """A node of the body outline: a heading (with children) or a paragraph."""

    kind: str  # "heading" | "paragraph" | "table"
    unit: Unit | None = None
    label: str | None = None  # printed label without punctuation: "II", "3.1", "a", "1", "-"
    marker: str | None = None  # the label's style: roman, decimal, article, letter, paren, bullet
    text: str = ""  # text without the label
    children: list["Block"] = field(default_factory=list)
    table: Table | None = None


@dataclass
class Part:
    """What follows the main signature: an attached document (the plan a decision issues) or
    an appendix (`PHỤ LỤC 03`, or an unlabelled `DANH MỤC …` list), with its own outline."""

    kind: str  # "attachment" | "appendix"
    label: str | None  # "PHỤ LỤC 03"
    title: str
    unit: Unit
    title_units: list[Unit] = field(default_factory=list)
    lead_note: str | None = None  # "CƠ QUAN CHỦ TRÌ THỰC HIỆN: SỞ CÔNG THƯƠNG"
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Document:
    doc_id: str
    source: dict
    raw_text: str = ""
    # normalizing
    units: list[Unit] = field(default_factory=list)
    text: str = ""
    line_breaks: list[tuple[int, int]] = field(default_factory=list)  # (offset, raw line)
    site_attributes: dict[str, str] = field(default_factory=dict)
    # segmenting
    header: list[Unit] = field(default_factory=list)
    doc_type_unit: Unit | None = None
    title_units: list[Unit] = field(default_factory=list)
    preamble: list[Unit] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    signature: list[Unit] = field(default_factory=list)
    recipients: list[Unit] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    # extracting
    metadata: dict = field(default_factory=dict)
    tasks: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def raw_line(self, offset: int) -> int:
        """The 1-based raw line that the normalized character at `offset` came from."""
        if not self.line_breaks:
            return 0
        i = bisect.bisect_right(self.line_breaks, (offset, float("inf"))) - 1
        return self.line_breaks[max(i, 0)][1]
