"""Reading the gold set, a folder of predicted records and the gold documents' raw files
(`python -m eval`, its report and ablation, the tests)."""

import json
import sys
from pathlib import Path

from pipeline.reading import doc_id_for


def load_gold(gold_dir: Path) -> dict:
    """doc_id → gold record, from gold_dir/*.json; names starting with "_" and subfolders are skipped."""
    return {path.stem: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(gold_dir.glob("*.json")) if path.is_file() and not path.name.startswith("_")}


def load_predictions(pred_dir: Path, doc_ids) -> dict:
    """doc_id → predicted record, for the doc_ids that have a readable pred_dir/<doc_id>.json."""
    predictions = {}
    for doc_id in doc_ids:
        path = pred_dir / f"{doc_id}.json"
        if not path.is_file():
            continue
        try:
            predictions[doc_id] = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            print(f"warning: {path} is not a readable record ({error}); scored as no prediction", file=sys.stderr)
    return predictions


def gold_raw_files(raw_dir: Path, doc_ids) -> list[Path]:
    """The files of raw_dir whose doc_id is one of doc_ids (none when raw_dir is no folder)."""
    if not raw_dir.is_dir():
        return []
    wanted = set(doc_ids)
    return [path for path in sorted(raw_dir.iterdir()) if path.is_file() and doc_id_for(path) in wanted]
