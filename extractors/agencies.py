"""Agency names: lists in table cells, and agency runs inside sentences (ANNOTATION.md §4, §6).

- `split_agencies(phrase)`: a phrase that is only a list of agencies (a table cell) → one
  canonical name per agency: split where a new named head (`Sở …`, `Ủy ban nhân dân …`) or a
  new `các` starts, never inside a name (`Sở Lao động, Thương binh và Xã hội`); distribute a
  shared head (`Các Sở: Giao thông vận tải; Công Thương`); keep plural groups whole
  (`Ủy ban nhân dân các quận, huyện`); drop person-role words and `(gọi tắt là …)` notes;
  expand abbreviations (`UBND`, `Sở TN&MT`); otherwise keep the name as printed.
- `read_agencies(text, start)`: the agency list that begins at `start` in a sentence and where
  it ends, i.e. where the predicate begins (`Sở Kế hoạch và Đầu tư, Sở Tài chính | cân đối …`).
- `find_agencies(text)`: every agency run of a text; `is_agency(phrase)`: is a short phrase an
  agency or a list of agencies.

The grammar (head words, group nouns, person roles, predicate words, abbreviations) is data in
`extractors/data/agency_heads.yaml`; the gazetteer of known bodies is
`extractors/data/agencies.csv`. Inside sentences, where neither can tell where an unknown name
ends (`Ban Quản lý di sản thiên nhiên quần đảo Cát Bà chủ trì …`) or whether a capitalised head
word opens a name at all (`Ban hành …`), `extractors/agency_nlp.py` asks underthesea's word
segmentation and POS tags. That NLP part is on by default; the environment variable
`CONGBAO_AGENCY_NLP=0` turns it off at call time (rules and gazetteer only), so the converter can
be run twice and the gain of the NLP part scored (the ablation in `make eval`).
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from pipeline.datafiles import load_csv, load_yaml
from pipeline.textkey import compact_key, match_key

__all__ = ["AgencyRun", "split_agencies", "read_agencies", "find_agencies", "is_agency",
           "expand_abbreviations", "gazetteer", "tokenize", "nlp_enabled"]

_TOKEN = re.compile(r"\w+(?:[&'’/.\-]\w+)*|\S")
_BULLET = re.compile(r"^[ \t]*(?:[-+•*–]+|\d+[.)])[ \t]+", re.MULTILINE)
GROUP_OPENERS = {"các", "những"}  # a plural group of agencies opens with these
_SEPARATORS = {",", ";", "và", "&", ":", "/"}  # a line break is one only where a new agency opens
_SENTENCE_END = {".", "!", "?", "…"}
_TRAILING = " \t\n,;:.-–"


@dataclass
class AgencyRun:
    names: list[str]
    start: int  # offsets in the text read
    end: int
    spans: list[tuple[int, int]] = field(default_factory=list)  # where each name is printed


def nlp_enabled() -> bool:
    """The underthesea part is on unless CONGBAO_AGENCY_NLP=0 (read at every call)."""
    return os.environ.get("CONGBAO_AGENCY_NLP", "1").strip().lower() not in {"0", "false", "no", "off"}


# ---------------------------------------------------------------------------------------------
# Tokens and word lists


class _Token(NamedTuple):  # a tuple: built for every word the readers look at
    text: str
    start: int
    end: int
    key: str
    newline_before: bool

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def capitalized(self) -> bool:
        return self.text[0].isupper() or self.text[0].isdigit()

    @property
    def separator(self) -> str | None:
        if self.key in _SEPARATORS:
            return self.key
        return None


@lru_cache(maxsize=32)  # read_agencies is called at many offsets of one text
def tokenize(text: str) -> tuple[_Token, ...]:
    tokens, last = [], 0
    for m in _TOKEN.finditer(text):
        for start, end in _pieces(text, m.start(), m.end()) if "/" in m.group() else [m.span()]:
            word = text[start:end]
            tokens.append(_Token(word, start, end, match_key(word) or word, "\n" in text[last:start]))
            last = end
    return tuple(tokens)


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A word, or the words a `/` puts side by side as alternatives (`Du lịch/Sở Văn hóa`: a
    lower-case letter before it, a capitalised word after it); `KH/TU`, `NN/PTNT` stay whole."""
    pieces, first = [], start
    for k in range(start + 1, end - 2):
        if text[k] == "/" and text[k - 1].islower() and text[k + 1].isupper() and text[k + 2].islower():
            pieces += [(first, k), (k, k + 1)]
            first = k + 1
    return pieces + [(first, end)]


