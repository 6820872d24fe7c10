"""Writing outputs (CONTRACT section 3): per-document JSON, flat CSV tables, SQLite, errors.

Every file is written atomically (a temporary file renamed into place) and only when its
content changed, so a re-run on unchanged inputs rewrites nothing.

The flat tables are described once, in `TABLES`: the CSV headers, the database schema (keys,
foreign keys, indexes) and the Datasette `metadata.json` all come from it. Nested values of a
record are never lost: lists of names are joined with "; " for reading in a spreadsheet,
legal bases also get a table of their own, and fields the tables do not know (a metadata
`provenance`, a new task field) are kept as JSON text in an `extra` column.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import multiprocessing
import os
import sqlite3
import tempfile
from collections import Counter, defaultdict
from contextlib import closing, suppress
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter
from pathlib import Path

import orjson

from pipeline.record import LIST_FIELDS, METADATA_FIELDS
from pipeline.textkey import compact_key

LIST_SEPARATOR = "; "
DATABASE = "corpus.db"
DATASETTE_METADATA = "metadata.json"
ERRORS = "errors.jsonl"
_TEMPORARY_SUFFIX = ".tmp"
_FILE_MODE = 0o644  # what a plain open() gives; a temporary file starts readable by its owner only


@dataclass(frozen=True)
class TableSpec:
    name: str
    description: str
    columns: tuple[tuple[str, type, str], ...]  # (name, str or int, description)
    pk: str | tuple[str, ...] | None = None
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, table, column)
    indexes: tuple[str, ...] = ()
    facets: tuple[str, ...] = ()
    sortable: tuple[str, ...] = ()
    label_column: str | None = None
    csv: bool = True

    @property
    def column_names(self) -> list[str]:
        return [name for name, _, _ in self.columns]

    @cached_property
    def row(self):
        """Turns a dict holding every column into a row: a tuple in column order."""
        return itemgetter(*self.column_names)


_TIMEFRAME = "ISO date at the precision printed (2020, 2021-10, 2020-10-13)"

TABLES: dict[str, TableSpec] = {spec.name: spec for spec in (
    TableSpec(
        "documents", "One row per converted input: its source and metadata (CONTRACT section 4).",
        (
            ("doc_id", str, "input file name without its extension, characters outside [A-Za-z0-9._-] as _"),
            ("file", str, "input file name"),
            ("format", str, "input format: txt, md, html, pdf or json"),
            ("encoding", str, "text encoding found (utf-8, utf-16, windows-1258, tcvn3, vni); empty for PDF"),
            ("sha256", str, "sha256 of the input file"),
            ("number", str, "number-symbol after 'Số:', inner spaces removed"),
            ("doc_type", str, "canonical document type (Kế hoạch, Quyết định, …)"),
            ("issuer", str, "issuing body, abbreviations expanded"),
            ("place", str, "place of issue"),
            ("issued_date", str, "date of issue, " + _TIMEFRAME),
            ("effective_date", str, "date it takes effect, " + _TIMEFRAME),
            ("title", str, "subject line without the type word"),
            ("signer_name", str, "name of the signer"),
            ("signer_title", str, "title printed above the signer's name"),
            ("signing_capacity", str, "TM./KT./Q./TL./TUQ. lines above the title, in order, joined by '; '"),
            ("legal_bases", str, "documents cited as legal bases (number, else type and name), joined by '; '; in full in legal_bases"),
            ("attachments", str, "documents issued with this one (type and title), joined by '; '"),
            ("period_text", str, "document-level implementation period as printed"),
            ("period_start", str, "start of the period, " + _TIMEFRAME),
            ("period_end", str, "end of the period, " + _TIMEFRAME),
            ("period_recurrence", str, "recurrence of the period (yearly, quarterly, continuous, …)"),
            ("provenance", str, "where the metadata values were found (JSON object)"),
            ("extra", str, "other metadata fields of the record (JSON object), empty when none"),
            ("n_tasks", int, "number of tasks"),
            ("n_warnings", int, "number of warnings"),
            ("warnings", str, "what the converter had to guess or skip, one per line"),
        ),
        pk="doc_id", indexes=("doc_type", "issuer", "issued_date"),
        facets=("doc_type", "issuer", "format"),
        sortable=("doc_id", "number", "doc_type", "issuer", "issued_date", "n_tasks", "n_warnings"),
        label_column="title",
    ),
    TableSpec(
        "agencies", "One row per distinct agency named as lead or coordinator of a task.",
        (
            ("agency_key", str, "the name without case, tone placement, spaces or punctuation"),
            ("name", str, "the name as most often printed"),
            ("n_lead", int, "tasks it leads"),
            ("n_coordinator", int, "tasks it coordinates"),
            ("n_documents", int, "documents in which it leads or coordinates a task"),
        ),
        pk="agency_key", sortable=("name", "n_lead", "n_coordinator", "n_documents"),
        label_column="name",
    ),
    TableSpec(
        "tasks", "One row per task: a table row, an assignment or an enumerated item.",
        (
            ("task_key", str, "doc_id#seq"),
            ("doc_id", str, "the document"),
            ("seq", int, "1-based position of the task in its document"),
            ("id", str, "label printed on the item (3.1, 2, a); empty for bullets"),
            ("kind", str, "table, assignment or item"),
            ("section", str, "nearest enclosing heading or group row, without its label"),
            ("text", str, "the task as printed, label removed"),
            ("lead", str, "lead agencies joined by '; '; one row each in task_agencies"),
            ("coordinators", str, "coordinating agencies joined by '; '; one row each in task_agencies"),
            ("product", str, "output or product cell"),
            ("timeframe_text", str, "timeframe as printed"),
            ("timeframe_start", str, "start, " + _TIMEFRAME),
            ("timeframe_end", str, "end, " + _TIMEFRAME),
            ("recurrence", str, "yearly, half-yearly, quarterly, monthly, weekly or continuous"),
            ("span_start", int, "start offset of the task in the normalized text"),
            ("span_end", int, "end offset (exclusive) in the normalized text"),
            ("line", int, "1-based line of the raw file where the task starts"),
            ("extra", str, "other fields of the task (JSON object), empty when none"),
        ),
        pk="task_key", foreign_keys=(("doc_id", "documents", "doc_id"),),
        indexes=("doc_id", "kind", "timeframe_end"), facets=("kind", "recurrence", "doc_id"),
        sortable=("doc_id", "seq", "kind", "timeframe_start", "timeframe_end", "line"),
        label_column="text",
    ),
    TableSpec(
        "task_agencies", "One row per (task, agency, role): who leads and who coordinates each task.",
        (
            ("task_key", str, "the task"),
            ("doc_id", str, "the task's document"),
            ("role", str, "lead or coordinator"),
            ("position", int, "1-based position of the agency in the task's list for this role"),
            ("agency", str, "the name as the task gives it"),
            ("agency_key", str, "the agency"),
        ),
        pk=("task_key", "role", "position"),
        foreign_keys=(("task_key", "tasks", "task_key"), ("doc_id", "documents", "doc_id"),
                      ("agency_key", "agencies", "agency_key")),
        indexes=("doc_id", "agency_key"), facets=("role", "agency"),
        sortable=("task_key", "role", "position", "agency"),
    ),
    TableSpec(
        "legal_bases", "One row per document cited as a legal basis, in the order cited.",
        (
            ("doc_id", str, "the citing document"),
            ("seq", int, "1-based position in the citing document's list"),
            ("number", str, "number-symbol of the cited document; empty for an unnumbered law"),
            ("doc_type", str, "canonical type of the cited document"),
            ("issued_date", str, "its date of issue, " + _TIMEFRAME),
            ("issuer", str, "its issuer"),
            ("name", str, "name of an unnumbered law, without the word Luật"),
            ("extra", str, "other fields of the citation (JSON object), empty when none"),
        ),
        pk=("doc_id", "seq"), foreign_keys=(("doc_id", "documents", "doc_id"),),
        indexes=("number",), facets=("doc_type", "issuer"),
        sortable=("doc_id", "seq", "number", "doc_type", "issued_date"),
    ),
    TableSpec(
        "errors", "One row per input that could not be converted (as errors.jsonl).",
        (
            ("file", str, "input file name"),
            ("doc_id", str, "the doc_id it would have had"),
            ("error", str, "short error code (empty, binary, bad_pdf, no_text_layer, too_large, timeout, …)"),
            ("detail", str, "what went wrong"),
        ),
        indexes=("doc_id",), facets=("error",), sortable=("file", "error"), csv=False,
    ),
)}

_INTERNAL_TABLE = "_congbao"  # the digest of what the database holds: unchanged → not rebuilt
_FTS_COLUMNS = ("text", "section")


# --- atomic files ---------------------------------------------------------------------------

def write_atomic(path: Path, data: bytes) -> bool:
    """Write `data` to `path` unless it already holds exactly that; True if written."""
    path = Path(path)
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_temporary_prefix(path), suffix=_TEMPORARY_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def _temporary_prefix(path: Path) -> str:
    return "." + path.name[:100]  # short enough that a name near the system's limit still fits


def remove_leftover_temporaries(out_dir: Path) -> None:
    """Delete the temporary files a killed run left behind (`.<name>…tmp`, ours only)."""
    for folder in (Path(out_dir), Path(out_dir) / "documents"):
        for path in folder.glob(f".*{_TEMPORARY_SUFFIX}") if folder.is_dir() else []:
            path.unlink(missing_ok=True)


def record_json(record: dict) -> bytes:
    """The record as the contract writes it: UTF-8, not ASCII-escaped, indented by two. orjson
    gives the bytes `json.dumps(ensure_ascii=False, indent=2)` gives, ten times faster (the
    standard library has no C encoder for indented output)."""
    return orjson.dumps(record, option=orjson.OPT_INDENT_2) + b"\n"


def write_record(out_dir: Path, doc_id: str, data: bytes) -> bool:
    """Write one record's JSON (from `record_json`) as documents/<doc_id>.json."""
    return write_atomic(Path(out_dir) / "documents" / f"{doc_id}.json", data)


