import pytest

from extractors.timeframes import find_timeframe, heading_period, parse_timeframe, recurrence_of

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


@pytest.mark.parametrize("text", [
    "Lập, trình thẩm định, phê duyệt Quy hoạch thành phố giai đoạn 2021 - 2030",  # an object's period
    "Phấn đấu đảm bảo mục tiêu đến năm 2025 toàn tỉnh có 100% xã đạt chuẩn",  # a target
    "Tổ chức thực hiện có hiệu quả Nghị quyết số 22-NQ/TW ngày 10/4/2013",  # a cited document's date
])
def test_dates_not_said_of_the_action_are_no_timeframe(text):
    assert find_timeframe(text) is None


@pytest.mark.parametrize("heading, expected", [
    ("NHIỆM VỤ CHỦ YẾU ĐẾN NĂM 2020", (None, "2020")),
    ("Các nhiệm vụ chủ yếu thực hiện trong giai đoạn 2017 - 2020:", ("2017", "2020")),
    ("Hội nhập quốc tế về kinh tế:", None),
])
def test_heading_period(heading, expected):
    period = heading_period(heading)
    assert (period and (period["start"], period["end"])) == expected
