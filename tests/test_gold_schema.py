import copy
from pathlib import Path

import pytest

from eval.records import load_gold
from eval.schema import validate_record

EVAL = Path(__file__).resolve().parent.parent / "eval"


def _problems(doc_id, record):
    problems = validate_record(record)
    if isinstance(record, dict) and record.get("doc_id") != doc_id:
        problems.append(f"doc_id {record.get('doc_id')!r} is not the file name")
    return problems


@pytest.mark.parametrize("gold_dir", ["gold", "heldout/gold"])
def test_every_gold_record_follows_the_contract(gold_dir):
    """The records `python -m eval` scores (eval.records.load_gold); a wrong folder finds none and fails."""
    gold = load_gold(EVAL / gold_dir)
    assert gold, f"no gold record in eval/{gold_dir}"
    problems = {doc_id: _problems(doc_id, record) for doc_id, record in gold.items()}
    assert {doc_id: found for doc_id, found in problems.items() if found} == {}


VALID = {
    "schema": "1", "doc_id": "d",
    "metadata": {"number": None, "doc_type": "Kế hoạch", "issuer": None, "place": None, "issued_date": "2020-10-13",
                 "effective_date": None, "title": None, "signer_name": None, "signer_title": None,
                 "signing_capacity": [], "attachments": [], "period": None,
                 "legal_bases": [{"number": None, "doc_type": "Luật", "issued_date": "2015-06",
                                  "issuer": None, "name": "Tổ chức chính quyền địa phương"}]},
    "tasks": [{"id": "1", "kind": "table", "section": None, "text": "Rà soát", "lead": ["Sở Ngoại vụ"],
               "coordinators": [], "product": None, "line": 3,
               "timeframe": {"text": "Hàng năm", "start": None, "end": "2021", "recurrence": "yearly"}}],
}


def _broken(path, value):
    record = copy.deepcopy(VALID)
    *parents, last = path
    target = record
    for key in parents:
        target = target[key]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return record


@pytest.mark.parametrize("path, value, problem", [
    (("tasks", 0, "kind"), "row", "tasks[0].kind"),
    (("tasks", 0, "timeframe", "recurrence"), "annually", "tasks[0].timeframe.recurrence"),
    (("tasks", 0, "timeframe", "end"), "30/6/2021", "tasks[0].timeframe.end"),
    (("tasks", 0, "lead"), "Sở Ngoại vụ", "tasks[0].lead"),
    (("tasks", 0, "line"), 0, "tasks[0].line"),
    (("tasks", 0, "product"), KeyError, "tasks[0].product: missing"),
    (("metadata", "issued_date"), "2021-02-30", "metadata.issued_date"),
    (("metadata", "issued_date"), "2021-2-3", "metadata.issued_date"),
    (("metadata", "signing_capacity"), None, "metadata.signing_capacity"),
    (("metadata", "legal_bases", 0, "name"), None, "metadata.legal_bases[0]: an unnumbered basis needs a name"),
    (("metadata", "period"), {"start": "2020"}, "metadata.period.end: missing"),
    (("doc_id",), KeyError, "record.doc_id: missing"),
])
def test_validate_record_names_each_problem(path, value, problem):
    assert validate_record(VALID) == []
    problems = validate_record(_broken(path, value))
    assert any(line.startswith(problem) for line in problems), problems