def _error_rows(errors: list[dict]) -> list[dict]:
    """Error lines in one order (whatever order the batch found them in), fields in the
    contract's order."""
    return [{k: e.get(k) for k in TABLES["errors"].column_names}
            for e in sorted(errors, key=lambda e: (e["file"], e["doc_id"]))]


def write_errors(out_dir: Path, errors: list[dict]) -> bool:
    lines = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in _error_rows(errors))
    return write_atomic(Path(out_dir) / ERRORS, lines.encode("utf-8"))


# --- flat tables ----------------------------------------------------------------------------

# Row builders give None for empty text: the database then holds NULL where the CSV files
# show an empty cell, and so the CSV files describe the database exactly (`_content_digest`).

def _joined(values, separator: str = LIST_SEPARATOR) -> str | None:
    return separator.join(str(v) for v in values or [] if v) or None


def _json_text(value) -> str | None:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None


def _basis_label(basis: dict) -> str:
    return basis.get("number") or " ".join(
        str(basis[k]) for k in ("doc_type", "name") if basis.get(k))


# metadata fields holding lists or objects go into the documents table as JSON text
_NESTED_METADATA = (*LIST_FIELDS, "period", "provenance")
_DOCUMENT_METADATA = tuple(name for name in METADATA_FIELDS if name not in _NESTED_METADATA)
_TASK_FIELDS = ("id", "kind", "section", "text", "lead", "coordinators", "product", "timeframe",
                "span", "line")
