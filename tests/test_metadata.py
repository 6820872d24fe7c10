import json

import pytest

from eval.silver import compare_with_site
from extractors.body_names import natural_case
from extractors.legal_bases import top_level_citations
from extractors.metadata import extract_metadata
from extractors.signature import read_signature
from pipeline.convert import convert_text
from pipeline.document import Unit
from pipeline.record import METADATA_FIELDS
from pipeline.textkey import match_key

from conftest import ROOT, SEEDS

GOLD = {path.stem: json.loads((ROOT / "eval" / "gold" / f"{path.stem}.json").read_text())["metadata"]
        for path in SEEDS}


def _key(field, value):
    """value with every string through match_key; legal bases whole (every field of each), in any order."""
    if isinstance(value, list):
        keys = [_key(field, v) for v in value]
        return sorted(keys, key=lambda basis: json.dumps(basis, sort_keys=True)) if field == "legal_bases" else keys
    if isinstance(value, dict):
        return {k: _key(field, v) for k, v in value.items()}
    return match_key(value) if isinstance(value, str) else value


@pytest.mark.parametrize("seed", sorted(GOLD))
@pytest.mark.parametrize("field", METADATA_FIELDS)
def test_seed_metadata_matches_gold(seed_docs, seed, field):
    metadata = extract_metadata(seed_docs[seed]).metadata
    assert _key(field, metadata[field]) == _key(field, GOLD[seed][field])


def test_every_value_knows_its_span_in_the_text(seed_docs):
    doc = extract_metadata(seed_docs["000_578bb8ba59a7b832"])
    spans = doc.metadata["provenance"]
    assert doc.text[slice(*spans["number"])] == "246/KH-UBND"
    assert doc.text[slice(*spans["place"])] == "Hải Phòng"
    assert doc.text[slice(*spans["issuer"])] == "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG"
    assert doc.text[slice(*spans["signer_name"])] == "Nguyễn Đình Chuyến"
    assert doc.text[slice(*spans["legal_bases"][0])].startswith("Quyết định số 647/QĐ-TTg")


@pytest.mark.parametrize("printed, body, expected", [
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG", True, "Ủy ban nhân dân thành phố Hải Phòng"),
    ("UBND TỈNH QUẢNG NINH", True, "Ủy ban nhân dân tỉnh Quảng Ninh"),
    ("BỘ TÀI CHÍNH", True, "Bộ Tài chính"),
    ("THỦ TƯỚNG CHÍNH PHỦ", True, "Thủ tướng Chính phủ"),
    ("HỘI ĐỒNG NHÂN DÂN TỈNH VĨNH LONG", True, "Hội đồng nhân dân tỉnh Vĩnh Long"),
    ("BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH", True, "Bộ Văn hóa, Thể thao và Du lịch"),
    ("BỘ CÔNG THƯƠNG", True, "Bộ Công Thương"),
    ("ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU", True, "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"),
    ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP", True, "Chủ tịch Ủy ban nhân dân tỉnh Đồng Tháp"),
    ("PHÓ CHỦ TỊCH", True, "Phó Chủ tịch"),
    ("HỢP TÁC QUỐC TẾ VỀ PHÁT TRIỂN BỀN VỮNG KINH TẾ BIỂN THÀNH PHỐ HẢI PHÒNG ĐẾN NĂM 2030", False,
     "Hợp tác quốc tế về phát triển bền vững kinh tế biển thành phố Hải Phòng đến năm 2030"),
    ("PHÁT TRIỂN KINH TẾ - XÃ HỘI TỈNH BÀ RỊA - VŨNG TÀU GIAI ĐOẠN 2021-2025", False,
     "Phát triển kinh tế - xã hội tỉnh Bà Rịa - Vũng Tàu giai đoạn 2021-2025"),
])
def test_natural_case(printed, body, expected):
    assert natural_case(printed, body=body) == expected


def _units(*lines_per_unit):
    units, offset = [], 0
    for pieces in lines_per_unit:
        text = " ".join(pieces)
        units.append(Unit(text=text, start=offset, end=offset + len(text), pieces=list(pieces)))
        offset += len(text) + 1
    return units


