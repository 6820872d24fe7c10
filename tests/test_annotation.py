import pytest

from extractors.annotation import build_doc

TEXT = ("2. Giao Sở Y tế chủ trì, phối hợp với Uỷ ban nhân dân các huyện và Sở TN&MT\n"
        "  tổ chức thực hiện; các Sở: Tư pháp, Nội vụ theo dõi.")


@pytest.fixture(scope="module")
def doc():
    return build_doc(TEXT)


def test_doc_keeps_the_text_so_offsets_are_offsets_in_it(doc):
    assert doc.text == TEXT


def test_agency_spans_carry_the_canonical_name(doc):
    assert [(span.text, span.kb_id_) for span in doc.spans["agencies"]] == [
        ("Sở Y tế", "Sở Y tế"),
        ("Uỷ ban nhân dân các huyện", "Uỷ ban nhân dân các huyện"),
        ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
        ("Tư pháp", "Sở Tư pháp"),
        ("Nội vụ", "Sở Nội vụ"),
    ]


def test_gazetteer_matches_ignore_tone_placement_and_case(doc):
    found = {(span.text, span.label_) for span in doc.spans["gazetteer"]}
    assert ("Uỷ ban nhân dân", "provincial") in found  # listed as "Ủy ban nhân dân"
    assert ("Sở TN&MT", "department") in found


def test_text_without_dates_has_no_timeframe_spans(doc):
    assert list(doc.spans["timeframes"]) == []


def test_timeframe_spans_mark_time_cells_and_deadlines():
    doc = build_doc("Sở Ngoại vụ\n2020 - 2030\nRà soát quy hoạch, hoàn thành trong Quý IV/2021.")
    assert [(span.text, span.kb_id_) for span in doc.spans["timeframes"]] == [
        ("2020 - 2030", "2020 – 2030"),
        ("trong Quý IV/2021", "2021-10 – 2021-12"),
    ]


def test_annotate_file_marks_agencies_and_timeframes(tmp_path):
    from extractors.annotation import annotate_file

    source = tmp_path / "kh.txt"
    source.write_text("KẾ HOẠCH\nThực hiện nhiệm vụ năm 2025\nI. TỔ CHỨC THỰC HIỆN\n"
                      "1. Sở Tài chính chủ trì, báo cáo hằng quý.\n", encoding="utf-8")
    page = annotate_file(source)
    assert page.startswith("<!DOCTYPE html>") or "<html" in page[:200]
    assert "Sở Tài chính" in page and "AGENCY" in page and "TIMEFRAME" in page
