"""What the generated end-to-end test makes of a run that differs or stops: paths under the
run's copy of the data compared relative to it; skips only for data that is not there (a
network source out of reach, a file the notebook reads that is missing); an expected
failure, strict, where the conversion knows run() stops like the notebook did."""

from __future__ import annotations

from pathlib import Path

from conftest import write_notebook
from test_generated_tests import run_generated_tests

from nb2mod.conversion import convert


def _package(tmp_path: Path, *cells: str) -> Path:
    notebook = write_notebook(tmp_path / "outcomes.ipynb", *cells)
    out = tmp_path / "out"
    convert(str(notebook)).write(out)
    return out


def test_a_path_under_the_data_copy_is_compared_relative_to_it(tmp_path: Path) -> None:
    out = _package(tmp_path, "import os\n\nfolder = os.getcwd()\nprint(folder)")
    code, output = run_generated_tests(out)
    assert code == 0, output
    assert "1 passed" not in output and "skipped" not in output


def test_a_result_that_differs_outside_the_copy_path_still_fails(tmp_path: Path) -> None:
    cell = "import os\n\nrun_name = os.path.basename(os.path.dirname(os.getcwd()))\nprint(run_name)"
    out = _package(tmp_path, cell)
    code, output = run_generated_tests(out)
    assert code == 1, output
    assert "run_name: 'second' != 'first'" in output
