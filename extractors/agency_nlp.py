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

from pipeline.datafiles import load_yaml
from pipeline.textkey import match_key

# POS tags of underthesea (VLSP): N noun, Np proper noun, Nc classifier, Nu unit, M numeral,
# L determiner ("các"); everything else (V, A, R, E, C, P, T, X, CH) cannot continue a name
# once the name has reached its place qualifier.
_NOMINAL = {"N", "Np", "Nc", "Nu", "Ny", "M", "L"}


def load_models() -> None:
    """Load underthesea and its segmentation and tagging models now rather than on first use
    (a batch does it once, before forking the workers that share them)."""
    from underthesea import pos_tag, word_tokenize

    word_tokenize("Sở Y tế")
    pos_tag("Sở Y tế")


@lru_cache(maxsize=4096)
def opens_name(head: str, window: str) -> bool:
    from underthesea import word_tokenize

    words = word_tokenize(window)
    return bool(words) and len(words[0]) <= len(head)


def opens_with_verb(text: str) -> bool:
    """Do the words after an agency list open with a verb (`… liên quan | thu thập thông tin`),
    that is, is the list the subject of a duty the word lists do not name?"""
    words = " ".join(text.split()[:8])
    tags = _tags(words) if words else ()
    return bool(tags) and tags[0][1] == "V"


@lru_cache(maxsize=4096)
def _tags(text: str) -> tuple[tuple[str, str], ...]:
    from underthesea import pos_tag

    return tuple(pos_tag(text))


def name_words(prefix: str, words: tuple[str, ...], after: tuple[str, ...] = ()) -> int:
    """How many of `words` (lowercase syllables following `prefix`, the name so far, and
    followed by `after`, where the rules already know the name has ended) are still the name.

    A verb or adjective ends the name when the name has reached its place ("… thành phố Hà Nội
    | tham gia") or when no noun phrase follows it ("Trung tâm y tế huyện | đánh giá lại …");
    one followed by a noun modifies it ("Văn phòng đăng ký đất đai", "cá nhân hoạt động điện
    lực")."""
    text = " ".join([prefix, *words, *after])
    tagged, pos = [], 0  # (start, end, tag) of every word underthesea finds in `text`
    for word, tag in _tags(text):
        start = text.find(word, pos)
        if start < 0:
            return len(words)
        tagged.append((start, start + len(word), tag))
        pos = start + len(word)
    offsets, pos = [], len(prefix) + 1  # where each of our syllables starts
    for word in words:
        offsets.append(pos)
        pos += len(word) + 1
    stretch_end = pos - 1
    in_prefix = [(start, end, tag) for start, end, tag in tagged if start < len(prefix)]
    placed = bool(in_prefix) and (in_prefix[-1][2] == "Np" or _is_place(text, *in_prefix[-1][:2]))
    for k, offset in enumerate(offsets):
        index = next((n for n, (s, e, _) in enumerate(tagged) if s <= offset < e), None)
        if index is None:
            return len(words)
        start, end, tag = tagged[index]
        if start < len(prefix) or start < offset:
            continue  # a word that began before this syllable ("Trung tâm" + "y tế")
        if tag not in _NOMINAL:
            following = tagged[index + 1] if index + 1 < len(tagged) else None
            inside = following is not None and following[0] < stretch_end
            if placed or (inside and following[2] not in _NOMINAL | {"V"}):
                return k
        placed = _is_place(text, start, end) or tag == "Np"
    return len(words)


@lru_cache(maxsize=None)
def _place_words() -> frozenset[str]:
    """The administrative units of `agency_heads.yaml` (`tỉnh`, `thành phố`, `huyện` …)."""
    return frozenset(match_key(word) for word in load_yaml("agency_heads.yaml")["admin_units"])


def _is_place(text: str, start: int, end: int) -> bool:
    return match_key(text[start:end]) in _place_words()
