import copy

import pytest

from extractors import timeframes
from extractors.timeframes import (find_timeframe, heading_period, looks_like_time, parse_timeframe,
                                   recurrence_of)
from pipeline.datafiles import load_yaml

# (printed, start, end, recurrence): the table of ANNOTATION.md section 5, then real time cells
# of the seeds and bulk documents.
CASES = [
    ("2020 - 2030", "2020", "2030", None),
    ("Giai đoạn 2021 - 2025", "2021", "2025", None),
    ("Quý IV/2021", "2021-10", "2021-12", None),
    ("Tháng 6/2022", "2022-06", "2022-06", None),
    ("Năm 2016", "2016", "2016", None),
    ("2017-2020; 2021-2030", "2017", "2030", None),
    ("Trước ngày 30/6/2021", None, "2021-06-30", None),
    ("Từ năm 2020", "2020", None, None),
    ("Định kỳ hàng năm", None, None, "yearly"),
    ("Hàng năm", None, None, "yearly"),
    ("Định kỳ 6 tháng và hàng năm", None, None, "half-yearly"),
    ("Thường xuyên", None, None, "continuous"),
    ("Trong quá trình thực hiện Nghị quyết", None, None, "continuous"),
    ("Năm 2025 và các năm tiếp theo", "2025", None, None),
    ("Sau khi có Quy chế", None, None, None),
    ("Theo Kế hoạch riêng", None, None, None),
    ("hằng quý, hằng năm", None, None, "quarterly"),
    ("thường xuyên, hằng năm", None, None, "continuous"),
    ("ngày 10 tháng 11 hàng năm", None, None, "yearly"),
    ("2017- 2020 và; 2021 – 2030", "2017", "2030", None),
    ("2017; 2021", "2017", "2021", None),
    ("Quý I/2022", "2022-01", "2022-03", None),
    ("Đến năm 2025; Đến năm 2030", None, "2030", None),
    ("Từ năm 2020; Từ năm 2021", "2020", None, None),
    ("định kỳ hàng năm (từ năm 2018)", "2018", None, "yearly"),
    ("trong tháng 3/2020", "2020-03", "2020-03", None),
    ("Từ năm 2020 đến năm 2025", "2020", "2025", None),
    ("đến hết năm 2020", None, "2020", None),
    ("tới năm 2020 và tầm nhìn tới năm 2030", None, "2020", None),  # seed 004 period
    ("Định kỳ báo cáo hàng năm", None, None, "yearly"),
    ("Tháng 12 năm 2021", "2021-12", "2021-12", None),
    ("Trước 31/12/2022", None, "2022-12-31", None),
    ("Hằng tháng", None, None, "monthly"),
    ("Hàng tuần", None, None, "weekly"),
]


@pytest.mark.parametrize("printed, start, end, recurrence", CASES)
def test_parse_timeframe(printed, start, end, recurrence):
    assert parse_timeframe(printed) == {
        "text": printed, "start": start, "end": end, "recurrence": recurrence}


@pytest.mark.parametrize("empty", [None, "", "  \n "])
def test_empty_time_cell_is_no_timeframe(empty):
    assert parse_timeframe(empty) is None


def test_text_is_whitespace_joined():
    assert parse_timeframe("2017-2020\n 2021-2030")["text"] == "2017-2020 2021-2030"


@pytest.mark.parametrize("text", ["trong 6 tháng đầu năm 2021", "tháng 6/2022"])
def test_six_months_as_a_duration_is_not_half_yearly(text):
    assert recurrence_of(text) is None


# (prose item, timeframe text found, start, end, recurrence): real sentences of seeds 001-003
PROSE = [
    ("Báo cáo kết quả thực hiện về Sở Công Thương định kỳ 6 tháng và hàng năm.",
     "định kỳ 6 tháng và hàng năm", None, None, "half-yearly"),
    ("Đến năm 2020, lồng ghép đầy đủ các mục tiêu phát triển bền vững vào kế hoạch giai đoạn 2021 - 2030",
     "Đến năm 2020", None, "2020", None),
    ("Hoàn thành trong tháng 3/2020 việc lập hồ sơ", "trong tháng 3/2020", "2020-03", "2020-03", None),
    ("Từ năm 2020, triển khai đầu tư xây dựng nhà máy xử lý chất thải; từ năm 2025 mở rộng",
     "Từ năm 2020; từ năm 2025", "2020", None, None),
    ("Tăng cường công tác thanh tra, kiểm tra thường xuyên về việc thực hiện",
     "thường xuyên", None, None, "continuous"),
]


