"""The agency NLP ablation (issue 6): how much the underthesea part of agency reading adds.

The raw files of the gold documents are converted twice, with `CONGBAO_AGENCY_NLP=1` and
`=0`, and both conversions are scored against the gold set. Each conversion is a fresh
`python -m pipeline convert` process with the variable set, so neither inherits the caller's
setting nor anything cached in this process.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pipeline
from eval.records import gold_raw_files, load_predictions
from eval.scorer import score_corpus

# Where `pipeline` is imported from, so the child process runs the same code as this one.
_SOURCE_ROOT = str(Path(pipeline.__file__).resolve().parent.parent)


class AblationError(Exception):
    """The ablation could not be run (no raw files for the gold set, or a conversion failed)."""


def _start_conversion(files: list[Path], out_dir: Path, nlp: bool) -> subprocess.Popen:
    python_path = [_SOURCE_ROOT, *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "CONGBAO_AGENCY_NLP": "1" if nlp else "0", "PYTHONPATH": os.pathsep.join(python_path)}
    workers = str(max(1, (os.cpu_count() or 2) // 2))  # the two conversions share the cores
    command = [sys.executable, "-m", "pipeline", "convert", "--quiet", "-j", workers, "--out", str(out_dir),
               *map(str, files)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, encoding="utf-8", errors="replace")


def agency_ablation(gold: dict, raw_dir: Path) -> tuple[dict, dict]:
    """(scores with the NLP part, scores with rules and gazetteer only) of gold's raw files.

    The two conversions run side by side; raises AblationError when either fails."""
    files = gold_raw_files(raw_dir, gold)
    if not files:
        raise AblationError(f"no raw file of a gold document in {raw_dir}")
    with tempfile.TemporaryDirectory(prefix="congbao-ablation-") as scratch:
        outputs = {nlp: Path(scratch) / ("nlp" if nlp else "rules") for nlp in (True, False)}
        processes = {nlp: _start_conversion(files, out_dir, nlp) for nlp, out_dir in outputs.items()}
        messages = {nlp: process.communicate()[1] for nlp, process in processes.items()}
        for nlp, process in processes.items():
            if process.returncode:
                setting = "CONGBAO_AGENCY_NLP=" + ("1" if nlp else "0")
                raise AblationError(f"conversion with {setting} exited {process.returncode}: "
                                    f"{messages[nlp].strip()[-2000:]}")
        with_nlp, rules_only = (score_corpus(gold, load_predictions(outputs[nlp] / "documents", gold))[0]
                                for nlp in (True, False))
        return with_nlp, rules_only
