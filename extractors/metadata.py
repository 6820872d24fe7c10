"""Document metadata (CONTRACT §4, ANNOTATION §1): number, type, issuer, place and dates,
title, signer, legal bases, attachments and the implementation period.

Every value is read from the document itself; each carries its span in `doc.text` in
`doc.metadata["provenance"]`. A field the body lacks is taken from the site's attribute block
when there is one (ANNOTATION §6); its provenance is then `null` and a warning says so.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors import legal_bases as bases
from extractors.body_names import continues_name, natural_case
from extractors.body_names import words as body_words
from extractors.dates import find_dates, parse_date
from extractors.signature import printed_lines, read_signature
from extractors.timeframes import find_timeframe, parse_timeframe
from pipeline import markers
from pipeline.datafiles import load_yaml
from pipeline.document import Document, Unit
from pipeline.record import LIST_FIELDS, METADATA_FIELDS
from pipeline.segmenting import doc_type_of, is_authority_line, is_place_fragment, walk
from pipeline.textkey import is_capitals, match_key

# Values of header lines. These read only lines the segmenter already placed in the header,
# so they forgive more than markers.NUMBER_LINE / PLACE_DATE_LINE, which find such lines
# anywhere in a text (`Số 12/KH-UBND` without its colon, `Hà Nội, ngà 5 …`).
_NUMBER = re.compile(r"^Số\s*[:.]?\s*(?P<number>\d[0-9A-Za-zĐđ.]*"
                     r"(?:\s*[/\-–]\s*[0-9A-Za-zĐđ.&]*[0-9A-Za-zĐđ&]|[/\-]$)*)")
_PLACE_DATE = re.compile(r"^(?P<place>[^\W\d_][^\d,;:]{0,60}?)\s*,?\s*(?=ng[àa]y?\s*\d|ngày\b)")


class _Fields:
    """Values with their spans."""

    def __init__(self):
        self.values: dict = {}
        self.spans: dict = {}

    def set(self, name: str, value, start: int | None = None, end: int | None = None):
        self.values[name] = value
        self.spans[name] = [start, end] if start is not None and value not in (None, []) else None


def extract_metadata(doc: Document, use_site_attributes: bool = True) -> Document:
    """Fill `doc.metadata` with every field of `pipeline.record.METADATA_FIELDS`."""
    fields = _Fields()
    _read_header(doc, fields)
    _read_type_and_title(doc, fields)
    _read_signature(doc, fields)
    found = bases.legal_bases(doc.preamble)
    fields.set("legal_bases", [{k: v for k, v in b.items() if k != "span"} for b in found])
    fields.spans["legal_bases"] = [b["span"] for b in found]
    main_units = [b.unit for b in walk(doc.body) if b.unit is not None]
    _read_effective_date(main_units, fields)
    _read_attachments(main_units, fields)
    _read_period(doc, fields)
    if use_site_attributes:
        _fill_from_site(doc, fields)
    doc.metadata = {name: fields.values.get(name) for name in METADATA_FIELDS}
    for name in LIST_FIELDS:
        doc.metadata[name] = doc.metadata[name] or []
    doc.metadata["provenance"] = {name: fields.spans.get(name) for name in METADATA_FIELDS}
    return doc


# header: issuer, number, place and date ------------------------------------------------------

def _read_header(doc: Document, fields: _Fields) -> None:
    header = doc.header
    if not any(u.text for u in header):
        doc.warnings.append("no header found: number, issuer, place and issue date left null")
        for name in ("number", "issuer", "place", "issued_date"):
            fields.set(name, None)
        return
    motto = next((i for i, u in enumerate(header) if markers.is_motto(u.text)), None)
    _read_issuer(header, motto, fields)
    after_motto = header[motto:] if motto is not None else header
    at = next((i for i, u in enumerate(after_motto) if _NUMBER.match(u.text)), None)
    m = _NUMBER.match(after_motto[at].text) if at is not None else None
    if m:
        number, end = re.sub(r"\s+", "", m.group("number")).rstrip("."), after_motto[at].start + m.end("number")
        following = after_motto[at + 1].text if at + 1 < len(after_motto) else ""
        if number.endswith(("-", "/")) and re.fullmatch(r"[0-9A-ZĐ.&-]+", following):
            number, end = number + following, after_motto[at + 1].end  # `Số: 3783/QĐ-` / `UBND`
        fields.set("number", number, after_motto[at].start + m.start("number"), end)
    else:
        fields.set("number", None)
    _read_place_and_date(after_motto, fields)


def _issuer_units(header: list[Unit], motto: int | None) -> list[Unit]:
    """The capital lines just above the motto (or heading the page when there is none), and a
    locality line printed beside the motto in a two-column header (`TỈNH …` | `Độc lập …`)."""
    if motto is None:
        units = []
        for unit in header:
            if not unit.text or not is_capitals(unit.text) or _NUMBER.match(unit.text):
                if units:
                    break
                continue
            units.append(unit)
        return units
    i = motto
    while i > 0 and header[i - 1].text and is_capitals(header[i - 1].text):
        i -= 1
    units = header[i:motto]
    for unit in header[motto + 1:]:
        if _NUMBER.match(unit.text):
            break
        if unit.text and is_capitals(unit.text) and not markers.is_motto(unit.text) and units and \
                continues_name(units[-1].text, unit.text):
            units.append(unit)
    return units


def _read_issuer(header: list[Unit], motto: int | None, fields: _Fields) -> None:
    """The issuing body is the lowest name of the block (`BỘ TÀI CHÍNH` / `CỤC THUẾ` → Cục
    Thuế); a body under a local government takes its locality (`Sở … thành phố …`)."""
    bodies: list[list] = []  # [printed text, start, end]
    for line in printed_lines(_issuer_units(header, motto)):
        text = line.text.strip()
        if not text or markers.is_motto(text):
            continue
        if bodies and continues_name(bodies[-1][0], text):
            bodies[-1][0] += " " + text
            bodies[-1][2] = line.end
        else:
            bodies.append([text, line.start, line.end])
    if not bodies:
        fields.set("issuer", None)
        return
    text, start, end = bodies[-1]
    issuer = natural_case(text, body=True)
    if len(bodies) > 1 and not _locality_of(issuer):
        issuer += _locality_of(natural_case(bodies[-2][0], body=True))
    fields.set("issuer", issuer, start, end)


def _locality_of(name: str) -> str:
    """` thành phố Hồ Chí Minh` from `Ủy ban nhân dân thành phố Hồ Chí Minh`, else ``."""
    key = " " + match_key(name) + " "
    for word in body_words()["locality_words"]:
        at = key.find(" " + match_key(word) + " ")
        if at >= 0:
            return " " + name[at:].strip() if at < len(name) else ""
    return ""


def _read_place_and_date(units: list[Unit], fields: _Fields) -> None:
    for i, unit in enumerate(units):
        # the place-date line may have been joined to the `Số:` line before it
        number = _NUMBER.match(unit.text)
        skip = len(unit.text) - len(unit.text[number.end():].lstrip()) if number else 0
        text = unit.text[skip:]
        m = _PLACE_DATE.match(text)
        dates = [d for d in find_dates(text) if d.precision == "day"] if m else []
        if not m or not dates:
            continue
        place, start = m.group("place").strip(" ,"), unit.start + skip + m.start("place")
        if i > 0 and not skip and is_place_fragment(units, i - 1):  # `Hải` / `Phòng, ngày …`
            place, start = units[i - 1].text + " " + place, units[i - 1].start
        fields.set("place", place, start, unit.start + skip + m.end("place"))
        fields.set("issued_date", dates[0].first, unit.start + skip + dates[0].start,
                   unit.start + skip + dates[0].end)
        return
    fields.set("place", None)
    fields.set("issued_date", None)


# type and title ------------------------------------------------------------------------------

def _read_type_and_title(doc: Document, fields: _Fields) -> None:
    lines = printed_lines(([doc.doc_type_unit] if doc.doc_type_unit else []) + doc.title_units)
    fields.set("doc_type", None)
    if doc.doc_type_unit is not None:
        found = doc_type_of(doc.doc_type_unit.text)
        if found:
            type_end = doc.doc_type_unit.start + len(doc.doc_type_unit.text) - len(found[1])
            fields.set("doc_type", found[0], doc.doc_type_unit.start, type_end)
            lines = _drop_before(lines, type_end)
    elif doc.title_units:
        lines = _subject_lines(lines)
        if lines:
            fields.set("doc_type", bases.words()["letter_type"], lines[0].start, lines[0].start)
    title_lines = []
    for line in lines:
        if title_lines and is_authority_line(line.text) and not _ends_mid_phrase(title_lines[-1].text):
            break  # `ỦY BAN NHÂN DÂN THÀNH PHỐ …` printed under a decision's title
        if line.text.strip():
            title_lines.append(line)
    title = " ".join(" ".join(line.text for line in title_lines).split()).rstrip(" .;")
    if not title:
        fields.set("title", None)
        return
    fields.set("title", natural_case(title) if is_capitals(title) else title,
               title_lines[0].start, title_lines[-1].end)


def _drop_before(lines, offset: int):
    out = []
    for line in lines:
        if line.end <= offset:
            continue
        if line.start < offset:
            cut = offset - line.start
            line = type(line)(line.text[cut:].lstrip(" :"), line.end - len(line.text[cut:].lstrip(" :")),
                              line.end)
        out.append(line)
    return out


def _subject_lines(lines):
    """A letter's title: its subject lines without the `Số: …` before them or the `V/v` label."""
    out = []
    for line in lines:
        text = line.text
        number = _NUMBER.match(text)
        rest = text[number.end():] if number else text
        rest = rest.lstrip()
        for label in markers.structure_keys("subject_labels"):  # match keys keep the length
            if match_key(rest).startswith(label):
                rest = rest[len(label):]
                break
        rest = rest.strip(" :")
        if rest:
            out.append(type(line)(rest, line.end - len(rest), line.end))
    return out


