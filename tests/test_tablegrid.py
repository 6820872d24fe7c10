from pipeline.document import Document
from pipeline.normalizing import normalize
from pipeline.tablegrid import take_table


def table_of(raw: str):
    doc = normalize(Document(doc_id="t", source={}, raw_text=raw))
    table, _ = take_table(doc.units, 0)
    return table


def cells(row):
    return [c.text for c in row.cells]


def test_pipe_closed_cells_layout_seed_000():
    # seed 000 lines 281-330: header, heading row, numbered rows with cells over several lines
    raw = ("TT\n|\nTên nhiệm vụ,\ndự án\n|\nCơ quan chủ\ntrì\n|\nCơ quan phối\nhợp\n|\nThời gian\nthực hiện\n|\n"
           "Quản trị biển và đại dương, quản\nlý tổng hợp vùng\nbờ\n|\n"
           "1\n|\nKết nối với các đối tác nước ngoài\n|\nSở Ngoại vụ\n|\nCác Sở,\nngành, địa phương, đơn vị\n|\n2020 - 2030\n|\n"
           "3\n|\nĐẩy mạnh kết nối hợp tác\n|\n|\n|\n|\n"
           "3.1\n|\nTiếp tục phối hợp với Văn phòng\n|\nSở Ngoại vụ\n|\nCác Sở:\nGiao thông vận tải; Công Thương\n|\n2020 - 2030\n|\n")
    table = table_of(raw)
    assert table.header == ["TT", "Tên nhiệm vụ, dự án", "Cơ quan chủ trì", "Cơ quan phối hợp",
                            "Thời gian thực hiện"]
    assert [(r.label, r.is_group) for r in table.rows] == [(None, True), ("1", False), ("3", True),
                                                           ("3.1", False)]
    assert cells(table.rows[1]) == ["1", "Kết nối với các đối tác nước ngoài", "Sở Ngoại vụ",
                                    "Các Sở, ngành, địa phương, đơn vị", "2020 - 2030"]
    # a cell holding a line that ends with ':' is still one cell (regression: table cut at "Các Sở:")
    assert cells(table.rows[3])[3] == "Các Sở: Giao thông vận tải; Công Thương"


def test_one_cell_per_line_layout_seed_003():
    # seed 003 lines 306-342: blank lines between cells, a non-breaking space for an empty cell
    raw = ("TT\n\nNhiệm vụ\n\nĐơn vị phối hợp\n\nGiai đoạn thực hiện\n\n1\n\nMục tiêu 1.3: Đến năm 2030\n\n\u00a0\n\n"
           "Mục tiêu 1.3.b:\n\n\u00a0\n\n\u00a0\n\n1.1\n\nTăng cường sự phối hợp\n\nCác Sở, Ngành thành phố\n\n"
           "2017-2020\n\n2021-2030\n\n1.2\n\nĐẩy mạnh các phong trào thi đua\n\n2\n\nMục tiêu 3.8: Đến năm 2030\n")
    table = table_of(raw)
    assert len(table.header) == 4
    assert [(r.label, r.is_group) for r in table.rows] == [
        ("1", True), (None, True), ("1.1", False), ("1.2", False), ("2", False)]
    assert cells(table.rows[2]) == ["1.1", "Tăng cường sự phối hợp", "Các Sở, Ngành thành phố",
                                    "2017-2020", "2021-2030"]
    assert cells(table.rows[3]) == ["1.2", "Đẩy mạnh các phong trào thi đua"]


def test_explicit_rows_layout():
    raw = ("| TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian |\n|---|---|---|---|\n"
           "| 1 | Rà soát quy hoạch | Sở Xây dựng | Quý IV/2021 |\n| 2 | Lập đề án | Sở Nội vụ | Năm 2022 |\n")
    table = table_of(raw)
    assert table.layout == "rows"
    assert table.header == ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian"]
    assert [cells(r) for r in table.rows] == [["1", "Rà soát quy hoạch", "Sở Xây dựng", "Quý IV/2021"],
                                              ["2", "Lập đề án", "Sở Nội vụ", "Năm 2022"]]


def test_a_number_in_a_data_column_does_not_start_a_row():
    # seed 003 "DANH MỤC CÁC PHỤ LỤC": the Phụ lục column holds 01, 02 …
    raw = "TT\n\nTên cơ quan, đơn vị\n\nPhụ lục\n\n1\n\nCông an thành phố\n\n01\n\n2\n\nSở Công Thương\n\n02\n"
    table = table_of(raw)
    assert [cells(r) for r in table.rows] == [["1", "Công an thành phố", "01"], ["2", "Sở Công Thương", "02"]]