_BASIS_FIELDS = ("number", "doc_type", "issued_date", "issuer", "name")
# the tables a record has rows of; agencies are counted over all records, errors are no records
_RECORD_TABLES = ("documents", "tasks", "task_agencies", "legal_bases")


def _document_row(record: dict) -> dict:
    meta, source = record.get("metadata") or {}, record.get("source") or {}
    period = meta.get("period") or {}
    return {
        "doc_id": record["doc_id"], "file": source.get("file"), "format": source.get("format"),
        "encoding": source.get("encoding"), "sha256": source.get("sha256"),
        **{k: meta.get(k) or None for k in _DOCUMENT_METADATA},
        "signing_capacity": _joined(meta.get("signing_capacity")),
        "legal_bases": _joined(_basis_label(b) for b in meta.get("legal_bases") or []),
        "attachments": _joined(_joined((a.get("doc_type"), a.get("title")), " ")
                               for a in meta.get("attachments") or []),
        "period_text": period.get("text") or None, "period_start": period.get("start") or None,
        "period_end": period.get("end") or None, "period_recurrence": period.get("recurrence") or None,
        "provenance": _json_text(meta.get("provenance")),
        "extra": _json_text({k: v for k, v in meta.items()
                                 if k not in _DOCUMENT_METADATA and k not in _NESTED_METADATA}),
        "n_tasks": len(record.get("tasks") or []),
        "n_warnings": len(record.get("warnings") or []),
        "warnings": _joined(record.get("warnings"), "\n"),
    }


