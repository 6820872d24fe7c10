import pytest

from extractors.dates import find_dates, parse_date


@pytest.mark.parametrize("text, expected", [
    ("Hải Phòng, ngày 13 tháng 10 năm 2020", "2020-10-13"),
    ("Hải Phòng, ngà 13 tháng 1 năm 2020", "2020-01-13"),  # typo seen in a real page
    ("Quảng Ninh, ngày 05 tháng 01 năm 2022", "2022-01-05"),
    ("Quyết định số 647/QĐ-TTg ngày 18/5/2020 của Thủ tướng Chính phủ", "2020-05-18"),
    ("Hà Nội, ngày 13-10-2020", "2020-10-13"),
    ("Tháng 6/2022", "2022-06"),
    ("tháng 12 năm 2020", "2020-12"),
    ("Quý IV/2021", "2021-10"),
    ("Năm 2016", "2016"),
    ("Luật số 77/2015/QH13", None),  # a document number, not a date
    ("Nghị định số 12/2020/NĐ-CP", None),
    ("ngày 32/13/2020", None),
    # a leap day (003: `Quyết định số 291/2016/QĐ-UBND ngày 29/02/2016`)
    ("Sửa đổi, bổ sung Quyết định số 291/2016/QĐ-UBND ngày 29/02/2016 của Ủy ban nhân dân", "2016-02-29"),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", [
    "ngày 30 tháng 2 năm 2021",
    "31/4/2020",
    "Trước ngày 29/02/2021",  # 2021 is no leap year
    "Hải Phòng, ngày 31 tháng 6 năm 2020",
    "ngày 32 tháng 13 năm 2020",
])
def test_impossible_calendar_date_is_no_date(text):
    # not a coarser reading of part of it either (`tháng 2 năm 2021`, `2020`)
    assert parse_date(text) is None
    assert find_dates(text) == []


def test_impossible_calendar_date_keeps_the_dates_around_it():
    assert [d.first for d in find_dates("từ ngày 31/4/2020 đến ngày 30/6/2020")] == ["2020-06-30"]


def test_impossible_issue_date_leaves_issued_date_empty():
    from pipeline.convert import convert_text
    from tests.conftest import RAW

    text = (RAW / "000_578bb8ba59a7b832.txt").read_text(encoding="utf-8")
    assert "Hải Phòng, ngày 13 tháng 10 năm 2020" in text
    record = convert_text(text.replace("ngày 13 tháng 10 năm 2020", "ngày 31 tháng 4 năm 2020", 1))
    assert record["metadata"]["issued_date"] is None


@pytest.mark.parametrize("text, expected", [
    ("Quý IV/2021", [("2021-10", "2021-12")]),
    ("quý 2 năm 2021", [("2021-04", "2021-06")]),
    ("2017-2020; 2021-2030", [("2017", "2017"), ("2020", "2020"), ("2021", "2021"), ("2030", "2030")]),
    ("Giai đoạn 2021 - 2025", [("2021", "2021"), ("2025", "2025")]),
])
def test_find_dates_gives_each_period(text, expected):
    assert [(d.first, d.last) for d in find_dates(text)] == expected


def test_spans_point_at_the_printed_date():
    text = "Trước ngày 30/6/2021 báo cáo"
    (date,) = find_dates(text)
    assert text[date.start:date.end] == "ngày 30/6/2021"
