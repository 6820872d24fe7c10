"""The agency NLP ablation of `make eval`: its table, and the switch it relies on."""

import extractors.agency_nlp
from eval.records import gold_raw_files
from eval.report import ABLATION_METRICS, ablation_table, markdown_report
from eval.scorer import SCOPES
from extractors.agencies import read_agencies

# bulk f411a708… (tests/data/agency_cases.tsv): only underthesea sees that the verb "niêm yết"
# ends the committees' list; the rules run on to the next capitalised word.
SENTENCE = ("2. Ban Quản lý các Khu công nghiệp, UBND các xã, phường niêm yết công khai TTHC tại Trung tâm "
            "Phục vụ hành chính công, Điểm tiếp nhận và trả kết quả giải quyết TTHC")
WITH_NLP = ["Ban Quản lý các Khu công nghiệp", "Ủy ban nhân dân các xã, phường"]


def scores(**values):
    """A score dict holding only task rates: `all_lead=0.75` sets tasks.all.lead; the rest None."""
    tasks = {scope: dict.fromkeys(ABLATION_METRICS) for scope in SCOPES}
    for key, value in values.items():
        scope, metric = key.split("_", 1)
        tasks[scope][metric] = value
    return {"tasks": tasks}


def test_ablation_table_rows_and_differences():
    with_nlp = scores(all_lead=0.75, all_coordinators_precision=0.9, all_coordinators_f1=2 / 3,
                      assignment_all_right_gold=0.5, item_lead=0.8)
    rules_only = scores(all_lead=0.5, all_coordinators_precision=0.9, all_coordinators_f1=0.8,
                        assignment_all_right_gold=None, item_lead=0.8 - 1e-12)
    title, headers, rows = ablation_table(with_nlp, rules_only)
    assert headers == ("score", "with NLP", "rules only", "difference")
    assert "CONGBAO_AGENCY_NLP" in title
    # every scope × metric, scope by scope
    assert [row[0] for row in rows] == [f"tasks.{scope}.{metric}" for scope in SCOPES for metric in ABLATION_METRICS]
    row = {row[0]: row[1:] for row in rows}
    assert row["tasks.all.lead"] == ("0.750", "0.500", "+0.250")  # 3 of 4 leads right against 2 of 4
    assert row["tasks.all.coordinators_precision"] == ("0.900", "0.900", "0.000")
    assert row["tasks.all.coordinators_f1"] == ("0.667", "0.800", "-0.133")  # 2/3 - 4/5 = -2/15
    assert row["tasks.assignment.all_right_gold"] == ("0.500", "n/a", "n/a")
    assert row["tasks.item.lead"] == ("0.800", "0.800", "0.000")  # float noise is no "-0.000"
    assert row["tasks.table.lead"] == ("n/a", "n/a", "n/a")


def test_ablation_section_is_in_the_markdown_report_only_when_given():
    main = {"documents_scored": 0, "documents_predicted": 0, "documents": {},
            "metadata": {"number": 1.0, "legal_bases_f1": 1.0},
            "tasks": scores()["tasks"], "task_counts": {scope: dict.fromkeys(("gold", "predicted", "paired"), 0)
                                                         for scope in SCOPES}}
    table = ablation_table(scores(all_lead=1.0), scores(all_lead=0.5))
    with_section = markdown_report(main, [], {}, table)
    assert f"## {table[0]}" in with_section
    assert "| tasks.all.lead | 1.000 | 0.500 | +0.500 |" in with_section
    without = markdown_report(main, [], {})
    assert "ablation" not in without and with_section.startswith(without.split("## Wrong fields")[0])


def test_gold_raw_files_are_the_gold_documents_files(tmp_path):
    for name in ("000_a.txt", "001 b.html", "002_c.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "003_d").mkdir()
    assert [path.name for path in gold_raw_files(tmp_path, {"000_a", "001_b", "003_d", "009_z"})] == [
        "000_a.txt", "001 b.html"]
    assert gold_raw_files(tmp_path / "missing", {"000_a"}) == []


def test_switch_changes_what_read_agencies_returns(monkeypatch):
    start = SENTENCE.index("Ban Quản lý")
    monkeypatch.setenv("CONGBAO_AGENCY_NLP", "1")
    assert read_agencies(SENTENCE, start).names == WITH_NLP
    monkeypatch.setenv("CONGBAO_AGENCY_NLP", "0")
    rules_only = read_agencies(SENTENCE, start).names
    assert rules_only[0] == WITH_NLP[0] and rules_only[1].startswith("Ủy ban nhân dân các xã, phường niêm yết")


def test_rules_only_never_calls_the_nlp_part(monkeypatch):
    calls = []

    def spy(name):
        original = getattr(extractors.agency_nlp, name)

        def called(*args):
            calls.append(name)
            return original(*args)
        return called

    for name in ("opens_name", "name_words"):
        monkeypatch.setattr(extractors.agency_nlp, name, spy(name))
    start = SENTENCE.index("Ban Quản lý")
    monkeypatch.setenv("CONGBAO_AGENCY_NLP", "0")
    read_agencies(SENTENCE, start)
    assert calls == []
    monkeypatch.setenv("CONGBAO_AGENCY_NLP", "1")
    read_agencies(SENTENCE, start)
    assert "name_words" in calls  # the spies are where the NLP part is called from
