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


def test_timeframes_group_is_there_to_fill(doc):
    assert list(doc.spans["timeframes"]) == []
