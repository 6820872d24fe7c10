"""Writing: the flat tables, corpus.db and its Datasette metadata, from hand-written records
with tasks (texts are real lines of seed 000 and of a decision; fields as CONTRACT section 4)."""

import copy
import csv
import io
import json
import os
import sqlite3
from contextlib import closing

import pytest
import sqlite_utils

from pipeline import load_tables
from pipeline.writing import TABLES, flat_tables, record_json, write_atomic, write_tables

PLAN = {
    "schema": "1",
    "doc_id": "000_578bb8ba59a7b832",
    "source": {"file": "000_578bb8ba59a7b832.txt", "sha256": "0" * 64, "format": "txt",
               "encoding": "utf-8"},
    "metadata": {
        "number": "246/KH-UBND", "doc_type": "Kế hoạch",
        "issuer": "Ủy ban nhân dân thành phố Hải Phòng", "place": "Hải Phòng",
        "issued_date": "2020-10-13", "effective_date": None,
        "title": "Hợp tác quốc tế về phát triển bền vững kinh tế biển thành phố Hải Phòng đến năm 2030",
        "signer_name": "Nguyễn Đình Chuyến", "signer_title": "Phó Chủ tịch",
        "signing_capacity": ["TM. Ủy ban nhân dân", "KT. Chủ tịch"],
        "legal_bases": [{"number": "647/QĐ-TTg", "doc_type": "Quyết định", "issued_date": "2020-05-18",
                         "issuer": "Thủ tướng Chính phủ", "name": None}],
        "attachments": [],
        "period": {"text": "2020 - 2030", "start": "2020", "end": "2030", "recurrence": None},
        "provenance": {"number": [112, 123], "issued_date": [124, 160]},
    },
    "tasks": [
        {"id": "3.1", "kind": "table",
         "section": "Đẩy mạnh kết nối hợp tác giữa thành phố với các đối tác nước ngoài",
         "text": "Tiếp tục phối hợp với Văn phòng Ban Quản lý di sản thiên nhiên quần đảo Cát Bà",
         "lead": ["Sở Ngoại vụ"],
         "coordinators": ["Sở Du lịch", "Ban quản lý di sản thiên nhiên quần đảo Cát Bà"],
         "product": None,
         "timeframe": {"text": "2020 - 2030", "start": "2020", "end": "2030", "recurrence": None},
         "span": [10234, 10571], "line": 312},
        {"id": "3", "kind": "assignment", "section": "TỔ CHỨC THỰC HIỆN",
         "text": "Sở Kế hoạch và Đầu tư, Sở Tài chính trên cơ sở đề xuất của các sở, ngành, địa "
                 "phương, đơn vị có trách nhiệm hướng dẫn, thẩm định và trình cơ quan có thẩm "
                 "quyền bố trí nguồn kinh phí thực hiện các chương trình, đề tài, dự án",
         "lead": ["Sở Kế hoạch và Đầu tư", "Sở Tài chính"], "coordinators": [], "product": None,
         "timeframe": None, "span": [20000, 20250], "line": 224},
        {"id": "4", "kind": "assignment", "section": "TỔ CHỨC THỰC HIỆN",
         "text": "Sở Ngoại vụ phối hợp với Bộ Chỉ huy Bộ đội biên phòng thành phố thực hiện tốt "
                 "công tác quản lý, bảo vệ biên giới quốc gia trên biển",
         "lead": ["Sở Ngoại Vụ"], "coordinators": ["Bộ Chỉ huy Bộ đội biên phòng thành phố"],
         "product": None, "timeframe": {"text": "Hàng năm", "start": None, "end": None,
                                        "recurrence": "yearly"},
         "span": [20300, 20500], "line": 229, "confidence": 0.8},
    ],
    "warnings": [],
}

