from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "corpus" / "raw"
FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted(RAW.glob("*.txt"))


@pytest.fixture(scope="session")
def seed_docs():
    """Every seed, read, normalized and segmented once for the whole session."""
    from pipeline.convert import segment_file

    return {path.stem: segment_file(path) for path in SEEDS}
