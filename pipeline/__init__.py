"""congbao: Vietnamese gazette documents in, structured records out.

The library API; the CLI (`python -m pipeline`) is a thin layer over it.
"""

from pipeline.convert import convert_file, convert_text
from pipeline.writing import load_tables

__all__ = ["convert_file", "convert_text", "load_tables"]
