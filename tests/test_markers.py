import pytest

from pipeline.markers import (capacity, header_role, is_child_label, is_row_label, parse_marker, row_label,
                              starts_with_marker)


@pytest.mark.parametrize("line, kind, label, rest", [
    ("I. MỤC TIÊU", "roman", "I", "MỤC TIÊU"),
    ("III. TỔ CHỨC THỰC HIỆN", "roman", "III", "TỔ CHỨC THỰC HIỆN"),
    ("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch", "article", "1", "Ban hành kèm theo Quyết định này Kế hoạch"),
    ("1. Quản trị biển và đại dương", "decimal", "1", "Quản trị biển và đại dương"),
    ("2.1. Tăng cường công tác tuyên truyền", "decimal", "2.1", "Tăng cường công tác tuyên truyền"),
    ("a) Kinh tế hàng hải", "letter", "a", "Kinh tế hàng hải"),
    ("đ) Phát triển thủy sản", "letter", "đ", "Phát triển thủy sản"),
    ("x. Ủy ban nhân dân quận Đồ Sơn chủ trì", "letter", "x", "Ủy ban nhân dân quận Đồ Sơn chủ trì"),
    ("(1) Tỷ trọng đóng góp vào tổng sản phẩm", "paren", "1", "Tỷ trọng đóng góp vào tổng sản phẩm"),
    ("- Tăng cường năng lực cho đội ngũ làm", "bullet", "-", "Tăng cường năng lực cho đội ngũ làm"),
    ("+ Lưu: VT, KTTHTú.", "bullet", "+", "Lưu: VT, KTTHTú."),
])
def test_labels_of_real_lines(line, kind, label, rest):
    marker = parse_marker(line)
    assert (marker.kind, marker.label, marker.rest) == (kind, label, rest)


@pytest.mark.parametrize("line", [
    "2020 - 2030",
    "Hải Phòng, ngày 13 tháng 10 năm 2020",
    "V/v hướng dẫn góp vốn điều lệ",
    "Sở Ngoại vụ",
    "1.809",
])
def test_not_labels(line):
    assert parse_marker(line) is None


@pytest.mark.parametrize("previous, line, new", [
    # a dash inside a wrapped sentence is not a bullet
    ("năng của biển, đảo đối với việc phát triển kinh tế", "- xã hội, an ninh - quốc phòng", False),
    ("bảo đảm đáp ứng yêu cầu hội nhập quốc tế.", "- Định kỳ rà soát, đánh giá các cơ chế,", True),
    ("Thực hiện Quyết định số 647/QĐ-TTg", "ngày 18/5/2020 của Thủ tướng Chính phủ", False),
    ("Số: 246/KH-UBND", "Hải Phòng, ngày 13 tháng 10 năm 2020", True),
    ("Xét đề nghị của Giám đốc Sở Kế hoạch và Đầu tư,", "QUYẾT ĐỊNH:", True),
    ("giữ vững độc lập, chủ quyền,", "Căn cứ Luật Tổ chức chính quyền địa phương", True),
])
def test_paragraph_openers(previous, line, new):
    assert starts_with_marker(line, previous) is new


@pytest.mark.parametrize("cell, role", [
    ("TT", "label"),
    ("Tên nhiệm vụ, dự án", "task"),
    ("Cơ quan chủ trì", "lead"),
    ("Bộ, ngành, cơ quan thuộc Chính phủ chủ trì thực hiện", "lead"),
    ("Cơ quan thuộc UBND thành phố phối hợp thực hiện", "coordinators"),
    ("Đơn vị phối hợp", "coordinators"),
    ("Sản phẩm", "product"),
    ("Giai đoạn thực hiện", "time"),
    ("Thời gian thực hiện (năm)", "time"),
    ("Kinh phí", "other"),
    ("Sở Ngoại vụ", None),
])
def test_table_header_roles(cell, role):
    assert header_role(cell) == role


@pytest.mark.parametrize("cell, label", [("3.1", True), ("12", True), ("1.1.2", True), ("a)", True),
                                          ("b.", True), ("2020 - 2030", False), ("Sở Du lịch", False)])
def test_row_labels(cell, label):
    assert is_row_label(cell) is label


@pytest.mark.parametrize("cell, label", [("a)", "a"), ("3.", "3"), ("II", "II"), ("3.1", "3.1")])
def test_a_row_label_without_its_closing_mark(cell, label):
    """Regression: a task row labelled `a)` kept its bracket as its id (ANNOTATION: `a`)."""
    assert row_label(cell) == label


@pytest.mark.parametrize("parent, label, inside", [
    ("3", "3.1", True), ("3", "4", False), ("3", "31", False), ("II", "1", True), ("II", "III", False)])
def test_is_child_label(parent, label, inside):
    assert is_child_label(parent, label) is inside


@pytest.mark.parametrize("line, found", [
    ("TM. ỦY BAN NHÂN DÂN", ("TM.", "ỦY BAN NHÂN DÂN")),
    ("K/T CHỦ TỊCH", ("KT.", "CHỦ TỊCH")),     # no dot, in a capital line
    ("Tm. Ủy ban nhân dân", None),             # another case, not a capital line
    ("Q. GIÁM ĐỐC", ("Q.", "GIÁM ĐỐC")),
    ("QUY ĐỊNH CHUNG", None),                   # a one-letter prefix needs its dot
    ("Quang Hùng", None),
])
def test_capacity(line, found):
    """One reading of signing capacities, for the segmenter and the signature reader."""
    assert capacity(line) == found
