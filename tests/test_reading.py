import unicodedata

import pytest

from pipeline.convert import convert_document
from pipeline.reading import (ReadError, _pdf_table_lines, doc_id_for, html_to_text, read_bytes,
                              read_file)
from tests.conftest import FIXTURES

PLAN_LINE = "Sở Nông nghiệp và Phát triển nông"


@pytest.mark.parametrize("name, encoding", [
    ("plan_utf8.txt", "utf-8"),
    ("plan_utf8_bom.md", "utf-8-sig"),
    ("plan_utf16.txt", "utf-16"),
    ("plan_cp1258.txt", "windows-1258"),
    ("plan_tcvn3.txt", "tcvn3"),
    ("plan_vni.txt", "vni"),
])
def test_each_encoding_is_detected_and_decoded(name, encoding):
    doc = read_file(FIXTURES / name)
    assert doc.source["encoding"] == encoding
    text = doc.raw_text
    if encoding == "tcvn3":  # TCVN3 capitals share the lowercase codes
        text = text.lower()
        assert PLAN_LINE.lower() in text
    else:
        assert PLAN_LINE in unicodedata.normalize("NFC", text)


def test_html_table_rowspan_is_repeated_into_covered_rows():
    text = read_file(FIXTURES / "plan_86.html").raw_text
    rows = [line for line in text.splitlines() if line.startswith("| 2 |")]
    assert rows == ["| 2 | Xây dựng cơ chế, chính sách thu hút, sử dụng và phát triển nguồn nhân lực "
                    "chất lượng cao | Sở Kế hoạch và Đầu tư | Sở Lao động, Thương binh và Xã hội; "
                    "Sở Công Thương | Quý IV/2021 |"]
    assert "Đăng nhập" not in text  # script content is not text


def test_html_colspan_heading_row_keeps_one_filled_cell():
    text = read_file(FIXTURES / "plan_86.html").raw_text
    assert "| Phát triển kinh tế biển, ven biển |  |  |  |  |" in text


def test_pdf_text_layer_and_table_cells():
    doc = read_file(FIXTURES / "plan_table.pdf")
    assert doc.source["format"] == "pdf"
    assert "Số: 246/KH-UBND" in doc.raw_text
    assert "| 2 | Tiếp tục hỗ trợ kết nối ký kết các dự án hợp tác | Sở Ngoại vụ | " \
           "Sở Tài nguyên và Môi trường | 2020 - 2030 |" in doc.raw_text


@pytest.mark.parametrize("data, name, kind", [
    (b"", "empty.txt", "empty"),
    (b"   \n\n", "blank.txt", "empty"),
    (bytes(range(256)) * 40, "garbage.bin", "binary"),
    (b"%PDF-1.4\n1 0 obj <<", "truncated.pdf", "bad_pdf"),
    (b"{not json", "broken.json", "bad_json"),
    (b'{"title": 1}', "nofield.json", "no_text_field"),
    (b"<html><head><title>x</title></head></html>", "nobody.html", "no_text"),
])
def test_bad_inputs_raise_a_clear_read_error(data, name, kind):
    with pytest.raises(ReadError) as caught:
        read_bytes(data, name=name)
    assert caught.value.kind == kind


def test_json_text_field():
    doc = read_bytes('{"id": 3, "content": "KẾ HOẠCH\\nSố: 1/KH-UBND"}'.encode(), name="x.json")
    assert doc.raw_text.startswith("KẾ HOẠCH")


@pytest.mark.parametrize("name, doc_id", [
    ("000_578bb8ba59a7b832.txt", "000_578bb8ba59a7b832"),
    ("Kế hoạch số 12 (bản sao).html", "K__ho_ch_s__12__b_n_sao_"),
    ("a.b.c.pdf", "a.b.c"),
    ("noext", "noext"),
])
def test_doc_id_keeps_only_safe_characters(name, doc_id):
    assert doc_id_for(name) == doc_id


