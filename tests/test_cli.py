"""The command line: what a user sees for bad input (a clear error line and exit code, never
a traceback), and standard input read like a file."""

import io
import json

from pipeline.cli import main
from tests.conftest import FIXTURES, RAW


def test_stdin_is_read_as_bytes_like_a_file(monkeypatch, capsysbinary):
    """Regression: standard input was decoded with the locale, so a Windows-1258 file that
    converts from its path gave a traceback from stdin."""
    data = (FIXTURES / "plan_cp1258.txt").read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["convert", "-"]) == 0
    record = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert record["source"]["encoding"] == "windows-1258" and record["tasks"]


def test_empty_stdin_is_an_error_line(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert main(["convert", "-"]) == 1
    assert capsys.readouterr().err.startswith("error: empty:")


def test_segment_and_annotate_a_missing_file_or_a_folder(tmp_path, capsys):
    assert main(["segment", str(tmp_path / "none.txt")]) == 1
    assert main(["annotate", str(tmp_path)]) == 1
    assert capsys.readouterr().err.count("error:") == 2


def test_an_output_folder_that_is_a_file_is_an_error(tmp_path, capsys):
    (tmp_path / "out").write_text("a file")
    assert main(["convert", "--quiet", "--out", str(tmp_path / "out"), str(RAW / "000_578bb8ba59a7b832.txt")]) == 2
    assert "error:" in capsys.readouterr().err


def test_an_input_inside_the_output_folder_is_an_error(tmp_path, capsys):
    (tmp_path / "out" / "in").mkdir(parents=True)
    assert main(["convert", "--quiet", "--out", str(tmp_path / "out"), str(tmp_path / "out" / "in")]) == 2
    assert "inside the output folder" in capsys.readouterr().err
