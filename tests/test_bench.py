"""The benchmark (CONTRACT section 6) on a corpus small enough for the test suite."""

import shutil

from pipeline import bench
from tests.conftest import RAW, SEEDS


def test_corpus_is_the_bulk_files_plus_seed_copies_up_to_the_target(tmp_path, monkeypatch):
    bulk = tmp_path / "bulk"
    bulk.mkdir()
    shutil.copy(SEEDS[0], bulk / "bulk_0001.md")
    (bulk / "MANIFEST.tsv").write_text("not a document")
    monkeypatch.setattr(bench, "TARGET_BYTES", 1_000_000)
    n_bulk, total = bench.build_corpus(tmp_path / "corpus", bulk, RAW)
    names = sorted(p.name for p in (tmp_path / "corpus").iterdir())
    assert n_bulk == 1 and names[0] == "bulk_0001.md" and "MANIFEST.tsv" not in names
    seed_bytes = sum(p.stat().st_size for p in SEEDS)
    assert 1_000_000 <= total < 1_000_000 + seed_bytes
    assert total == sum(p.stat().st_size for p in (tmp_path / "corpus").iterdir())


def test_bench_reports_rates_ratio_speed_up_memory_and_bulk_errors(tmp_path, monkeypatch, capsys):
    bulk = tmp_path / "bulk"
    bulk.mkdir()
    shutil.copy(SEEDS[0], bulk / "bulk_0001.md")
    (bulk / "bulk_0002.md").write_bytes(b"")  # a bulk file that fails is counted
    monkeypatch.setattr(bench, "TARGET_BYTES", 200_000)
    assert bench.main(["--bulk", str(bulk), "--tokenize-sample-mb", "0.01", "-j", "2"]) == 0
    out = capsys.readouterr().out
    table = [line.split() for line in out.splitlines() if line.strip()[:1].isdigit()]
    assert [row[0] for row in table] == ["1", "2"]
    assert all(float(value) > 0 for row in table for value in row[1:])
    assert "underthesea.word_tokenize:" in out and "speed-up with 2 workers" in out
    assert "peak memory" in out
    assert "bulk documents ending as errors: 1" in out


def test_each_run_converts_into_a_folder_of_its_own(tmp_path, monkeypatch, capsys):
    """Regression: with `-j 1` both runs wrote into one folder, so the second only skipped
    unchanged files and the bench printed a speed-up of 10×."""
    bulk = tmp_path / "bulk"
    bulk.mkdir()
    shutil.copy(SEEDS[0], bulk / "bulk_0001.md")
    monkeypatch.setattr(bench, "TARGET_BYTES", 100_000)
    outs = []
    real_run = bench.run_batch

    def recording(inputs, out, **kwargs):
        outs.append(out)
        return real_run(inputs, out, **kwargs)

    monkeypatch.setattr(bench, "run_batch", recording)
    bench.main(["--bulk", str(bulk), "--tokenize-sample-mb", "0.01", "-j", "1"])
    assert len(outs) == 2 and outs[0] != outs[1]