def _ends_mid_phrase(text: str) -> bool:
    last = match_key(text).split()[-1:] or [""]
    return last[0] in ("của", "và", "cho", "với", "đối", "tại", "thuộc")


# signature -----------------------------------------------------------------------------------

def _read_signature(doc: Document, fields: _Fields) -> None:
    signature = read_signature(doc.signature)
    for name, line in (("signer_name", signature.name), ("signer_title", signature.title)):
        if line is None:
            fields.set(name, None)
        else:
            fields.set(name, line.text, line.start, line.end)
    fields.set("signing_capacity", [c.text for c in signature.capacities])
    fields.spans["signing_capacity"] = [[c.start, c.end] for c in signature.capacities] or None


# body: effective date, attachments, period --------------------------------------------------

def _read_effective_date(units: list[Unit], fields: _Fields) -> None:
    phrase = bases.words()["effective_phrase"]
    on_issue = tuple(match_key(p) for p in bases.words()["effective_on_issue"])
    fields.set("effective_date", None)
    for unit in units:
        at = unit.text.find(phrase)
        if at < 0 or not _said_of_itself(unit.text[:at], fields.values.get("doc_type")):
            continue
        after = unit.text[at + len(phrase):]
        if match_key(after).startswith(on_issue) and fields.values.get("issued_date"):
            fields.set("effective_date", fields.values["issued_date"], unit.start + at,
                       unit.start + at + len(phrase) + len(after.split(".")[0]))
            return
        head = re.match(r"\s*(?:thi hành\s*)?(?:kể\s*)?(?:từ\s*)?", after)
        dates = find_dates(after[head.end():head.end() + 40])
        if dates and dates[0].start <= 6 and dates[0].precision == "day":
            begin = unit.start + at + len(phrase) + head.end()
            fields.set("effective_date", dates[0].first, begin + dates[0].start, begin + dates[0].end)
            return