@pytest.mark.parametrize("text, printed, start, end, recurrence", PROSE)
def test_find_timeframe_in_prose(text, printed, start, end, recurrence):
    frame, (begin, finish) = find_timeframe(text)
    assert frame == {"text": printed, "start": start, "end": end, "recurrence": recurrence}
    assert text[begin:finish].startswith(printed.split(";")[0])


def test_every_recurrence_named_in_prose_is_found():
    # bulk: two recurrences, each phrase kept; the more frequent one is the recurrence
    text = ("Kết quả quan trắc, thông báo định kỳ, báo cáo tổng hợp hàng quý và hàng năm được lưu "
            "trữ bằng văn bản giấy, văn bản số; cập nhật thông tin lên hệ thống CSDL của Tổng cục Thủy sản.")
    frame, (begin, finish) = find_timeframe(text)
    assert (frame["text"], frame["recurrence"]) == ("hàng quý; hàng năm", "quarterly")
    assert text[begin:finish] == "hàng quý và hàng năm"


@pytest.mark.parametrize("text", [
    "Lập, trình thẩm định, phê duyệt Quy hoạch thành phố giai đoạn 2021 - 2030",  # an object's period
    "Phấn đấu đảm bảo mục tiêu đến năm 2025 toàn tỉnh có 100% xã đạt chuẩn",  # a target
    "Tổ chức thực hiện có hiệu quả Nghị quyết số 22-NQ/TW ngày 10/4/2013",  # a cited document's date
])
def test_dates_not_said_of_the_action_are_no_timeframe(text):
    assert find_timeframe(text) is None


# (heading or lead-in line, (start, end) of the period it states): real lines
@pytest.mark.parametrize("heading, expected", [
    ("NHIỆM VỤ CHỦ YẾU ĐẾN NĂM 2020", (None, "2020")),  # 001
    ("Các nhiệm vụ chủ yếu thực hiện trong giai đoạn 2017 - 2020:", ("2017", "2020")),  # 003
    ("Hội nhập quốc tế về kinh tế:", None),
    ("Giai đoạn 2025 - 2030", ("2025", "2030")),  # bulk
    ("Phấn đấu đến cuối năm 2025 đạt các mục tiêu, chỉ tiêu sau:", (None, "2025")),
    ("TÌNH HÌNH THỰC HIỆN NHIỆM VỤ KINH TẾ - XÃ HỘI VÀ DỰ TOÁN NGÂN SÁCH NHÀ NƯỚC NĂM 2025",
     ("2025", "2025")),
    ("Trước ngày 01 tháng 01 năm 2030:", (None, "2030-01-01")),
    ("NHIỆM VỤ NĂM 2021", ("2021", "2021")),
])
def test_heading_period(heading, expected):
    period = heading_period(heading)
    assert (period and (period["start"], period["end"])) == expected


# lines whose dates used to become the period of every item under them
@pytest.mark.parametrize("heading", [
    # written after the heldout `Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị …`
    "Quán triệt Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển "
    "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia:",
    # 001
    "Thực hiện Chương trình hành động số 02-CTr/TU ngày 12/01/2016 của Ban Thường vụ Thành ủy "
    "thực hiện Nghị quyết số 22-NQ/TW ngày 10/4/2013 của Bộ Chính trị khóa XI về hội nhập quốc tế "
    "(sau đây gọi tắt là Chương trình hành động số 02-CTr/TU) và Nghị quyết số 31/NQ-CP ngày 13 "
    "tháng 5 năm 2014 của Chính phủ về hội nhập quốc tế; Ủy ban nhân dân thành phố xây dựng Kế "
    "hoạch thực hiện Chương trình hành động số 02-CTr/TU với nội dung cụ thể như sau:",
    # 003: a bare year of a name (`Chương trình nghị sự 2030`) is no period either
    "Căn cứ Quyết định số 622/QĐ-TTg ngày 10/5/2017 của Thủ tướng Chính phủ, Ủy ban nhân dân thành "
    "phố Hải Phòng ban hành Kế hoạch hành động triển khai thực hiện Quyết định số 622/QĐ-TTg ngày "
    "10/5/2017 của Thủ tướng Chính phủ về ban hành Kế hoạch hành động quốc gia thực hiện Chương "
    "trình nghị sự 2030 vì sự phát triển bền vững (sau đây gọi tắt là Kế hoạch hành động) như sau:",
    # bulk
    "Sửa đổi một số nội dung tại Quyết định số 48/2024/QĐ-UBND ngày 22/7/2024 của UBND thành phố Hà Nội:",
    "của Phụ lục I kèm theo Nghị định số 151/2025/NĐ-CP ngày 12/6/2025 của Chính phủ.",
    "Điều 20 Luật Bảo vệ và kiểm dịch thực vật năm 2013",  # `năm` of a cited law
    "Quyết định 2709/QĐ-UBND năm 2025 công bố Danh mục thủ tục hành chính sửa đổi, bổ sung",
])
def test_date_without_period_word_or_of_a_cited_document_is_no_heading_period(heading):
    assert heading_period(heading) is None


