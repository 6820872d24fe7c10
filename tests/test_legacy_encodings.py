import pytest

from pipeline.legacy_encodings import decode_tcvn3, decode_vni, encode_tcvn3, encode_vni

# Known byte spellings of real words, as the old fonts store them.
@pytest.mark.parametrize("vni_bytes, text", [
    (b"S\xf4\xfb Ta\xf8i chi\xf9nh", "Sở Tài chính"),
    (b"\xd1ie\xe0u 1. Ba\xf9o ca\xf9o", "Điều 1. Báo cáo"),
    (b"Quye\xe1t \xf1\xf2nh", "Quyết định"),
])
def test_vni_words(vni_bytes, text):
    assert decode_vni(vni_bytes) == text


@pytest.mark.parametrize("tcvn3_bytes, text", [
    (b"S\xeb T\xb5i ch\xddnh", "Sở Tài chính"),
    (b"\xa7i\xd2u 1. B\xb8o c\xb8o", "Điều 1. Báo cáo"),
    (b"Quy\xd5t \xae\xdenh", "Quyết định"),
])
def test_tcvn3_words(tcvn3_bytes, text):
    assert decode_tcvn3(tcvn3_bytes) == text


SENTENCE = "Sở Tài nguyên và Môi trường chủ trì, phối hợp với Ủy ban nhân dân các quận, huyện: ệ ặ ợ ữ ỵ"


def test_vni_round_trip():
    assert decode_vni(encode_vni(SENTENCE)) == SENTENCE


def test_tcvn3_round_trip_up_to_toned_capitals():
    assert decode_tcvn3(encode_tcvn3(SENTENCE)) == SENTENCE.replace("Ủy", "ủy")