# signature blocks as the normalizer hands them over (real lines: seeds 000, 004, 001; bulk)
@pytest.mark.parametrize("units, capacities, title, name", [
    ([["TM. ỦY BAN NHÂN DÂN"], ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], ["Nguyễn Đình Chuyến"]],
     ["TM. Ủy ban nhân dân", "KT. Chủ tịch"], "Phó Chủ tịch", "Nguyễn Đình Chuyến"),
    ([["TM. ỦY BAN NHÂN DÂN THÀNH PHỐ", "CHỦ TỊCH"], ["Dương Anh Điền"]],
     ["TM. Ủy ban nhân dân thành phố"], "Chủ tịch", "Dương Anh Điền"),
    ([["TM.", "ỦY BAN NHÂN DÂN THÀNH PHỐ"], ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], ["Lê Khắc Nam"]],
     ["TM. Ủy ban nhân dân thành phố", "KT. Chủ tịch"], "Phó Chủ tịch", "Lê Khắc Nam"),
    ([["TM. ỦY BAN NHÂN", "DÂN"], ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], ["Mai", "Sơn"]],
     ["TM. Ủy ban nhân dân", "KT. Chủ tịch"], "Phó Chủ tịch", "Mai Sơn"),
    ([["KT. BỘ TRƯỞNG,", "CHỦ NHIỆM", "PHÓ CHỦ NHIỆM"], ["Phạm Mạnh Cường"]],
     ["KT. Bộ trưởng, Chủ nhiệm"], "Phó Chủ nhiệm", "Phạm Mạnh Cường"),
    ([["TL.", "CỤC TRƯỞNG"], ["KT. TRƯỞNG BAN GIÁM SÁT QUẢN LÝ VỀ HQ", "PHÓ TRƯỞNG BAN"], ["Nguyễn Anh Tài"]],
     ["TL. Cục trưởng", "KT. Trưởng ban giám sát quản lý về HQ"], "Phó Trưởng ban", "Nguyễn Anh Tài"),
    ([["TM. ỦY BAN NHÂN DÂN"]], ["TM. Ủy ban nhân dân"], None, None),  # 002: block cut off
    ([["CHỦ TỊCH"], ["Phùng Thị Hồng Hà"]], [], "Chủ tịch", "Phùng Thị Hồng Hà"),
])
def test_signature_block(units, capacities, title, name):
    signature = read_signature(_units(*units))
    assert [c.text for c in signature.capacities] == capacities
    assert (signature.title and signature.title.text) == title
    assert (signature.name and signature.name.text) == name


