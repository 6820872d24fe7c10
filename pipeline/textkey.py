"""Text keys for matching: the one definition shared by the converter and the scorer; and
the one test for text printed in capitals.

CONTRACT.md section 5: Unicode NFC, one tone-mark placement, casefold, whitespace collapsed,
trailing punctuation stripped; agency names and document numbers also drop all inner
punctuation and spaces. Standard library only: the converter calls this on every line.
"""

import re
import unicodedata
from functools import lru_cache

# the same lines, cells and names are keyed again by several stages: remember the latest ones
CACHED_TEXTS = 1 << 15

# Old-style placement puts the tone on the first vowel of oa/oe/uy in an open syllable
# ("hòa", "thủy"); new-style puts it on the second ("hoà", "thuỷ"). The scorer must see one
# form, and the old style is the one the gold files and most gazettes print.
_FIRST_VOWEL = {"o": "aeAE", "O": "aeAE", "u": "yY", "U": "yY"}
_MOVED_TONE = re.compile(
    r"(?<![qQ])([oOuU])([àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ])(?!\w)"
)
_LEFTOVER_MARK = re.compile("[\u0300-\u036f]")
_QUALITY_MARKS = "\u0302\u0306\u031b"  # circumflex, breve, horn: part of the letter, not the tone


def _move_tone_to_first_vowel(match: re.Match) -> str:
    first, second = match.group(1), match.group(2)
    base, tone = unicodedata.normalize("NFD", second)
    if base not in _FIRST_VOWEL[first]:  # "oy", "ua" and the like are not oa/oe/uy
        return match.group(0)
    return unicodedata.normalize("NFC", first + tone) + base


def _reorder_marks(text: str) -> str:
    """Put vowel-quality marks before the tone so NFC can compose (e + ́ + ̂ → ế)."""
    out, marks = [], []
    for char in unicodedata.normalize("NFD", text) + " ":
        if unicodedata.combining(char):
            marks.append(char)
            continue
        marks.sort(key=lambda mark: mark not in _QUALITY_MARKS)
        out.extend(marks)
        marks.clear()
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out[:-1]))


@lru_cache(maxsize=CACHED_TEXTS)
def fold_tones(text: str) -> str:
    """NFC with one canonical tone placement, case kept: "hoà" → "hòa", "Uỷ" → "Ủy"."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text)
    if _LEFTOVER_MARK.search(text):
        text = _reorder_marks(text)
    return _MOVED_TONE.sub(_move_tone_to_first_vowel, text)


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


@lru_cache(maxsize=CACHED_TEXTS)
def match_key(text: str) -> str:
    """The comparison form of a text value: folded, casefolded, spaces collapsed, no trailing punctuation."""
    key = " ".join(fold_tones(text).casefold().split())
    end = len(key)
    while end and (key[end - 1].isspace() or _is_punctuation(key[end - 1])):
        end -= 1
    return key[:end]


@lru_cache(maxsize=CACHED_TEXTS)
def compact_key(text: str) -> str:
    """match_key without any punctuation or space: for agency names and document numbers."""
    return "".join(
        char for char in match_key(text) if not (char.isspace() or _is_punctuation(char))
    )


def is_capitals(text: str, min_letters: int = 1) -> bool:
    """Printed in capitals: at least `min_letters` letters and none of them lower case (a
    header, a type line, an appendix title). Case is the same in every tone placement."""
    if text.upper() != text:  # a lower-case letter: the common case, decided at C speed
        return False
    return sum(char.isalpha() for char in text) >= min_letters
