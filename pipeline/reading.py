"""Reading: any supported input file → a `Document` holding its text.

Formats (CONTRACT section 2): .txt/.md (encoding detected), .html/.htm (visible text; tables
rebuilt with their rowspan/colspan), .pdf (pdfplumber text layer and tables), .json (a text
field). Tables from HTML and PDF are written as one `| a | b |` line per row, the layout the
segmenter reads as explicit rows.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from pipeline.document import Document
from pipeline.legacy_encodings import decode_tcvn3, decode_vni
from pipeline.textkey import match_key

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_TEXT_FIELDS = ("text", "content", "body", "noi_dung", "html", "markdown")

# Frequent words of administrative Vietnamese: a decoding that yields many of them is right.
_COMMON_WORDS = re.compile(
    r"\b(của|và|các|được|thực hiện|nhân dân|theo|với|trong|những|năm|tháng|ngày|quyết định|"
    r"kế hoạch|ủy ban|phát triển|tỉnh|thành phố|cơ quan|đơn vị|việt nam)\b"
)


class ReadError(Exception):
    """An input that cannot be turned into text; `kind` is the short error code."""

    def __init__(self, kind: str, detail: str):
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


def doc_id_for(path: str | Path) -> str:
    name = Path(path).name
    stem = name.rsplit(".", 1)[0] if "." in name.strip(".") else name
    return re.sub(r"[^A-Za-z0-9._-]", "_", stem) or "_"


def file_name(path: str | Path) -> str:
    """The file's name as text: bytes of a name that are not UTF-8 (kept by Python as
    surrogates) become U+FFFD, so the name can be written to JSON and CSV."""
    return Path(path).name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_file(path: str | Path) -> Document:
    path = Path(path)
    data = path.read_bytes()
    return read_bytes(data, name=file_name(path))


def read_bytes(data: bytes, name: str) -> Document:
    suffix = Path(name).suffix.lower()
    source = {"file": name, "sha256": hashlib.sha256(data).hexdigest()}
    if not data.strip():
        raise ReadError("empty", "the file holds no text")
    if suffix == ".pdf" or data[:5] == b"%PDF-":
        text, fmt, encoding = _read_pdf(data), "pdf", None
    elif suffix in HTML_SUFFIXES:
        raw, encoding = decode_text(data)
        text, fmt = html_to_text(raw), "html"
    elif suffix == ".json":
        raw, encoding = decode_text(data)
        text, fmt = _json_text(raw), "json"
    else:
        text, encoding = decode_text(data)
        fmt = suffix.lstrip(".") or "txt"
        if _looks_like_html(text):
            text, fmt = html_to_text(text), "html"
    if not text.strip():
        raise ReadError("no_text", f"no readable text in this {fmt} file")
    source.update(format=fmt, encoding=encoding)
    doc = Document(doc_id=doc_id_for(name), source=source, raw_text=text)
    mixed = MIXED_ENCODING.match(encoding or "")
    if mixed:
        doc.warnings.append(f"{mixed['lines']} line(s) were not UTF-8 and were read as "
                            f"{mixed['encoding']}")
    return doc


# --- text encodings -------------------------------------------------------------------------

def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes, detecting UTF-8/16 (BOM), UTF-8, Windows-1258, TCVN3 and VNI."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    if b"\x00" in data[:4096]:
        if _looks_like_utf16(data):
            enc = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
            return data.decode(enc, errors="replace"), enc
        raise ReadError("binary", "the file holds binary data, not text")
    try:
        text = data.decode("utf-8")
        return text, "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = _mostly_utf8(data)
    if mixed:
        return mixed
    text, best = _legacy_decoding(data)
    if _vietnamese_score(text) == 0 and _control_ratio(data) > 0.1:
        raise ReadError("binary", "the file holds binary data, not text")
    return text, best


def _legacy_decoding(data: bytes) -> tuple[str, str]:
    """The legacy encoding under which the bytes read most like Vietnamese."""
    candidates = {
        "windows-1258": data.decode("cp1258", errors="replace"),
        "tcvn3": decode_tcvn3(data),
        "vni": decode_vni(data),
    }
    best = max(candidates, key=lambda enc: _vietnamese_score(candidates[enc]))
    return candidates[best], best


MIXED_ENCODING = re.compile(r"^utf-8 \((?P<lines>\d+) lines? (?P<encoding>[\w-]+)\)$")


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """A UTF-8 file with some lines pasted in from a legacy-encoded one: each line decoded on
    its own. Only when most lines are UTF-8 and some of them hold Vietnamese letters."""
    lines = data.splitlines(keepends=True)
    decoded: list[str | None] = []
    for line in lines:
        try:
            decoded.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            decoded.append(None)
    foreign = [line for line, text in zip(lines, decoded) if text is None]
    if len(foreign) * 2 > len(lines) or all(text is None or text.isascii() for text in decoded):
        return None
    _, encoding = _legacy_decoding(b"".join(foreign))
    decode = {"windows-1258": lambda b: b.decode("cp1258", errors="replace"),
              "tcvn3": decode_tcvn3, "vni": decode_vni}[encoding]
    text = "".join(decode(line) if text is None else text for line, text in zip(lines, decoded))
    count = len(foreign)
    return text, f"utf-8 ({count} line{'s' if count > 1 else ''} {encoding})"


def _looks_like_utf16(data: bytes) -> bool:
    sample = data[:4096]
    return sample.count(b"\x00") > len(sample) // 4


def _control_ratio(data: bytes) -> float:
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    return controls / max(len(sample), 1)


def _vietnamese_score(text: str) -> int:
    return len(_COMMON_WORDS.findall(match_key(text[:20000])))


# --- HTML -----------------------------------------------------------------------------------

_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
               "article", "header", "footer", "blockquote", "pre", "title", "ul", "ol", "table"}
# Never document text. Not `form`: ASP.NET pages wrap the whole body in one; a search form's
# option lists are skipped through `select`.
_SKIP_TAGS = {"script", "style", "head", "noscript", "template", "svg", "nav", "button", "select"}


class _HtmlText(HTMLParser):
    """Visible text as lines; each <table> becomes one `| … |` line per row, spans resolved."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.tables: list[dict] = []  # stack of tables being read

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skip += 1
            return
        if self.skip:
            return
        attrs = dict(attrs)
        if tag == "table":
            self._flush()
            self.tables.append({"rows": [], "row": None, "cell": None})
        elif self.tables and tag == "tr":
            # `</td>` and `</tr>` may be left out (HTML's optional end tags): a new row closes them
            self._close_row(self.tables[-1])
            self.tables[-1]["row"] = []
        elif self.tables and tag in ("td", "th"):
            table = self.tables[-1]
            self._close_cell(table)
            if table["row"] is None:
                table["row"] = []
            table["cell"] = {"lines": [[]], "rowspan": _span(attrs.get("rowspan")),
                             "colspan": _span(attrs.get("colspan"))}
        elif tag in _BLOCK_TAGS:
            self._break_line()

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if self.tables and tag in ("td", "th"):
            self._close_cell(self.tables[-1])
        elif self.tables and tag == "tr":
            self._close_row(self.tables[-1])
        elif tag == "table" and self.tables:
            table = self.tables.pop()
            self._close_row(table)
            grid = _grid(table["rows"])
            lines = [_row_line(cells) for cells in grid if any(cells)]
            if self.tables and self.tables[-1]["cell"] is not None:
                self.tables[-1]["cell"]["lines"][-1].append(" ".join(lines))
            else:
                self.lines.extend(lines)
        elif tag in _BLOCK_TAGS:
            self._break_line()

    @staticmethod
    def _close_cell(table: dict) -> None:
        if table["cell"] is not None and table["row"] is not None:
            table["row"].append(table["cell"])
        table["cell"] = None

    @classmethod
    def _close_row(cls, table: dict) -> None:
        cls._close_cell(table)
        if table["row"]:
            table["rows"].append(table["row"])
        table["row"] = None

    def handle_data(self, data):
        if self.skip:
            return
        if self.tables and self.tables[-1]["cell"] is not None:
            self.tables[-1]["cell"]["lines"][-1].append(data)
        elif self.tables:
            return  # whitespace between cells
        else:
            self.current.append(data)

    def _break_line(self):
        """A block tag ends a line: in a cell, one of the cell's lines (`Sở Tài chính<br>Sở Nội
        vụ`: one agency a line, which the cell's text must keep apart)."""
        if self.tables and self.tables[-1]["cell"] is not None:
            self.tables[-1]["cell"]["lines"].append([])
        else:
            self._flush()

    def _flush(self):
        text = re.sub(r"\s+", " ", "".join(self.current)).strip()
        if text:
            self.lines.append(text)
        self.current = []

    def result(self) -> str:
        self._flush()
        return "\n".join(self.lines)


