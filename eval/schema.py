"""Check a record against CONTRACT.md section 4: required fields, their types, allowed values.

`source`, `span`, `line` and `warnings` may be left out (gold files omit them) but are checked
when present.
"""

import datetime
import re

KINDS = {"table", "assignment", "item"}
RECURRENCES = {"yearly", "half-yearly", "quarterly", "monthly", "weekly", "continuous", None}
METADATA_TEXTS = ("number", "doc_type", "issuer", "place", "title", "signer_name", "signer_title")
METADATA_DATES = ("issued_date", "effective_date")
_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _is_date(value):
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return False
    year, month, day = (value.split("-") + ["01", "01"])[:3]
    try:
        datetime.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def _text_or_null(value):
    return value is None or isinstance(value, str)


def _date_or_null(value):
    return value is None or _is_date(value)


def _texts(value):
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _items(value):
    return value if isinstance(value, list) else []


def _check_keys(where, value, rules, problems, optional=()):
    if not isinstance(value, dict):
        problems.append(f"{where}: expected an object, got {type(value).__name__}")
        return
    for key, (is_valid, expected) in rules.items():
        if key not in value:
            if key not in optional:
                problems.append(f"{where}.{key}: missing")
        elif not is_valid(value[key]):
            problems.append(f"{where}.{key}: expected {expected}, got {value[key]!r}")


def _check_timeframe(where, value, problems):
    if value is None:
        return
    _check_keys(where, value, {
        "text": (_text_or_null, "text or null"),
        "start": (_date_or_null, "an ISO date or null"),
        "end": (_date_or_null, "an ISO date or null"),
        "recurrence": (lambda item: item in RECURRENCES, f"one of {sorted(map(str, RECURRENCES))}"),
    }, problems)


def _check_metadata(metadata, problems):
    rules = {name: (_text_or_null, "text or null") for name in METADATA_TEXTS}
    rules.update({name: (_date_or_null, "an ISO date or null") for name in METADATA_DATES})
    rules.update({
        "signing_capacity": (_texts, "a list of texts"),
        "legal_bases": (lambda item: isinstance(item, list), "a list"),
        "attachments": (lambda item: isinstance(item, list), "a list"),
        "period": (lambda item: item is None or isinstance(item, dict), "a timeframe or null"),
    })
    _check_keys("metadata", metadata, rules, problems)
    for n, basis in enumerate(_items(metadata.get("legal_bases"))):
        where = f"metadata.legal_bases[{n}]"
        _check_keys(where, basis, {
            "number": (_text_or_null, "text or null"),
            "doc_type": (_text_or_null, "text or null"),
            "issued_date": (_date_or_null, "an ISO date or null"),
            "issuer": (_text_or_null, "text or null"),
            "name": (_text_or_null, "text or null"),
        }, problems, optional=("name",))
        if isinstance(basis, dict) and basis.get("number") is None and not basis.get("name"):
            problems.append(f"{where}: an unnumbered basis needs a name")
    for n, attachment in enumerate(_items(metadata.get("attachments"))):
        _check_keys(f"metadata.attachments[{n}]", attachment, {
            "doc_type": (_text_or_null, "text or null"),
            "title": (_text_or_null, "text or null"),
        }, problems)
    _check_timeframe("metadata.period", metadata.get("period"), problems)


def _check_task(where, task, problems):
    _check_keys(where, task, {
        "id": (_text_or_null, "text or null"),
        "kind": (lambda item: item in KINDS, f"one of {sorted(KINDS)}"),
        "section": (_text_or_null, "text or null"),
        "text": (_text_or_null, "text or null"),
        "lead": (_texts, "a list of texts"),
        "coordinators": (_texts, "a list of texts"),
        "product": (_text_or_null, "text or null"),
        "timeframe": (lambda item: item is None or isinstance(item, dict), "a timeframe or null"),
        "span": (lambda item: isinstance(item, list) and len(item) == 2
                 and all(isinstance(end, int) for end in item), "[start, end]"),
        "line": (lambda item: isinstance(item, int) and item >= 1, "a line number from 1"),
    }, problems, optional=("span", "line"))
    if isinstance(task, dict):
        _check_timeframe(f"{where}.timeframe", task.get("timeframe"), problems)


def validate_record(record) -> list[str]:
    """Every way the record breaks the contract's record format; empty when it is valid."""
    problems = []
    _check_keys("record", record, {
        "schema": (lambda item: isinstance(item, str), "text"),
        "doc_id": (lambda item: isinstance(item, str) and bool(item), "text"),
        "source": (lambda item: isinstance(item, dict), "an object"),
        "metadata": (lambda item: isinstance(item, dict), "an object"),
        "tasks": (lambda item: isinstance(item, list), "a list"),
        "warnings": (_texts, "a list of texts"),
    }, problems, optional=("source", "warnings"))
    if not isinstance(record, dict):
        return problems
    if isinstance(record.get("metadata"), dict):
        _check_metadata(record["metadata"], problems)
    for n, task in enumerate(_items(record.get("tasks"))):
        _check_task(f"tasks[{n}]", task, problems)
    return problems