@pytest.mark.parametrize("clause, numbers", [
    # seed 001: the 22-NQ/TW inside is the subject of 31/NQ-CP
    ("Căn cứ Nghị quyết số 31/NQ-CP ngày 13 tháng 5 năm 2014 của Chính phủ về ban hành Chương trình "
     "hành động thực hiện Nghị quyết số 22-NQ/TW ngày 10 tháng 4 năm 2013 của Bộ Chính trị về hội "
     "nhập quốc tế;", ["31/NQ-CP"]),
    # seed 002: an alias in brackets and a second basis joined by `và`
    ("Thực hiện Nghị quyết số 108/NQ-CP ngày 26/11/2019 của Chính phủ (sau đây gọi tắt là Nghị quyết "
     "số 108/NQ-CP) và Chương trình hành động số 76-CTr/TU ngày 08/7/2019 Ban Thường vụ Thành ủy "
     "(sau đây gọi tắt là Chương trình hành động số 76-CTr/TU) về thực hiện Nghị quyết số 45-NQ/TW "
     "ngày 24/01/2019 của Bộ Chính trị", ["108/NQ-CP", "76-CTr/TU"]),
    # bulk: amending acts cited inside the clause are bases
    ("Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 được sửa đổi, bổ sung bởi Luật "
     "số 87/2025/QH15;", ["64/2025/QH15", "87/2025/QH15"]),
    ("Căn cứ Nghị định số 03/2017/NĐ-CP (đã được sửa đổi, bổ sung tại Nghị định số 145/2024/NĐ-CP) "
     "của Chính phủ về kinh doanh casino;", ["03/2017/NĐ-CP", "145/2024/NĐ-CP"]),
    ("Căn cứ Kết luận số 72-KL/TW ngày 10/10/2013 của Bộ Chính trị về tiếp tục đẩy mạnh thực hiện "
     "Nghị quyết số 32- NQ/TW ngày 05/8/2003 của Bộ Chính trị khóa IX", ["72-KL/TW"]),
    # bulk: a Party circular, and a type qualified before its number
    ("Thực hiện Thông tri số 02-TT/TU ngày 03 tháng 10 năm 2025 của Thành ủy Thành phố Hồ Chí Minh về "
     "lãnh đạo tiếp tục thực hiện hiệu quả “Tháng cùng phụ nữ hành động”", ["02-TT/TU"]),
    ("Căn cứ Quy chế phối hợp số 49/QCPH-UBND-UBMT-HCTĐ ngày 24/01/2025 về thực hiện công tác vận "
     "động, tiếp nhận, phân phối và sử dụng các nguồn đóng góp tự nguyện", ["49/QCPH-UBND-UBMT-HCTĐ"]),
    # bulk_448306af3d3a91f7: amending laws are named by what they amend, and those are no bases
    ("Căn cứ Luật Quy hoạch ngày 24/11/2017; Luật sửa đổi, bổ sung một số điều của 37 luật có liên "
     "quan đến quy hoạch ngày 20/11/2018; Luật sửa đổi, bổ sung một số điều của Luật Quy hoạch, Luật "
     "Đầu tư, Luật Đầu tư theo phương thức đối tác công tư và Luật Đấu thầu ngày 29/11/2024;",
     [None, None, None]),
    ("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật số "
     "87/2025/QH15;", ["87/2025/QH15"]),
    # bulk: numbers printed after a plural type, without it
    ("Căn cứ các Nghị định của Chính phủ: số 63/2010/NĐ-CP ngày 08/6/2010 về kiểm soát thủ tục hành "
     "chính; số 48/2013/NĐ-CP ngày 14/5/2013", ["63/2010/NĐ-CP", "48/2013/NĐ-CP"]),
    ("Căn cứ các Quyết định của Bộ trưởng phê duyệt điều chỉnh Quy hoạch (Số 1226/QĐ-BVHTTDL ngày "
     "29/4/2025 và số 2657/QĐ-BVHTTDL ngày 29/7/2025);", ["1226/QĐ-BVHTTDL", "2657/QĐ-BVHTTDL"]),
    # bulk: one type word for a list of numbers
    ("Để tập trung ứng phó mưa lũ đặc biệt lớn, bảo đảm an toàn tính mạng cho Nhân dân, tiếp theo "
     "các Công điện số 217/CĐ-TTg, 218/CĐ-TTg, 219/CĐ-TTg và 222/CĐ-TTg ngày 19/11/2025, Thủ tướng "
     "Chính phủ yêu cầu:", ["217/CĐ-TTg", "218/CĐ-TTg", "219/CĐ-TTg", "222/CĐ-TTg"]),
])
def test_top_level_citations(clause, numbers):
    assert [c.number for c in top_level_citations(clause)] == numbers


def test_an_amending_law_is_named_by_what_it_amends():
    citations = top_level_citations(
        "Căn cứ Luật Quy hoạch ngày 24/11/2017; Luật sửa đổi, bổ sung một số điều của 37 luật có liên "
        "quan đến quy hoạch ngày 20/11/2018;")
    assert [(c.doc_type, c.name, c.issued_date) for c in citations] == [
        ("Luật", "Quy hoạch", "2017-11-24"),
        ("Luật", "Sửa đổi, bổ sung một số điều của 37 luật có liên quan đến quy hoạch", "2018-11-20")]


def test_unnamed_law_keeps_its_name_and_date():
    [law] = top_level_citations("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;")
    assert (law.number, law.doc_type, law.name, law.issued_date, law.issuer) == (
        None, "Luật", "Tổ chức chính quyền địa phương", "2015-06-19", None)


MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"


def _doc(issuer: str, number: str, place_date: str, type_and_title: str, signature: str,
         body: str = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;\nQUYẾT ĐỊNH:\n"
                     "Điều 1. Quyết định này có hiệu lực kể từ ngày ký.\n") -> str:
    return f"{issuer}\n{MOTTO}{number}\n{place_date}\n{type_and_title}\n{body}{signature}\n"