def test_heading_period_stops_before_a_cited_document():
    # bulk: the period of an investment plan, then a decision cited with its date
    line = ("Trên cơ sở Nghị quyết số 70/2025/UBTVQH15 của Ủy ban Thường vụ Quốc hội về nguyên tắc, "
            "tiêu chí, định mức phân bổ vốn đầu tư công giai đoạn 2026- 2030, thực tiễn của Thành phố "
            "và vận dụng phương pháp xác định số điểm của từng tiêu chí theo Quyết định số "
            "26/2020/QĐ-TTg ngày 14/9/2020 của Thủ tướng Chính phủ (Quy định chi tiết thi hành một "
            "số điều của Nghị quyết số 973/2020/UBTVQH14 ngày 08 tháng 7 năm 2020 của Ủy ban Thường "
            "vụ Quốc hội …), HĐND Thành phố quy định tiêu chí, định mức phân bổ như sau:")
    period = heading_period(line)
    assert (period["text"], period["start"], period["end"]) == ("giai đoạn 2026- 2030", "2026", "2030")


# the word lists read against the text before a date once its lead words (`ngày`, `năm`, `hết` …)
# are stripped: `trong năm` or `năm` there could never match
STRIPPED_LISTS = ["end_only_before", "start_only_before", "horizon_before", "deadline_before",
                  "sentence_start_before"]


@pytest.mark.parametrize("name", STRIPPED_LISTS)
def test_no_word_before_a_date_is_one_the_lead_words_strip(name):
    eaten = [word for word in load_yaml("timeframe_words.yaml")[name]
             if timeframes._without_lead_words("x " + word) != "x " + word]
    assert eaten == []


def test_sentence_start_words_are_not_deadline_words():
    # deadline_before is read first: a word in both lists never reaches sentence_start_before
    words = load_yaml("timeframe_words.yaml")
    assert set(words["sentence_start_before"]).isdisjoint(words["deadline_before"])


def _forget_words():
    for cached in (timeframes._words, timeframes._recurrence_patterns, timeframes._timeframe,
                   timeframes._find_timeframe):
        cached.cache_clear()


@pytest.fixture
def edited_words(monkeypatch):
    """Run a test on timeframe_words.yaml as changed by the function given."""
    data = load_yaml("timeframe_words.yaml")

    def edit(change):
        changed = copy.deepcopy(data)
        change(changed)
        monkeypatch.setattr(timeframes, "load_yaml", lambda name: changed)
        _forget_words()

    yield edit
    _forget_words()


def test_date_lead_words_come_from_the_data_file(edited_words):
    assert parse_timeframe("đến hết năm 2020")["start"] is None
    edited_words(lambda data: data["date_lead_words"].remove("hết"))
    assert parse_timeframe("đến hết năm 2020")["start"] == "2020"  # `đến` no longer seen


def test_recurrence_prefixes_come_from_the_data_file(edited_words):
    text = "Kiểm tra theo chu kỳ hàng năm"
    assert find_timeframe(text)[0]["text"] == "hàng năm"
    edited_words(lambda data: data["recurrence_prefixes"].append("theo chu kỳ"))
    assert find_timeframe(text)[0]["text"] == "theo chu kỳ hàng năm"


@pytest.mark.parametrize("cell", ["Tùy theo tình hình thực tế", "Tuỳ theo tình hình thực tế"])
def test_data_word_in_another_tone_placement_still_matches(edited_words, cell):
    # written new-style (`tuỳ`) in the data file; printed either way (bulk: `tùy theo tình hình
    # thực tế để xác định, lựa chọn`)
    assert not looks_like_time(cell)
    edited_words(lambda data: data["event_openers"].append("Tuỳ theo tình hình"))
    assert looks_like_time(cell)
