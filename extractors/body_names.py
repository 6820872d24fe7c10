"""Names of bodies, titles and subjects in natural case, from the capitals a header prints.

`ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG` → `Ủy ban nhân dân thành phố Hải Phòng`,
`BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH` → `Bộ Văn hóa, Thể thao và Du lịch`, `PHÓ CHỦ TỊCH` →
`Phó Chủ tịch`. The word lists live in `extractors/data/body_names.yaml`.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from extractors.agencies import expand_abbreviations
from pipeline.datafiles import load_yaml
from pipeline.textkey import match_key

_PUNCT_EDGE = ",;:.()\"“”'"


@lru_cache(maxsize=None)
def words() -> dict:
    return load_yaml("body_names.yaml")


@lru_cache(maxsize=None)
def _phrase_table() -> tuple[tuple[list[str], list[str]], ...]:
    """(match keys of the words, the words as written) of every fixed phrase, longest first."""
    items = words()["proper_phrases"] + words()["person_titles"]
    return tuple(sorted(((match_key(p).split(), p.split()) for p in items), key=lambda x: -len(x[0])))


@lru_cache(maxsize=None)
def _keys(name: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(match_key(w).split()) for w in words()[name])


def _has_vowel(token: str) -> bool:
    base = unicodedata.normalize("NFD", token.lower())
    return any(c in "aeiouy" for c in base)


def _keeps_case(token: str) -> bool:
    """Numbers (`02-CTR/TU`) and vowel-less abbreviations (`GTGT`, `HQ`) stay as printed."""
    return any(c.isdigit() for c in token) or "/" in token or not _has_vowel(token)


def _cap(token: str) -> str:
    for i, char in enumerate(token):
        if char.isalpha():
            return token[:i] + char.upper() + token[i + 1:]
    return token


def _key(token: str) -> str:
    return match_key(token.strip(_PUNCT_EDGE))


def _match_at(keys: list[str], i: int, seq: tuple[str, ...] | list[str]) -> bool:
    return len(seq) > 0 and keys[i:i + len(seq)] == list(seq)


@lru_cache(maxsize=4096)  # issuers and titles recur across documents
def natural_case(text: str, body: bool = False) -> str:
    """Capitals → natural case. `body=True` for the name of a body (a header line, a signing
    capacity), where abbreviations are expanded, field names after `Bộ`/`Sở`/`Cục` are
    capitalised and a place name runs to the end; otherwise the text is running prose (a title,
    which keeps its abbreviations as printed: `HĐND các cấp`)."""
    text = " ".join((expand_abbreviations(text) if body else text).split())
    tokens = text.split(" ")
    if not tokens or not text:
        return text
    keys = [_key(t) for t in tokens]
    out = [t if _keeps_case(t) else t.lower() for t in tokens]
    fixed = [False] * len(tokens)

    for i in range(len(tokens)):
        for phrase_keys, written in _phrase_table():
            if fixed[i] or not _match_at(keys, i, phrase_keys):
                continue
            for j, word in enumerate(written):
                token = tokens[i + j]
                lead = len(token) - len(token.lstrip(_PUNCT_EDGE))
                trail = token[lead + len(token.strip(_PUNCT_EDGE)):]
                out[i + j] = token[:lead] + word + trail
                fixed[i + j] = True
            if i > 0 and keys[i - 1] == "phó" and not fixed[i - 1]:
                out[i - 1], fixed[i - 1] = _cap(out[i - 1]), True
            break

    localities, stops = _keys("locality_words"), {k[0] for k in _keys("place_name_stops")}
    if body:
        _capitalise_fields(keys, out, fixed, localities, stops)
    i = 0
    while i < len(tokens):
        locality = next((loc for loc in localities if _match_at(keys, i, loc)), None)
        if locality is None or fixed[i]:
            i += 1
            continue
        j, named = i + len(locality), 0
        while j < len(tokens) and not fixed[j] and keys[j] not in stops and named < 5 and \
                not any(_match_at(keys, j, loc) for loc in localities):
            out[j] = _cap(out[j])
            named += 1
            if tokens[j].endswith((",", ";", ".", ")")):
                break
            j += 1
        i = j if j > i else i + 1
    out[0] = _cap(out[0])
    return " ".join(out)


def _capitalise_fields(keys, out, fixed, localities, stops) -> None:
    """`Bộ Kế hoạch và Đầu tư`: the first word after the head and after each `và` / `,` / `-`."""
    heads = _keys("field_heads")
    i = 0
    while i < len(keys):
        head = next((h for h in sorted(heads, key=len, reverse=True) if _match_at(keys, i, h)), None)
        if head is None or fixed[i]:
            i += 1
            continue
        out[i] = _cap(out[i])
        j = i + len(head)
        start_field = True
        while j < len(keys) and not any(_match_at(keys, j, loc) for loc in localities):
            if start_field and not fixed[j] and keys[j]:
                out[j] = _cap(out[j])
            start_field = keys[j] in ("và", "") or out[j].endswith(",")
            j += 1
        i = j


@lru_cache(maxsize=None)
def _keys_flat(name: str) -> frozenset[str]:
    return frozenset(match_key(w) for w in words()[name])


@lru_cache(maxsize=None)
def _head_keys() -> tuple[str, ...]:
    return tuple(match_key(h) for h in words()["body_heads"])


def continues_name(previous: str, line: str) -> bool:
    """Whether printed `line` goes on with the body name `previous` rather than naming another
    body: `ỦY` + `BAN NHÂN DÂN`, `ỦY BAN NHÂN DÂN` + `TỈNH …`, `BỘ` + `TÀI CHÍNH`, `BỘ TRƯỞNG,` +
    `CHỦ NHIỆM`; but `BỘ TÀI CHÍNH` + `CỤC THUẾ` are two bodies."""
    key, prev_key = match_key(line), match_key(previous)
    if not prev_key or previous.rstrip().endswith((",", "-")) or prev_key.endswith(" và"):
        return True
    if key.startswith(tuple(" ".join(loc) for loc in _keys("locality_words"))):
        return True
    if prev_key in _keys_flat("bare_heads"):  # `VĂN PHÒNG` / `CHÍNH PHỦ`
        return True
    prev_words = prev_key.split()
    for k in range(1, min(3, len(prev_words)) + 1):
        tail = " ".join(prev_words[-k:])
        if any(head.startswith(tail + " ") and (tail + " " + key).startswith(head)
               for head in _head_keys()):
            return True
    return not any(key == head or key.startswith(head + " ") for head in _head_keys())