def _said_of_itself(before: str, doc_type: str | None) -> bool:
    """`Quyết định này có hiệu lực …`, `Nghị quyết có hiệu lực …`: the document's own
    effectivity, not that of an act it cites."""
    subject = match_key(re.split(r"[.:;]\s|^\d+\.\s*", before)[-1])
    return subject.endswith(" " + bases.words()["effective_subject"]) or (
        doc_type is not None and subject == match_key(doc_type))


@lru_cache(maxsize=None)
def _attachment_pattern() -> re.Pattern:
    types = sorted(load_yaml("doc_types.yaml"), key=len, reverse=True)
    return re.compile(bases.words()["attachment_lead"] + r"\s+(?P<type>" +
                      "|".join(re.escape(t) for t in types) + r")\s+(?P<title>[^.;]+)")


def _read_attachments(units: list[Unit], fields: _Fields) -> None:
    found, spans = [], []
    for unit in units:
        for m in _attachment_pattern().finditer(unit.text):
            doc_type = load_yaml("doc_types.yaml")[m.group("type")]
            found.append({"doc_type": doc_type, "title": m.group("title").strip().rstrip("/")})
            spans.append([unit.start + m.start("type"), unit.start + m.end("title")])
    fields.set("attachments", found)
    fields.spans["attachments"] = spans or None


