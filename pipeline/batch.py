"""Batch conversion: many inputs, parallel workers, each input isolated, incremental re-runs.

Every input ends as exactly one record or one error line. Each file is converted in a worker
process; a file over its time limit gets its worker killed and replaced, so one stuck input
costs its limit and nothing more. Unchanged inputs (same sha256, same converter code and data)
are skipped with their record or error line kept; changed ones are converted again; outputs
of inputs that disappeared are removed. The raw folder is only read.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
import time
import traceback
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache, partial
from multiprocessing.connection import wait
from pathlib import Path

from pipeline import writing
from pipeline.convert import convert_file, warm_up
from pipeline.reading import ReadError, doc_id_for, file_name

MANIFEST = ".congbao-manifest.json"
MAX_FILE_BYTES = 20 * 1024 * 1024  # a gazette document is rarely over 2 MB of text
# errors of the run, not of the file (a full disk, a killed worker): tried again next run
_PASSING_ERRORS = {"write_failed", "crashed"}
SECONDS_PER_FILE = 300
_CODE_ROOT = Path(__file__).resolve().parents[1]
_CODE_PACKAGES = ("pipeline", "extractors")
_CODE_SUFFIXES = {".py", ".yaml", ".yml", ".csv", ".tsv", ".json", ".txt"}
_WORKER_POLL_SECONDS = 1.0


@dataclass
class BatchResult:
    converted: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # unchanged inputs whose record was kept
    errors: list[dict] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@lru_cache(maxsize=None)
def converter_fingerprint() -> str:
    """sha256 of the converter's code and data files: when it changes, every input is converted
    again (a record made by older code is not "unchanged")."""
    digest = hashlib.sha256()
    for package in _CODE_PACKAGES:
        for path in sorted((_CODE_ROOT / package).rglob("*")):
            if path.is_file() and path.suffix in _CODE_SUFFIXES:
                digest.update(path.relative_to(_CODE_ROOT).as_posix().encode("utf-8"))
                digest.update(path.read_bytes())
    return digest.hexdigest()


class InputError(ValueError):
    """The inputs cannot be taken as given (a path inside the output folder)."""


def collect_inputs(paths: list[Path], out_dir: Path | None = None) -> list[Path]:
    """Every entry under `paths` that is not a folder (so that a broken link or a pipe gets its
    error line: nothing is dropped silently), each once, as an absolute path; except inside
    hidden folders (`.git`) and inside `out_dir`. An input inside `out_dir` is refused: the
    batch deletes the records of inputs it no longer sees there."""
    skip = Path(out_dir).resolve() if out_dir is not None else None
    files: dict[str, Path] = {}
    for path in map(Path, paths):
        if not path.exists() and not path.is_symlink():
            raise FileNotFoundError(f"no such input: {path}")
        if skip and path.resolve().is_relative_to(skip):
            raise InputError(f"input {path} lies inside the output folder {out_dir}")
        found = [path] if not path.is_dir() else [
            p for p in sorted(path.rglob("*")) if not p.is_dir()
            and not any(part.startswith(".") for part in p.relative_to(path).parts[:-1])
            and not (skip and p.resolve().is_relative_to(skip))]
        for file in found:
            files.setdefault(os.path.abspath(file), Path(os.path.abspath(file)))
    return list(files.values())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _error_line(file: Path, error: str, detail: str) -> dict:
    return {"file": file_name(file), "doc_id": doc_id_for(file), "error": error, "detail": detail}


def convert_one(path: str, out_dir: Path, max_bytes: int = MAX_FILE_BYTES
                ) -> tuple[str, writing.RecordOutput | None, dict | None]:
    """Worker: convert one file and write its record; return (path, the record's rows of the
    flat tables, error). Never raises: a failure is its error line. All the per-record work is
    done here, in parallel; the batch process only joins the rows."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise ReadError("too_large", f"{size} bytes; the limit is {max_bytes}")
        record = convert_file(file)
        data, output = writing.record_json(record), writing.record_output(record)
    except ReadError as exc:
        return path, None, _error_line(file, exc.kind, exc.detail)
    except Exception as exc:  # one bad file never stops the batch
        detail = f"{type(exc).__name__}: {exc} | " + traceback.format_exc(limit=3).replace("\n", " ")
        return path, None, _error_line(file, "internal", detail)
    try:
        writing.write_record(out_dir, output.doc_id, data)
    except OSError as exc:  # a name the file system refuses, a full disk: this file only
        return path, None, _error_line(file, "write_failed", f"{type(exc).__name__}: {exc}")
    return path, output, None


