"""Legal bases: the documents a preamble cites at its top level (ANNOTATION §1, §6).

    Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;
      → {number: None, doc_type: "Luật", issued_date: "2015-06-19", issuer: None,
         name: "Tổ chức chính quyền địa phương"}
    Căn cứ Nghị quyết số 31/NQ-CP ngày 13 tháng 5 năm 2014 của Chính phủ về ban hành Chương
    trình hành động thực hiện Nghị quyết số 22-NQ/TW …
      → 31/NQ-CP only: 22-NQ/TW is its subject, not a basis.

A citation is a basis when it opens its clause, follows the previous basis after only a
connector (`,`, `;`, `và`), or is an amending act (`được sửa đổi, bổ sung bởi Luật số …`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.body_names import words as body_words
from extractors.dates import find_dates
from pipeline.datafiles import load_yaml
from pipeline.document import Unit
from pipeline.textkey import match_key

_NUMBER = r"\d+[A-Za-z]?(?:\s*[/\-]\s*[0-9A-Za-zĐđ.&]*[0-9A-Za-zĐđ&])+"


_MORE_NUMBERS = re.compile(r"\s*(?:,|và)\s*(?:số\s*)?(?P<number>" + _NUMBER + r")")


@dataclass
class Citation:
    doc_type: str
    number: str | None
    name: str | None
    start: int  # offsets in the clause text
    end: int  # end of the whole citation head: number, date and issuer
    issued_date: str | None = None
    issuer: str | None = None
    # `các Nghị định` cites a list, not a document: its numbers follow (`số 63/2010/NĐ-CP, số …`)
    plural: bool = False
    owner: "Citation | None" = None  # the plural mention a bare number belongs to

    def record(self, offset: int) -> dict:
        return {"number": self.number, "doc_type": self.doc_type, "issued_date": self.issued_date,
                "issuer": self.issuer, "name": self.name,
                "span": [offset + self.start, offset + self.end]}


def words() -> dict:
    """The word lists of the metadata extractors (`extractors/data/metadata_words.yaml`)."""
    return load_yaml("metadata_words.yaml")


@lru_cache(maxsize=None)
def _types() -> dict[str, str]:
    return load_yaml("doc_types.yaml")


@lru_cache(maxsize=None)
def _numbered_pattern() -> re.Pattern:
    names = sorted(_types(), key=len, reverse=True)
    # a word or two may qualify the type before `số` (`Quy chế phối hợp số 49/QCPH-UBND`)
    return re.compile(r"\b(?P<type>" + "|".join(re.escape(n) for n in names) + r")"
                      r"(?P<qualifier>(?:\s+(?!số\b)[^\W\d_]+){1,2}(?=\s+số\b))?\s+(?:số\s*:?\s*)?"
                      r"(?P<number>" + _NUMBER + r")")


@lru_cache(maxsize=None)
def _named_pattern() -> re.Pattern:
    names = "|".join(re.escape(n) for n in words()["named_act_types"])
    # the name runs to its number, date, a clause break or a verb
    return re.compile(r"\b(?P<type>" + names + r")\s+(?P<name>[^\W\d_][^;,()]*?)"
                      r"(?=\s+(?:số|ngày|năm|được|đã|quy định|của)\b|\s*[;,(.]|$)")


@lru_cache(maxsize=None)
def _amending_act_pattern() -> re.Pattern:
    types = "|".join(re.escape(n) for n in words()["named_act_types"])
    names = "|".join(re.escape(n) for n in words()["amending_act_names"])
    return re.compile(r"\b(?P<type>" + types + r")\s+(?P<name>(?i:" + names + r")\b[^;()]*?)"
                      r"(?=\s+số\s+\d|\s+ngày\b|\s*[;(]|$)")


@lru_cache(maxsize=None)
def _plural_type_pattern() -> re.Pattern:
    """`các Nghị định của Chính phủ: số 63/2010/NĐ-CP …, số 48/2013/NĐ-CP …`: numbers printed
    without their type after a plural one."""
    names = "|".join(re.escape(n) for n in sorted(_types(), key=len, reverse=True))
    return re.compile(r"\b(?i:các)\s+(?P<type>" + names + r")\b")


@lru_cache(maxsize=None)
def _new_type_clause() -> re.Pattern:
    names = "|".join(re.escape(n) for n in sorted(_types(), key=len, reverse=True))
    return re.compile(r";\s*(?:" + names + r")\b")


_BARE_NUMBER = re.compile(r"\b(?i:số)\s*:?\s*(?P<number>" + _NUMBER + r")")


@lru_cache(maxsize=None)
def _alias_pattern() -> re.Pattern:
    openers = "|".join(re.escape(o) for o in words()["alias_openers"])
    return re.compile(r"\((?:" + openers + r")[^)]*\)", re.IGNORECASE)


def _blank_aliases(text: str) -> str:
    """`(sau đây gọi tắt là Nghị quyết số 108/NQ-CP)` repeats a citation: blank it, keeping offsets."""
    return _alias_pattern().sub(lambda m: " " * len(m.group(0)), text)


def _date_after(text: str, at: int) -> tuple[str | None, int]:
    m = re.match(r"\s*,?\s*(?=ng[àa]y|năm|\d)", text[at:])
    if not m:
        return None, at
    dates = find_dates(text[at:at + 60])
    if not dates or dates[0].start > m.end() + 5:
        return None, at
    return dates[0].first, at + dates[0].end


def _issuer_after(text: str, at: int) -> tuple[str | None, int]:
    rest = text[at:]
    m = re.match(r"\s*,?\s*(?:của\s+)?", rest)
    body = rest[m.end():]
    openers = tuple(body_words()["issuer_openers"])
    if not (rest[:m.end()].strip(" ,").startswith("của") or body.startswith(openers)):
        return None, at
    end = len(body)
    for stop in words()["issuer_ends"]:
        i = body.find(stop)
        if 0 < i < end:
            end = i
    for stop in (";", ",", "(", ")", "“", '"', "  "):  # two spaces: a blanked alias
        i = body.find(stop)
        if 0 < i < end:
            end = i
    issuer = body[:end].strip()
    if not issuer or not issuer[0].isupper():
        return None, at
    return issuer, at + m.end() + len(body[:end].rstrip())


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


def citations(text: str) -> list[Citation]:
    """Every document a text cites (numbered, named, amending, a list after a plural type),
    in order, with its date and issuer; `top_level_citations` keeps the bases among them."""
    found: list[Citation] = []
    for m in _numbered_pattern().finditer(text):
        if m.group("qualifier") and not m.group("qualifier").islower():
            continue  # a name (`Luật Đất đai số 31/2024/QH15`): the named pattern reads it
        doc_type = _types()[m.group("type")]
        found.append(Citation(doc_type, re.sub(r"\s+", "", m.group("number")), None, m.start(), m.end()))
        # more numbers of the same type (`các Công điện số 217/CĐ-TTg, 218/CĐ-TTg và 222/CĐ-TTg`)
        at = m.end()
        while more := _MORE_NUMBERS.match(text, at):
            found.append(Citation(doc_type, re.sub(r"\s+", "", more.group("number")), None,
                                  more.start("number"), more.end()))
            at = more.end()
    amending = [m for m in _amending_act_pattern().finditer(text)]
    for m in amending:
        number = re.match(r"\s+số\s+(" + _NUMBER + ")", text[m.end():])
        found.append(Citation(m.group("type"), re.sub(r"\s+", "", number.group(1)) if number else None,
                              _capitalised(m.group("name").strip()), m.start(),
                              m.end() + (number.end() if number else 0)))
    # the acts an amending act is named after are its subject, not bases
    found = [c for c in found if not any(m.start("name") <= c.start < m.end() for m in amending)]
    for m in _named_pattern().finditer(text):
        if any(a.start() <= m.start() < a.end() for a in amending):
            continue
        name = m.group("name").strip()
        if not name[:1].isupper() or match_key(name).startswith("số"):
            continue  # a verb (`Luật đã được …`), or `Luật số 87/2025/QH15`: a numbered citation
        # `Luật X số N`: the name and its number
        number = re.match(r"\s+số\s+(" + _NUMBER + ")", text[m.end():])
        end = m.end() + (number.end() if number else 0)
        found.append(Citation(_types()[m.group("type")],
                              re.sub(r"\s+", "", number.group(1)) if number else None,
                              name, m.start(), end))
    plural = [Citation(_types()[m.group("type")], None, None, m.start(), m.end(), plural=True)
              for m in _plural_type_pattern().finditer(text)]
    found += plural
    for m in _BARE_NUMBER.finditer(text) if plural else ():
        # a mention owns the numbers after it until a clause names another type (`; Quyết định …`)
        owners = [mention for mention in plural if mention.start < m.start()
                  and not _new_type_clause().search(text, mention.end, m.start())]
        taken = any(c.number and c.start <= m.start("number") < c.end for c in found)
        if owners and not taken:
            found.append(Citation(owners[-1].doc_type, re.sub(r"\s+", "", m.group("number")), None,
                                  m.start(), m.end(), owner=owners[-1]))
    found.sort(key=lambda c: c.start)
    for citation in found:
        citation.issued_date, citation.end = _date_after(text, citation.end)
        citation.issuer, citation.end = _issuer_after(text, citation.end)
        if citation.doc_type in words()["named_act_types"]:
            citation.issuer = None  # a law's issuer is not printed with it (ANNOTATION §6)
    return found


@lru_cache(maxsize=None)
def _amending_pattern() -> re.Pattern:
    phrases = "|".join(re.escape(p) for p in words()["amending_phrases"])
    return re.compile(r"(?:" + phrases + r")(?:\s+(?:các|một số điều của))?\s*$", re.IGNORECASE)


def _is_connector(gap: str) -> bool:
    return re.fullmatch(r"[\s,;.]*(?:và|hoặc)?[\s,;]*(?:các\s+\S+\s*:?)?\s*", gap) is not None


def top_level_citations(text: str) -> list[Citation]:
    """The citations of one clause that are bases, in order."""
    bases: list[Citation] = []
    previous: Citation | None = None
    previous_is_basis = True
    text = _blank_aliases(text)
    basis_of: dict[int, bool] = {}  # id of a plural mention → whether it is at the top level
    for citation in citations(text):
        if citation.owner is not None:
            is_basis = basis_of.get(id(citation.owner), False)
        elif previous is None:
            is_basis = True
        else:
            gap = text[previous.end:citation.start]
            if ";" in gap or _amending_pattern().search(gap.rstrip(" (")):
                is_basis = True
            elif _is_connector(gap):
                is_basis = previous_is_basis
            else:
                is_basis = False
        if citation.plural:
            basis_of[id(citation)] = is_basis
        elif is_basis and not any(b.number == citation.number and b.number for b in bases):
            bases.append(citation)
        previous, previous_is_basis = citation, is_basis
    return bases


def legal_bases(preamble: list[Unit]) -> list[dict]:
    """Bases cited at the top level of the preamble's `Căn cứ …` and `Thực hiện …` clauses (a
    decision's list of grounds, a plan's opening sentence or sentences)."""
    openers = tuple(words()["basis_openers"])
    out: list[dict] = []
    for unit in preamble:
        if not unit.text.startswith(openers):
            continue
        for citation in top_level_citations(unit.text):
            if citation.number and any(b["number"] == citation.number for b in out):
                continue
            out.append(citation.record(unit.start))
    return out