@lru_cache(maxsize=32)
def _token_starts(text: str) -> tuple[int, ...]:
    return tuple(t.start for t in tokenize(text))


class _Phrases:
    """A word list matched on token keys, longest phrase first."""

    def __init__(self, phrases):
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            keys = tuple(t.key for t in tokenize(phrase))
            if keys:
                self.by_first.setdefault(keys[0], []).append(keys)
        for options in self.by_first.values():
            options.sort(key=len, reverse=True)

    def match(self, tokens: tuple[_Token, ...], i: int) -> int:
        """Number of tokens of the longest phrase starting at token i, 0 if none."""
        if i >= len(tokens):
            return 0
        for keys in self.by_first.get(tokens[i].key, ()):
            n = len(keys)
            if i + n <= len(tokens) and all(tokens[i + k].key == keys[k] for k in range(n)):
                if all(not tokens[i + k].newline_before for k in range(1, n)):
                    return n
        return 0


@dataclass(frozen=True)
class _Grammar:
    heads: _Phrases
    group_nouns: _Phrases
    naming_nouns: _Phrases  # group nouns that leave a head unnamed: "Ban ngành", "Sở, ban"
    admin_units: _Phrases
    roles: _Phrases
    enders: _Phrases
    qualifiers: _Phrases
    false_heads: _Phrases
    gazetteer: _Phrases
    notes: tuple[str, ...]
    abbreviations: re.Pattern
    expansions: dict
    alias_names: dict  # compact key of an abbreviated alias → the body's name


