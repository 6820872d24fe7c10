"""Table tasks from every table layout: pipe-closed cells (seed 000), bare cells with short rows
(seed 003), explicit rows (seed 002 as markdown, written cases), HTML with rowspan, PDF."""

import pytest

from conftest import FIXTURES, RAW
from extractors.table_tasks import cell_kind, column_roles, is_task_table
from pipeline.convert import convert_file, convert_text

SEED_000 = RAW / "000_578bb8ba59a7b832.txt"
SEED_003 = RAW / "003_08a1874f2a3e89c1.txt"


@pytest.fixture(scope="module")
def seed_tasks():
    return {path.name[:3]: [t for t in convert_file(path)["tasks"] if t["kind"] == "table"]
            for path in (SEED_000, SEED_003)}


def _task(tasks, line):
    (task,) = [t for t in tasks if t["line"] == line]
    return task


# (seed, raw line of the row's TT cell, id, section starts with, lead, time start, time end),
# read off the raw files
SEED_ROWS = [
    # 000: pipe-closed cells; an unnumbered heading row spanning the table
    ("000", 299, "1", "Quản trị biển và đại dương", ["Sở Ngoại vụ"], "2020", "2030"),
    # a numbered group row (3) above its children (3.1 …)
    ("000", 342, "3.1", "Đẩy mạnh kết nối hợp tác giữa thành phố", ["Sở Ngoại vụ"], "2020", "2030"),
    # the next heading row closes group 3
    ("000", 404, "4", "Điều tra cơ bản, nghiên cứu khoa học", ["Sở Ngoại vụ"], "2020", "2030"),
    # 003: no lead column, so the appendix's "CƠ QUAN CHỦ TRÌ THỰC HIỆN: …" line is the lead;
    # the sub-heading row "Mục tiêu 1.3.b:" sits under group row 1
    ("003", 326, "1.1", "Mục tiêu 1.3.b", ["Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hải Phòng"],
     "2017", "2030"),
    # a short row (label and text only) takes coordinators and time from the row above
    ("003", 336, "1.2", "Mục tiêu 1.3.b", ["Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hải Phòng"],
     "2017", "2030"),
    # rows 3.1-3.3 take their time from the sub-heading row that carries it
    ("003", 384, "3.1", "Mục tiêu 16.5.c", ["Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hải Phòng"],
     "2017", "2030"),
    # a group row whose heading opens with "Mục tiêu 3.5.a:" and goes on in the next cell
    # (its time cell is "Hàng năm": yearly, no start or end)
    ("003", 1160, "1.1.1", "Mục tiêu 3.5.a: Triển khai thực hiện", ["Sở Giao thông vận tải"], None, None),
]


@pytest.mark.parametrize("seed, line, task_id, section, lead, start, end", SEED_ROWS)
def test_seed_table_rows(seed_tasks, seed, line, task_id, section, lead, start, end):
    task = _task(seed_tasks[seed], line)
    assert task["id"] == task_id
    assert task["section"].startswith(section)
    assert [name.casefold() for name in task["lead"]] == [name.casefold() for name in lead]
    assert (task["timeframe"]["start"], task["timeframe"]["end"]) == (start, end)


def test_group_rows_and_list_of_appendices_are_not_tasks(seed_tasks):
    ids_003 = [t["id"] for t in seed_tasks["003"]]
    assert "1" not in ids_003[:3]  # "1 | Mục tiêu 1.3: …" is the group row over 1.1
    assert all(t["text"] for t in seed_tasks["003"])
    # the list of appendices ("TT | Tên cơ quan, đơn vị | Phụ lục") holds no task
    assert not [t for t in seed_tasks["003"] if t["line"] < 300]


def test_blank_cell_before_agencies_is_skipped_not_placed(seed_tasks):
    """003 PL08 row 12.3: `text | (no-break space) | Công an thành phố; …`; the blank is a
    stray line, the agencies are the coordinators, and the time comes from the row above."""
    task = _task(seed_tasks["003"], 2040)
    assert task["coordinators"][0].startswith("Công an thành phố")
    assert task["timeframe"]["start"] == "2017"