def _task_row(doc_id: str, seq: int, task: dict) -> dict:
    timeframe = task.get("timeframe") or {}
    span_start, span_end = (list(task.get("span") or []) + [None, None])[:2]
    return {
        "task_key": f"{doc_id}#{seq}", "doc_id": doc_id, "seq": seq, "id": task.get("id") or None,
        "kind": task.get("kind") or None, "section": task.get("section") or None,
        "text": task.get("text") or None,
        "lead": _joined(task.get("lead")), "coordinators": _joined(task.get("coordinators")),
        "product": task.get("product") or None, "timeframe_text": timeframe.get("text") or None,
        "timeframe_start": timeframe.get("start") or None,
        "timeframe_end": timeframe.get("end") or None,
        "recurrence": timeframe.get("recurrence") or None, "span_start": span_start,
        "span_end": span_end, "line": task.get("line"),
        "extra": _json_text({k: v for k, v in task.items() if k not in _TASK_FIELDS}),
    }


def _record_rows(record: dict) -> dict[str, list[tuple]]:
    doc_id = record["doc_id"]
    rows: dict[str, list[tuple]] = {name: [] for name in _RECORD_TABLES}
    rows["documents"].append(TABLES["documents"].row(_document_row(record)))
    for seq, basis in enumerate((record.get("metadata") or {}).get("legal_bases") or [], start=1):
        rows["legal_bases"].append(TABLES["legal_bases"].row({
            "doc_id": doc_id, "seq": seq, **{k: basis.get(k) or None for k in _BASIS_FIELDS},
            "extra": _json_text({k: v for k, v in basis.items() if k not in _BASIS_FIELDS})}))
    for seq, task in enumerate(record.get("tasks") or [], start=1):
        row = _task_row(doc_id, seq, task)
        rows["tasks"].append(TABLES["tasks"].row(row))
        for role, names in (("lead", task.get("lead")), ("coordinator", task.get("coordinators"))):
            for position, name in enumerate((n for n in names or [] if n), start=1):
                rows["task_agencies"].append(TABLES["task_agencies"].row({
                    "task_key": row["task_key"], "doc_id": doc_id, "role": role,
                    "position": position, "agency": name, "agency_key": compact_key(name)}))
    return rows


def _csv_lines(rows: list[tuple]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)  # None is written as ""
    return buffer.getvalue().encode("utf-8")


@dataclass(frozen=True)
class RecordOutput:
    """One record's rows of the flat tables, with their CSV lines. Made where the record is
    made (in a batch, by the worker), so that what is left for the end is joining them."""
    doc_id: str
    rows: dict[str, list[tuple]]
    csv: dict[str, bytes]


def record_output(record: dict) -> RecordOutput:
    rows = _record_rows(record)
    return RecordOutput(record["doc_id"], rows, {name: _csv_lines(rows[name])
                                                 for name in _RECORD_TABLES if TABLES[name].csv})


_AGENCY_FIELDS = itemgetter(*(TABLES["task_agencies"].column_names.index(name)
                              for name in ("doc_id", "role", "agency", "agency_key")))