@lru_cache(maxsize=1)
def gazetteer() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(name, kind, aliases) of every body in `extractors/data/agencies.csv`."""
    return tuple((row["name"], row["kind"], tuple(
        a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()))
        for row in load_csv("agencies.csv"))


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    data = load_yaml("agency_heads.yaml")
    admin = {match_key(w) for w in data["admin_units"]}
    heads = {match_key(w) for w in data["heads"]}  # "Báo đài", "Liên hiệp hội" are named
    names, alias_names = [], {}
    for name, _, aliases in gazetteer():
        names.append(name)
        names.extend(aliases)
        for alias in aliases:
            if _is_abbreviation(alias):
                alias_names[compact_key(alias)] = (alias, name)
    expansions = data["abbreviations"]
    pattern = "|".join(re.escape(a) for a in sorted(expansions, key=len, reverse=True))
    return _Grammar(
        heads=_Phrases(data["heads"]),
        group_nouns=_Phrases(data["group_nouns"]),
        naming_nouns=_Phrases([w for w in data["group_nouns"] if match_key(w) not in admin | heads]),
        admin_units=_Phrases(data["admin_units"]),
        roles=_Phrases(data["person_roles"]),
        # the duty words that make agencies responsible end their names too: one list of them,
        # in prose_sections.yaml, so that a duty the clause reader knows never joins a name
        enders=_Phrases(data["run_enders"] + load_yaml("prose_sections.yaml")["lead_predicates"]),
        qualifiers=_Phrases(data["closing_qualifiers"]),
        false_heads=_Phrases(data["false_heads"]),
        gazetteer=_Phrases(names),
        notes=tuple(match_key(n) for n in data["dropped_notes"]),
        abbreviations=re.compile(rf"(?<![\w&])(?:{pattern})(?![\w&])"),
        expansions=expansions,
        alias_names=alias_names,
    )


def _is_abbreviation(alias: str) -> bool:
    """An alias holding a short form (`Sở TN&MT`, `UBND huyện`), not a spelling variant."""
    return any(sum(c.isupper() for c in word) >= 2 or "&" in word for word in alias.split())


# ---------------------------------------------------------------------------------------------
# Rendering a name


def _closing_paren(tokens: tuple[_Token, ...], i: int, limit: int) -> int:
    """Index of the `)` closing the `(` at i, or -1."""
    for j in range(i + 1, min(len(tokens), i + limit)):
        if tokens[j].text == ")":
            return j
    return -1


def _render(text: str, tokens: tuple[_Token, ...], item: "_Item") -> str:
    """The canonical name printed by the item's tokens: notes and role words dropped,
    abbreviations expanded, a distributed head put in front."""
    g = _grammar()
    first, last, head = item.first, item.last, item.head
    cuts = list(item.dropped)
    for i in range(first, last + 1):
        if tokens[i].text == "(":
            close = _closing_paren(tokens, i, last - i + 2)
            if close != -1 and match_key(text[tokens[i].end:tokens[close].start]).startswith(g.notes):
                cuts.append((tokens[i].start, tokens[close].end))
    pieces, pos = [], tokens[first].start
    for start, end in sorted(cuts):
        pieces.append(text[pos:start])
        pos = max(pos, end)
    pieces.append(text[pos:tokens[last].end])
    name = " ".join("".join(pieces).split()).strip(_TRAILING)
    if head:
        name = f"{head} {name}"
    return _expand(name)


def expand_abbreviations(text: str) -> str:
    """`UBND TỈNH QUẢNG NINH` → `Ủy ban nhân dân TỈNH QUẢNG NINH`: the abbreviations of
    `agency_heads.yaml`, as whole words."""
    g = _grammar()
    return g.abbreviations.sub(lambda m: g.expansions[m.group()], text)


def _expand(name: str) -> str:
    g = _grammar()
    words = name.split()
    for n in range(min(len(words), 4), 0, -1):  # an abbreviated alias at the start of the name
        hit = g.alias_names.get(compact_key(" ".join(words[:n])))
        if hit:
            name = " ".join([hit[1], *words[n:]])
            break
    return expand_abbreviations(name)


# ---------------------------------------------------------------------------------------------
# The parser shared by cells and sentences


@dataclass
class _Item:
    first: int  # token indexes, inclusive
    last: int
    head: str = ""  # a distributed head printed before the name ("Sở" of "Các Sở: …")
    head_at: int = -1  # where that head is printed: the token that opens "Các Sở: …"
    group: bool = False  # a plural group: "các …", "Ủy ban nhân dân các quận, huyện"
    plural_head: str = ""  # "Sở" when the item is only "Các Sở" (may distribute over a colon)
    admin_head: tuple[int, int] | None = None  # tokens of the head when an admin unit follows it
    known_until: int = -1  # last token of a gazetteer name inside the item
    dropped: list[tuple[int, int]] = field(default_factory=list)  # role words inside: offsets


@dataclass
class _Parse:
    text: str
    tokens: tuple[_Token, ...]
    sentence: bool  # inside running text: stop at the predicate
    nlp: bool
    items: list[_Item] = field(default_factory=list)


def _head_at(p: _Parse, i: int) -> int:
    """Length of a head that names a body at token i (`Sở Y tế`, not `Sở, ban` nor `Ban hành`)."""
    g, tokens = _grammar(), p.tokens
    n = g.heads.match(tokens, i)
    if not n:
        return 0
    if p.sentence and not tokens[i].capitalized:
        return 0
    if g.false_heads.match(tokens, i):
        return 0
    nxt = i + n
    if nxt >= len(tokens) or not tokens[nxt].is_word or tokens[nxt].separator:
        return 0
    if tokens[nxt].newline_before and not p.sentence:
        return 0
    if _bare_to_separator(tokens, nxt):
        return 0
    if p.sentence and not tokens[nxt].capitalized and tokens[nxt].key != "các":
        if g.admin_units.match(tokens, nxt) or g.gazetteer.match(tokens, i):
            return n
        if g.enders.match(tokens, nxt):
            return 0
        if p.nlp:
            from extractors.agency_nlp import opens_name

            if not opens_name(_window(p, i, n), _window(p, i, n + 5)):
                return 0
    return n


def _bare_to_separator(tokens: tuple[_Token, ...], i: int) -> bool:
    """Only group nouns and qualifiers from token i to the separator: `Ban ngành liên quan`."""
    g, start = _grammar(), i
    while i < len(tokens) and tokens[i].is_word and not tokens[i].separator:
        n = g.naming_nouns.match(tokens, i) or g.qualifiers.match(tokens, i)
        if not n and i > start:
            n = g.admin_units.match(tokens, i)
        if not n:
            return False
        i += n
    return True


def _window(p: _Parse, i: int, words: int) -> str:
    tokens = p.tokens
    j = min(len(tokens), i + words)
    return p.text[tokens[i].start:tokens[j - 1].end]


def _group_at(p: _Parse, i: int) -> int:
    """Length of `các` + a group noun or head at token i (`các Sở`, `các cơ quan`), or of the
    first group noun of a bare list of them (`sở, ban, ngành`, `doanh nghiệp, viện nghiên
    cứu`), else 0."""
    g, tokens = _grammar(), p.tokens
    n = g.group_nouns.match(tokens, i) if not p.items else 0  # a bare list opens a run only
    if n and not tokens[i].capitalized and i + n + 1 < len(tokens) and tokens[i + n].key == "," \
            and g.group_nouns.match(tokens, i + n + 1):
        return n
    if i + 1 >= len(tokens) or tokens[i].key not in GROUP_OPENERS or not tokens[i + 1].is_word:
        return 0
    n = g.group_nouns.match(tokens, i + 1) or g.heads.match(tokens, i + 1)
    if not n and (not p.sentence or tokens[i + 1].capitalized):
        n = 1  # in a cell, any `các …` opens a group: "các Đại sứ quán nước ngoài"
    return 1 + n if n else 0


def _starts_item(p: _Parse, i: int) -> tuple[str, int]:
    """What opens at token i: ("group"|"named"|"known", length) or ("", 0)."""
    g = _grammar()
    n = g.gazetteer.match(p.tokens, i)
    if n and (not p.sentence or p.tokens[i].capitalized):
        if not g.false_heads.match(p.tokens, i):
            return "known", n
    n = _group_at(p, i)
    if n:
        return "group", n
    n = _head_at(p, i)
    if n:
        return "named", n
    return "", 0


def _skip_roles(p: _Parse, i: int) -> int:
    """Past person-role words that stand before an agency (`Thủ trưởng các Sở`)."""
    g = _grammar()
    n = g.roles.match(p.tokens, i)
    if n and (_starts_item(p, i + n)[0] or g.group_nouns.match(p.tokens, i + n)):
        return i + n
    return i


def _is_admin_distribution(p: _Parse, i: int) -> bool:
    """`huyện Cát Hải` after `UBND quận Đồ Sơn,`: an admin unit with its own proper name."""
    g, tokens = _grammar(), p.tokens
    if not p.items or not p.items[-1].admin_head:
        return False
    n = g.admin_units.match(tokens, i)
    return bool(n) and i + n < len(tokens) and tokens[i + n].capitalized and tokens[i + n].is_word


def _open_item(p: _Parse, i: int, kind: str, n: int) -> _Item:
    g, tokens = _grammar(), p.tokens
    item = _Item(first=i, last=i + n - 1)
    if kind == "group":
        item.group = True
        if tokens[i].key in GROUP_OPENERS and (i + n >= len(tokens) or tokens[i + n].separator):
            item.plural_head = p.text[tokens[i + 1].start:tokens[i + n - 1].end]
    else:
        if kind == "known":
            item.known_until = i + n - 1
        head_len = g.heads.match(tokens, i) or n
        if g.admin_units.match(tokens, i + head_len):
            item.admin_head = (i, i + head_len - 1)
        if i + head_len < len(tokens) and tokens[i + head_len].key == "các":
            item.group = True
    return item


def _scan_body(p: _Parse, item: _Item) -> bool:
    """Extend `item` over the words of its segment; False when the run ends inside it."""
    g, tokens = _grammar(), p.tokens
    i = item.last + 1
    while i < len(tokens):
        token = tokens[i]
        if token.newline_before:
            if p.sentence:
                return False
            if _starts_item(p, _skip_roles(p, i))[0]:
                return True  # a cell's next line opens the next agency
        if token.separator:
            return True
        if token.text == "(":
            close = _closing_paren(tokens, i, 30)
            if close == -1:
                return False
            item.last, i = close, close + 1
            continue
        if token.text in _SENTENCE_END or token.text == ")":
            if token.text == "." and tokens[i - 1].text + "." in g.expansions:
                item.last, i = i, i + 1  # "TP." is one word (an abbreviation listed with its dot)
                continue
            return not p.sentence
        if p.sentence:
            q = g.qualifiers.match(tokens, i)
            if q:
                item.last, i = i + q - 1, i + q
                if i < len(tokens) and not (tokens[i].separator or tokens[i].capitalized
                                            or g.qualifiers.match(tokens, i)
                                            or g.admin_units.match(tokens, i)):
                    return False  # "các đơn vị có liên quan | công khai …"
                continue
            a = g.admin_units.match(tokens, i)
            if a:  # the place: "… thành phố", "… Thành phố", "… tỉnh"
                item.last, i = i + a - 1, i + a
                continue
            # no place is named `Phối hợp` (one is `Cần Thơ`): a heading run into its sentence
            if token.capitalized and g.enders.match(tokens, i) and _after_place_word(tokens, i) \
                    and not (i + 1 < len(tokens) and tokens[i + 1].capitalized):
                return False
            if not token.capitalized and not item.group and 0 <= item.known_until < i:
                return False  # after a known name and its place the predicate starts
            if not token.capitalized and g.enders.match(tokens, i):
                return False
            words = _unknown_stretch(p, i) if p.nlp and item.known_until < 0 else ()
            if words:
                from extractors.agency_nlp import name_words

                after = tuple(t.text for t in tokens[i + len(words):i + len(words) + 3])
                keep = name_words(_window(p, item.first, i - item.first), words, after)
                if keep < len(words):
                    if keep:
                        item.last = i + keep - 1
                    return False
                item.last, i = i + len(words) - 1, i + len(words)
                continue
        item.last = i
        i += 1
    return True


def _after_place_word(tokens: list, i: int) -> bool:
    """Token i follows a place word (`tỉnh`, `thành phố`), where a place's name would go."""
    admin_units = _grammar().admin_units
    return any(admin_units.match(tokens, i - n) == n for n in (1, 2, 3) if i - n >= 0)


