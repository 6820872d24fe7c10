"""The pipeline: one document through every stage, in order.

    read → normalize → segment → extract (metadata, table tasks, prose tasks) → record

Each stage is a plain function over a `Document`. `STAGES` is the whole pipeline.
"""

from __future__ import annotations

from pathlib import Path

from extractors import agency_nlp
from extractors.agencies import nlp_enabled
from extractors.metadata import extract_metadata
from extractors.prose_tasks import extract_prose_tasks
from extractors.table_tasks import extract_table_tasks
from pipeline.datafiles import data_path
from pipeline.document import Document
from pipeline.normalizing import normalize
from pipeline.reading import read_bytes, read_file
from pipeline.record import to_record
from pipeline.segmenting import segment

STAGES = [
    normalize,
    segment,
    extract_metadata,
    extract_table_tasks,
    extract_prose_tasks,
]


def run_stages(doc: Document) -> Document:
    for stage in STAGES:
        doc = stage(doc)
    return doc


def convert_document(doc: Document) -> dict:
    return to_record(run_stages(doc))


def convert_file(path: str | Path) -> dict:
    """Convert one file into its record (CONTRACT section 4). Raises `ReadError` on bad input."""
    return convert_document(read_file(path))


def convert_text(text: str, name: str = "document.txt") -> dict:
    """Convert text already in memory; `name` gives the doc_id and the format."""
    return convert_document(read_bytes(text.encode("utf-8"), name=name))


def segment_file(path: str | Path) -> Document:
    """Read, normalize and segment, without extracting: what `python -m pipeline segment` shows."""
    doc = read_file(path)
    return segment(normalize(doc))


def warm_up() -> None:
    """Load now, in this process, what a conversion loads on first use: the data files (by
    converting a small sample plan) and, when the NLP is on, underthesea's models. Worker
    processes forked afterwards share all of it instead of each loading its own."""
    convert_file(data_path("warm_up.md"))
    if nlp_enabled():
        agency_nlp.load_models()
