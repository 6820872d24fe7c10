"""Writing outputs (CONTRACT section 3): per-document JSON, flat CSV tables, SQLite, errors.

Every file is written atomically (a temporary file renamed into place) and only when its
content changed, so a re-run on unchanged inputs rewrites nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import tempfile
from pathlib import Path

from pipeline.textkey import compact_key

DOCUMENT_COLUMNS = [
    "doc_id", "file", "format", "encoding", "sha256", "number", "doc_type", "issuer", "place",
    "issued_date", "effective_date", "title", "signer_name", "signer_title", "signing_capacity",
    "legal_bases", "attachments", "period_text", "period_start", "period_end", "n_tasks",
    "n_warnings",
]
TASK_COLUMNS = [
    "task_key", "doc_id", "seq", "id", "kind", "section", "text", "lead", "coordinators",
    "product", "timeframe_text", "timeframe_start", "timeframe_end", "recurrence", "span_start",
    "span_end", "line",
]
TASK_AGENCY_COLUMNS = ["task_key", "doc_id", "role", "agency", "agency_key"]
AGENCY_COLUMNS = ["agency_key", "name", "n_lead", "n_coordinator", "n_documents"]
LIST_SEPARATOR = "; "


def write_atomic(path: Path, data: bytes) -> bool:
    """Write `data` to `path` unless it already holds exactly that; True if written."""
    path = Path(path)
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def record_json(record: dict) -> bytes:
    return (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_record(out_dir: Path, record: dict) -> bool:
    return write_atomic(Path(out_dir) / "documents" / f"{record['doc_id']}.json", record_json(record))


def read_records(out_dir: Path) -> list[dict]:
    folder = Path(out_dir) / "documents"
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def write_errors(out_dir: Path, errors: list[dict]) -> bool:
    lines = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in
                    sorted(errors, key=lambda e: e["file"]))
    return write_atomic(Path(out_dir) / "errors.jsonl", lines.encode("utf-8"))


# --- flat tables ----------------------------------------------------------------------------

def _joined(values) -> str:
    return LIST_SEPARATOR.join(v for v in values or [] if v)


def flat_tables(records: list[dict]) -> dict[str, list[dict]]:
    documents, tasks, task_agencies = [], [], []
    agencies: dict[str, dict] = {}
    agency_docs: dict[str, set] = {}
    for record in records:
        meta, source = record.get("metadata", {}), record.get("source", {})
        period = meta.get("period") or {}
        documents.append({
            "doc_id": record["doc_id"], "file": source.get("file"), "format": source.get("format"),
            "encoding": source.get("encoding"), "sha256": source.get("sha256"),
            **{k: meta.get(k) for k in ("number", "doc_type", "issuer", "place", "issued_date",
                                        "effective_date", "title", "signer_name", "signer_title")},
            "signing_capacity": _joined(meta.get("signing_capacity")),
            "legal_bases": _joined(b.get("number") or b.get("name") for b in meta.get("legal_bases") or []),
            "attachments": _joined(f"{a.get('doc_type') or ''} {a.get('title') or ''}".strip()
                                   for a in meta.get("attachments") or []),
            "period_text": period.get("text"), "period_start": period.get("start"),
            "period_end": period.get("end"), "n_tasks": len(record.get("tasks", [])),
            "n_warnings": len(record.get("warnings", [])),
        })
        for seq, task in enumerate(record.get("tasks", []), start=1):
            key = f"{record['doc_id']}#{seq}"
            timeframe = task.get("timeframe") or {}
            span = task.get("span") or [None, None]
            tasks.append({
                "task_key": key, "doc_id": record["doc_id"], "seq": seq, "id": task.get("id"),
                "kind": task.get("kind"), "section": task.get("section"), "text": task.get("text"),
                "lead": _joined(task.get("lead")), "coordinators": _joined(task.get("coordinators")),
                "product": task.get("product"), "timeframe_text": timeframe.get("text"),
                "timeframe_start": timeframe.get("start"), "timeframe_end": timeframe.get("end"),
                "recurrence": timeframe.get("recurrence"), "span_start": span[0],
                "span_end": span[1], "line": task.get("line"),
            })
            for role, names in (("lead", task.get("lead")), ("coordinator", task.get("coordinators"))):
                for name in names or []:
                    agency_key = compact_key(name)
                    task_agencies.append({"task_key": key, "doc_id": record["doc_id"], "role": role,
                                          "agency": name, "agency_key": agency_key})
                    entry = agencies.setdefault(agency_key, {
                        "agency_key": agency_key, "name": name, "n_lead": 0, "n_coordinator": 0,
                        "n_documents": 0})
                    entry["n_" + role] += 1
                    agency_docs.setdefault(agency_key, set()).add(record["doc_id"])
    for key, entry in agencies.items():
        entry["n_documents"] = len(agency_docs[key])
    return {
        "documents": documents,
        "tasks": tasks,
        "task_agencies": task_agencies,
        "agencies": sorted(agencies.values(), key=lambda a: a["agency_key"]),
    }


_COLUMNS = {"documents": DOCUMENT_COLUMNS, "tasks": TASK_COLUMNS,
            "task_agencies": TASK_AGENCY_COLUMNS, "agencies": AGENCY_COLUMNS}


def csv_bytes(rows: list[dict], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: "" if row.get(c) is None else row.get(c) for c in columns})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel then reads UTF-8


def write_tables(out_dir: Path, records: list[dict], errors: list[dict]) -> list[str]:
    """Write the CSV tables and corpus.db; return the names of files that changed."""
    out_dir = Path(out_dir)
    tables = flat_tables(records)
    changed = [f"{name}.csv" for name, rows in tables.items()
               if write_atomic(out_dir / f"{name}.csv", csv_bytes(rows, _COLUMNS[name]))]
    digest = hashlib.sha256(json.dumps([tables, errors], sort_keys=True, default=str)
                            .encode("utf-8")).hexdigest()
    if _database_digest(out_dir / "corpus.db") != digest:
        write_database(out_dir / "corpus.db", tables, errors, digest)
        changed.append("corpus.db")
    return changed


def _database_digest(path: Path) -> str | None:
    if not path.exists():
        return None
    import sqlite3

    try:
        with sqlite3.connect(path) as conn:
            row = conn.execute("select value from _congbao where key = 'digest'").fetchone()
        return row[0] if row else None
    except sqlite3.Error:
        return None


def write_database(path: Path, tables: dict[str, list[dict]], errors: list[dict], digest: str):
    """Build the database beside its final place, then rename it over the old one."""
    import sqlite_utils

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".corpus", suffix=".db.tmp")
    os.close(fd)
    try:
        db = sqlite_utils.Database(tmp, recreate=True)
        db["documents"].insert_all(tables["documents"], pk="doc_id",
                                   columns={c: str for c in DOCUMENT_COLUMNS if c not in ("n_tasks", "n_warnings")})
        db["documents"].create(dict.fromkeys(DOCUMENT_COLUMNS, str), pk="doc_id", if_not_exists=True)
        db["agencies"].create({"agency_key": str, "name": str, "n_lead": int, "n_coordinator": int,
                               "n_documents": int}, pk="agency_key")
        db["agencies"].insert_all(tables["agencies"])
        db["tasks"].create({c: (int if c in ("seq", "span_start", "span_end", "line") else str)
                            for c in TASK_COLUMNS}, pk="task_key",
                           foreign_keys=[("doc_id", "documents", "doc_id")])
        db["tasks"].insert_all(tables["tasks"])
        db["task_agencies"].create({c: str for c in TASK_AGENCY_COLUMNS},
                                   foreign_keys=[("task_key", "tasks", "task_key"),
                                                 ("doc_id", "documents", "doc_id"),
                                                 ("agency_key", "agencies", "agency_key")])
        db["task_agencies"].insert_all(tables["task_agencies"])
        db["errors"].create({"file": str, "doc_id": str, "error": str, "detail": str}, pk="file")
        db["errors"].insert_all(errors)
        for table, columns in (("tasks", ["doc_id"]), ("tasks", ["kind"]),
                               ("task_agencies", ["task_key"]), ("task_agencies", ["agency_key"]),
                               ("documents", ["issuer"]), ("documents", ["issued_date"])):
            db[table].create_index(columns, if_not_exists=True)
        db["tasks"].enable_fts(["text", "section"], create_triggers=True)
        db["_congbao"].insert({"key": "digest", "value": digest}, pk="key")
        db.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_tables(out_dir: str | Path) -> dict:
    """The flat tables of a conversion folder as pandas DataFrames, keyed by table name."""
    import pandas as pd

    out_dir = Path(out_dir)
    return {name: pd.read_csv(out_dir / f"{name}.csv", encoding="utf-8-sig", dtype=str,
                              keep_default_na=False)
            for name in _COLUMNS if (out_dir / f"{name}.csv").exists()}
