"""The record of CONTRACT section 4, built from a processed `Document`."""

from __future__ import annotations

from pipeline.document import Document

SCHEMA = "1"

METADATA_FIELDS = (
    "number", "doc_type", "issuer", "place", "issued_date", "effective_date", "title",
    "signer_name", "signer_title", "signing_capacity", "legal_bases", "attachments", "period",
)
LIST_FIELDS = ("signing_capacity", "legal_bases", "attachments")


def to_record(doc: Document) -> dict:
    metadata = {name: doc.metadata.get(name, [] if name in LIST_FIELDS else None)
                for name in METADATA_FIELDS}
    extra = {k: v for k, v in doc.metadata.items() if k not in metadata}
    metadata.update(extra)
    return {
        "schema": SCHEMA,
        "doc_id": doc.doc_id,
        "source": doc.source,
        "metadata": metadata,
        "tasks": doc.tasks,
        "warnings": doc.warnings,
    }