def _unknown_stretch(p: _Parse, i: int) -> tuple[str, ...]:
    """The words from token i up to the next separator, capitalised word or predicate (≤ 15)."""
    g, tokens, words = _grammar(), p.tokens, []
    while i < len(tokens) and len(words) < 15:
        t = tokens[i]
        if not t.is_word or t.separator or t.capitalized or t.newline_before:
            break
        if g.enders.match(tokens, i) or g.qualifiers.match(tokens, i):
            break
        words.append(t.text)
        i += 1
    return tuple(words)


def _continues(p: _Parse, item: _Item, i: int) -> bool:
    """In a sentence, does the segment at token i continue the name or group before it?"""
    g, tokens = _grammar(), p.tokens
    if i >= len(tokens) or not tokens[i].is_word:
        return False
    if item.group:
        return bool(g.group_nouns.match(tokens, i) or g.admin_units.match(tokens, i)
                    or (tokens[i].capitalized and not g.enders.match(tokens, i)))
    a = g.admin_units.match(tokens, i)  # "Trung tâm y tế quận, huyện"
    if a and (i + a >= len(tokens) or not tokens[i + a].capitalized):
        return True
    if _new_head_at(tokens, i):
        return False  # a new named head starts: "Sở Tài chính, Sở, ban, ngành có liên quan"
    if g.group_nouns.match(tokens, i):  # "Cơ quan Công an, lực lượng Quân đội"
        return True
    return tokens[i].capitalized and not g.roles.match(tokens, i)


