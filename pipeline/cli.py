"""Command line: `python -m pipeline convert|segment|annotate …`. It only parses arguments; the work
is done by the library (`pipeline.batch`, `pipeline.convert`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.batch import MAX_FILE_BYTES, SECONDS_PER_FILE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    convert = commands.add_parser("convert", help="convert files or folders into records")
    convert.add_argument("paths", nargs="+", help="files or folders; '-' reads one document from stdin")
    convert.add_argument("--out", default="corpus/structured", help="output folder")
    convert.add_argument("-j", "--jobs", type=int, default=None, help="workers (default: all cores)")
    convert.add_argument("--timeout", type=float, default=SECONDS_PER_FILE, metavar="SECONDS",
                         help="time limit per file; its worker is stopped and the file gets an "
                              "error line (default: %(default)s)")
    convert.add_argument("--max-mb", type=float, default=MAX_FILE_BYTES / 2**20, metavar="MB",
                         help="size limit per file; a larger one gets an error line (default: %(default)s)")
    convert.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    segment = commands.add_parser("segment", help="print the outline of one file")
    segment.add_argument("path")
    annotate = commands.add_parser("annotate", help="an HTML page of one file with its agencies "
                                                    "and timeframes marked")
    annotate.add_argument("path")
    annotate.add_argument("--out", help="HTML file to write (default: standard output)")
    args = parser.parse_args(argv)

    if args.command == "annotate":
        from extractors.annotation import annotate_file
        from pipeline.reading import ReadError

        try:
            page = annotate_file(args.path)
        except (ReadError, OSError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        if args.out:
            Path(args.out).write_text(page, encoding="utf-8")
        else:
            sys.stdout.write(page)
        return 0

    if args.command == "segment":
        from pipeline.convert import segment_file
        from pipeline.outline import render
        from pipeline.reading import ReadError

        try:
            print(render(segment_file(args.path)))
        except (ReadError, OSError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        return 0

    if args.paths == ["-"]:  # the bytes, so that the reader finds the encoding as for a file
        from pipeline.convert import convert_document
        from pipeline.reading import ReadError, read_bytes
        from pipeline.writing import record_json

        try:
            record = convert_document(read_bytes(sys.stdin.buffer.read(), name="stdin.txt"))
        except ReadError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        sys.stdout.buffer.write(record_json(record))
        return 0

    from pipeline.batch import InputError, run_batch

    try:
        result = run_batch([Path(p) for p in args.paths], Path(args.out), workers=args.jobs,
                           progress=not args.quiet, seconds_per_file=args.timeout,
                           max_bytes=int(args.max_mb * 2**20))
    except (InputError, OSError) as exc:  # no such input, an input inside OUT, OUT not a folder
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(f"{len(result.converted)} converted, {len(result.skipped)} unchanged, "
              f"{len(result.errors)} errors, {len(result.removed)} removed → {args.out}")
        for error in result.errors:
            print(f"  error {error['file']}: {error['error']}: {error['detail'][:200]}", file=sys.stderr)
    return 0 if result.ok else 1