# written cases for other issuers: a province, a ministry, the Prime Minister, a People's Council
@pytest.mark.parametrize("text, expected", [
    (_doc("UBND TỈNH QUẢNG NINH", "Số: 15/QĐ-UBND", "Quảng Ninh, ngày 05 tháng 01 năm 2022",
          "QUYẾT ĐỊNH\nVỀ VIỆC BAN HÀNH QUY CHẾ LÀM VIỆC",
          "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nCao Tường Huy"),
     {"issuer": "Ủy ban nhân dân tỉnh Quảng Ninh", "number": "15/QĐ-UBND", "place": "Quảng Ninh",
      "issued_date": "2022-01-05", "effective_date": "2022-01-05", "doc_type": "Quyết định",
      "title": "Về việc ban hành quy chế làm việc", "signer_title": "Chủ tịch",
      "signing_capacity": ["TM. Ủy ban nhân dân"], "signer_name": "Cao Tường Huy"}),
    (_doc("BỘ TÀI CHÍNH", "Số: 1234/QĐ-BTC", "Hà Nội, ngày 13/10/2020",
          "QUYẾT ĐỊNH\nCÔNG BỐ THỦ TỤC HÀNH CHÍNH", "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nNguyễn Văn A"),
     {"issuer": "Bộ Tài chính", "place": "Hà Nội", "issued_date": "2020-10-13",
      "signing_capacity": ["KT. Bộ trưởng"], "signer_title": "Thứ trưởng"}),
    (_doc("THỦ TƯỚNG CHÍNH PHỦ", "Số: 647/QĐ-TTg", "Hà Nội, ngà 18 tháng 5 năm 2020",
          "QUYẾT ĐỊNH\nPHÊ DUYỆT ĐỀ ÁN", "KT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nTrịnh Đình Dũng"),
     {"issuer": "Thủ tướng Chính phủ", "number": "647/QĐ-TTg", "issued_date": "2020-05-18",
      "signing_capacity": ["KT. Thủ tướng"], "signer_title": "Phó Thủ tướng"}),
    (_doc("HỘI ĐỒNG NHÂN DÂN\nTỈNH NGHỆ AN", "Số: 21/2025/NQ-HĐND", "Nghệ An, ngày 10 tháng 12 năm 2025",
          "NGHỊ QUYẾT\nQUY ĐỊNH MỨC HỖ TRỢ", "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nCHỦ TỊCH\nHoàng Nghĩa Hiếu"),
     {"issuer": "Hội đồng nhân dân tỉnh Nghệ An", "doc_type": "Nghị quyết",
      "signer_title": "Chủ tịch", "signer_name": "Hoàng Nghĩa Hiếu", "signing_capacity": []}),
])
def test_header_and_signature_of_other_issuers(text, expected):
    metadata = convert_text(text, name="written.txt")["metadata"]
    assert {k: metadata[k] for k in expected} == expected


def test_header_cells_split_by_pipes_in_two_columns():
    text = ("| ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
            "| TỈNH QUẢNG NINH | Độc lập - Tự do - Hạnh phúc |\n"
            "| Số: 12/KH-UBND | Quảng Ninh, ngày 05 tháng 01 năm 2022 |\n"
            "KẾ HOẠCH\nTHỰC HIỆN CHƯƠNG TRÌNH CHUYỂN ĐỔI SỐ\nI. MỤC TIÊU\n- Nâng cao năng lực.\n")
    metadata = convert_text(text, name="pipes.md")["metadata"]
    assert (metadata["issuer"], metadata["number"], metadata["place"], metadata["issued_date"]) == (
        "Ủy ban nhân dân tỉnh Quảng Ninh", "12/KH-UBND", "Quảng Ninh", "2022-01-05")
    assert metadata["title"] == "Thực hiện chương trình chuyển đổi số"


