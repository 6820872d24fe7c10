"""Reading the gold set and a folder of predicted records (`python -m eval`, the ablation, the tests)."""

import json
import sys
from pathlib import Path


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