def _agency_rows(task_agencies: list[tuple]) -> list[tuple]:
    spellings: dict[str, Counter] = defaultdict(Counter)
    counts: dict[str, Counter] = defaultdict(Counter)
    documents: dict[str, set] = defaultdict(set)
    for row in task_agencies:
        doc_id, role, name, key = _AGENCY_FIELDS(row)
        spellings[key][name] += 1
        counts[key][role] += 1
        documents[key].add(doc_id)
    return [TABLES["agencies"].row({"agency_key": key, "name": spellings[key].most_common(1)[0][0],
                              "n_lead": counts[key]["lead"], "n_coordinator": counts[key]["coordinator"],
                              "n_documents": len(documents[key])}) for key in sorted(spellings)]


def _outputs(records) -> list[RecordOutput]:
    """Records (dicts, or their `RecordOutput`s) as outputs in doc_id order."""
    return sorted((r if isinstance(r, RecordOutput) else record_output(r) for r in records),
                  key=lambda output: output.doc_id)


def _table_rows(outputs: list[RecordOutput]) -> dict[str, list[tuple]]:
    """The rows of every table but errors, in the order of `TABLES`, keys consistent."""
    tables = {name: [row for output in outputs for row in output.rows[name]] for name in _RECORD_TABLES}
    tables["agencies"] = _agency_rows(tables["task_agencies"])
    return {name: tables[name] for name in TABLES if name in tables}


def flat_tables(records) -> dict[str, list[dict]]:
    """The records as rows (dicts) of the tables in `TABLES` but errors."""
    return {name: [dict(zip(TABLES[name].column_names, row)) for row in rows]
            for name, rows in _table_rows(_outputs(records)).items()}


def _csv_file(table: str, bodies) -> bytes:
    header = _csv_lines([TABLES[table].column_names])
    return "\ufeff".encode("utf-8") + header + b"".join(bodies)  # BOM: Excel then reads UTF-8


def write_tables(out_dir: Path, records, errors: list[dict]) -> list[str]:
    """Write the CSV tables, corpus.db and its metadata.json from `records` (dicts, or their
    `RecordOutput`s); return the names of the files that changed.

    The database is rebuilt only when its content changed, in a forked process while this
    one writes the CSV files."""
    out_dir = Path(out_dir)
    outputs = _outputs(records)
    tables = _table_rows(outputs)
    tables["errors"] = [TABLES["errors"].row(error) for error in _error_rows(errors)]
    files = {f"{name}.csv": _csv_file(name, [_csv_lines(tables[name])] if name not in _RECORD_TABLES
                                      else (output.csv[name] for output in outputs))
             for name, spec in TABLES.items() if spec.csv}
    digest = _content_digest(files, tables["errors"])
    database = out_dir / DATABASE
    building = (_in_background(write_database, database, tables, digest)
                if _database_digest(database) != digest else None)
    files[DATASETTE_METADATA] = (json.dumps(datasette_metadata(), ensure_ascii=False, indent=2)
                                 + "\n").encode("utf-8")
    changed = [name for name, data in files.items() if write_atomic(out_dir / name, data)]
    if building is not None:
        building()  # waits, and raises what the build raised
        changed.append(DATABASE)
    return changed


def _content_digest(csv_files: dict[str, bytes], error_rows: list[tuple]) -> str:
    """What the database holds, cheaply: the schema, the CSV files (the same rows) and the
    rows of errors, the one table without a CSV file."""
    digest = hashlib.sha256(repr((TABLES, _FTS_COLUMNS, error_rows)).encode("utf-8"))
    for name in sorted(csv_files):
        digest.update(name.encode("utf-8"))
        digest.update(csv_files[name])
    return digest.hexdigest()


def _in_background(function, *args):
    """Start `function(*args)` in a forked process (where the platform has fork); return a
    call that waits for its result and re-raises its exception."""
    if "fork" not in multiprocessing.get_all_start_methods():
        result = function(*args)
        return lambda: result
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_send_outcome, args=(sending, function, args))
    process.start()
    sending.close()

    def wait():
        try:
            succeeded, value = receiving.recv()
        except EOFError:  # the process died before it could answer
            process.join()
            succeeded, value = False, RuntimeError(
                f"{function.__name__} died (exit code {process.exitcode})")
        process.join()
        receiving.close()
        if not succeeded:
            raise value
        return value

    return wait


