import json
from pathlib import Path

import pytest

from eval import silver
from eval.__main__ import main
from eval.records import gold_raw_files
from eval.report import bar_chart_svg, read_raw_lines
from eval.scorer import flat_scores, score_corpus
from eval.thresholds import load_thresholds
from pipeline.reading import doc_id_for

REPO = Path(__file__).resolve().parent.parent
RAW = "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG\n1. Sở Ngoại vụ chủ trì tổ chức hội nghị\n2. Sở Du lịch báo cáo kết quả\n"


def _task(text, lead, line):
    return {"id": None, "kind": "assignment", "section": "Tổ chức thực hiện", "text": text, "lead": lead,
            "coordinators": [], "product": None, "timeframe": None, "line": line}


def _record(lead_of_first):
    return {"schema": "1", "doc_id": "doc",
            "metadata": {"number": "1/KH-UBND", "doc_type": "Kế hoạch", "issuer": "Ủy ban nhân dân thành phố Hải Phòng",
                         "place": "Hải Phòng", "issued_date": "2020-01-02", "effective_date": None, "title": "Thử",
                         "signer_name": "Nguyễn Văn A", "signer_title": "Chủ tịch", "signing_capacity": [],
                         "legal_bases": [], "attachments": [], "period": None},
            "tasks": [_task("Sở Ngoại vụ chủ trì tổ chức hội nghị", [lead_of_first], 3),
                      _task("Sở Du lịch báo cáo kết quả", ["Sở Du lịch"], 4)]}


@pytest.fixture
def workspace(tmp_path):
    """gold/, pred/ (first task's lead wrong), raw/, out/thresholds.toml at 0.0, out/scores.json absent."""
    for name in ("gold", "pred", "raw", "out", "gold/_parts"):
        (tmp_path / name).mkdir()
    (tmp_path / "gold/doc.json").write_text(json.dumps(_record("Sở Ngoại vụ"), ensure_ascii=False), encoding="utf-8")
    (tmp_path / "gold/_draft.json").write_text("not json", encoding="utf-8")
    (tmp_path / "pred/doc.json").write_text(json.dumps(_record("Sở Tư pháp"), ensure_ascii=False), encoding="utf-8")
    (tmp_path / "raw/doc.txt").write_text(RAW, encoding="utf-8")
    (tmp_path / "out/thresholds.toml").write_text("tasks.all.detection_f1 = 0.0\n", encoding="utf-8")
    return tmp_path


def _run(workspace, *extra, ablation=False):
    return main(["--gold", str(workspace / "gold"), "--pred", str(workspace / "pred"), "--raw", str(workspace / "raw"),
                 "--thresholds", str(workspace / "out/thresholds.toml"), "--scores", str(workspace / "out/scores.json"),
                 *([] if ablation else ["--no-ablation"]), *extra])


def test_html_report_has_the_chart_and_wrong_fields_with_their_raw_line(workspace):
    _run(workspace)
    page = (workspace / "out/report.html").read_text(encoding="utf-8")
    assert '<svg class="chart"' in page and "<rect" in page
    assert "<script" not in page and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    row = next(line for line in page.splitlines() if "task.lead" in line)
    assert "Sở Ngoại vụ" in row and "Sở Tư pháp" in row
    assert '<td class="raw">1. Sở Ngoại vụ chủ trì tổ chức hội nghị</td>' in row
    assert "task.lead" in (workspace / "out/report.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("thresholds, exit_code", [
    ("tasks.all.detection_f1 = 1.0\nmetadata.number = 1.0\n", 0),  # both met exactly
    ("tasks.all.lead = 0.5\n", 0),  # 1 of 2 leads right
    ("[tasks.all]\nlead = 0.6\n", 1),
    ("tasks.all.all_right_gold = 0.9\n", 1),
    ("tasks.item.lead = 0.9\n", 0),  # no item task: nothing to count, passes
    ("tasks.all.leed = 0.9\n", 2),  # a typo is an error, never a silent pass
])
def test_exit_code_follows_the_thresholds(workspace, thresholds, exit_code):
    (workspace / "out/thresholds.toml").write_text(thresholds, encoding="utf-8")
    assert _run(workspace) == exit_code


def test_scores_file_is_rewritten_only_on_request_and_changes_are_listed(workspace, capsys):
    _run(workspace)
    assert not (workspace / "out/scores.json").exists()
    _run(workspace, "--update-scores")
    committed = json.loads((workspace / "out/scores.json").read_text(encoding="utf-8"))
    assert committed["tasks"]["all"]["lead"] == 0.5
    (workspace / "pred/doc.json").unlink()
    capsys.readouterr()
    assert _run(workspace) == 0
    printed = capsys.readouterr().out
    assert "tasks.all.lead: 0.500 -> n/a" in printed
    assert "tasks.all.detection_recall: 1.000 -> 0.000" in printed
    assert "doc line 4" in printed  # right before, missed now
    assert json.loads((workspace / "out/scores.json").read_text(encoding="utf-8")) == committed


def test_report_reads_the_raw_files_the_ablation_converts(tmp_path):
    for name, text in (("000_a.txt", RAW), ("001 b.txt", "Dòng một\nDòng hai\n"), ("002_c.txt", "khác\n")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "003_d").mkdir()
    doc_ids = {"000_a", "001_b", "003_d", "009_z"}
    lines = read_raw_lines(tmp_path, doc_ids)
    assert set(lines) == {doc_id_for(path) for path in gold_raw_files(tmp_path, doc_ids)} == {"000_a", "001_b"}
    assert lines["001_b"] == ["Dòng một", "Dòng hai"] and lines["000_a"][2] == RAW.splitlines()[2]
    assert read_raw_lines(tmp_path / "missing", doc_ids) == {}