def test_last_row_does_not_take_the_page_footer(seed_tasks):
    """The library's log-in box after 003 PL20 used to be read as row 1.5's cells."""
    task = _task(seed_tasks["003"], 4779)
    assert task["timeframe"]["start"] == "2017"
    assert "Đăng" not in " ".join(task["coordinators"])


HEADER = """ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH
Số: 12/KH-UBND
Quảng Ninh, ngày 05 tháng 01 năm 2022
KẾ HOẠCH
Triển khai nhiệm vụ năm 2022
"""

# other column orders, extra columns (Kinh phí, Ghi chú), no TT column
MARKDOWN_TABLE = HEADER + """
| Nội dung công việc | Thời gian hoàn thành | Đơn vị chủ trì | Đơn vị phối hợp | Kinh phí | Ghi chú |
|---|---|---|---|---|---|
| Rà soát, điều chỉnh quy hoạch xây dựng vùng huyện | Quý I/2022 | Sở Xây dựng | Sở Tài chính; Sở Kế hoạch và Đầu tư | 500 | |
| Tổ chức hội nghị xúc tiến đầu tư | Tháng 6/2022 | Sở Kế hoạch và Đầu tư | | | Hằng năm |
"""


def test_markdown_table_in_another_column_order():
    tasks = convert_text(MARKDOWN_TABLE, name="kh12.md")["tasks"]
    assert [(t["text"][:20], t["lead"], t["coordinators"], t["timeframe"]["start"], t["product"])
            for t in tasks] == [
        ("Rà soát, điều chỉnh ", ["Sở Xây dựng"], ["Sở Tài chính", "Sở Kế hoạch và Đầu tư"],
         "2022-01", None),
        ("Tổ chức hội nghị xúc", ["Sở Kế hoạch và Đầu tư"], [], "2022-06", None),
    ]
    assert all(t["id"] is None and t["kind"] == "table" for t in tasks)


def test_html_rowspan_cells_reach_every_row():
    tasks = convert_file(FIXTURES / "plan_86.html")["tasks"]
    assert [(t["id"], t["lead"], t["timeframe"]["text"]) for t in tasks] == [
        ("1", ["Sở Kế hoạch và Đầu tư"], "Quý IV/2021"),
        ("2", ["Sở Kế hoạch và Đầu tư"], "Quý IV/2021"),  # rowspan cells
        ("3", ["Sở Tài chính"], "Năm 2022"),
    ]
    assert tasks[2]["section"] == "Phát triển kinh tế biển, ven biển"  # a colspan heading row


def test_pdf_table_rows():
    tasks = convert_file(FIXTURES / "plan_table.pdf")["tasks"]
    assert [(t["id"], t["lead"], t["coordinators"], t["timeframe"]["end"]) for t in tasks] == [
        ("1", ["Sở Ngoại vụ"], ["Các Sở, ngành, địa phương, đơn vị"], "2030"),
        ("2", ["Sở Ngoại vụ"], ["Sở Tài nguyên và Môi trường"], "2030"),
    ]


def test_every_task_points_at_its_row():
    record = convert_text(MARKDOWN_TABLE, name="kh12.md")
    assert all(task["span"][0] < task["span"][1] for task in record["tasks"])
    assert [task["line"] for task in record["tasks"]] == [9, 10]


@pytest.mark.parametrize("header, task_table", [
    (["TT", "Tên nhiệm vụ, dự án", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"], True),
    (["TT", "Nhiệm vụ", "Đơn vị phối hợp", "Giai đoạn thực hiện"], True),
    (["Nội dung", "Tiến độ"], True),
    (["TT", "Tên cơ quan, đơn vị", "Phụ lục"], False),  # 003's list of appendices
    (["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm 2022"], False),  # an indicator table
])
def test_task_tables_are_known_by_their_header(header, task_table):
    assert is_task_table(column_roles(header)) is task_table


@pytest.mark.parametrize("cell, kind", [
    ("2017-2020", "time"),
    ("Quý IV/2021", "time"),
    ("Hàng năm", "time"),
    ("Theo lộ trình của quy hoạch", "time"),
    ("", "blank"),
    ("Báo cáo Thủ tướng Chính phủ", "text"),
    ("Sở Tài chính; Sở Xây dựng", "agency"),
    ("Giám đốc Sở Y tế", "agency"),
])
def test_cell_kind(cell, kind):
    assert cell_kind(cell) == kind