def _send_outcome(connection, function, args) -> None:
    try:
        connection.send((True, function(*args)))
    except BaseException as exc:  # handed to the waiting process, which raises it
        connection.send((False, exc))
    finally:
        connection.close()


def _database_digest(path: Path) -> str | None:
    if not path.exists():
        return None
    try:
        with closing(sqlite3.connect(path)) as conn:
            row = conn.execute(f"select value from {_INTERNAL_TABLE} where key = 'digest'").fetchone()
        return row[0] if row else None
    except sqlite3.Error:
        return None


def load_database_library():
    """sqlite-utils, imported on first use: it takes a noticeable part of a second, which a
    batch spends while its workers convert and a one-file conversion never spends."""
    import sqlite_utils

    return sqlite_utils


def _scratch_file(path: Path, kind: str = "") -> str:
    """A temporary file beside `path`, removed by `remove_leftover_temporaries` if a run dies."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_temporary_prefix(path) + kind,
                               suffix=_TEMPORARY_SUFFIX)
    os.close(fd)
    return tmp


def _open_scratch_database(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    # a scratch file until renamed into place: no journal, no sync after every statement
    for pragma in ("page_size = 16384", "journal_mode = off", "synchronous = off"):
        conn.execute(f"pragma {pragma}")
    return conn


def write_database(path: Path, tables: dict[str, list[tuple]], digest: str) -> None:
    """Build the database beside its final place, then rename it over the old one. The
    full-text index is built at the same time, in a process of its own (it takes as long as
    all the tables), and copied in at the end."""
    sqlite_utils = load_database_library()

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp, index_tmp = _scratch_file(path), _scratch_file(path, "search")
    index_built = _in_background(_write_search_index, index_tmp, tables["tasks"])
    try:
        db = sqlite_utils.Database(_open_scratch_database(tmp))
        for spec in TABLES.values():  # in dependency order: a table's foreign keys exist before it
            table = db[spec.name]
            table.create({name: kind for name, kind, _ in spec.columns}, pk=spec.pk,
                         foreign_keys=list(spec.foreign_keys))
            # rows are tuples of scalars in column order: one executemany instead of
            # sqlite-utils' per-value conversion, which dominated large batches
            with db.conn:  # commits
                db.conn.executemany(
                    f"insert into [{spec.name}] values ({', '.join('?' for _ in spec.columns)})",
                    tables[spec.name])
            for column in spec.indexes:
                table.create_index([column])
        index_built()
        _copy_search_index(db.conn, index_tmp)
        db[_INTERNAL_TABLE].insert({"key": "digest", "value": digest}, pk="key")
        db.close()
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        with suppress(Exception):  # the index process, if still running, is not left behind
            index_built()
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        Path(index_tmp).unlink(missing_ok=True)


# The full-text index of tasks: an FTS5 table over the tasks table's own text (external
# content), declared as sqlite-utils' `enable_fts` declares it, so that sqlite-utils and
# Datasette find it; triggers keep it right if someone edits the tasks table.
_FTS_TABLE = "tasks_fts"
_FTS_LIST = ", ".join(f"[{c}]" for c in _FTS_COLUMNS)
_FTS_NEW = ", ".join(f"new.[{c}]" for c in _FTS_COLUMNS)
_FTS_OLD = ", ".join(f"old.[{c}]" for c in _FTS_COLUMNS)
_FTS_DECLARATION = f"CREATE VIRTUAL TABLE [{_FTS_TABLE}] USING FTS5 ({_FTS_LIST}, content=[tasks])"
_FTS_TRIGGERS = f"""
CREATE TRIGGER [tasks_ai] AFTER INSERT ON [tasks] BEGIN
  INSERT INTO [{_FTS_TABLE}] (rowid, {_FTS_LIST}) VALUES (new.rowid, {_FTS_NEW});
END;
CREATE TRIGGER [tasks_ad] AFTER DELETE ON [tasks] BEGIN
  INSERT INTO [{_FTS_TABLE}] ([{_FTS_TABLE}], rowid, {_FTS_LIST}) VALUES ('delete', old.rowid, {_FTS_OLD});
