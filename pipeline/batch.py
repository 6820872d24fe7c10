"""Batch conversion: many inputs, parallel workers, each input isolated, incremental re-runs.

Every input ends as exactly one record or one error line. Unchanged inputs (same sha256 and
converter version) are skipped and their outputs kept; outputs of inputs that disappeared are
removed; the raw folder is only read.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import writing
from pipeline.convert import convert_file
from pipeline.reading import ReadError, doc_id_for

MANIFEST = ".congbao-manifest.json"
MAX_FILE_BYTES = 60 * 1024 * 1024
SECONDS_PER_FILE = 300
CONVERTER_VERSION = "0.1.0"


@dataclass
class BatchResult:
    converted: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def collect_inputs(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(p for p in sorted(path.rglob("*")) if p.is_file() and not p.name.startswith("."))
        elif path.exists():
            files.append(path)
        else:
            raise FileNotFoundError(f"no such input: {path}")
    return files


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def convert_one(path: str) -> tuple[str, dict | None, dict | None]:
    """Worker: (path, record, error). Never raises: a failure is its error line."""
    file = Path(path)
    doc_id = doc_id_for(file)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReadError("too_large", f"{size} bytes; the limit is {MAX_FILE_BYTES}")
        return path, convert_file(file), None
    except ReadError as exc:
        return path, None, {"file": file.name, "doc_id": doc_id, "error": exc.kind, "detail": exc.detail}
    except Exception as exc:  # one bad file never stops the batch
        detail = f"{type(exc).__name__}: {exc} | " + traceback.format_exc(limit=3).replace("\n", " ")
        return path, None, {"file": file.name, "doc_id": doc_id, "error": "internal", "detail": detail}


def run_batch(inputs: list[Path], out_dir: Path, workers: int | None = None,
              progress: bool = True, seconds_per_file: int = SECONDS_PER_FILE) -> BatchResult:
    out_dir = Path(out_dir)
    files = collect_inputs(inputs)
    manifest_path = out_dir / MANIFEST
    old = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    old_files = old.get("files", {}) if old.get("version") == CONVERTER_VERSION else {}
    result = BatchResult()
    new_files: dict[str, dict] = {}
    todo: list[Path] = []
    seen_ids: dict[str, str] = {}
    for file in files:
        doc_id = doc_id_for(file)
        if doc_id in seen_ids:
            result.errors.append({"file": file.name, "doc_id": doc_id, "error": "duplicate_doc_id",
                                  "detail": f"same doc_id as {seen_ids[doc_id]}"})
            continue
        seen_ids[doc_id] = str(file)
        sha = _sha256(file)
        previous = old_files.get(str(file))
        if previous and previous["sha256"] == sha and previous.get("error") is None and \
                (out_dir / "documents" / f"{doc_id}.json").exists():
            result.skipped.append(doc_id)
            new_files[str(file)] = previous
            continue
        new_files[str(file)] = {"sha256": sha, "doc_id": doc_id, "error": None}
        todo.append(file)

    for path, record, error in _run(todo, workers, progress, seconds_per_file):
        if record is not None:
            writing.write_record(out_dir, record)
            result.converted.append(record["doc_id"])
        else:
            result.errors.append(error)
            new_files[path]["error"] = error["error"]
            (out_dir / "documents" / f"{error['doc_id']}.json").unlink(missing_ok=True)

    kept = {entry["doc_id"] for entry in new_files.values() if entry.get("error") is None}
    for stale in (out_dir / "documents").glob("*.json") if (out_dir / "documents").exists() else []:
        if stale.stem not in kept:
            stale.unlink()
            result.removed.append(stale.stem)
    errors = result.errors + [e for e in _old_errors(out_dir) if _still_failing(e, new_files, todo)]
    result.errors = errors
    writing.write_errors(out_dir, errors)
    writing.write_tables(out_dir, writing.read_records(out_dir), errors)
    writing.write_atomic(manifest_path, json.dumps(
        {"version": CONVERTER_VERSION, "files": new_files}, ensure_ascii=False, indent=1,
        sort_keys=True).encode("utf-8"))
    return result


def _old_errors(out_dir: Path) -> list[dict]:
    path = out_dir / "errors.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _still_failing(error: dict, new_files: dict, todo: list[Path]) -> bool:
    """Keep an earlier error line only for an input that is unchanged and was not retried."""
    retried = {p.name for p in todo}
    return error["file"] not in retried and any(
        Path(f).name == error["file"] and e.get("error") for f, e in new_files.items())


def _run(todo: list[Path], workers: int | None, progress: bool, seconds_per_file: int):
    workers = workers or os.cpu_count() or 1
    started = time.monotonic()
    total = len(todo)
    if workers == 1 or total <= 1:
        for k, file in enumerate(todo, start=1):
            yield convert_one(str(file))
            _progress(progress, k, total, started)
        return
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [(file, pool.submit(convert_one, str(file))) for file in todo]
        for k, (file, future) in enumerate(futures, start=1):
            try:
                yield future.result(timeout=seconds_per_file)
            except FutureTimeout:
                future.cancel()
                yield str(file), None, {"file": file.name, "doc_id": doc_id_for(file),
                                        "error": "timeout", "detail": f"over {seconds_per_file} s"}
            except Exception as exc:  # a worker that died takes only its own file down
                yield str(file), None, {"file": file.name, "doc_id": doc_id_for(file),
                                        "error": "internal", "detail": f"{type(exc).__name__}: {exc}"}
            _progress(progress, k, total, started)


def _progress(enabled: bool, done: int, total: int, started: float) -> None:
    if not enabled or total < 20 or not sys.stderr.isatty():
        return
    rate = done / max(time.monotonic() - started, 1e-9)
    bar = "#" * int(30 * done / total)
    sys.stderr.write(f"\r[{bar:<30}] {done}/{total} files, {rate:.1f}/s")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()
