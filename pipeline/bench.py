"""The throughput benchmark (CONTRACT section 6): `make bench`.

Corpus: the bulk documents of ../shared/bulk plus the seeds replicated until the whole is at
least 20 MB, copied into a scratch folder. Converts it with 1 worker and with all cores, and
times `underthesea.word_tokenize` on the same text for comparison.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from pipeline.batch import run_batch
from pipeline.convert import warm_up

ROOT = Path(__file__).resolve().parents[1]
BULK = ROOT.parent / "shared" / "bulk"
TARGET_BYTES = 20 * 1024 * 1024


def build_corpus(folder: Path, bulk: Path, seeds: Path) -> tuple[int, int]:
    """Fill `folder`; return (number of bulk files, total bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    bulk_files = sorted(bulk.glob("bulk_*.md"))
    for path in bulk_files:
        shutil.copy(path, folder / path.name)
    total = sum(p.stat().st_size for p in folder.iterdir())
    seed_files = sorted(seeds.glob("*.txt"))
    copy = 0
    while total < TARGET_BYTES and seed_files:
        for path in seed_files:
            target = folder / f"seedcopy{copy:03d}_{path.name}"
            shutil.copy(path, target)
            total += target.stat().st_size
        copy += 1
    return len(bulk_files), total


def tokenize_rate(folder: Path, sample_bytes: int) -> float:
    from underthesea import word_tokenize

    texts, size = [], 0
    for path in sorted(folder.iterdir()):
        text = path.read_text(encoding="utf-8", errors="replace")
        texts.append(text)
        size += len(text.encode("utf-8"))
        if size >= sample_bytes:
            break
    started = time.perf_counter()
    for text in texts:
        for line in text.splitlines():
            if line.strip():
                word_tokenize(line)
    return size / 1e6 / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bulk", type=Path, default=BULK)
    parser.add_argument("--tokenize-sample-mb", type=float, default=2.0,
                        help="MB of the same corpus text given to underthesea (it is slow)")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                        help="workers of the parallel run (default: all cores)")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="congbao-bench-"))
    try:
        corpus = scratch / "raw"
        n_bulk, total = build_corpus(corpus, args.bulk, ROOT / "corpus" / "raw")
        n_files = len(list(corpus.iterdir()))
        print(f"corpus: {n_files} files ({n_bulk} bulk), {total / 1e6:.1f} MB")
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the start "
              "(other work on the machine slows every figure below)")
        started = time.perf_counter()
        warm_up()
        start_up = time.perf_counter() - started
        print(f"start-up: {start_up:.2f} s to load the data files and underthesea's models, once "
              "per batch, before its workers start (not in the rates)")
        rows = []
        bulk_errors = None
        for run, workers in enumerate((1, args.jobs)):
            out = scratch / f"out{run}"  # a folder each: a second run into the first would skip all
            started = time.perf_counter()
            result = run_batch([corpus], out, workers=workers, progress=False)
            seconds = time.perf_counter() - started
            rows.append((workers, n_files / seconds, total / 1e6 / seconds, seconds))
            bulk_errors = sum(1 for e in result.errors if e["file"].startswith("bulk_"))
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        token_rate = tokenize_rate(corpus, int(args.tokenize_sample_mb * 1e6))
        print(f"{'workers':>7} {'docs/s':>8} {'MB/s':>8} {'seconds':>8} {'× tokenize':>11}")
        for workers, docs_rate, mb_rate, seconds in rows:
            print(f"{workers:>7} {docs_rate:>8.1f} {mb_rate:>8.2f} {seconds:>8.1f} {mb_rate / token_rate:>11.1f}")
        print(f"speed-up with {rows[-1][0]} workers: {rows[0][3] / rows[-1][3]:.2f}× "
              f"({(rows[0][3] + start_up) / (rows[-1][3] + start_up):.2f}× with the start-up counted)")
        print(f"underthesea.word_tokenize: {token_rate:.3f} MB/s (on {args.tokenize_sample_mb} MB of the same text)")
        print(f"peak memory: main process {peak_self:.0f} MB, largest worker {peak_child:.0f} MB")
        print(f"load average at the end: {os.getloadavg()[0]:.2f}")
        print(f"bulk documents ending as errors: {bulk_errors} (expected 0)")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
