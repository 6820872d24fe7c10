"""Batch runs: one record or one error line per input, incremental re-runs, safe outputs."""

import json
import multiprocessing
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import time

import pytest

from pipeline import batch
from pipeline.batch import run_batch
from pipeline.reading import doc_id_for
from tests.conftest import FIXTURES, RAW, ROOT


@pytest.fixture()
def raw_dir(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / "000_578bb8ba59a7b832.txt", raw)
    shutil.copy(FIXTURES / "plan_86.html", raw / "Kế hoạch 86 (bản lưu).html")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "garbage.pdf").write_bytes(b"%PDF-1.4 truncated")
    return raw


def test_every_input_ends_as_one_record_or_one_error(raw_dir, tmp_path):
    out = tmp_path / "out"
    result = run_batch([raw_dir], out, workers=2, progress=False)
    assert sorted(result.converted) == ["000_578bb8ba59a7b832", "K__ho_ch_86__b_n_l_u_"]
    assert sorted(e["error"] for e in result.errors) == ["bad_pdf", "empty"]
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert {e["file"] for e in errors} == {"empty.txt", "garbage.pdf"}
    assert sorted(p.name for p in (out / "documents").iterdir()) == [
        "000_578bb8ba59a7b832.json", "K__ho_ch_86__b_n_l_u_.json"]
    assert not result.ok


