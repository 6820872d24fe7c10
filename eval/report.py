"""Render a score dict (eval.scorer.score_corpus) as a terminal table, Markdown and HTML.

The HTML is one self-contained file: inline CSS, an inline SVG bar chart, no scripts.
"""

import html
import json
from pathlib import Path

from eval.records import gold_raw_files
from eval.scorer import METADATA_NORMALIZERS, SCOPES
from pipeline.reading import ReadError, doc_id_for, read_file

CHART_METADATA = (*METADATA_NORMALIZERS, "legal_bases_f1")  # every field's accuracy, and the bases' F1
CHART_TASKS = ("detection_f1", "id", "kind", "section", "lead", "coordinators_f1", "product", "timeframe_start",
               "timeframe_end", "timeframe_recurrence", "text_ratio", "all_right_gold")
DOCUMENT_COLUMNS = {  # task score → its short column header
    "detection_precision": "det P", "detection_recall": "det R", "detection_f1": "det F1", "lead": "lead",
    "coordinators_f1": "coord F1", "timeframe_start": "start", "timeframe_end": "end",
    "timeframe_recurrence": "recur", "all_right_gold": "all right",
}
WRONG_HEADERS = ("document", "task", "line", "field", "gold", "predicted", "raw line")
ABLATION_METRICS = ("lead", "coordinators_precision", "coordinators_recall", "coordinators_f1",
                    "all_right_paired", "all_right_gold")


def format_rate(value) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _format_value(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


# --- tables: (title, headers, rows), shared by every renderer ---------------------------


def _metadata_table(scores):
    rows = [(name, format_rate(value)) for name, value in scores["metadata"].items()]
    title = "Metadata (accuracy over documents; legal_bases by set precision/recall/F1)"
    return title, ("field", "score"), rows


def _tasks_table(scores):
    rows = [(f"{count} tasks", *(str(scores["task_counts"][scope][count]) for scope in SCOPES))
            for count in ("gold", "predicted", "paired")]
    rows += [(metric, *(format_rate(scores["tasks"][scope][metric]) for scope in SCOPES))
             for metric in scores["tasks"]["all"]]
    title = (f"Tasks (precision by predicted kind; all else by gold kind): "
             f"{scores['documents_scored']} documents, {scores['documents_predicted']} predicted")
    return title, ("metric",) + SCOPES, rows


def _documents_table(scores):
    headers = ("document", "predicted", "metadata", "bases F1", "gold", "pred", "paired",
               *DOCUMENT_COLUMNS.values())
    rows = []
    for doc_id, document in scores["documents"].items():
        metadata = document["metadata"]
        fields = [value for name, value in metadata.items() if not name.startswith("legal_bases")]
        counts, tasks = document["task_counts"]["all"], document["tasks"]["all"]
        rows.append((doc_id, "yes" if document["predicted"] else "NO",
                     f"{sum(fields):.0f}/{len(fields)}", format_rate(metadata["legal_bases_f1"]),
                     str(counts["gold"]), str(counts["predicted"]), str(counts["paired"]),
                     *(format_rate(tasks[name]) for name in DOCUMENT_COLUMNS)))
    title = ("Per document (metadata: fields right; bases: legal_bases; tasks of every kind; "
             "all right: over gold tasks)")
    return title, headers, rows


def _format_difference(with_nlp, rules_only):
    if with_nlp is None or rules_only is None:
        return "n/a"
    difference = with_nlp - rules_only
    return "0.000" if abs(difference) < 0.0005 else f"{difference:+.3f}"


def ablation_table(with_nlp: dict, rules_only: dict) -> tuple[str, tuple, list]:
    """The agency scores of two score dicts side by side, per task scope, and their difference."""
    rows = []
    for scope in SCOPES:
        for metric in ABLATION_METRICS:
            on, off = with_nlp["tasks"][scope][metric], rules_only["tasks"][scope][metric]
            rows.append((f"tasks.{scope}.{metric}", format_rate(on), format_rate(off), _format_difference(on, off)))
    title = ("Agency NLP ablation (the raw files of the gold documents converted afresh with "
             "CONGBAO_AGENCY_NLP=1 and =0; difference = with NLP - rules only)")
    return title, ("score", "with NLP", "rules only", "difference"), rows


def _tables(scores, ablation=None):
    tables = [_metadata_table(scores), _tasks_table(scores), _documents_table(scores)]
    return tables + [ablation] if ablation else tables


def _wrong_rows(wrong, raw_lines):
    for item in wrong:
        line = item["line"]
        raw = raw_lines.get(item["doc_id"], [])
        yield (item["doc_id"], item["task"] or "", "" if line is None else str(line), item["field"],
               _format_value(item["gold"]), _format_value(item["pred"]),
               raw[line - 1].strip() if line and 0 < line <= len(raw) else "")


# --- terminal ---------------------------------------------------------------------------


def terminal_block(table: tuple[str, tuple, list]) -> str:
    """One (title, headers, rows) table as aligned text: first column left, the others right."""
    title, headers, rows = table
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows)]
    lines = [title]
    for row in (headers, *rows):
        cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:])]
        lines.append("  " + "  ".join(cells))
    return "\n".join(lines)