DECISION = {
    "schema": "1",
    "doc_id": "001_afaf3036436bbc5d",
    "source": {"file": "001_afaf3036436bbc5d.txt", "sha256": "1" * 64, "format": "txt",
               "encoding": "utf-8"},
    "metadata": {
        "number": "1234/QĐ-UBND", "doc_type": "Quyết định", "issuer": "Ủy ban nhân dân tỉnh",
        "place": None, "issued_date": "2016-07-08", "effective_date": "2016-07-08", "title": None,
        "signer_name": None, "signer_title": None, "signing_capacity": [],
        "legal_bases": [
            {"number": None, "doc_type": "Luật", "issued_date": "2015-06-19", "issuer": None,
             "name": "Tổ chức chính quyền địa phương"},
            {"number": "647/QĐ-TTg", "doc_type": "Quyết định", "issued_date": "2020-05-18",
             "issuer": "Thủ tướng Chính phủ", "name": None},
        ],
        "attachments": [{"doc_type": "Kế hoạch", "title": "Hành động thực hiện chiến lược"}],
        "period": None,
    },
    "tasks": [
        {"id": "a", "kind": "item", "section": "NHIỆM VỤ", "text": "Sở Ngoại vụ; tổ chức hội nghị",
         "lead": ["Sở Ngoại vụ"], "coordinators": ["Sở Ngoại vụ"], "product": "Báo cáo",
         "timeframe": {"text": "Quý IV/2021", "start": "2021-10", "end": "2021-12",
                       "recurrence": None}, "span": [5, 40], "line": 7},
    ],
    "warnings": ["no document type line found: header, title and preamble not located",
                 "second warning; with a semicolon"],
}


@pytest.fixture()
def out(tmp_path):
    folder = tmp_path / "out"
    write_tables(folder, [PLAN, DECISION], [{"file": "empty.txt", "doc_id": "empty",
                                             "error": "empty", "detail": "the file holds no text"}])
    return folder


def test_tasks_get_keys_from_doc_id_and_position():
    tables = flat_tables([PLAN, DECISION])
    assert [t["task_key"] for t in tables["tasks"]] == [
        "000_578bb8ba59a7b832#1", "000_578bb8ba59a7b832#2", "000_578bb8ba59a7b832#3",
        "001_afaf3036436bbc5d#1"]
    first = tables["tasks"][0]
    assert (first["lead"], first["coordinators"]) == (
        "Sở Ngoại vụ", "Sở Du lịch; Ban quản lý di sản thiên nhiên quần đảo Cát Bà")
    assert (first["timeframe_start"], first["span_start"], first["span_end"], first["line"]) == (
        "2020", 10234, 10571, 312)
    assert tables["tasks"][2]["recurrence"] == "yearly"


def test_task_agencies_one_row_per_task_agency_and_role_with_its_position():
    rows = flat_tables([PLAN, DECISION])["task_agencies"]
    assert [(r["task_key"][-2:], r["role"], r["position"], r["agency"]) for r in rows] == [
        ("#1", "lead", 1, "Sở Ngoại vụ"),
        ("#1", "coordinator", 1, "Sở Du lịch"),
        ("#1", "coordinator", 2, "Ban quản lý di sản thiên nhiên quần đảo Cát Bà"),
        ("#2", "lead", 1, "Sở Kế hoạch và Đầu tư"),
        ("#2", "lead", 2, "Sở Tài chính"),
        ("#3", "lead", 1, "Sở Ngoại Vụ"),
        ("#3", "coordinator", 1, "Bộ Chỉ huy Bộ đội biên phòng thành phố"),
        ("#1", "lead", 1, "Sở Ngoại vụ"),
        ("#1", "coordinator", 1, "Sở Ngoại vụ"),
    ]


def test_agencies_are_distinct_by_key_with_counts():
    agencies = {a["name"]: a for a in flat_tables([PLAN, DECISION])["agencies"]}
    # "Sở Ngoại Vụ" is the same agency as "Sở Ngoại vụ", the more frequent spelling
    assert agencies["Sở Ngoại vụ"] == {"agency_key": "sởngoạivụ", "name": "Sở Ngoại vụ",
                                       "n_lead": 3, "n_coordinator": 1, "n_documents": 2}
    assert "Sở Ngoại Vụ" not in agencies
    assert agencies["Sở Tài chính"]["n_documents"] == 1
    assert len(agencies) == 6


