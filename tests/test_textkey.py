import unicodedata

import pytest

from pipeline.textkey import compact_key, fold_tones, match_key


@pytest.mark.parametrize("text, expected", [
    ("hoà", "hòa"),
    ("Uỷ", "Ủy"),
    ("thuỷ", "thủy"),
    ("hoè", "hòe"),
    ("HOÀ", "HÒA"),
    ("Thuỵ Điển", "Thụy Điển"),
    ("tuỳ theo, hoạ", "tùy theo, họa"),
    ("hoà.", "hòa."),
    # already canonical, or not an open oa/oe/uy syllable: unchanged
    ("hòa", "hòa"),
    ("hoàng", "hoàng"),
    ("toán", "toán"),
    ("khuyến", "khuyến"),
    ("khuỷu", "khuỷu"),
    ("hoặc", "hoặc"),
    ("của", "của"),
    # the u of "qu" is part of the consonant: the tone stays on y
    ("quý", "quý"),
    ("quỳnh", "quỳnh"),
    ("QUỶ", "QUỶ"),
])
def test_fold_tones_places_the_tone_once(text, expected):
    assert fold_tones(text) == expected


@pytest.mark.parametrize("text, expected", [
    (unicodedata.normalize("NFD", "Ủy ban nhân dân hoà"), "Ủy ban nhân dân hòa"),
    (unicodedata.normalize("NFD", "thuỷ lợi"), "thủy lợi"),
    ("e\u0301\u0302", "ế"),  # tone written before the circumflex
])
def test_fold_tones_composes_decomposed_input(text, expected):
    assert fold_tones(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("UỶ BAN NHÂN DÂN", "ủy ban nhân dân"),
    ("  Sở Tài nguyên và\n  Môi trường.  ", "sở tài nguyên và môi trường"),
    ("Kinh tế hàng hải:", "kinh tế hàng hải"),
    ("thực hiện…", "thực hiện"),
    ("a) Kinh tế; ", "a) kinh tế"),
    ("246/KH-UBND", "246/kh-ubnd"),
    ("Hoà\u00a0bình", "hòa bình"),
    ("", ""),
])
def test_match_key(text, expected):
    assert match_key(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Sở Tài nguyên và Môi trường.", "sởtàinguyênvàmôitrường"),
    ("sở tài nguyên và môi trường", "sởtàinguyênvàmôitrường"),
    ("Sở Tài nguyên & Môi trường", "sởtàinguyênmôitrường"),
    ("Sở Lao động, Thương binh và Xã hội", "sởlaođộngthươngbinhvàxãhội"),
    ("246/KH-UBND", "246khubnd"),
    ("246 / KH - UBND", "246khubnd"),
])
def test_compact_key(text, expected):
    assert compact_key(text) == expected
