"""A readable outline of a segmented document: what `python -m pipeline segment FILE` prints,
to see why an extraction went wrong."""

from __future__ import annotations

from pipeline.document import Block, Document

WIDTH = 90


def _short(text: str, width: int = WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render(doc: Document) -> str:
    out = [f"document {doc.doc_id}  ({doc.source.get('format')}, {doc.source.get('encoding')}, "
           f"{len(doc.units)} units, {len(doc.tables)} tables, {len(doc.parts)} parts)"]
    if doc.site_attributes:
        out.append("site attributes: " + "; ".join(f"{k}={v}" for k, v in doc.site_attributes.items()))
    out.append("HEADER")
    out += [f"  L{u.line:<5} {_short(u.text)}" for u in doc.header if u.text]
    if doc.doc_type_unit:
        out.append(f"TYPE+TITLE  L{doc.doc_type_unit.line}: " + _short(
            " ".join([doc.doc_type_unit.text] + [u.text for u in doc.title_units])))
    out.append("PREAMBLE")
    out += [f"  L{u.line:<5} {_short(u.text)}" for u in doc.preamble if u.text]
    out.append("BODY")
    out += _blocks(doc.body, 1)
    out.append("SIGNATURE / NƠI NHẬN")
    out += [f"  L{u.line:<5} {_short(u.text)}" for u in doc.signature + doc.recipients if u.text]
    for part in doc.parts:
        out.append(f"PART {part.kind.upper()} {part.label or ''} L{part.unit.line}: {_short(part.title)}")
        if part.lead_note:
            out.append(f"  lead note: {_short(part.lead_note)}")
        out += _blocks(part.blocks, 1)
    if doc.warnings:
        out.append("WARNINGS")
        out += [f"  {w}" for w in doc.warnings]
    return "\n".join(out)


def _blocks(blocks: list[Block], depth: int) -> list[str]:
    lines = []
    pad = "  " * depth
    for block in blocks:
        if block.kind == "table":
            table = block.table
            lines.append(f"{pad}TABLE L{table.line} [{table.layout}] {len(table.rows)} rows; header: "
                         + " | ".join(_short(h, 25) for h in table.header))
            for row in table.rows:
                cells = [c.text for c in row.cells]
                tag = "group" if row.is_group else "row"
                lines.append(f"{pad}  {tag:<5} {row.label or '-':<7} L{row.line:<5} "
                             f"{len(cells)} cells: " + _short(" | ".join(cells), 70))
        else:
            label = f"{block.label}" if block.label else "¶"
            lines.append(f"{pad}{block.kind[:4]:<4} {label:<5} L{block.unit.line:<5} {_short(block.text, 80)}")
            lines += _blocks(block.children, depth + 1)
    return lines