def test_words_broken_across_lines_and_blank_lines_in_the_header():
    # seed 000 and 004 layouts: `ỦY` / `BAN NHÂN DÂN`, `Hải` / `Phòng, ngày …`
    text = ("ỦY\nBAN NHÂN DÂN\nTỈNH THÁI BÌNH\n-------\n|\n\nCỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\n|\n\nSố:\n88/KH-UBND\n|\nThái\nBình, ngày 13 tháng 10 năm 2020\n|\n"
            "KẾ HOẠCH\nPHÁT TRIỂN DU LỊCH\nI. MỤC TIÊU\n- Thu hút khách.\n")
    metadata = convert_text(text, name="broken.txt")["metadata"]
    assert (metadata["issuer"], metadata["number"], metadata["place"], metadata["issued_date"]) == (
        "Ủy ban nhân dân tỉnh Thái Bình", "88/KH-UBND", "Thái Bình", "2020-10-13")


def test_header_printed_twice_is_read_once():
    header = _doc("ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH", "Số: 9/KH-UBND", "Quảng Ninh, ngày 01 tháng 02 năm 2021",
                  "KẾ HOẠCH\nPHÒNG CHỐNG THIÊN TAI", "", body="I. MỤC TIÊU\n")
    text = header + header + "- Giảm thiệt hại.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn Thắng\n"
    metadata = convert_text(text, name="twice.txt")["metadata"]
    assert (metadata["number"], metadata["issued_date"], metadata["title"]) == (
        "9/KH-UBND", "2021-02-01", "Phòng chống thiên tai")


def test_no_header_gives_nulls_and_a_warning():
    record = convert_text("Một đoạn văn không có phần đầu văn bản.\nĐoạn thứ hai.\n", name="bare.txt")
    assert all(record["metadata"][k] is None for k in ("number", "issuer", "place", "issued_date"))
    assert any("no header" in w for w in record["warnings"])


def test_letter_with_a_subject_line_and_no_type_line():
    # bulk_005d8820eb95c1cb, a Cục Thuế letter
    text = ("BỘ TÀI CHÍNH\nCỤC THUẾ\n-------\n|\n" + MOTTO + "|\nSố: 5348/CT-CS\nV/v hướng dẫn góp vốn điều lệ\n"
            "|\nHà Nội, ngày 20\ntháng 11 năm 2025\n|\nKính gửi: Thuế tỉnh Quảng Trị.\n"
            "Cục Thuế có ý kiến như sau.\nNơi nhận:\n- Như trên;\n|\nTL. CỤC TRƯỞNG\n"
            "KT. TRƯỞNG BAN CHÍNH SÁCH, THUẾ QUỐC TẾ\nPHÓ TRƯỞNG BAN\nPhạm Thị Minh Hiền\n")
    metadata = convert_text(text, name="letter.md")["metadata"]
    assert (metadata["doc_type"], metadata["number"], metadata["issuer"], metadata["title"]) == (
        "Công văn", "5348/CT-CS", "Cục Thuế", "hướng dẫn góp vốn điều lệ")
    assert (metadata["issued_date"], metadata["signer_name"]) == ("2025-11-20", "Phạm Thị Minh Hiền")


SITE_BLOCK = ("Số hiệu | 86/KH-UBND |\nNgày ban hành | 19/03/2020 |\nNgày có hiệu lực | 19/03/2020 |\n"
              "Loại văn bản | Kế hoạch |\nCơ quan ban hành | Thành phố Hải Phòng |\n"
              "Người ký | Nguyễn Văn Tùng |\n")
# seed 002: the header keeps only `ỦY BAN NHÂN DÂN`, the signature block is cut off
SEED_002_HEAD = ("ỦY BAN NHÂN DÂN |\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM |\nSố: 86/KH-UBND |\n"
                 "Hải Phòng, ngày 19 tháng 3 năm 2020 |\nKẾ HOẠCH\nTHỰC HIỆN NGHỊ QUYẾT SỐ 108/NQ-CP\n"
                 "I. MỤC ĐÍCH\n- Quán triệt.\nTM. ỦY BAN NHÂN DÂN\n")


def test_site_attribute_block_fills_what_the_body_lacks_unless_switched_off():
    from pipeline.normalizing import normalize
    from pipeline.reading import read_bytes
    from pipeline.segmenting import segment

    record = convert_text(SITE_BLOCK + SEED_002_HEAD, name="site.md")["metadata"]
    assert (record["issuer"], record["signer_name"], record["effective_date"]) == (
        "Ủy ban nhân dân thành phố Hải Phòng", "Nguyễn Văn Tùng", "2020-03-19")
    assert record["provenance"]["signer_name"] is None
    doc = segment(normalize(read_bytes((SITE_BLOCK + SEED_002_HEAD).encode(), name="site.md")))
    body_only = extract_metadata(doc, use_site_attributes=False).metadata
    assert (body_only["issuer"], body_only["signer_name"], body_only["effective_date"]) == (
        "Ủy ban nhân dân", None, None)


