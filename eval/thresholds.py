"""The minimum scores (`eval/thresholds.toml`) and the check against them.

Used by `python -m eval` (its exit status) and by `tests/test_accuracy.py` (so `make test`
fails too when accuracy slips).
"""

import tomllib
from pathlib import Path

from eval.report import format_rate


def load_thresholds(path: Path) -> dict:
    """The thresholds file's dotted keys (`tasks.all.lead = 0.9`) as one flat dict."""
    def flatten(table, prefix):
        for key, value in table.items():
            if isinstance(value, dict):
                yield from flatten(value, f"{prefix}{key}.")
            else:
                yield f"{prefix}{key}", value

    with path.open("rb") as handle:
        return dict(flatten(tomllib.load(handle), ""))


def unknown_scores(flat: dict, thresholds: dict) -> list[str]:
    """Threshold keys that name no score (a typo must not switch a check off)."""
    return sorted(set(thresholds) - set(flat))


def below_thresholds(flat: dict, thresholds: dict) -> list[str]:
    """One line per score under its threshold; a score with nothing to count (None) passes."""
    return [f"{key}: {format_rate(flat[key])} < {minimum}"
            for key, minimum in thresholds.items() if flat[key] is not None and flat[key] < minimum]