def test_nested_metadata_is_kept_as_text_and_legal_bases_get_their_own_rows():
    tables = flat_tables([PLAN, DECISION])
    plan, decision = tables["documents"]
    assert plan["signing_capacity"] == "TM. Ủy ban nhân dân; KT. Chủ tịch"
    assert (plan["period_text"], plan["period_start"], plan["period_end"]) == ("2020 - 2030", "2020", "2030")
    assert json.loads(plan["provenance"]) == {"number": [112, 123], "issued_date": [124, 160]}
    assert plan["extra"] is None  # empty text is NULL, like a missing value
    assert decision["legal_bases"] == "Luật Tổ chức chính quyền địa phương; 647/QĐ-TTg"
    assert decision["attachments"] == "Kế hoạch Hành động thực hiện chiến lược"
    assert decision["warnings"].split("\n")[1] == "second warning; with a semicolon"
    assert [(b["doc_id"][:3], b["seq"], b["number"], b["name"]) for b in tables["legal_bases"]] == [
        ("000", 1, "647/QĐ-TTg", None), ("001", 1, None, "Tổ chức chính quyền địa phương"),
        ("001", 2, "647/QĐ-TTg", None)]


def test_unknown_fields_are_kept_as_json_not_dropped():
    record = copy.deepcopy(DECISION)
    record["metadata"]["scope"] = {"province": "Hải Phòng"}
    tables = flat_tables([PLAN, record])
    assert json.loads(tables["documents"][1]["extra"]) == {"scope": {"province": "Hải Phòng"}}
    assert json.loads(tables["tasks"][2]["extra"]) == {"confidence": 0.8}