@pytest.mark.parametrize("site, metadata, expected", [
    ({"number": "86/KH-UBND", "issuer": "Thành phố Hải Phòng", "signer_name": "Nguyễn Văn Tùng",
      "issued_date": "19/03/2020", "doc_type": "Kế hoạch"},
     {"number": "86/KH-UBND", "issuer": "Ủy ban nhân dân", "place": "Hải Phòng",
      "signer_name": "Nguyễn Văn Tùng", "issued_date": "2020-03-19", "doc_type": "Kế hoạch"},
     {"number": True, "place": True, "signer_name": True, "issued_date": True, "doc_type": True}),
    ({"issuer": "Cục Thuế", "issued_date": "Đã biết"}, {"issuer": "Cục Thuế", "place": "Hà Nội"},
     {"place": True}),
    ({"issuer": "Tỉnh Bắc Giang", "number": "12/QĐ-UBND"},
     {"issuer": "Ủy ban nhân dân tỉnh Bắc Ninh", "place": "Bắc Ninh", "number": "12/QĐ-UBND"},
     {"place": False, "number": True}),
])
def test_silver_comparison(site, metadata, expected):
    assert compare_with_site(site, metadata) == expected


@pytest.mark.parametrize("opening, numbers", [
    # bulk_ceb89a53c7b93f00: a plan that says `Triển khai`
    ("Triển khai Kế hoạch hành động số 328-KH/TU ngày 24/4/2025 của Ban chấp hành Đảng bộ tỉnh Nghệ "
     "An về việc thực hiện Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị trên địa bàn "
     "tỉnh; Kế hoạch số 348/KH-UBND ngày 14/5/2025 của UBND tỉnh, Ủy ban nhân dân tỉnh ban hành Kế "
     "hoạch như sau:", ["328-KH/TU", "348/KH-UBND"]),
    # bulk_4f30202155d56bdd: a directive's enacting sentence
    ("Để tiếp tục thực hiện nghiêm Chỉ thị số 05/CT-TTg ngày 18/5/2022 của Thủ tướng Chính phủ về "
     "tăng cường công tác quản lý bảo vệ rừng; Chỉ thị số 31-CT/TU ngày 06/6/2023 của Ban Thường vụ "
     "Tỉnh ủy, Ủy ban nhân dân tỉnh yêu cầu:", ["05/CT-TTg", "31-CT/TU"]),
])
def test_the_opening_sentence_cites_the_bases_whatever_its_first_words(opening, numbers):
    text = _doc("ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN", "Số: 987/KH-UBND", "Nghệ An, ngày 20 tháng 11 năm 2025",
                "KẾ HOẠCH\nPHÁT TRIỂN HỆ THỐNG SÓNG VIỄN THÔNG 5G", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Văn A",
                body=f"{opening}\nI. MỤC ĐÍCH, YÊU CẦU\n1. Phát triển hạ tầng số.\n")
    assert [b["number"] for b in convert_text(text)["metadata"]["legal_bases"]] == numbers


def test_a_plan_with_several_grounds_cites_them_all():
    """Regression: a plan's preamble was read for its first clause only, as if every plan opened
    with one `Thực hiện …` sentence (bulk_d40513a8b25883ec lists seven `Căn cứ` clauses)."""
    text = _doc("ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU", "Số: 12/KH-UBND", "Lai Châu, ngày 05 tháng 11 năm 2025",
                "KẾ HOẠCH\nTổ chức đào tạo nghề năm 2025",
                "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Văn Lương",
                body="Căn cứ Thông tư số 06/2022/TT-BTTTT ngày 30 tháng 6 năm 2022 của Bộ trưởng Bộ "
                     "Thông tin và Truyền thông;\n"
                     "Căn cứ Thông tư số 55/2023/TT-BTC ngày 15 tháng 8 năm 2023 của Bộ trưởng Bộ Tài chính;\n"
                     "Căn cứ Quyết định số 2140/QĐ-UBND ngày 31 tháng 10 năm 2025 của Ủy ban nhân dân tỉnh;\n"
                     "I. MỤC ĐÍCH, YÊU CẦU\n1. Nâng cao chất lượng đào tạo nghề.\n")
    bases = convert_text(text)["metadata"]["legal_bases"]
    assert [b["number"] for b in bases] == ["06/2022/TT-BTTTT", "55/2023/TT-BTC", "2140/QĐ-UBND"]


