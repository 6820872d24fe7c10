"""Decoders for the pre-Unicode Vietnamese byte encodings still found in old gazette files.

The tables live in `data/tcvn3.tsv` and `data/vni.tsv`; this module only applies them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.datafiles import read_text


def _rows(name: str) -> list[list[str]]:
    lines = read_text(name).splitlines()
    return [ln.split("\t") for ln in lines[2:] if ln and not ln.startswith("#")]


@lru_cache(maxsize=None)
def _tcvn3_table() -> dict[int, str]:
    table = {i: chr(i) for i in range(128)}
    table.update({int(b, 16): ch for b, ch in _rows("tcvn3.tsv")})
    return table


@lru_cache(maxsize=None)
def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    marks, letters = {}, {}
    for ch, kind, uni in _rows("vni.tsv"):
        value = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), uni)
        # canonical order, so that "ệ" (dot below before circumflex in NFD) finds its byte
        value = unicodedata.normalize("NFD", "a" + value)[1:] if kind == "mark" else value
        (marks if kind == "mark" else letters)[ch] = value
    return marks, letters


def decode_tcvn3(data: bytes) -> str:
    table = _tcvn3_table()
    return "".join(table.get(b, chr(b)) for b in data)


def decode_vni(data: bytes) -> str:
    marks, letters = _vni_tables()
    text = data.decode("cp1252", errors="replace")
    text = "".join(letters.get(ch, ch) for ch in text)
    mark_class = "".join(re.escape(m) for m in marks)
    # A mark byte only modifies the letter right before it.
    text = re.sub(
        rf"([A-Za-zơưƠƯ])([{mark_class}])",
        lambda m: m.group(1) + marks[m.group(2)],
        text,
    )
    return unicodedata.normalize("NFC", text)


def encode_tcvn3(text: str) -> bytes:
    """The inverse of `decode_tcvn3` (for fixtures and tests); capitals lose their case."""
    inverse = {ch: b for b, ch in _tcvn3_table().items() if b >= 128}
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 128:
            out.append(ord(ch))
        elif ch in inverse:
            out.append(inverse[ch])
        elif ch.lower() in inverse:
            out.append(inverse[ch.lower()])
        else:
            raise ValueError(f"{ch!r} has no TCVN3 code")
    return bytes(out)


def encode_vni(text: str) -> bytes:
    """The inverse of `decode_vni` (for fixtures and tests)."""
    marks, letters = _vni_tables()
    inverse_letters = {v: k for k, v in letters.items()}
    inverse_marks = {}
    for ch, combining in marks.items():
        # lowercase mark characters for lowercase bases, uppercase for capitals
        inverse_marks.setdefault((combining, ch.islower()), ch)
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in inverse_letters:
            out.append(inverse_letters[ch])
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        base, combining = decomposed[0], decomposed[1:]
        if not combining:
            out.append(ch)
            continue
        # ơ/ư are letters in VNI: split them off before the tone mark
        recomposed = unicodedata.normalize("NFC", base + combining[0])
        if recomposed in inverse_letters:
            out.append(inverse_letters[recomposed])
            combining = combining[1:]
        else:
            out.append(base)
        if combining:
            key = (combining, base.islower())
            if key not in inverse_marks:
                raise ValueError(f"{ch!r} has no VNI code")
            out.append(inverse_marks[key])
    return "".join(out).encode("cp1252")