def _span(value) -> int:
    try:
        return max(1, min(int(value), 1000))
    except (TypeError, ValueError):
        return 1


def _grid(rows: list[list[dict]]) -> list[list[str]]:
    """Lay cells out on a grid: a rowspan repeats its text into the rows it covers (so every
    row carries its own lead/coordinators/time), a colspan leaves the covered cells empty."""
    grid: list[list[str | None]] = []
    for r, row in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
        c = 0
        for cell in row:
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1
            text = _join_cell_lines([_cell_text("".join(line)) for line in cell["lines"]])
            for dr in range(min(cell["rowspan"], len(rows) - r)):  # no rows past the table's
                while len(grid) <= r + dr:
                    grid.append([])
                target = grid[r + dr]
                for dc in range(cell["colspan"]):
                    while len(target) <= c + dc:
                        target.append(None)
                    target[c + dc] = text if dc == 0 else ""
            c += cell["colspan"]
    return [[cell or "" for cell in row] for row in grid]


def _cell_text(text: str) -> str:
    """A cell's text on one line; a `|` in it would read as a cell boundary."""
    return re.sub(r"\s+", " ", text).strip().replace("|", "/")


def _join_cell_lines(lines: list[str]) -> str:
    """A cell's lines on one line (a row is one line): a line opening with a capital or a digit
    starts a new item (the next agency, the next period), joined with `; ` as a typed list would
    be; one opening in lower case or `(`, or after a punctuation mark, continues the line above."""
    text = ""
    for line in filter(None, lines):
        if not text:
            text = line
        elif text[-1] in ",;:." or line[0].islower() or line[0] == "(":
            text += " " + line
        else:
            text += "; " + line
    return text