@lru_cache(maxsize=None)
def _period_pattern() -> re.Pattern:
    labels = "|".join(re.escape(w) for w in bases.words()["period_labels"])
    documents = "|".join(re.escape(w) for w in bases.words()["period_documents"])
    return re.compile(r"^(?:" + labels + r")(?:\s+(?:" + documents + r"))?\s*(?::\s*(?P<value>\S.*)|[:.]?)$",
                      re.IGNORECASE)


def _read_period(doc: Document, fields: _Fields) -> None:
    """`Thời gian thực hiện: …` said of the whole document, in its body or its attached plan."""
    blocks = list(walk(doc.body)) + [b for part in doc.parts if part.kind == "attachment"
                                     for b in walk(part.blocks)]
    fields.set("period", None)
    for k, block in enumerate(blocks):
        if block.unit is None or block.unit.cell:
            continue
        text = block.text or block.unit.text
        m = _period_pattern().match(text)
        if not m:
            continue
        if m.group("value") is None:  # the label as a heading (`2. Thời gian thực hiện`)
            below = blocks[k + 1] if k + 1 < len(blocks) else None
            found = find_timeframe(below.unit.text) if below is not None and below.unit else None
            if found:
                timeframe, (start, end) = found
                fields.set("period", timeframe, below.unit.start + start, below.unit.start + end)
                return
            continue
        if "…" in m.group("value") or "..." in m.group("value"):
            continue
        value = m.group("value").strip().rstrip(".;")
        begin = block.unit.start + block.unit.text.find(value)
        fields.set("period", parse_timeframe(value), begin, begin + len(value))
        return


# the site's attribute block ------------------------------------------------------------------

def _fill_from_site(doc: Document, fields: _Fields) -> None:
    site = doc.site_attributes
    taken = []
    for name in ("number", "doc_type", "signer_name"):
        if fields.values.get(name) is None and site.get(name):
            fields.set(name, site[name])
            taken.append(name)
    for name in ("issued_date", "effective_date"):
        value = parse_date(site.get(name, ""))
        if fields.values.get(name) is None and value:
            fields.set(name, value)
            taken.append(name)
    issuer, site_issuer = fields.values.get("issuer"), site.get("issuer")
    if site_issuer and issuer is None:
        fields.set("issuer", natural_case(site_issuer, body=True))
        taken.append("issuer")
    elif site_issuer and not _locality_of(issuer):
        # `ỦY BAN NHÂN DÂN` printed alone, the block names the place: `Thành phố Hải Phòng`
        locality = _locality_of(natural_case(site_issuer, body=True)).strip()
        if locality:
            fields.set("issuer", f"{issuer} {locality[0].lower()}{locality[1:]}")
            taken.append("issuer")
    if taken:
        doc.warnings.append("taken from the site attribute block (the body lacks them): "
                            + ", ".join(taken))
