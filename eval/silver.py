"""`python -m eval.silver [--bulk DIR]`: the silver check of metadata on the bulk corpus.

Every bulk file that starts with the library's attribute block (Số hiệu, Loại văn bản, Nơi
ban hành, Người ký, Ngày ban hành) is converted with the block ignored (the extractor's
site fallback off), and the fields read from its own header and signature are compared with
the block. Prints agreement per field and over files (a file agrees when every field it can
compare agrees), lists each disagreement, and exits 1 when file agreement is under 98%; 2
when the folder is missing or no file in it has the block (nothing compared must not pass).
Known disagreements, where the block is wrong or the body lacks the field, are explained in
`eval/silver_notes.md`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extractors.body_names import words as body_words
from extractors.dates import parse_date
from extractors.metadata import extract_metadata
from pipeline.convert import segment_file
from pipeline.reading import ReadError
from pipeline.textkey import compact_key, match_key

FIELDS = ("number", "doc_type", "place", "signer_name", "issued_date")
THRESHOLD = 0.98
DEFAULT_BULK = Path(__file__).resolve().parents[2] / "shared" / "bulk"


def body_metadata(path: Path) -> tuple[dict, dict]:
    """(site attribute block, metadata read from the body alone) of one file."""
    doc = extract_metadata(segment_file(path), use_site_attributes=False)
    return doc.site_attributes, doc.metadata


def _without_locality(name: str) -> str:
    key = match_key(name)
    for word in sorted(body_words()["locality_words"], key=len, reverse=True):
        if key.startswith(match_key(word) + " "):
            return key[len(match_key(word)) + 1:]
    return key


def _same_place(site_value: str, metadata: dict) -> bool:
    """`Nơi ban hành` names the issuing body (`Cục Thuế`) or its locality (`Tỉnh Bắc Ninh`):
    it agrees when the issuer contains it or the printed place is that locality."""
    site = match_key(site_value)
    issuer = match_key(metadata.get("issuer") or "")
    place = match_key(metadata.get("place") or "")
    return bool(site) and (site in issuer or (bool(place) and _without_locality(site_value) == place))


def compare_with_site(site: dict, metadata: dict) -> dict[str, bool]:
    """field → whether the body agrees with the block, for the fields the block gives a value
    to (placeholders such as `Đang cập nhật` give none)."""
    out: dict[str, bool] = {}
    if site.get("number"):
        out["number"] = compact_key(site["number"]) == compact_key(metadata.get("number") or "")
    if site.get("doc_type"):
        out["doc_type"] = match_key(site["doc_type"]) == match_key(metadata.get("doc_type") or "")
    if site.get("issuer"):
        out["place"] = _same_place(site["issuer"], metadata)
    if site.get("signer_name"):
        out["signer_name"] = match_key(site["signer_name"]) == match_key(
            metadata.get("signer_name") or "")
    site_date = parse_date(site.get("issued_date") or "")
    if site_date:
        out["issued_date"] = site_date == metadata.get("issued_date")
    return out


def _body_value(field: str, metadata: dict) -> str:
    if field == "place":
        return f"{metadata.get('issuer')} / {metadata.get('place')}"
    return str(metadata.get(field))


_SITE_KEY = {"place": "issuer"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.silver", description=__doc__.split("\n")[0])
    parser.add_argument("--bulk", type=Path, default=DEFAULT_BULK, help="folder of bulk files")
    args = parser.parse_args(argv)
    if not args.bulk.is_dir():
        print(f"error: no bulk folder at {args.bulk} (give it with --bulk)", file=sys.stderr)
        return 2
    agree = {f: 0 for f in FIELDS}
    compared = {f: 0 for f in FIELDS}
    files = files_agreeing = 0
    disagreements: list[str] = []
    for path in sorted(args.bulk.iterdir()):
        if not path.is_file() or path.name in ("README.md", "MANIFEST.tsv"):
            continue
        try:
            site, metadata = body_metadata(path)
        except ReadError:
            continue
        if not site:
            continue
        result = compare_with_site(site, metadata)
        files += 1
        files_agreeing += all(result.values())
        for field, ok in result.items():
            compared[field] += 1
            agree[field] += ok
            if not ok:
                disagreements.append(f"{path.name}\t{field}\tsite: {site.get(_SITE_KEY.get(field, field))}"
                                     f"\tbody: {_body_value(field, metadata)}")
    if not files:
        print(f"error: no file in {args.bulk} starts with a site attribute block: nothing to compare",
              file=sys.stderr)
        return 2
    print(f"silver check: {files} files with a site attribute block, in {args.bulk}")
    print(f"  {'field':<12} agreement")
    for field in FIELDS:
        rate = f"{agree[field] / compared[field]:.3f}" if compared[field] else "n/a"
        print(f"  {field:<12} {rate:>5}  ({agree[field]}/{compared[field]})")
    overall = files_agreeing / files
    print(f"  {'all fields':<12} {overall:.3f}  ({files_agreeing}/{files} files)")
    if disagreements:
        print(f"\n{len(disagreements)} disagreements:")
        print("\n".join("  " + line for line in disagreements))
    return 0 if overall >= THRESHOLD else 1


if __name__ == "__main__":
    sys.exit(main())