def test_mixed_encodings_decode_line_by_line():
    """A UTF-8 file with Windows-1258 lines pasted in: each line is read in its own encoding
    (the whole file used to be read as Windows-1258, garbling every UTF-8 line)."""
    utf8 = (FIXTURES / "plan_utf8.txt").read_bytes()
    pasted = b"".join((FIXTURES / "plan_cp1258.txt").read_bytes().splitlines(keepends=True)[:2])
    doc = read_bytes(utf8 + pasted, "mixed.txt")
    assert doc.raw_text.startswith((FIXTURES / "plan_utf8.txt").read_text(encoding="utf-8"))
    # Windows-1258 spells tones as combining marks; normalizing composes them later
    assert unicodedata.normalize("NFC", doc.raw_text).endswith("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG\n")
    assert doc.source["encoding"] == "utf-8 (2 lines windows-1258)"
    assert doc.warnings == ["2 line(s) were not UTF-8 and were read as windows-1258"]


# The rows of plan_86.html written the way HTML allows: without the optional `</td>`/`</tr>`
TABLE_WITHOUT_END_TAGS = """<table border="1">
<tr><th>TT<th>Nhiệm vụ<th>Cơ quan chủ trì<th>Cơ quan phối hợp<th>Thời gian
<tr><td>1<td>Lập, trình thẩm định, phê duyệt Quy hoạch thành phố giai đoạn 2021 - 2030
<td>Sở Kế hoạch và Đầu tư<td>Các Sở, ban, ngành<td>Quý IV/2021
<tr><td>2<td>Huy động vốn đầu tư thực hiện các dự án trọng điểm<td>Sở Tài chính<td>Sở Xây dựng
<td>Năm 2022</tr>
</table>"""


def test_table_cells_and_rows_without_end_tags_are_read():
    """Regression: `</td>` and `</tr>` are optional in HTML; a table that left them out came
    out empty."""
    assert html_to_text(TABLE_WITHOUT_END_TAGS).splitlines() == [
        "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |",
        "| 1 | Lập, trình thẩm định, phê duyệt Quy hoạch thành phố giai đoạn 2021 - 2030 | "
        "Sở Kế hoạch và Đầu tư | Các Sở, ban, ngành | Quý IV/2021 |",
        "| 2 | Huy động vốn đầu tư thực hiện các dự án trọng điểm | Sở Tài chính | Sở Xây dựng | "
        "Năm 2022 |",
    ]


# An ASP.NET page: the whole body sits in the page's one <form>, beside a search form
ASP_NET_PAGE = """<html><body><form method="post" action="./VanBan.aspx?ItemID=1234" id="form1">
<div class="aspNetHidden"><input type="hidden" name="__VIEWSTATE" value="/wEPDwUKMTY1"></div>
<div class="search"><select name="loai"><option>Tất cả</option><option>Quyết định</option></select>
<button type="submit">Tìm kiếm</button></div>
<p>ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM</p>
<p>Số: 45/KH-UBND</p>
<p><b>KẾ HOẠCH</b></p>
<p>Triển khai thực hiện Chương trình chuyển đổi số năm 2024</p>
</form></body></html>"""


def test_page_wrapped_in_a_form_keeps_its_text():
    """Regression: ASP.NET pages wrap the whole body in a <form>, which was skipped as site
    furniture: the page read as having no text."""
    text = read_bytes(ASP_NET_PAGE.encode(), "vanban.html").raw_text
    assert text.splitlines() == ["ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM", "Số: 45/KH-UBND", "KẾ HOẠCH",
                                 "Triển khai thực hiện Chương trình chuyển đổi số năm 2024"]


def test_rowspan_past_the_last_row_adds_no_rows():
    """Regression: a rowspan reaching past the table's last row (as word processors export
    them) added rows holding only the spanned cell."""
    html = ("<table><tr><td>1</td><td>Rà soát, sắp xếp tổ chức bộ máy</td>"
            "<td rowspan='4'>Sở Nội vụ</td><td>Quý I/2025</td></tr>"
            "<tr><td>2</td><td>Tinh giản biên chế</td><td>Quý II/2025</td></tr></table>")
    assert html_to_text(html).splitlines() == [
        "| 1 | Rà soát, sắp xếp tổ chức bộ máy | Sở Nội vụ | Quý I/2025 |",
        "| 2 | Tinh giản biên chế | Sở Nội vụ | Quý II/2025 |",
    ]