def _continues_cell(p: _Parse, item: _Item, i: int) -> bool:
    """In a cell, does the segment at token i continue the name or group before it? Not after
    `;`, nor where a new head starts after a name (`Doanh nghiệp, Sở, ban, ngành có liên quan`
    is two items); bare heads listed together are one group (`Sở, Ban, Ngành`, `Viện,
    Trường`), and so is a plural group (`các Sở, Ban, ngành`)."""
    g, tokens = _grammar(), p.tokens
    if tokens[i - 1].key == ";":
        return False
    bare_head = g.heads.match(tokens, item.first) == item.last - item.first + 1
    return item.group or bare_head or not _new_head_at(tokens, i)


def _new_head_at(tokens, i: int) -> bool:
    """A head word printed with its capital at token i (`Sở`, `Ban`), not a word that only
    looks like one (`Báo chí`, `Ban hành`)."""
    g = _grammar()
    return tokens[i].capitalized and bool(g.heads.match(tokens, i)) and not g.false_heads.match(tokens, i)


def _admin_plural_head(p: _Parse, item: _Item) -> str:
    """`Ủy ban nhân dân tỉnh` from `Ủy ban nhân dân các tỉnh` (before `: Khánh Hòa, Gia Lai`):
    the head a list of places shares; "" for any other item."""
    g, tokens = _grammar(), p.tokens
    at = item.first + (g.heads.match(tokens, item.first) or len(tokens))  # the `các` after the head
    if at > item.last or tokens[at].key != "các":
        return ""
    n = g.admin_units.match(tokens, at + 1)
    if not n or at + n != item.last:
        return ""
    return (p.text[tokens[item.first].start:tokens[at - 1].end] + " "
            + p.text[tokens[at + 1].start:tokens[item.last].end])