def run_batch(inputs: list[Path], out_dir: Path, workers: int | None = None,
              progress: bool = True, seconds_per_file: float = SECONDS_PER_FILE,
              max_bytes: int = MAX_FILE_BYTES) -> BatchResult:
    out_dir = Path(out_dir)
    files = collect_inputs(inputs, out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)  # an existing file of that name raises here
    writing.remove_leftover_temporaries(out_dir)
    limits = {"max_bytes": max_bytes, "seconds_per_file": seconds_per_file}
    result = BatchResult()
    entries, todo = _plan(files, out_dir, limits, result)

    if todo:
        warm_up()  # before the workers are forked: they share what it loads
    outcomes = _run(todo, partial(convert_one, out_dir=out_dir, max_bytes=max_bytes), workers,
                    progress, seconds_per_file, while_busy=writing.load_database_library)
    outputs: dict[str, writing.RecordOutput] = {}
    for path, output, error in outcomes:
        if output is not None:
            result.converted.append(output.doc_id)
            outputs[output.doc_id] = output
            continue
        result.errors.append(error)
        entries[path]["error"] = error
        _remove_quietly(out_dir / "documents" / f"{error['doc_id']}.json")

    kept = {entry["doc_id"] for entry in entries.values() if entry["error"] is None}
    documents = out_dir / "documents"
    for stale in sorted(documents.glob("*.json")) if documents.exists() else []:
        if stale.stem not in kept:
            stale.unlink()
            result.removed.append(stale.stem)
    result.converted.sort()
    result.errors.sort(key=lambda e: (e["file"], e["doc_id"]))
    writing.write_errors(out_dir, result.errors)
    for doc_id in sorted(kept - outputs.keys()):  # kept from an earlier run: read back
        data = (documents / f"{doc_id}.json").read_bytes()
        outputs[doc_id] = writing.record_output(json.loads(data))
    writing.write_tables(out_dir, outputs.values(), result.errors)
    writing.write_atomic(out_dir / MANIFEST, json.dumps(
        {"converter": converter_fingerprint(), "limits": limits, "files": entries},
        indent=1, sort_keys=True).encode("ascii"))  # escaped: a path that is not UTF-8 round-trips
    return result


def _plan(files: list[Path], out_dir: Path, limits: dict, result: BatchResult):
    """Which files to convert. Returns the new manifest entries (input path → {"sha256",
    "doc_id", "error": its error line or None}) and the files to convert; files that keep
    their earlier outcome go to `result` now."""
    old = _read_manifest(out_dir / MANIFEST)
    reusable = old.get("files", {}) if old.get("converter") == converter_fingerprint() else {}
    errors_reusable = old.get("limits") == limits  # a new limit may turn an error into a record
    entries: dict[str, dict] = {}
    todo: list[Path] = []
    seen_ids: dict[str, str] = {}
    for file in files:
        doc_id = doc_id_for(file)
        if doc_id in seen_ids:
            result.errors.append(_error_line(file, "duplicate_doc_id", f"same doc_id as {seen_ids[doc_id]}"))
            continue
        seen_ids[doc_id] = str(file)
        try:
            if not file.is_file():
                raise ReadError("not_a_file", "not a regular file (a broken link, a pipe, a device)")
            sha = _sha256(file)
        except (ReadError, OSError) as exc:
            error = _error_line(file, exc.kind, exc.detail) if isinstance(exc, ReadError) else \
                _error_line(file, "unreadable", f"{type(exc).__name__}: {exc}")
            result.errors.append(error)
            continue
        previous = reusable.get(str(file))
        if previous and previous["sha256"] == sha and previous["doc_id"] == doc_id:
            if previous["error"] is None and (out_dir / "documents" / f"{doc_id}.json").exists():
                result.skipped.append(doc_id)
                entries[str(file)] = previous
                continue
            if previous["error"] is not None and errors_reusable and \
                    previous["error"]["error"] not in _PASSING_ERRORS:
                result.errors.append(previous["error"])
                entries[str(file)] = previous
                continue
        entries[str(file)] = {"sha256": sha, "doc_id": doc_id, "error": None}
        todo.append(file)
    return entries, todo


