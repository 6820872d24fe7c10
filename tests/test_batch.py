"""Batch runs: one record or one error line per input, incremental re-runs, safe outputs."""

import json
import shutil
import sqlite3

import pytest

from pipeline.batch import run_batch
from tests.conftest import FIXTURES, RAW


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
    assert changed == [".congbao-manifest.json"] or changed == []


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
    from pipeline import convert_file

    record = convert_file(RAW / "000_578bb8ba59a7b832.txt")
    assert record["schema"] == "1"
    assert record["source"]["format"] == "txt" and record["source"]["encoding"] == "utf-8"
    assert set(record) >= {"schema", "doc_id", "source", "metadata", "tasks", "warnings"}
    assert len(record["source"]["sha256"]) == 64


def test_load_tables_gives_dataframes(raw_dir, tmp_path):
    from pipeline import load_tables

    out = tmp_path / "out"
    run_batch([raw_dir], out, workers=1, progress=False)
    tables = load_tables(out)
    assert list(tables["documents"]["doc_id"]) == ["000_578bb8ba59a7b832", "K__ho_ch_86__b_n_l_u_"]
