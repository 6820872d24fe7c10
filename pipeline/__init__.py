"""congbao: Vietnamese gazette documents in, structured records out.

The library API; the CLI (`python -m pipeline`) is a thin layer over it. The names are
resolved on first use, so the extractors (which import `pipeline` modules) load cleanly.
"""

__all__ = ["convert_file", "convert_text", "load_tables"]


def __getattr__(name: str):
    if name in ("convert_file", "convert_text"):
        from pipeline import convert

        return getattr(convert, name)
    if name == "load_tables":
        from pipeline.writing import load_tables

        return load_tables
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