def test_a_capital_title_keeps_its_abbreviations_and_numbers():
    """Regression (bulk): `QĐ-UBND` inside a cited number in a title became `QĐ-Ủy ban nhân
    dân`; a title is printed text, and only agency names get their abbreviations expanded."""
    text = _doc("ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK", "Số: 145/KH-UBND", "Đắk Lắk, ngày 20 tháng 11 năm 2025",
                "KẾ HOẠCH\nPHÁT ĐỘNG PHONG TRÀO THI ĐUA BẦU CỬ ĐẠI BIỂU HĐND CÁC CẤP; BÃI BỎ QUYẾT ĐỊNH "
                "SỐ 42/2018/QĐ-UBND", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nĐào Mỹ")
    title = convert_text(text)["metadata"]["title"]
    assert "HĐND các cấp" in title and "42/2018/QĐ-UBND" in title


@pytest.mark.parametrize("body, period", [
    # bulk_2957e4f4f0e41373: the label names what is carried out
    ("II. NỘI DUNG\n3. Thời gian tổ chức phong trào thi đua: Phong trào thi đua cao điểm được triển "
     "khai thực hiện từ tháng 10 năm 2025 đến hết tháng 3 năm 2026. Tổng kết vào tháng 4 năm 2026\n",
     ("2025-10", "2026-04", None)),
    # bulk_5d99697f14bcf68a: the label as a heading, the period in the paragraph under it
    ("II. THỜI GIAN\n2. Thời gian thực hiện\n\nCông tác giám sát, đánh giá được tiến hành thường "
     "xuyên, liên tục trong năm 2025, sẽ có văn bản thông báo lịch cụ thể.\n", ("2025", "2025", "continuous")),
])
def test_document_period_from_its_label(body, period):
    text = _doc("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ", "Số: 160/KH-UBND", "Cần Thơ, ngày 19 tháng 11 năm 2025",
                "KẾ HOẠCH\nGIÁM SÁT, ĐÁNH GIÁ CHƯƠNG TRÌNH", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Chí Hùng",
                body=body)
    found = convert_text(text, name="kh160.md")["metadata"]["period"]
    assert (found["start"], found["end"], found["recurrence"]) == period


@pytest.mark.parametrize("clause, citations", [
    # regression: the "capital" class of a law's name took lower-case letters too
    ("Căn cứ Luật đã được sửa đổi;", []),
    # regression: a bare number was owned by a plural type cited clauses before
    ("Căn cứ các Nghị định của Chính phủ: số 63/2010/NĐ-CP ngày 08/6/2010; Quyết định của Ủy ban "
     "nhân dân tỉnh số 12/2020/QĐ-UBND; Luật Đất đai số 31/2024/QH15",
     [("Nghị định", "63/2010/NĐ-CP"), ("Luật", "31/2024/QH15")]),
])
def test_citations_that_were_misread(clause, citations):
    assert [(c.doc_type, c.number) for c in top_level_citations(clause)] == citations


@pytest.mark.parametrize("label", ["V/v", "v/v", "V/V:"])
def test_a_letters_subject_label_in_any_case_is_dropped_from_its_title(label):
    """Regression: the segmenter knew `v/v` but the title kept it (two lists of the label)."""
    text = (f"BỘ Y TẾ\n{MOTTO}Số: 123/BYT-DP\n{label} triển khai tiêm chủng\nHà Nội, ngày 20 tháng 11 "
            "năm 2025\nKính gửi: Sở Y tế các tỉnh\nBộ Y tế đề nghị Sở Y tế các tỉnh triển khai.\n")
    metadata = convert_text(text)["metadata"]
    assert (metadata["title"], metadata["doc_type"]) == ("triển khai tiêm chủng", "Công văn")
