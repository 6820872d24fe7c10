import pytest
from hypothesis import given, settings, strategies as st

from pipeline.datafiles import load_yaml
from pipeline.document import Document
from pipeline.markers import table_header_keys
from pipeline.normalizing import clean_line, normalize
from pipeline.segmenting import segment
from pipeline.textkey import match_key


def normalized(text: str) -> Document:
    return normalize(Document(doc_id="t", source={}, raw_text=text))


@pytest.mark.parametrize("raw, clean", [
    ("**Điều 1. **Phê", "Điều 1. Phê"),
    ("*Hà Nội, ngày 20", "Hà Nội, ngày 20"),
    ("# **Số hiệu:**", "Số hiệu:"),
    ("Quyết định số2894 /QĐ-UBND\u00a0ngày 30", "Quyết định số2894 /QĐ-UBND ngày 30"),
    ("Đa dạng hoá hình thức", "Đa dạng hòa hình thức".replace("hòa", "hóa")),
    ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
    ("Mục tiêu 1.3:\u00a0Đến năm 2030", "Mục tiêu 1.3: Đến năm 2030"),
    ("phát\u200b triển", "phát triển"),
    # regression (bulk_21c5e5f2…): a bold type line run into its title was glued to it
    ("**NGHỊ ĐỊNH**Quy định về chính sách hỗ trợ", "NGHỊ ĐỊNH Quy định về chính sách hỗ trợ"),
    ("C**ả**ng biển", "Cảng biển"),  # bold inside a word stays joined
])
def test_clean_line(raw, clean):
    assert clean_line(raw) == clean


def test_hard_wrapped_lines_join_into_paragraphs_with_a_line_map():
    # seed 000, lines 36-40
    raw = ("- Tăng cường và mở rộng hợp tác quốc tế,\n"
           "đặc biệt là duy trì và phát triển mối quan hệ hợp tác hữu nghị đối với các đối\n"
           "tác truyền thống.\n"
           "- Thúc đẩy đồng bộ, trọng tâm, trọng\n"
           "điểm các hoạt động hợp tác quốc tế.\n")
    doc = normalized(raw)
    assert [u.text for u in doc.units] == [
        "- Tăng cường và mở rộng hợp tác quốc tế, đặc biệt là duy trì và phát triển mối quan hệ "
        "hợp tác hữu nghị đối với các đối tác truyền thống.",
        "- Thúc đẩy đồng bộ, trọng tâm, trọng điểm các hoạt động hợp tác quốc tế.",
    ]
    second = doc.units[1]
    assert doc.text[second.start:second.end] == second.text
    assert doc.raw_line(second.start) == 4


# bulk_a83fffe08d7aeed7 L248-254: markdown whose paragraphs are separated by blank lines
BLANK_LINE_PARAGRAPHS = """Phối hợp với các ngành, các cấp
tăng cường các hoạt động tuyên truyền. Chú trọng công tác
tuyên truyền các quan điểm chủ trương của Đảng về dân số và phát triển.
Tham gia giám sát việc thực hiện chính sách, pháp luật về dân số và phát triển.

Trên đây là Kế hoạch thực hiện Chỉ thị số 27/CT-TTg.

1. Sở Y tế

Chủ trì phối hợp với các sở, ban, ngành liên quan tổ chức thực hiện.
"""


def test_where_blank_lines_separate_paragraphs_a_line_ending_a_sentence_does_not():
    """Regression: in markdown from web pages, a sentence ending at the end of a wrapped line
    split its paragraph (and its task) in two."""
    units = [u.text for u in normalized(BLANK_LINE_PARAGRAPHS).units if u.text]
    assert len(units) == 4 and "Tham gia giám sát" in units[0]
    # without blank lines between paragraphs (seed .txt files), the line end is the only sign
    joined = [u.text for u in normalized(BLANK_LINE_PARAGRAPHS.replace("\n\n", "\n")).units if u.text]
    assert joined[1].startswith("Tham gia giám sát")