def test_a_pipe_inside_a_cell_is_not_a_cell_boundary_in_html_and_pdf_tables():
    # HTML and PDF tables share one cell cleanup and one row layout
    html = "<table><tr><td>3</td><td>Số hóa hồ sơ |\n  lưu trữ</td><td>Sở Nội vụ</td></tr></table>"
    row = "| 3 | Số hóa hồ sơ / lưu trữ | Sở Nội vụ |"
    assert html_to_text(html) == row
    assert _pdf_table_lines([["3", "Số hóa hồ sơ |\nlưu trữ", "Sở Nội vụ"]]) == [row]


@pytest.mark.parametrize("cell, text", [
    ("Sở Tài chính<br>Sở Nội vụ", "Sở Tài chính; Sở Nội vụ"),
    ("<p>Sở Kế hoạch và Đầu tư</p>\n<p>Sở Nội vụ</p>", "Sở Kế hoạch và Đầu tư; Sở Nội vụ"),
    ("<div>- Sở Y tế</div><div>- UBND các huyện</div>", "- Sở Y tế; - UBND các huyện"),
    ("<p>Cơ quan</p><p>chủ trì</p>", "Cơ quan chủ trì"),  # a header cell broken in two
    ("Quý I/2025<br>(dự kiến)", "Quý I/2025 (dự kiến)"),
    ("Các sở:<br>Tài chính, Xây dựng", "Các sở: Tài chính, Xây dựng"),
    ("<p>Sở Tài chính</p>", "Sở Tài chính"),
])
def test_lines_of_a_cell_are_not_glued_together(cell, text):
    """Regression: `<br>`, `<p>` and `<div>` inside a cell added nothing between its lines, so
    `Sở Tài chính<br>Sở Nội vụ` read as one agency `Sở Tài chínhSở Nội vụ`."""
    assert html_to_text(f"<table><tr><td>3</td><td>{cell}</td></tr></table>") == f"| 3 | {text} |"


PLAN_WITH_AGENCY_LINES = """<!doctype html><html><body>
<p>ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM</p><p>Số: 45/KH-UBND</p>
<p>Quảng Nam, ngày 12 tháng 3 năm 2024</p><p><b>KẾ HOẠCH</b></p>
<p>Triển khai thực hiện Đề án 06 năm 2024</p><p>PHỤ LỤC</p>
<table border="1">
<tr><td>TT</td><td>Nhiệm vụ</td><td>Cơ quan chủ trì</td><td>Cơ quan phối hợp</td><td>Thời gian</td></tr>
<tr><td>1</td><td>Rà soát, chuẩn hóa dữ liệu cán bộ, công chức</td><td>Sở Nội vụ</td>
<td>Sở Tài chính<br>Sở Thông tin và Truyền thông</td><td>Quý II/2024</td></tr>
<tr><td>2</td><td>Bố trí kinh phí thực hiện Đề án</td><td><p>Sở Tài chính</p></td>
<td><p>Sở Kế hoạch và Đầu tư</p><p>Sở Nội vụ</p></td><td>Năm 2024</td></tr>
</table></body></html>"""


def test_agencies_on_lines_of_their_own_in_a_cell_stay_apart_in_the_record():
    record = convert_document(read_bytes(PLAN_WITH_AGENCY_LINES.encode(), "kh45.html"))
    assert [(t["lead"], t["coordinators"]) for t in record["tasks"]] == [
        (["Sở Nội vụ"], ["Sở Tài chính", "Sở Thông tin và Truyền thông"]),
        (["Sở Tài chính"], ["Sở Kế hoạch và Đầu tư", "Sở Nội vụ"]),
    ]