def test_chart_has_a_bar_for_every_metadata_field_and_the_bases_f1():
    scores, _ = score_corpus({"doc": _record("Sở Ngoại vụ")}, {"doc": _record("Sở Ngoại vụ")})
    chart = bar_chart_svg(scores)
    drawn = [name for name in scores["metadata"] if f">metadata.{name}</text>" in chart]
    assert drawn == [name for name in scores["metadata"] if name not in ("legal_bases_precision", "legal_bases_recall")]


def test_thresholds_file_lists_every_score_once():
    scores, _ = score_corpus({"d": {"metadata": {}, "tasks": []}}, {})
    assert sorted(load_thresholds(REPO / "eval/thresholds.toml")) == sorted(flat_scores(scores))


@pytest.mark.parametrize("thresholds, exit_code", [("tasks.all.lead = 0.5\n", 0), ("tasks.all.lead = 0.6\n", 1)])
def test_ablation_adds_its_table_and_section_and_changes_nothing_else(workspace, capsys, thresholds, exit_code):
    (workspace / "out/thresholds.toml").write_text(thresholds, encoding="utf-8")
    assert _run(workspace) == exit_code
    alone = capsys.readouterr().out
    report_alone = (workspace / "out/report.md").read_text(encoding="utf-8")
    assert _run(workspace, ablation=True) == exit_code
    printed = capsys.readouterr().out
    report = (workspace / "out/report.md").read_text(encoding="utf-8")
    main_table = alone.split("wrote ")[0]
    assert printed.startswith(main_table)
    ablation = printed[len(main_table):].split("wrote ")[0]
    assert ablation.startswith("Agency NLP ablation") and "tasks.assignment.lead" in ablation
    assert "## Agency NLP ablation" in report and "ablation" not in report_alone
    assert "Agency NLP ablation" in (workspace / "out/report.html").read_text(encoding="utf-8")
    assert printed.split("report.html\n")[1] == alone.split("report.html\n")[1]  # comparison, threshold check


def test_ablation_that_cannot_run_is_a_warning_not_a_failure(workspace, capsys):
    (workspace / "raw/doc.txt").unlink()
    assert _run(workspace, ablation=True) == 0
    captured = capsys.readouterr()
    assert "warning: agency NLP ablation not run: no raw file of a gold document" in captured.err
    assert "Agency NLP ablation" not in captured.out


def test_a_missing_thresholds_file_is_a_clear_error_not_a_traceback(workspace, capsys):
    (workspace / "out/thresholds.toml").unlink()
    assert _run(workspace) == 2
    assert "no thresholds file at" in capsys.readouterr().err


def test_no_predictions_at_all_is_said_plainly(workspace, capsys):
    (workspace / "pred/doc.json").unlink()
    _run(workspace)
    assert "no predicted record" in capsys.readouterr().err


@pytest.mark.parametrize("gold_folder", ["missing", "empty", "drafts only"])
def test_no_gold_record_is_an_error_not_every_threshold_met(workspace, capsys, gold_folder):
    """Regression: with no gold record every score was n/a, and n/a passed every threshold."""
    gold = workspace / "gold"
    (gold / "doc.json").unlink()  # "drafts only": _draft.json and _parts/ are left
    if gold_folder == "empty":
        (gold / "_draft.json").unlink()
        (gold / "_parts").rmdir()
    if gold_folder == "missing":
        gold = workspace / "gold-typo"
    code = main(["--gold", str(gold), "--pred", str(workspace / "pred"), "--raw", str(workspace / "raw"),
                 "--thresholds", str(workspace / "out/thresholds.toml"), "--no-ablation"])
    captured = capsys.readouterr()
    assert code == 2
    assert f"error: no gold record in {gold}" in captured.err
    assert "meets its threshold" not in captured.out
    assert not (workspace / "out/report.md").exists()


HELDOUT = REPO / "corpus" / "heldout"


@pytest.mark.parametrize("bulk_files, error", [
    (None, "error: no bulk folder at"),
    ([], "error: no file in"),
    (["bulk_192068354fd1ffe5.md"], "error: no file in"),  # no site attribute block in it
], ids=["missing folder", "empty folder", "no block"])
def test_silver_check_with_nothing_to_compare_is_an_error(tmp_path, capsys, bulk_files, error):
    """Regression: a missing --bulk folder was a traceback, and an empty one agreed at 1.000."""
    bulk = tmp_path / "bulk"
    if bulk_files is not None:
        bulk.mkdir()
        for name in bulk_files:
            (bulk / name).write_bytes((HELDOUT / name).read_bytes())
    assert silver.main(["--bulk", str(bulk)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(error) and "1.000" not in captured.out


def test_silver_check_compares_a_file_with_a_site_attribute_block(tmp_path, capsys):
    (tmp_path / "bulk_15e6fb3d3f3b2644.md").write_bytes((HELDOUT / "bulk_15e6fb3d3f3b2644.md").read_bytes())
    assert silver.main(["--bulk", str(tmp_path)]) in (0, 1)
    assert "silver check: 1 files with a site attribute block" in capsys.readouterr().out
