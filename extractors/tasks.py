"""The task record (CONTRACT section 4) shared by the table and prose extractors."""

from __future__ import annotations

from pipeline.document import Document


def section_text(text: str | None) -> str | None:
    """A heading or group row as a task's `section`: its text without the closing `:`."""
    if not text:
        return None
    text = " ".join(text.split()).rstrip(" :;.")
    return text or None


def make_task(doc: Document, *, id: str | None, kind: str, section: str | None,
              text: str | None, lead: list[str], coordinators: list[str],
              product: str | None, timeframe: dict | None, span: tuple[int, int]) -> dict:
    return {
        "id": id,
        "kind": kind,
        "section": section_text(section),
        "text": " ".join(text.split()) if text else None,
        "lead": lead,
        "coordinators": coordinators,
        "product": " ".join(product.split()) if product and product.strip() else None,
        "timeframe": timeframe,
        "span": [span[0], span[1]],
        "line": doc.raw_line(span[0]),
    }
