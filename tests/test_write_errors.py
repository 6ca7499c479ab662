"""A failed write is one line naming the config field and the path, exit 2, no traceback:
the generated command line run on folders that cannot be written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_convert_golden import CASES, convert_case


def run_package(case: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    conversion = convert_case(CASES / case)
    folder = tmp_path / "package"
    conversion.write(folder)
    env = {**os.environ, "PYTHONPATH": str(folder), "MPLBACKEND": "Agg"}
    return subprocess.run(
        [sys.executable, "-m", conversion.package, *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def assert_one_line(result: subprocess.CompletedProcess[str], expected: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()  # the run's INFO log lines, then the error
    assert [line for line in lines if not line.startswith("INFO ")] == [expected]


def test_a_file_that_cannot_be_written_names_its_field_and_path(tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    (outputs / "rows.csv").mkdir(parents=True)  # a folder where the notebook writes its file
    result = run_package("file_io", tmp_path, "--output-dir", str(outputs))
    assert_one_line(
        result,
        f"error: cannot write config field rows_csv_path ({outputs / 'rows.csv'}): Is a directory",
    )


def test_an_output_folder_under_a_regular_file_names_the_field_and_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    result = run_package("file_io", tmp_path, "--output-dir", str(blocker / "out"))
    assert_one_line(
        result,
        f"error: config field rows_csv_path: cannot create {blocker / 'out'}: Not a directory",
    )


def test_a_figure_that_cannot_be_saved_names_its_file(tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    (outputs / "figures").write_text("in the way\n", encoding="utf-8")
    result = run_package("prints_display_plots", tmp_path, "--output-dir", str(outputs))
    assert_one_line(
        result, f"error: cannot write figure {outputs / 'figures' / 'plot-1.png'}: File exists"
    )


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_an_output_folder_without_write_permission(tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    outputs.chmod(0o555)
    try:
        result = run_package("file_io", tmp_path, "--output-dir", str(outputs))
    finally:
        outputs.chmod(0o755)
    assert_one_line(
        result,
        f"error: cannot write config field rows_csv_path ({outputs / 'rows.csv'}): "
        "Permission denied",
    )