@pytest.mark.parametrize("capacity", ["TM.", "T/M.", "KT."])
def test_a_capacity_prefix_alone_on_its_line_joins_the_next(capacity):
    """Regression: the prefixes were a second, shorter list in code; `T/M.` alone split."""
    units = [u.text for u in normalized(f"{capacity}\nỦY BAN NHÂN DÂN\n").units if u.text]
    assert units == [f"{capacity} ỦY BAN NHÂN DÂN"]


def test_pipe_closed_cells_become_cell_units():
    # seed 002, lines 13-16
    doc = normalized("Số hiệu | 86/KH-UBND |\nỦY BAN NHÂN DÂN |\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM |\n")
    assert [(u.text, u.cell) for u in doc.units] == [
        ("Số hiệu", True), ("86/KH-UBND", True), ("ỦY BAN NHÂN DÂN", True),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True)]


def test_site_attribute_block_is_taken_out_and_kept_aside(seed_docs):
    doc = seed_docs["003_08a1874f2a3e89c1"]
    assert doc.site_attributes["number"] == "2894/QĐ-UBND"
    assert doc.site_attributes["signer_name"] == "Nguyễn Văn Thành"
    assert not any("Đang tải văn bản" in u.text or u.text == "Đăng nhập" for u in doc.units)


def test_repeated_opening_block_of_seed_002_is_kept_once(seed_docs):
    doc = seed_docs["002_bf0562e2cffc9437"]
    assert sum(u.text == "Số: 86/KH-UBND" for u in doc.units) == 1
    assert sum(u.text.startswith("(1) Tỷ trọng đóng góp vào tổng sản phẩm") for u in doc.units) == 2  # 2025 and 2030 targets


def test_login_popup_at_the_end_of_a_page_is_dropped():
    doc = normalized("KẾ HOẠCH\nNội dung.\nHiện tại có đủ người dùng cùng lúc,\nnên khi người thứ vào thì bạn bị Đăng xuất.\n")
    assert [u.text for u in doc.units] == ["KẾ HOẠCH", "Nội dung."]


# bulk_f40e7ad008712591 L612-628: a table's header cells, one a line
HEADER_CELLS_WITH_A_NOTE_COLUMN = """|
**STT**
|
**Họ và tên chủ hộ**
|
**Địa chỉ hiện tại**
|
**Ghi chú**
|
|
1
|
"""


def test_a_table_header_word_is_never_site_furniture():
    """Regression: `Ghi chú` was listed as website furniture, so the note column's header cell
    of every table was dropped."""
    cells = [u.text for u in normalized(HEADER_CELLS_WITH_A_NOTE_COLUMN).units if u.text]
    assert cells == ["STT", "Họ và tên chủ hộ", "Địa chỉ hiện tại", "Ghi chú", "1"]
    exact = {match_key(line) for line in load_yaml("furniture.yaml")["exact"]}
    assert not exact & set(table_header_keys())


@pytest.mark.parametrize("section", ["exact", "prefixes", "tail_starts"])
def test_every_furniture_entry_can_match_a_cleaned_line(section):
    """Regression: entries spelled with markup (`THƯ VIỆN PHÁP LUẬT** …`) never matched, lines
    being compared after `clean_line`; two spellings of one key were listed twice."""
    entries = load_yaml("furniture.yaml")[section]
    assert [match_key(clean_line(e)) for e in entries] == [match_key(e) for e in entries]
    assert len({match_key(e) for e in entries}) == len(entries)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_normalize_and_segment_never_raise(text):
    doc = segment(normalized(text))
    assert all(doc.text[u.start:u.end] == u.text for u in doc.units)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["|", "TT", "Nhiệm vụ", "Cơ quan chủ trì", "1", "1.1", "2", "",
                                 "Sở Ngoại vụ", "2020 - 2030", "PHỤ LỤC 1", "- Nội dung", "I. NHIỆM VỤ",
                                 "| a | b |", "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN"]), max_size=60))
def test_segment_never_raises_on_table_like_line_soup(lines):
    segment(normalized("\n".join(lines)))
