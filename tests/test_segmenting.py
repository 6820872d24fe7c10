import pytest

from pipeline.segmenting import walk

# (seed, parts, tables, rows that are not group rows) read off the raw files by hand
SEED_SHAPES = [
    ("000_578bb8ba59a7b832", 1, 1, 11),
    ("001_afaf3036436bbc5d", 1, 0, 0),
    ("002_bf0562e2cffc9437", 2, 2, 42),
    ("003_08a1874f2a3e89c1", 21, 21, None),  # 20 appendices + the attached plan
    ("004_7d2734075a65d08e", 1, 0, 0),
]


@pytest.mark.parametrize("seed, parts, tables, task_rows", SEED_SHAPES)
def test_seed_parts_and_tables(seed_docs, seed, parts, tables, task_rows):
    doc = seed_docs[seed]
    assert len(doc.parts) == parts
    assert len(doc.tables) == tables
    if task_rows is not None:
        assert sum(not r.is_group for t in doc.tables for r in t.rows) == task_rows


def test_seed_003_has_twenty_labelled_appendices_each_with_its_lead_note(seed_docs):
    appendices = [p for p in seed_docs["003_08a1874f2a3e89c1"].parts if p.kind == "appendix"]
    assert [p.label for p in appendices] == [f"PHỤ LỤC {n:02d}" for n in range(1, 21)]
    assert appendices[2].lead_note == "CƠ QUAN CHỦ TRÌ THỰC HIỆN: SỞ CÔNG THƯƠNG."
    assert all(len([b for b in walk(p.blocks) if b.table]) == 1 for p in appendices)


@pytest.mark.parametrize("seed, doc_type_line, number_line", [
    ("000_578bb8ba59a7b832", "KẾ HOẠCH HỢP TÁC QUỐC TẾ", "Số: 246/KH-UBND"),
    ("001_afaf3036436bbc5d", "QUYẾT ĐỊNH VỀ VIỆC BAN HÀNH KẾ HOẠCH", "Số: 1315/QĐ-UBND"),
    ("003_08a1874f2a3e89c1", "QUYẾT ĐỊNH", "Số: 2894/QĐ-UBND"),
])
def test_header_type_line_and_number(seed_docs, seed, doc_type_line, number_line):
    doc = seed_docs[seed]
    assert doc.doc_type_unit.text.startswith(doc_type_line)
    assert number_line in [u.text for u in doc.header]


def test_decision_preamble_holds_the_legal_bases(seed_docs):
    preamble = [u.text for u in seed_docs["001_afaf3036436bbc5d"].preamble]
    assert preamble[1] == "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;"
    assert sum(t.startswith("Căn cứ") for t in preamble) == 4
    assert preamble[-1] == "QUYẾT ĐỊNH:"


def test_signature_block_and_recipients(seed_docs):
    doc = seed_docs["000_578bb8ba59a7b832"]
    assert [u.text for u in doc.signature] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
                                               "Nguyễn Đình Chuyến"]
    assert doc.signature[1].pieces == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert doc.recipients[0].text == "Nơi nhận:"


def test_outline_nests_headings_and_keeps_whole_sentences(seed_docs):
    plan = seed_docs["000_578bb8ba59a7b832"]
    romans = [b for b in plan.body if b.marker == "roman"]
    assert [b.text for b in romans] == ["MỤC TIÊU", "NHIỆM VỤ", "TỔ CHỨC THỰC HIỆN"]
    tasks_section = romans[2]
    assert [c.label for c in tasks_section.children][:7] == ["1", "2", "3", "4", "5", "6", "7"]
    item5 = tasks_section.children[4]
    assert item5.text == ("Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với các cơ quan "
                          "liên quan thực hiện tốt các quy định về chống khai thác hải sản bất hợp "
                          "pháp, không báo cáo và không theo quy định.")
    assert item5.unit.line == 236


def test_every_bulk_style_header_variant_keeps_lines_apart():
    from pipeline.document import Document
    from pipeline.normalizing import normalize
    from pipeline.segmenting import segment

    raw = ("ỦY\nBAN NHÂN DÂN\nTỈNH QUẢNG NINH\n-------\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n|\n"
           "Số: 12/KH-UBND\n|\nQuảng Ninh, ngày 05 tháng 01 năm 2022\n|\nKẾ HOẠCH\nTRIỂN KHAI\n"
           "Thực hiện Chỉ thị số 1/CT-TTg, UBND tỉnh ban hành Kế hoạch:\nI. NHIỆM VỤ\n1. Sở Y tế chủ trì.\n")
    doc = segment(normalize(Document(doc_id="q", source={}, raw_text=raw)))
    assert [u.text for u in doc.header if u.text][:2] == ["ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH",
                                                        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert doc.doc_type_unit.text == "KẾ HOẠCH TRIỂN KHAI"
    assert doc.preamble[0].text.startswith("Thực hiện Chỉ thị số 1/CT-TTg")
    assert doc.body[0].text == "NHIỆM VỤ"
