"""`python -m eval`: score predictions against the gold set, report, compare, check thresholds.

After the score table it prints the agency NLP ablation (eval/ablation.py; `--no-ablation`
skips it), which also goes into report.md and report.html; it never changes the exit status.

Exit status: 0 when every score meets its threshold, 1 when one is under it, 2 when the
thresholds file is missing or names a score that does not exist (a typo must not switch a
check off), or when --gold holds no gold record (nothing scored would pass every threshold).
"""

import argparse
import json
import sys
from pathlib import Path

from eval.ablation import AblationError, agency_ablation
from eval.records import load_gold, load_predictions
from eval.report import ablation_table, format_rate, terminal_block, terminal_table, write_reports
from eval.scorer import flat_scores, score_corpus
from eval.thresholds import below_thresholds, load_thresholds, unknown_scores


def describe_changes(old: dict, new: dict) -> list[str]:
    """Per-score gains and losses, and the gold tasks that went from right to wrong."""
    old_flat, new_flat = flat_scores(old), flat_scores(new)
    gains, losses = [], []
    for key, value in new_flat.items():
        before = old_flat.get(key)
        if before == value or (before is not None and value is not None and abs(before - value) < 1e-9):
            continue
        change = f"  {key}: {format_rate(before)} -> {format_rate(value)}"
        (gains if before is None or (value is not None and value > before) else losses).append(change)
    broken, fixed = [], 0
    for doc_id, tasks in new["task_status"].items():
        before = old.get("task_status", {}).get(doc_id, {})
        broken += [f"  {doc_id} {label}" for label, right in tasks.items() if before.get(label) and not right]
        fixed += sum(1 for label, right in tasks.items() if right and before.get(label) is False)
    lines = [f"Gains ({len(gains)}):", *gains, f"Losses ({len(losses)}):", *losses,
             f"Gold tasks right before, wrong now ({len(broken)}):", *broken,
             f"Gold tasks wrong before, right now: {fixed}"]
    return lines


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m eval", description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=Path("eval/gold"))
    parser.add_argument("--pred", type=Path, default=Path("corpus/structured/documents"))
    parser.add_argument("--raw", type=Path, default=Path("corpus/raw"))
    parser.add_argument("--thresholds", type=Path, default=Path("eval/thresholds.toml"),
                        help="minimum scores; report.md and report.html are written beside it")
    parser.add_argument("--scores", type=Path, default=Path("eval/scores.json"),
                        help="the committed scores this run is compared with")
    parser.add_argument("--update-scores", action="store_true", help="rewrite --scores with this run's scores")
    parser.add_argument("--no-ablation", action="store_true",
                        help="skip the agency NLP ablation (converting --raw again with and without the NLP part)")
    return parser.parse_args(argv)


def _ablation(gold: dict, raw_dir: Path):
    """The ablation table, printed; None (with a warning) when it cannot run: it never sets the exit status."""
    try:
        table = ablation_table(*agency_ablation(gold, raw_dir))
    except AblationError as error:
        print(f"warning: agency NLP ablation not run: {error}", file=sys.stderr)
        return None
    print(terminal_block(table) + "\n")
    return table


def main(argv=None) -> int:
    args = _arguments(argv)
    if not args.thresholds.is_file():
        print(f"error: no thresholds file at {args.thresholds} (give one with --thresholds; "
              "the reports are written beside it)", file=sys.stderr)
        return 2
    gold = load_gold(args.gold)
    if not gold:
        print(f"error: no gold record in {args.gold} (give the folder of <doc_id>.json gold files "
              "with --gold)", file=sys.stderr)
        return 2
    predictions = load_predictions(args.pred, gold)
    if not predictions:
        print(f"warning: no predicted record in {args.pred} for any gold document "
              "(run `make convert` first)", file=sys.stderr)
    scores, wrong = score_corpus(gold, predictions)
    print(terminal_table(scores))
    ablation = None if args.no_ablation else _ablation(gold, args.raw)
    for path in write_reports(scores, wrong, args.thresholds.parent, args.raw, ablation):
        print(f"wrote {path}")

    if args.scores.is_file():
        print(f"\nChanges against {args.scores}:")
        print("\n".join(describe_changes(json.loads(args.scores.read_text(encoding="utf-8")), scores)))
    else:
        print(f"\nNo committed scores at {args.scores} to compare with.")
    if args.update_scores:
        args.scores.write_text(json.dumps(scores, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.scores}")

    flat, thresholds = flat_scores(scores), load_thresholds(args.thresholds)
    unknown = unknown_scores(flat, thresholds)
    if unknown:
        print(f"error: {args.thresholds} names scores that do not exist: {', '.join(unknown)}", file=sys.stderr)
        return 2
    failures = below_thresholds(flat, thresholds)
    if failures:
        print(f"\n{len(failures)} score(s) under threshold ({args.thresholds}):")
        print("\n".join(f"  {line}" for line in failures))
    else:
        print(f"\nEvery score meets its threshold ({args.thresholds}).")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
