"""The underthesea part of agency reading, and its measured gain over the rules alone.

`tests/data/agency_cases.tsv` holds agency runs from real sentences of the bulk corpus, labelled
by hand; the NLP part must do at least as well there as the rules and gazetteer alone.
"""

import csv
from pathlib import Path

import pytest

from extractors.agencies import read_agencies
from extractors.agency_nlp import name_words, opens_name
from pipeline.textkey import compact_key

CASES = Path(__file__).parent / "data" / "agency_cases.tsv"


def labelled_cases():
    with CASES.open(encoding="utf-8") as handle:
        return list(csv.DictReader((line for line in handle if not line.startswith("#")),
                                   delimiter="\t"))


def accuracy(monkeypatch, nlp: str) -> float:
    monkeypatch.setenv("CONGBAO_AGENCY_NLP", nlp)
    cases, right = labelled_cases(), 0
    for case in cases:
        expected = [name for name in case["expected"].split(" | ") if name]
        run = read_agencies(case["text"], case["text"].index(case["start_at"]))
        got = run.names if run else []
        right += sorted(map(compact_key, got)) == sorted(map(compact_key, expected))
    return right / len(cases)


def test_labelled_cases_are_many_and_well_formed():
    cases = labelled_cases()
    assert len(cases) >= 40
    assert all(case["start_at"] in case["text"] for case in cases)


def test_nlp_does_at_least_as_well_as_the_rules_alone(monkeypatch):
    with_nlp, rules_only = accuracy(monkeypatch, "1"), accuracy(monkeypatch, "0")
    assert with_nlp >= rules_only
    assert with_nlp >= 0.85


@pytest.mark.parametrize("head, window, expected", [
    ("Trung tâm", "Trung tâm y tế huyện", True),
    ("Ban", "Ban hành quy chế", False),
    ("Báo", "Báo cáo Thủ tướng Chính phủ", False),
])
def test_opens_name(head, window, expected):
    assert opens_name(head, window) is expected


@pytest.mark.parametrize("prefix, words, after, expected", [
    # bulk 99ab…/f411…: the committees' list ends at the place, the verb after it is the predicate
    ("UBND các xã, phường", ("niêm", "yết", "công", "khai"), ("TTHC", "tại"), 0),
    # bulk 5a80…: a verb that modifies a noun stays in the name
    ("Chi nhánh Văn phòng", ("đăng", "ký", "đất", "đai"), ("cung", "cấp"), 4),
    # bulk 1796…: the last words before the predicate are the name
    ("Hội đồng", ("tư", "vấn"), ("có", "trách", "nhiệm"), 2),
])
def test_name_words(prefix, words, after, expected):
    assert name_words(prefix, words, after) == expected