def _read_manifest(path: Path) -> dict:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none yet, or damaged: convert everything
        return {}
    return manifest if isinstance(manifest, dict) else {}


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:  # a name too long to exist
        pass


# --- worker processes -----------------------------------------------------------------------

def _serve(conn, parent_pid: int, convert) -> None:
    """A worker's loop: convert each path it is sent, send back the outcome; stop on None, or
    when the batch process is gone (killed), so that no worker outlives its batch."""
    while True:
        while not conn.poll(_WORKER_POLL_SECONDS):
            if os.getppid() != parent_pid:
                return
        try:
            path = conn.recv()
        except EOFError:
            return
        if path is None:
            return
        conn.send(convert(path))


class _Worker:
    """One worker process, given one file at a time through its own pipe."""

    def __init__(self, context, convert):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, os.getpid(), convert),
                                       daemon=True)
        self.process.start()
        child.close()
        self.file: Path | None = None
        self.deadline = 0.0

    def give(self, file: Path, seconds: float) -> None:
        self.file, self.deadline = file, time.monotonic() + seconds
        self.conn.send(str(file))

    def stop(self) -> None:
        if self.file is None and self.process.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.process.join(timeout=1)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _size(file: Path) -> int:
    try:
        return file.stat().st_size
    except OSError:
        return 0


def _run(todo: list[Path], convert, workers: int | None, progress: bool, seconds_per_file: float,
         while_busy=lambda: None):
    """Yield `convert(path)` = (path, output, error) for each file of `todo`, in the order they
    finish, each computed in a worker process; `while_busy` runs once the workers have their
    first files (this process is idle then)."""
    if not todo:
        return
    # largest first, so that no long file is left to run alone at the end
    queue = deque(sorted(todo, key=_size, reverse=True))
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    pool = [_Worker(context, convert) for _ in range(max(1, min(workers or os.cpu_count() or 1, len(todo))))]
    started, done = time.monotonic(), 0
    try:
        while True:
            for worker in pool:
                if worker.file is None and queue:
                    worker.give(queue.popleft(), seconds_per_file)
            if while_busy is not None:
                while_busy()
                while_busy = None
            busy = [k for k, worker in enumerate(pool) if worker.file is not None]
            if not busy:
                break
            next_deadline = min(pool[k].deadline for k in busy)
            ready = wait([pool[k].conn for k in busy], timeout=max(0.0, next_deadline - time.monotonic()))
            for k in busy:
                worker = pool[k]
                if worker.conn in ready:
                    try:
                        outcome = worker.conn.recv()
                    except (EOFError, OSError):
                        outcome = (str(worker.file), None, _error_line(
                            worker.file, "crashed", f"the worker process died (exit code "
                            f"{worker.process.exitcode}) while converting this file"))
                        pool[k] = _replace(worker, context, convert)
                elif time.monotonic() >= worker.deadline:
                    outcome = (str(worker.file), None, _error_line(
                        worker.file, "timeout", f"over {seconds_per_file} s; its worker was stopped"))
                    pool[k] = _replace(worker, context, convert)
                else:
                    continue
                worker.file = None
                done += 1
                yield outcome
                _progress(progress, done, len(todo), started)
    finally:
        for worker in pool:
            worker.stop()


def _replace(worker: _Worker, context, convert) -> _Worker:
    """A fresh worker for one that timed out on its file (stopped: it is killed) or died."""
    worker.stop()
    return _Worker(context, convert)


def _progress(enabled: bool, done: int, total: int, started: float) -> None:
    if not enabled or total < 20 or not sys.stderr.isatty():
        return
    rate = done / max(time.monotonic() - started, 1e-9)
    bar = "#" * int(30 * done / total)
    sys.stderr.write(f"\r[{bar:<30}] {done}/{total} files, {rate:.1f}/s")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()
