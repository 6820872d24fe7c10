"""underthesea where the agency rules cannot decide (called by extractors/agencies.py only).

Two questions, each asked of a short window (a head and at most ~15 words after it), so the
converter stays far faster than word-segmenting whole documents:

- `opens_name(head, window)`: is a capitalised head word a word of its own here (`Trung tâm |
  y tế huyện`) or the first syllable of an ordinary word (`Ban hành`, `Báo cáo`)?
- `name_words(prefix, words)`: of the lowercase words after an unknown agency's head, how many
  still belong to its name before the predicate starts (`Trung tâm y tế huyện | đánh giá lại`)?

The models load lazily, once per process; answers are cached.
"""

from __future__ import annotations

from functools import lru_cache

# POS tags of underthesea (VLSP): N noun, Np proper noun, Nc classifier, Nu unit, M numeral,
# L determiner ("các"); everything else (V, A, R, E, C, P, T, X, CH) cannot continue a name
# once the name has reached its place qualifier.
_NOMINAL = {"N", "Np", "Nc", "Nu", "Ny", "M", "L"}
_PLACE_WORDS = {"tỉnh", "thành phố", "quận", "huyện", "thị xã", "xã", "phường", "thị trấn",
                "đặc khu", "khu vực", "vùng"}


@lru_cache(maxsize=4096)
def opens_name(head: str, window: str) -> bool:
    from underthesea import word_tokenize

    words = word_tokenize(window)
    return bool(words) and len(words[0]) <= len(head)


@lru_cache(maxsize=4096)
def _tags(text: str) -> tuple[tuple[str, str], ...]:
    from underthesea import pos_tag

    return tuple(pos_tag(text))


def name_words(prefix: str, words: tuple[str, ...]) -> int:
    """How many of `words` (syllables following `prefix`, the name so far) are still the name."""
    text = f"{prefix} {' '.join(words)}"
    spans, pos = [], 0  # (start, end, tag) of every tagged word in `text`
    for word, tag in _tags(text):
        start = text.find(word, pos)
        if start < 0:
            return len(words)
        spans.append((start, start + len(word), tag))
        pos = start + len(word)
    # the offset of each of our syllables, and the tagged word holding it
    offsets, pos = [], len(prefix) + 1
    for word in words:
        offsets.append(pos)
        pos += len(word) + 1
    seen_place = False
    for k, offset in enumerate(offsets):
        index = next((n for n, (s, e, _) in enumerate(spans) if s <= offset < e), None)
        if index is None:
            return len(words)
        start, end, tag = spans[index]
        if start < len(prefix):
            continue  # the word began inside the name so far ("Trung tâm" + "y tế")
        if tag not in _NOMINAL:
            following = spans[index + 1][2] if index + 1 < len(spans) else None
            if seen_place or following not in {"N", "Np", "V"}:
                return k
        seen_place = text[start:end].lower() in _PLACE_WORDS
    return len(words)
