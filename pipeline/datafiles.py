"""The data files every stage reads (word lists, gazetteers, encoding tables), in one place.

Data lives beside the code that uses it: `pipeline/data/` for reading, normalizing and
segmenting, `extractors/data/` for the extractors. A file name is unique across both.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA_DIRS = (ROOT / "pipeline" / "data", ROOT / "extractors" / "data")


def data_path(name: str) -> Path:
    for folder in DATA_DIRS:
        path = folder / name
        if path.exists():
            return path
    raise FileNotFoundError(f"data file {name!r} not found in {', '.join(map(str, DATA_DIRS))}")


@lru_cache(maxsize=None)
def load_yaml(name: str):
    return yaml.safe_load(data_path(name).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def load_csv(name: str) -> tuple[dict, ...]:
    """Rows of a CSV data file as dicts; lines starting with `#` are comments."""
    with data_path(name).open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return tuple(csv.DictReader(lines))


def read_text(name: str) -> str:
    return data_path(name).read_text(encoding="utf-8")