def terminal_table(scores: dict) -> str:
    return "\n\n".join(terminal_block(table) for table in _tables(scores)) + "\n"


# --- markdown ---------------------------------------------------------------------------


def _markdown_cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown_table(headers, rows):
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_markdown_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def markdown_report(scores: dict, wrong: list, raw_lines: dict, ablation=None) -> str:
    """The report; `ablation` (an ablation_table) adds its section after the score tables."""
    parts = ["# Scores against the gold set", ""]
    for title, headers, rows in _tables(scores, ablation):
        parts += [f"## {title}", "", _markdown_table(headers, rows), ""]
    wrong_table = _markdown_table(WRONG_HEADERS, list(_wrong_rows(wrong, raw_lines)))
    parts += [f"## Wrong fields ({len(wrong)})", "", wrong_table, ""]
    return "\n".join(parts)


# --- html -------------------------------------------------------------------------------

_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin-bottom: 2em; font-size: 14px; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
th { background: #f0f0f0; }
table.wrong td { text-align: left; max-width: 32em; overflow-wrap: anywhere; }
td.raw { font-family: monospace; background: #fafafa; }
svg text { font-size: 12px; }
"""


def _bar_colour(value):
    return "#2e7d32" if value >= 0.9 else "#f9a825" if value >= 0.7 else "#c62828"


def bar_chart_svg(scores: dict) -> str:
    """Horizontal bars, one per corpus-level field score; None is drawn as "n/a"."""
    bars = [(f"metadata.{name}", scores["metadata"][name]) for name in CHART_METADATA]
    bars += [(f"tasks.{name}", scores["tasks"]["all"][name]) for name in CHART_TASKS]
    label_width, bar_width, height = 220, 400, 18
    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{label_width + bar_width + 60}" '
             f'height="{height * len(bars) + 10}" role="img" aria-label="per-field scores">']
    for n, (label, value) in enumerate(bars):
        y = 5 + n * height
        parts.append(f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end">{html.escape(label)}</text>')
        if value is not None:
            parts.append(f'<rect x="{label_width}" y="{y + 2}" width="{value * bar_width:.1f}" height="{height - 4}" '
                         f'fill="{_bar_colour(value)}"/>')
        value_x = label_width + (value or 0) * bar_width + 4
        parts.append(f'<text x="{value_x:.1f}" y="{y + 13}">{format_rate(value)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _html_table(headers, rows, wrong_fields=False):
    """A table; for wrong fields the last column (the raw line) is set as code."""
    head = "".join(f"<th>{html.escape(cell)}</th>" for cell in headers)
    body = []
    for row in rows:
        cells = [f"<td>{html.escape(cell)}</td>" for cell in row]
        if wrong_fields:
            cells[-1] = f'<td class="raw">{html.escape(row[-1])}</td>'
        body.append("<tr>" + "".join(cells) + "</tr>")
    css_class = ' class="wrong"' if wrong_fields else ""
    return f"<table{css_class}><tr>{head}</tr>\n" + "\n".join(body) + "</table>"


def html_report(scores: dict, wrong: list, raw_lines: dict, ablation=None) -> str:
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             "<title>congbao: scores against the gold set</title>", f"<style>{_CSS}</style></head><body>",
             "<h1>Scores against the gold set</h1>", "<h2>Per-field scores</h2>", bar_chart_svg(scores)]
    for title, headers, rows in _tables(scores, ablation):
        parts += [f"<h2>{html.escape(title)}</h2>", _html_table(headers, rows)]
    parts += [f"<h2>Wrong fields ({len(wrong)})</h2>",
              _html_table(WRONG_HEADERS, list(_wrong_rows(wrong, raw_lines)), wrong_fields=True), "</body></html>"]
    return "\n".join(parts) + "\n"


# --- files ------------------------------------------------------------------------------


def read_raw_lines(raw_dir: Path, doc_ids) -> dict:
    """doc_id → the lines of its raw file's text, read and numbered as the converter reads them."""
    lines = {}
    for path in gold_raw_files(raw_dir, doc_ids):
        try:
            lines[doc_id_for(path)] = read_file(path).raw_text.splitlines()
        except ReadError:
            continue
    return lines


def write_reports(scores: dict, wrong: list, out_dir: Path, raw_dir: Path, ablation=None) -> list[Path]:
    """Write report.md and report.html into out_dir (with the ablation_table if given); returns their paths."""
    raw_lines = read_raw_lines(raw_dir, scores["documents"])
    written = []
    for name, render in (("report.md", markdown_report), ("report.html", html_report)):
        path = out_dir / name
        path.write_text(render(scores, wrong, raw_lines, ablation), encoding="utf-8")
        written.append(path)
    return written