def _distribute(p: _Parse, item: _Item, i: int) -> int:
    """Names after `Các Sở:`, each given the head; returns the token index after them."""
    tokens = p.tokens
    head, after_semicolon, first = item.plural_head, False, True
    while i < len(tokens):
        if tokens[i].separator:
            after_semicolon |= tokens[i].key in {";", ":"}
            i += 1
            continue
        if not tokens[i].is_word or _starts_item(p, _skip_roles(p, i))[0]:
            break
        if p.sentence and not tokens[i].capitalized:
            break
        last, known = _distributed_name(p, head, i)
        if not known and (after_semicolon or (p.sentence and first and not _proper_name(p, i, last))):
            break  # "Các Sở: A, B; Doanh nghiệp": the shared head stops at `;`
        p.items.append(_Item(first=i, last=last, head=head, head_at=item.first))
        i, first = last + 1, False
    return i


def _proper_name(p: _Parse, first: int, last: int) -> bool:
    """Two or more capitalised words: "Bưu chính Viễn thông Việt Nam", not "Tăng cường công tác"."""
    return sum(t.capitalized and t.is_word for t in p.tokens[first:last + 1]) >= 2


def _distributed_name(p: _Parse, head: str, i: int) -> tuple[int, bool]:
    """Last token of the name at i under a distributed head: the longest one the gazetteer
    knows (`Văn hóa, Thể thao và Du lịch`), else up to the next `,`/`;`, joining at `và`."""
    g, tokens = _grammar(), p.tokens
    head_tokens = tokenize(head)
    seg_ends, j = [], i  # (last token of a segment, the separator after it)
    while j < len(tokens) and tokens[j].text not in _SENTENCE_END and tokens[j].text != "(":
        if p.sentence and not tokens[j].capitalized and g.enders.match(tokens, j):
            break
        if j > i and tokens[j].newline_before and _starts_item(p, j)[0]:
            break
        if tokens[j].separator:
            seg_ends.append((j - 1, tokens[j].key))
            if tokens[j].key in {";", ":"}:
                break
        j += 1
    if not seg_ends or seg_ends[-1][0] < j - 1:
        seg_ends.append((j - 1, ""))
    for end, _ in reversed(seg_ends):
        candidate = head_tokens + tokens[i:end + 1]
        if g.gazetteer.match(candidate, 0) == len(candidate):
            return end, True
    for end, sep in seg_ends:  # an unknown name: `và` joins, `,` and `;` split
        if sep not in {"và", "&"}:
            return end, False
    return seg_ends[-1][0], False