def test_csv_files_have_a_bom_and_one_row_per_item(out):
    for name, count in (("documents", 2), ("tasks", 4), ("task_agencies", 9), ("agencies", 6),
                        ("legal_bases", 3)):
        data = (out / f"{name}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        lines = data.decode("utf-8-sig").split("\r\n")
        assert lines[0].split(",") == TABLES[name].column_names
        assert len(load_tables(out)[name]) == count


def test_every_output_file_is_readable_by_others(out):
    """Regression: corpus.db kept the owner-only mode of its temporary file."""
    assert {p.name: p.stat().st_mode & 0o777 for p in out.iterdir() if p.is_file()} == {
        p.name: 0o644 for p in out.iterdir() if p.is_file()}


def test_database_has_keys_foreign_keys_indexes_and_task_search(out):
    with sqlite3.connect(out / "corpus.db") as db:
        assert db.execute("pragma foreign_key_check").fetchall() == []
        fks = {(f[2], f[3], f[4]) for f in db.execute("pragma foreign_key_list(task_agencies)")}
        assert fks == {("tasks", "task_key", "task_key"), ("documents", "doc_id", "doc_id"),
                       ("agencies", "agency_key", "agency_key")}
        pk = [r[1] for r in sorted(db.execute("pragma table_info(task_agencies)"), key=lambda r: r[5]) if r[5]]
        assert pk == ["task_key", "role", "position"]
        indexed = {r[1] for r in db.execute("select * from sqlite_master where type = 'index'")}
        assert {"idx_tasks_doc_id", "idx_task_agencies_agency_key"} <= indexed
        found = db.execute("select task_key from tasks where rowid in (select rowid from tasks_fts "
                           "where tasks_fts match 'biên giới')").fetchall()
        assert found == [("000_578bb8ba59a7b832#3",)]
        by_section = db.execute("select count(*) from tasks_fts where tasks_fts match "
                                "'section:\"TỔ CHỨC THỰC HIỆN\"'").fetchone()
        assert by_section == (2,)
        assert db.execute("select error from errors").fetchall() == [("empty",)]


def test_load_tables_gives_typed_frames(out):
    tables = load_tables(out)
    tasks = tables["tasks"]
    assert list(tasks["span_start"])[:2] == [10234, 20000]
    assert str(tasks["span_start"].dtype) == "Int64"
    assert tables["documents"]["period_text"].isna().tolist() == [False, True]


def test_datasette_metadata_names_every_table_and_column_of_the_database(out):
    metadata = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    described = metadata["databases"]["corpus"]["tables"]
    with sqlite3.connect(out / "corpus.db") as db:
        tables = [r[0] for r in db.execute("select name from sqlite_master where type = 'table'")]
        assert sorted(described) == sorted(tables)
        for table in tables:
            entry = described[table]
            assert entry["description"]
            if "columns" in entry or not entry.get("hidden"):
                columns = [r[1] for r in db.execute(f"pragma table_info([{table}])")]
                assert sorted(entry["columns"]) == sorted(columns), table
                assert all(entry["columns"].values())
                assert set(entry.get("facets", [])) <= set(columns)
                assert set(entry.get("sortable_columns", [])) <= set(columns)
    assert described["tasks"]["fts_table"] == "tasks_fts"
    # the index's rows are tasks rows by rowid: naming task_key made Datasette's search find nothing
    assert described["tasks"].get("fts_pk", "rowid") == "rowid"
    assert {"doc_type"} <= set(described["documents"]["facets"])
    assert {"kind"} <= set(described["tasks"]["facets"])
    assert {"role"} <= set(described["task_agencies"]["facets"])


def test_unchanged_tables_are_not_rewritten(out):
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    changed = write_tables(out, [PLAN, DECISION], [{"file": "empty.txt", "doc_id": "empty",
                                                    "error": "empty", "detail": "the file holds no text"}])
    assert changed == []
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before
    assert sorted(write_tables(out, [PLAN], [])) == [
        "agencies.csv", "corpus.db", "documents.csv", "legal_bases.csv", "task_agencies.csv", "tasks.csv"]


def test_write_atomic_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "a" / "b.json"
    assert write_atomic(target, b"x") is True
    assert write_atomic(target, b"x") is False
    assert [p.name for p in target.parent.iterdir()] == ["b.json"]
    assert target.stat().st_mode & 0o777 == 0o644  # readable by others, like any output file


def test_a_failure_building_the_database_reaches_the_caller(tmp_path, monkeypatch):
    """The database is built in a forked process: its exception must not be lost there."""
    def broken(path, tables, digest):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr("pipeline.writing.write_database", broken)
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        write_tables(tmp_path, [PLAN], [])


def test_a_database_process_that_dies_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr("pipeline.writing.write_database", lambda *args: os._exit(3))
    with pytest.raises(RuntimeError, match="exit code 3"):
        write_tables(tmp_path, [PLAN], [])


def test_record_json_is_indented_unescaped_utf8_like_the_standard_library():
    for record in (PLAN, DECISION):
        expected = (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        assert record_json(record) == expected


def test_the_database_holds_exactly_what_the_csv_files_show(out):
    """The database is rebuilt only when the CSV files (and error rows) change: that is right
    only if every CSV cell is its database cell, and an empty cell is NULL, never ''."""
    with sqlite3.connect(out / "corpus.db") as db:
        for name, spec in TABLES.items():
            if not spec.csv:
                continue
            stored = db.execute(f"select * from [{name}] order by rowid").fetchall()
            assert all(value != "" for row in stored for value in row), name
            shown = list(csv.reader(io.StringIO((out / f"{name}.csv").read_text(encoding="utf-8-sig"))))[1:]
            assert [["" if v is None else str(v) for v in row] for row in stored] == shown, name


def test_a_changed_cell_rebuilds_the_database(out):
    record = copy.deepcopy(DECISION)
    record["tasks"][0]["timeframe"]["end"] = "2022-12"
    changed = write_tables(out, [PLAN, record], [{"file": "empty.txt", "doc_id": "empty",
                                                  "error": "empty", "detail": "the file holds no text"}])
    assert sorted(changed) == ["corpus.db", "tasks.csv"]
    with sqlite3.connect(out / "corpus.db") as db:
        assert db.execute("select timeframe_end from tasks where doc_id = ?",
                          (DECISION["doc_id"],)).fetchall() == [("2022-12",)]


def test_task_search_index_is_whole_and_kept_in_step_with_the_tasks_table(out):
    """The index is built apart and copied in: it must pass SQLite's own check, be found where
    sqlite-utils and Datasette look, and follow edits of the tasks table."""
    assert sqlite_utils.Database(out / "corpus.db")["tasks"].detect_fts() == "tasks_fts"
    with closing(sqlite3.connect(out / "corpus.db")) as db:
        db.execute("insert into tasks_fts (tasks_fts, rank) values ('integrity-check', 1)")
        search = "select count(*) from tasks_fts where tasks_fts match ?"
        assert db.execute(search, ("hội nghị",)).fetchone() == (1,)
        db.execute("update tasks set text = 'tổ chức diễn đàn' where text like '%hội nghị%'")
        assert db.execute(search, ("hội nghị",)).fetchone() == (0,)
        assert db.execute(search, ("diễn đàn",)).fetchone() == (1,)
        db.execute("insert into tasks_fts (tasks_fts, rank) values ('integrity-check', 1)")