END;
CREATE TRIGGER [tasks_au] AFTER UPDATE ON [tasks] BEGIN
  INSERT INTO [{_FTS_TABLE}] ([{_FTS_TABLE}], rowid, {_FTS_LIST}) VALUES ('delete', old.rowid, {_FTS_OLD});
  INSERT INTO [{_FTS_TABLE}] (rowid, {_FTS_LIST}) VALUES (new.rowid, {_FTS_NEW});
END;
"""
# FTS5 keeps an index in these ordinary tables; an index built elsewhere over the same rowids
# and text is the same index once they are copied in
_FTS_SHADOW_TABLES = tuple(f"{_FTS_TABLE}_{part}" for part in ("data", "idx", "docsize", "config"))


def _write_search_index(path: str, tasks: list[tuple]) -> None:
    """The index alone, in a scratch database: task n (in insertion order) is rowid n of the
    tasks table, which is built in a fresh table in that order."""
    positions = [TABLES["tasks"].column_names.index(c) for c in _FTS_COLUMNS]
    with closing(_open_scratch_database(path)) as conn:
        conn.execute(_FTS_DECLARATION)
        with conn:
            conn.executemany(
                f"INSERT INTO [{_FTS_TABLE}] (rowid, {_FTS_LIST}) "
                f"VALUES (?, {', '.join('?' for _ in positions)})",
                ((rowid, *(row[k] for k in positions)) for rowid, row in enumerate(tasks, start=1)))


def _copy_search_index(conn: sqlite3.Connection, index_path: str) -> None:
    conn.execute(_FTS_DECLARATION)
    conn.execute("ATTACH DATABASE ? AS search", (index_path,))
    with conn:
        for shadow in _FTS_SHADOW_TABLES:
            conn.execute(f"DELETE FROM [{shadow}]")  # what the declaration put there
            conn.execute(f"INSERT INTO [{shadow}] SELECT * FROM search.[{shadow}]")
    conn.execute("DETACH DATABASE search")
    conn.executescript(_FTS_TRIGGERS)


def datasette_metadata() -> dict:
    """Datasette's metadata.json for corpus.db: descriptions, facets, sorting, task search."""
    tables = {}
    for spec in TABLES.values():
        entry = {"description": spec.description,
                 "columns": {name: description for name, _, description in spec.columns},
                 "sortable_columns": list(spec.sortable), "facets": list(spec.facets)}
        if spec.label_column:
            entry["label_column"] = spec.label_column
        tables[spec.name] = entry
    tables["tasks"]["fts_table"] = _FTS_TABLE  # its rows are tasks rows by rowid (the default fts_pk)
    tables[_FTS_TABLE] = {"description": "Full-text index of task text and section (search tasks).",
                           "columns": {c: TABLES["tasks"].columns[TABLES["tasks"].column_names.index(c)][2]
                                       for c in _FTS_COLUMNS}, "hidden": True}
    for shadow in _FTS_SHADOW_TABLES:
        tables[shadow] = {"description": "SQLite FTS5 internal table.", "hidden": True}
    tables[_INTERNAL_TABLE] = {"description": "Digest of the content, so an unchanged corpus is not rewritten.",
                               "columns": {"key": "name of the value", "value": "the value"},
                               "hidden": True}
    return {
        "title": "congbao: Vietnamese official documents as structured records",
        "description": "Plans, decisions and directives converted into metadata, tasks, lead and "
                       "coordinating agencies and timeframes. Search tasks from the tasks table.",
        "databases": {Path(DATABASE).stem: {"tables": tables}},
    }


def load_tables(out_dir: str | Path) -> dict:
    """The tables of a conversion folder (corpus.db) as pandas DataFrames, keyed by table name;
    numbers are integers and missing values are <NA>."""
    import pandas as pd

    with closing(sqlite3.connect(Path(out_dir) / DATABASE)) as conn:
        return {name: pd.read_sql_query(f"select * from [{name}] order by rowid", conn,
                                        dtype_backend="numpy_nullable")
                for name in TABLES}