def _row_line(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def html_to_text(html: str) -> str:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    return parser.result()


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in text)


# --- JSON -----------------------------------------------------------------------------------

def _json_text(raw: str) -> str:
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ReadError("bad_json", f"not valid JSON: {exc}") from None
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in JSON_TEXT_FIELDS:
            field = value.get(key)
            if isinstance(field, str) and field.strip():
                return html_to_text(field) if _looks_like_html(field) or key == "html" else field
    raise ReadError("no_text_field", f"no text field ({', '.join(JSON_TEXT_FIELDS)}) in the JSON")


# --- PDF ------------------------------------------------------------------------------------

def _read_pdf(data: bytes) -> str:
    import io

    import pdfplumber
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds of error on broken files
        raise ReadError("bad_pdf", f"cannot open the PDF: {type(exc).__name__}: {exc}") from None
    lines: list[str] = []
    try:
        with pdf:
            for page in pdf.pages:
                lines.extend(_pdf_page_lines(page))
    except Exception as exc:
        raise ReadError("bad_pdf", f"cannot read the PDF: {type(exc).__name__}: {exc}") from None
    text = "\n".join(lines)
    if not text.strip():
        raise ReadError("no_text_layer", "the PDF has no text layer (a scan?); OCR it first")
    return text


def _pdf_page_lines(page) -> list[str]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside_tables(obj) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    # Text and tables in reading order: each table is placed where its top edge is.
    pieces: list[tuple[float, list[str]]] = []
    text_page = page.filter(outside_tables) if boxes else page
    for line in text_page.extract_text_lines(layout=False):
        pieces.append((line["top"], [line["text"]]))
    for table in tables:
        pieces.append((table.bbox[1], _pdf_table_lines(table.extract())))
    pieces.sort(key=lambda p: p[0])
    return [text for _, texts in pieces for text in texts]


def _pdf_table_lines(rows: list[list[str | None]]) -> list[str]:
    """pdfplumber gives None where a merged cell covers a position: a row with some cells
    present takes the missing ones from the row above (rowspan); a row that is empty after its
    first cells is a heading spanning the table (colspan) and keeps them empty."""
    out, previous = [], None
    for row in rows:
        cells = [_cell_text(c) if c is not None else None for c in row]
        filled = [c for c in cells if c is not None]
        spans_row = all(c is None for c in cells[len(filled):]) and len(filled) <= 2
        if previous is not None and not spans_row:
            cells = [prev if c is None else c for c, prev in zip(cells, previous)]
        cells = [c or "" for c in cells]
        if any(cells):
            out.append(_row_line(cells))
            previous = cells
    return out
