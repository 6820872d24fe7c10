"""spaCy as the annotation layer: a text as a `Doc` whose span groups hold what was found in it.

`build_doc(text)` → a `spacy.tokens.Doc` over exactly `text` (same characters, so span offsets
are offsets in `doc.text`), built from the agency tokenizer's words in a blank Vietnamese
pipeline (no model, no pyvi), with span groups:

- `doc.spans["agencies"]`: one span per agency name read by `extractors.agencies.find_agencies`,
  label `AGENCY`, `kb_id_` = the canonical name (abbreviations expanded, heads distributed);
- `doc.spans["gazetteer"]`: every gazetteer name or alias (`extractors/data/agencies.csv`) that
  the `PhraseMatcher` finds, label = its kind; it matches on token norms set to
  `pipeline.textkey.match_key`, so `Uỷ`/`Ủy` and any casing match;
- `doc.spans["timeframes"]`: each line's deadline or recurrence as `extractors.timeframes`
  reads it (`find_timeframe`), label `TIMEFRAME`, `kb_id_` = its start … end or recurrence.

Building a Doc is for inspection and highlighting (`python -m pipeline annotate FILE`, an HTML
page with every agency and timeframe marked); the converter's hot path does not need it.
"""

from __future__ import annotations

from functools import lru_cache

from extractors.agencies import find_agencies, gazetteer, tokenize
from pipeline.textkey import match_key


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    # the Vietnamese tokenizer would need pyvi; Docs are built from our own words instead
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})


def _words(text: str) -> tuple[list[str], list[bool]]:
    """Words and trailing-space flags that reproduce `text` exactly (other gaps become tokens)."""
    words, spaces, pos = [], [], 0
    for token in tokenize(text):
        gap = text[pos:token.start]
        if gap == " " and words:
            spaces[-1] = True
        elif gap:
            words.append(gap)
            spaces.append(False)
        words.append(token.text)
        spaces.append(False)
        pos = token.end
    if text[pos:]:
        words.append(text[pos:])
        spaces.append(False)
    return words, spaces


def _doc(text: str):
    from spacy.tokens import Doc

    words, spaces = _words(text)
    doc = Doc(_nlp().vocab, words=words, spaces=spaces)
    for token in doc:
        token.norm_ = match_key(token.text) or token.text
    return doc


@lru_cache(maxsize=1)
def _gazetteer_matcher():
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(_nlp().vocab, attr="NORM")
    for name, kind, aliases in gazetteer():
        matcher.add(kind, [_doc(text) for text in (name, *aliases)])
    return matcher


def build_doc(text: str):
    """`text` as an annotated spaCy Doc (see the module docstring for its span groups)."""
    from spacy.tokens import Span

    doc = _doc(text)
    agencies = []
    for run in find_agencies(text):
        for name, (start, end) in zip(run.names, run.spans):
            span = doc.char_span(start, end, label="AGENCY", kb_id=name, alignment_mode="expand")
            if span is not None:
                agencies.append(span)
    doc.spans["agencies"] = agencies
    doc.spans["gazetteer"] = [Span(doc, start, end, label=kind)
                              for kind, start, end in _gazetteer_matcher()(doc)]
    doc.spans["timeframes"] = _timeframe_spans(doc, text)
    return doc


def _timeframe_spans(doc, text: str) -> list:
    from extractors.timeframes import find_timeframe, looks_like_time, parse_timeframe

    spans, offset = [], 0
    for line in text.split("\n"):
        # a deadline or recurrence said in the line; else a time cell is one as a whole
        found = find_timeframe(line) or (
            (parse_timeframe(line), (0, len(line))) if looks_like_time(line) else None)
        if found:
            frame, (start, end) = found
            meaning = frame["recurrence"] or f"{frame['start'] or '…'} – {frame['end'] or '…'}"
            span = doc.char_span(offset + start, offset + end, label="TIMEFRAME", kb_id=meaning,
                                 alignment_mode="expand")
            if span is not None:
                spans.append(span)
        offset += len(line) + 1
    return spans


def annotate_file(path) -> str:
    """One document as a self-contained HTML page (spaCy's displaCy) with its agencies and
    timeframes marked, over the normalized text the extractors read."""
    from spacy import displacy

    from pipeline.convert import segment_file

    doc = build_doc(segment_file(path).text)
    doc.spans["marked"] = sorted([*doc.spans["agencies"], *doc.spans["timeframes"]],
                                 key=lambda span: span.start)
    return displacy.render(doc, style="span", page=True, options={
        "spans_key": "marked", "colors": {"AGENCY": "#cde8f6", "TIMEFRAME": "#fbe3b5"}})