def test_outputs_tables_database_and_bom(raw_dir, tmp_path):
    out = tmp_path / "out"
    run_batch([raw_dir], out, workers=1, progress=False)
    assert (out / "documents.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    with sqlite3.connect(out / "corpus.db") as db:
        assert db.execute("select count(*) from documents").fetchone()[0] == 2
        assert db.execute("select count(*) from errors").fetchone()[0] == 2
        tables = {r[0] for r in db.execute("select name from sqlite_master where type='table'")}
        assert {"documents", "tasks", "task_agencies", "agencies", "tasks_fts"} <= tables
        fks = db.execute("pragma foreign_key_list(tasks)").fetchall()
        assert [(f[2], f[3]) for f in fks] == [("documents", "doc_id")]


def test_second_run_rewrites_nothing(raw_dir, tmp_path):
    out = tmp_path / "out"
    run_batch([raw_dir], out, workers=1, progress=False)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    result = run_batch([raw_dir], out, workers=1, progress=False)
    assert result.converted == []
    assert sorted(result.skipped) == ["000_578bb8ba59a7b832", "K__ho_ch_86__b_n_l_u_"]
    after = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    changed = [p.name for p in before if after.get(p) != before[p]]
    assert changed == []


def test_changed_input_is_replaced_and_deleted_input_removed(raw_dir, tmp_path):
    out = tmp_path / "out"
    run_batch([raw_dir], out, workers=1, progress=False)
    (raw_dir / "Kế hoạch 86 (bản lưu).html").unlink()
    seed = raw_dir / "000_578bb8ba59a7b832.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = run_batch([raw_dir], out, workers=1, progress=False)
    assert result.converted == ["000_578bb8ba59a7b832"]
    assert result.removed == ["K__ho_ch_86__b_n_l_u_"]
    assert not (out / "documents" / "K__ho_ch_86__b_n_l_u_.json").exists()


def test_raw_folder_is_never_written(raw_dir, tmp_path):
    before = sorted((p.name, p.stat().st_mtime_ns) for p in raw_dir.iterdir())
    run_batch([raw_dir], tmp_path / "out", workers=1, progress=False)
    assert sorted((p.name, p.stat().st_mtime_ns) for p in raw_dir.iterdir()) == before


def test_record_follows_the_contract_shape(tmp_path):
    """CONTRACT section 4: every metadata field and every task field, under its name."""
    from pipeline import convert_file

    record = convert_file(RAW / "000_578bb8ba59a7b832.txt")
    assert set(record) == {"schema", "doc_id", "source", "metadata", "tasks", "warnings"}
    assert set(record["source"]) == {"file", "sha256", "format", "encoding"}
    assert set(record["metadata"]) == {
        "number", "doc_type", "issuer", "place", "issued_date", "effective_date", "title",
        "signer_name", "signer_title", "signing_capacity", "legal_bases", "attachments", "period",
        "provenance"}
    assert record["tasks"] and all(set(task) == {
        "id", "kind", "section", "text", "lead", "coordinators", "product", "timeframe", "span",
        "line"} for task in record["tasks"])


# --- robustness: a corpus of bad inputs -------------------------------------------------------

PLAN_TEXT = (FIXTURES / "plan_utf8.txt").read_text(encoding="utf-8")
UNSAFE_NAME = 'Kế hoạch: "số 1" <bản> | a*b?.txt'


@pytest.fixture()
def bad_inputs(tmp_path):
    """Every kind of input the issue lists, and the outcome each must end as."""
    raw = tmp_path / "bad raw"
    raw.mkdir()
    pdf = (FIXTURES / "plan_table.pdf").read_bytes()
    seed = (RAW / "000_578bb8ba59a7b832.txt").read_bytes()
    mixed = PLAN_TEXT.encode("utf-8") + "Sở Tài chính phối hợp\n".encode("cp1258", errors="replace")
    inputs = {
        "empty.txt": (b"", "error"),
        "blank lines.md": (b"\n \n\t\n", "error"),
        "garbage.dat": (random.Random(7).randbytes(20000), "error"),
        "truncated.pdf": (pdf[: len(pdf) // 3], "error"),
        "scan_no_text.pdf": ((FIXTURES / "scan_no_text.pdf").read_bytes(), "error"),
        "utf16 without bom.txt": (PLAN_TEXT.encode("utf-16-le"), "record"),
        "cp1258.txt": ((FIXTURES / "plan_cp1258.txt").read_bytes(), "record"),
        "mixed encodings.txt": (mixed, "record"),
        "huge.txt": (seed * (50 * 1024 * 1024 // len(seed) + 1), "error"),
        "head only.html": (b"<html><head><title>K\xe1\xba\xbf ho\xe1\xba\xa1ch</title></head></html>", "error"),
        "no body tag.html": (b"<html><p>" + PLAN_TEXT.encode("utf-8") + b"</p></html>", "record"),
        "no header.txt": ("- Sở Ngoại vụ chủ trì, phối hợp với các sở, ngành tổ chức hội nghị.\n"
                          "- Sở Tài chính bố trí kinh phí.\n".encode("utf-8"), "record"),
        "Kế hoạch 246 Hải Phòng.txt": (PLAN_TEXT.encode("utf-8"), "record"),
        UNSAFE_NAME: (PLAN_TEXT.encode("utf-8"), "record"),
        "..txt": (PLAN_TEXT.encode("utf-8"), "record"),
        "-n.txt": (PLAN_TEXT.encode("utf-8"), "record"),
        "x" * 251 + ".txt": (PLAN_TEXT.encode("utf-8"), "error"),  # doc_id + .json: too long a name
    }
    for name, (data, _) in inputs.items():
        (raw / name).write_bytes(data)
    return raw, {name: outcome for name, (_, outcome) in inputs.items()}


def test_every_bad_input_ends_as_exactly_one_record_or_one_error_line(bad_inputs, tmp_path):
    raw, expected = bad_inputs
    out = tmp_path / "out"
    before = {p: p.read_bytes() for p in raw.iterdir()}
    result = run_batch([raw], out, workers=2, progress=False)
    records = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (out / "documents").iterdir()}
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    outcome = {}
    for name in expected:
        doc_id = doc_id_for(name)
        as_record = doc_id in records and records[doc_id]["source"]["file"] == name
        as_error = [e for e in errors if e["file"] == name]
        assert as_record + len(as_error) == 1, name
        outcome[name] = "record" if as_record else "error"
    assert outcome == expected
    assert len(records) + len(errors) == len(expected)
    assert {e["file"]: e["error"] for e in errors} == {
        "empty.txt": "empty", "blank lines.md": "empty", "garbage.dat": "binary",
        "truncated.pdf": "bad_pdf", "scan_no_text.pdf": "no_text_layer", "huge.txt": "too_large",
        "head only.html": "no_text", "x" * 251 + ".txt": "write_failed"}
    assert records["no_header"]["warnings"]
    assert records[doc_id_for(UNSAFE_NAME)]["source"]["file"] == UNSAFE_NAME
    assert not result.ok
    assert {p: p.read_bytes() for p in raw.iterdir()} == before  # inputs never modified


def test_no_output_path_escapes_out(bad_inputs, tmp_path):
    raw, _ = bad_inputs
    out = tmp_path / "out"
    outside_before = {p for p in tmp_path.rglob("*") if out not in p.parents and p != out}
    run_batch([raw], out, workers=1, progress=False)
    assert {p for p in tmp_path.rglob("*") if out not in p.parents and p != out} == outside_before
    assert sorted(p.name for p in out.iterdir()) == sorted([
        ".congbao-manifest.json", "agencies.csv", "corpus.db", "documents", "documents.csv",
        "errors.jsonl", "legal_bases.csv", "metadata.json", "task_agencies.csv", "tasks.csv"])
    for path in (out / "documents").iterdir():
        assert path.parent == out / "documents" and path.name.endswith(".json")
        assert re.fullmatch(r"[A-Za-z0-9._-]+\.json", path.name) and path.name not in (".json", "..json")


# --- time limit, interrupted runs, re-runs ----------------------------------------------------

def _slow_stage(doc):
    if doc.doc_id.startswith("slow"):
        time.sleep(30)
    return doc


def test_a_file_over_the_time_limit_has_its_worker_stopped_and_the_batch_goes_on(tmp_path, monkeypatch):
    from pipeline import convert

    monkeypatch.setattr(convert, "STAGES", convert.STAGES + [_slow_stage])
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("a.txt", "slow.txt", "b.txt", "slow2.txt", "c.txt"):
        (raw / name).write_text(PLAN_TEXT, encoding="utf-8")
    started = time.monotonic()
    result = run_batch([raw], tmp_path / "out", workers=2, progress=False, seconds_per_file=0.5)
    assert time.monotonic() - started < 10  # the sleeping workers were killed, not waited for
    assert result.converted == ["a", "b", "c"]
    assert [(e["file"], e["error"]) for e in result.errors] == [("slow.txt", "timeout"), ("slow2.txt", "timeout")]
    assert multiprocessing.active_children() == []


def test_a_killed_run_re_run_ends_with_complete_valid_outputs(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for k in range(12):
        shutil.copy(RAW / "000_578bb8ba59a7b832.txt", raw / f"copy{k:02d}.txt")
    (raw / "empty.txt").write_bytes(b"")
    out, clean = tmp_path / "out", tmp_path / "clean"
    # a run that converts slowly, killed once its first records are written
    script = ("import sys, time; from pathlib import Path; from pipeline import convert, batch\n"
              "convert.STAGES.append(lambda d: time.sleep(0.15) or d)\n"
              "batch.run_batch([Path(sys.argv[1])], Path(sys.argv[2]), workers=2, progress=False)\n")
    process = subprocess.Popen([sys.executable, "-c", script, str(raw), str(out)], cwd=ROOT)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(list((out / "documents").glob("*.json"))) < 3:
        time.sleep(0.02)
    process.kill()
    process.wait()
    assert not (out / "documents.csv").exists()  # it was killed mid-way
    result = run_batch([raw], out, workers=2, progress=False)
    run_batch([raw], clean, workers=2, progress=False)
    assert sorted(result.converted) == [f"copy{k:02d}" for k in range(12)]
    assert [e["file"] for e in result.errors] == ["empty.txt"]
    produced = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert produced == sorted(p.relative_to(clean) for p in clean.rglob("*") if p.is_file())
    for path in produced:
        if path.suffix in (".json", ".csv", ".jsonl"):
            assert (out / path).read_bytes() == (clean / path).read_bytes(), path
    with sqlite3.connect(out / "corpus.db") as db:
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)
        assert db.execute("select count(*) from documents").fetchone() == (12,)


def test_leftover_temporary_files_are_removed(raw_dir, tmp_path):
    out = tmp_path / "out"
    (out / "documents").mkdir(parents=True)
    (out / "documents" / ".000_578bb8ba59a7b832.jsonab12.tmp").write_text("{half")
    (out / ".corpus.dbxyz.tmp").write_text("half")
    run_batch([raw_dir], out, workers=1, progress=False)
    assert not list(out.rglob("*.tmp"))


def test_unchanged_failing_input_keeps_its_error_line_without_a_retry(raw_dir, tmp_path, monkeypatch):
    out = tmp_path / "out"
    run_batch([raw_dir], out, workers=1, progress=False)
    monkeypatch.setattr(batch, "_run", lambda todo, *args, **kwargs: pytest.fail(f"converted again: {todo}") if todo else iter(()))
    result = run_batch([raw_dir], out, workers=1, progress=False)
    assert [e["error"] for e in result.errors] == ["empty", "bad_pdf"]


def test_new_converter_code_converts_everything_again(raw_dir, tmp_path, monkeypatch):
    out = tmp_path / "out"
    run_batch([raw_dir], out, workers=1, progress=False)
    monkeypatch.setattr(batch, "converter_fingerprint", lambda: "changed code")
    result = run_batch([raw_dir], out, workers=1, progress=False)
    assert result.converted == ["000_578bb8ba59a7b832", "K__ho_ch_86__b_n_l_u_"]


def test_output_folder_inside_the_input_folder_is_not_read_as_input(raw_dir):
    out = raw_dir / "structured"
    run_batch([raw_dir], out, workers=1, progress=False)
    result = run_batch([raw_dir], out, workers=1, progress=False)
    assert len(result.skipped) + len(result.errors) == 4


def test_a_damaged_manifest_means_converting_everything_again(raw_dir, tmp_path):
    out = tmp_path / "out"
    run_batch([raw_dir], out, workers=1, progress=False)
    (out / ".congbao-manifest.json").write_text('{"converter": ')
    result = run_batch([raw_dir], out, workers=1, progress=False)
    assert result.converted == ["000_578bb8ba59a7b832", "K__ho_ch_86__b_n_l_u_"]


def test_exit_code_is_non_zero_when_any_input_failed(raw_dir, tmp_path):
    from pipeline.cli import main

    assert main(["convert", "--quiet", "--out", str(tmp_path / "out"), str(raw_dir)]) == 1
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(RAW / "000_578bb8ba59a7b832.txt", good)
    assert main(["convert", "--quiet", "--out", str(tmp_path / "out2"), str(good)]) == 0


def test_a_name_that_is_not_utf8_is_converted_and_written(tmp_path):
    """Regression: a file name with bytes that are not UTF-8 made the record unwritable and
    then errors.jsonl, stopping the whole batch."""
    raw = tmp_path / "raw"
    raw.mkdir()
    name = b"ke_hoach_\xff\xfe.txt"
    (raw / name.decode("utf-8", "surrogateescape")).write_bytes((RAW / "000_578bb8ba59a7b832.txt").read_bytes())
    (raw / b"trong_\xff.txt".decode("utf-8", "surrogateescape")).write_bytes(b"")
    out = tmp_path / "out"
    result = run_batch([raw], out, workers=1, progress=False)
    assert result.converted == ["ke_hoach___"] and [e["file"] for e in result.errors] == ["trong_\ufffd.txt"]
    record = json.loads((out / "documents" / "ke_hoach___.json").read_text(encoding="utf-8"))
    assert record["source"]["file"] == "ke_hoach_\ufffd\ufffd.txt"


def test_entries_that_are_not_files_get_an_error_line(tmp_path):
    """Nothing is dropped silently: a broken link and a named pipe each get one error line
    (and the pipe is never opened, which would wait for a writer)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(raw / "pipe.txt")
    result = run_batch([raw], tmp_path / "out", workers=1, progress=False)
    assert sorted((e["file"], e["error"]) for e in result.errors) == [
        ("gone.txt", "not_a_file"), ("pipe.txt", "not_a_file")]


def test_an_input_inside_the_output_folder_is_refused_and_nothing_is_deleted(raw_dir, tmp_path):
    """Regression: `convert --out O O/documents` took the records for inputs and deleted them."""
    out = tmp_path / "out"
    run_batch([raw_dir], out, workers=1, progress=False)
    before = sorted(p.name for p in (out / "documents").iterdir())
    with pytest.raises(batch.InputError, match="inside the output folder"):
        run_batch([out / "documents"], out, workers=1, progress=False)
    assert sorted(p.name for p in (out / "documents").iterdir()) == before


def test_the_same_file_given_twice_is_converted_once(raw_dir, tmp_path):
    result = run_batch([raw_dir / "empty.txt", raw_dir], tmp_path / "out", workers=1, progress=False)
    assert sorted(e["error"] for e in result.errors) == ["bad_pdf", "empty"]


def test_a_failed_write_is_tried_again_on_the_next_run(raw_dir, tmp_path, monkeypatch):
    """A full disk is the run's failure, not the file's: the next run converts the file again."""
    out = tmp_path / "out"
    with monkeypatch.context() as patch:
        def full_disk(*args):
            raise OSError(28, "No space left on device")
        patch.setattr(batch.writing, "write_record", full_disk)
        first = run_batch([raw_dir], out, workers=1, progress=False)
    assert {e["error"] for e in first.errors} >= {"write_failed"}
    second = run_batch([raw_dir], out, workers=1, progress=False)
    assert "write_failed" not in {e["error"] for e in second.errors}
    assert "000_578bb8ba59a7b832" in second.converted