def _parse(text: str, start: int, sentence: bool) -> tuple[_Parse, int]:
    """Items of the agency list starting at `start`; returns the parse and the end offset."""
    g, tokens = _grammar(), tokenize(text)
    p = _Parse(text, tokens, sentence, nlp_enabled() if sentence else False)
    i = bisect.bisect_left(_token_starts(text), start) if start else 0
    end = start
    while i < len(tokens):
        j = _skip_roles(p, i)
        kind, n = _starts_item(p, j)
        if kind:
            item = _open_item(p, j, kind, n)
        elif _is_admin_distribution(p, j):
            first, last = p.items[-1].admin_head
            item = _Item(first=j, last=j, head=p.text[tokens[first].start:tokens[last].end])
            item.admin_head = p.items[-1].admin_head
        elif p.items and (_continues if sentence else _continues_cell)(p, p.items[-1], j):
            item = p.items.pop()  # a segment of the name or group before it
            if j > i:  # "các Bộ, Thủ trưởng cơ quan ngang bộ": the role word goes
                item.dropped.append((tokens[i].start, tokens[j].start))
            n = g.group_nouns.match(tokens, j) or g.admin_units.match(tokens, j)
            if not g.group_nouns.match(tokens, j):
                item.plural_head = ""  # "Các Sở, ngành: …" still distributes "Sở"
            if n:  # "Ủy ban nhân dân phường, xã": the name has become a group
                item.group, item.known_until = True, -1
            item.last = j + max(n, 1) - 1
        elif not sentence:
            item = _Item(first=j, last=j)  # a cell's name we do not know: "Doanh nghiệp"
        else:
            break
        p.items.append(item)
        going = _scan_body(p, item)
        end = tokens[item.last].end
        i = item.last + 1
        if i < len(tokens) and tokens[i].key == ":" and not item.plural_head:
            item.plural_head = _admin_plural_head(p, item)
        if i < len(tokens) and tokens[i].key == ":" and item.plural_head and not item.head:
            p.items.pop()
            before = len(p.items)
            i = _distribute(p, item, i + 1)
            if len(p.items) > before:
                end = tokens[p.items[-1].last].end
                if sentence and (i >= len(tokens) or not tokens[i].separator):
                    break  # the predicate follows the distributed names
                continue
            p.items.append(item)  # nothing to distribute over: "các bộ, địa phương liên quan:"
            break
        if not going or i >= len(tokens):
            break
        if sentence and (tokens[i].key == ":" or not tokens[i].separator):
            break
        while i < len(tokens) and (tokens[i].separator or tokens[i].text in _SENTENCE_END):
            i += 1  # ", và", ";", a cell's "."
    return p, end


def _names(p: _Parse) -> tuple[list[str], list[tuple[int, int]]]:
    names, spans = [], []
    for item in p.items:
        name = _render(p.text, p.tokens, item)
        if name and name not in names:
            names.append(name)
            spans.append((p.tokens[item.first].start, p.tokens[item.last].end))
    return names, spans


# ---------------------------------------------------------------------------------------------
# Public API


def split_agencies(phrase: str) -> list[str]:
    """A phrase that is only a list of agencies (a table cell) → canonical names, in order."""
    return list(_split_cell(phrase or ""))


@lru_cache(maxsize=4096)  # the same cells recur down a table and across documents
def _split_cell(phrase: str) -> tuple[str, ...]:
    text = _BULLET.sub("", phrase)
    p, _ = _parse(text, 0, sentence=False)
    return tuple(_names(p)[0])


def read_agencies(text: str, start: int = 0) -> AgencyRun | None:
    """The agency list that begins at `start` in running text, up to where its predicate starts."""
    p, end = _parse(text, start, sentence=True)
    if not p.items:
        return None
    names, spans = _names(p)
    first = p.items[0].head_at if p.items[0].head_at >= 0 else p.items[0].first
    return AgencyRun(names, p.tokens[first].start, end, spans)


def find_agencies(text: str) -> list[AgencyRun]:
    """Every agency run of a text, in order (for span groups and highlighting)."""
    runs, pos = [], 0
    for token in tokenize(text):
        if token.start < pos or not (token.capitalized or token.key in GROUP_OPENERS):
            continue
        if token.start > 0 and text[token.start - 1] in "&-/":
            continue
        run = read_agencies(text, token.start)
        if run and run.names:
            runs.append(run)
            pos = run.end
    return runs


def is_agency(phrase: str) -> bool:
    """Does this whole short phrase read as an agency or a list of agencies?"""
    text = " ".join(_BULLET.sub("", phrase or "").split()).strip(_TRAILING)
    if not text:
        return False
    run = read_agencies(text, 0)
    if not run or text[run.end:].strip(_TRAILING + ")"):
        return False
    tokens = tokenize(text)  # a person's role may stand first: `Giám đốc Sở Y tế`
    return run.start == 0 or _skip_roles(_Parse(text, tokens, False, False), 0) == \
        bisect.bisect_left(_token_starts(text), run.start)
