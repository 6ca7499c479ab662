"""The generated tests are honest: they skip only for a missing library requirements.txt
lists (naming it), fail when the package itself cannot be imported, and test behaviour."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write_notebook

from nb2mod.conversion import convert


def run_generated_tests(folder: Path, *args: str) -> tuple[int, str]:
    """pytest on a generated package's tests/, as a user runs it: (exit code, output)."""
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", *args, "tests"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result.returncode, result.stdout + result.stderr


def _package(tmp_path: Path, *cells: str) -> Path:
    notebook = write_notebook(tmp_path / "geometry.ipynb", *cells)
    out = tmp_path / "out"
    convert(str(notebook)).write(out)
    return out


CELLS = (
    "import math\n\ndef hyp(a, b):\n    return math.sqrt(a * a + b * b)",
    "side = hyp(3, 4)\nprint(side)",
)


def test_a_missing_listed_library_skips_naming_it(tmp_path: Path) -> None:
    out = _package(tmp_path, "import nb2mod_not_installed_lib as lib\nvalue = lib.f(2)", *CELLS)
    assert "nb2mod_not_installed_lib" in (out / "requirements.txt").read_text(encoding="utf-8")
    code, output = run_generated_tests(out)
    assert code == 0, output
    assert "not installed: 'nb2mod_not_installed_lib' (listed in requirements.txt" in output
    assert " failed" not in output and " error" not in output


@pytest.mark.parametrize(
    ("broken", "error"),
    [
        ("undefined_at_import + 1\n", "NameError: name 'undefined_at_import' is not defined"),
        ("def broken(:\n", "SyntaxError"),
        ("import geometry_helpers_missing\n", "No module named 'geometry_helpers_missing'"),
    ],
    ids=["name-error", "syntax-error", "unlisted-module"],
)
def test_a_package_that_cannot_be_imported_fails_its_tests(
    tmp_path: Path, broken: str, error: str
) -> None:
    out = _package(tmp_path, *CELLS)
    pipeline = out / "geometry" / "pipeline.py"
    future = "from __future__ import annotations\n"
    text = pipeline.read_text(encoding="utf-8").replace(future, future + broken, 1)
    pipeline.write_text(text, encoding="utf-8")
    code, output = run_generated_tests(out)
    assert code == 1, output
    assert error in output
    assert "skipped" not in output


def test_a_pure_function_is_checked_against_the_value_worked_out(tmp_path: Path) -> None:
    out = _package(tmp_path, *CELLS)
    tests = (out / "tests" / "test_geometry.py").read_text(encoding="utf-8")
    assert "_assert_same(pipeline.hyp(3, 4), 5.0)" in tests
    assert run_generated_tests(out)[0] == 0
    pipeline = out / "geometry" / "pipeline.py"
    text = pipeline.read_text(encoding="utf-8")
    pipeline.write_text(text.replace("a * a + b * b", "a * a - b * b"), encoding="utf-8")
    code, output = run_generated_tests(out)
    assert code == 1 and "test_hyp_on_the_notebook_arguments" in output, output


READS = (
    "with open('numbers.txt') as handle:\n    numbers = [int(x) for x in handle.read().split()]",
    "total = sum(numbers)\nprint(total)",
)


def _reading_package(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A package whose notebook reads numbers.txt beside it, and the environment that
    points its end-to-end tests at that folder."""
    (tmp_path / "numbers.txt").write_text("3 4 5\n", encoding="utf-8")
    notebook = write_notebook(tmp_path / "sums.ipynb", *READS)
    out = tmp_path / "out"
    convert(str(notebook)).write(out)
    return out, {"SUMS_DATA_DIR": str(tmp_path)}


def _edit(out: Path, old: str, new: str) -> None:
    pipeline = out / "sums" / "pipeline.py"
    text = pipeline.read_text(encoding="utf-8")
    assert old in text
    pipeline.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_run_end_to_end_on_a_copy_of_the_data(tmp_path: Path, monkeypatch) -> None:
    out, env = _reading_package(tmp_path)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    before = sorted(p.name for p in tmp_path.iterdir())
    code, output = run_generated_tests(out, "-rA")
    assert code == 0, output
    assert "PASSED tests/test_sums.py::test_run_returns_every_result_and_the_same" in output
    assert "PASSED tests/test_sums.py::test_run_reads_the_input_path_config_gives" in output
    assert "skipped" not in output
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # wrote only in its copies
    # a pipeline that gives another result on its second run fails it
    _edit(out, "total = sum(numbers)", "_RUNS.append(1)\n    total = sum(numbers) + len(_RUNS)")
    (out / "sums" / "pipeline.py").open("a", encoding="utf-8").write("\n_RUNS = []\n")
    code, output = run_generated_tests(out)
    assert code == 1 and "total: 14 != 13" in output, output


def test_without_the_data_the_run_skips_saying_where_it_looked(tmp_path: Path, monkeypatch) -> None:
    out, _ = _reading_package(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("SUMS_DATA_DIR", str(empty))
    code, output = run_generated_tests(out)
    assert code == 0, output
    assert "the notebook's data is not there: numbers_txt_path='numbers.txt' not found" in output
    assert f"relative paths are looked for in {empty}: set SUMS_DATA_DIR to the folder" in output
    assert "1 skipped" in output  # the config test runs: numbers.txt is the first file read


def test_the_config_test_fails_when_the_pipeline_ignores_the_config(
    tmp_path: Path, monkeypatch
) -> None:
    out, env = _reading_package(tmp_path)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    _edit(
        out, "open(config.numbers_txt_path)", "open(os.path.join(config.data_dir, 'numbers.txt'))"
    )
    _edit(out, "import contextlib\n", "import contextlib\nimport os\n")
    code, output = run_generated_tests(out)
    assert code == 1, output
    assert "test_run_reads_the_input_path_config_gives" in output and "DID NOT RAISE" in output


def test_the_tests_call_run_by_the_name_it_took(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "numbers.txt").write_text("3 4 5\n", encoding="utf-8")
    cells = (*READS, "def run(n):\n    return n\n\nPipelineError = run(total)")
    notebook = write_notebook(tmp_path / "sums.ipynb", *cells)
    out = tmp_path / "out"
    convert(str(notebook)).write(out)
    tests = (out / "tests" / "test_sums.py").read_text(encoding="utf-8")
    assert "pipeline.run_pipeline(" in tests and "pipeline.PipelineStepError," in tests
    monkeypatch.setenv("SUMS_DATA_DIR", str(tmp_path))
    code, output = run_generated_tests(out)
    assert code == 0 and "skipped" not in output, output


def test_a_missing_local_module_fails_the_tests_and_is_never_a_listed_library(
    tmp_path: Path,
) -> None:
    (tmp_path / "geometry_helpers.py").write_text("def double(x):\n    return 2 * x\n")
    out = _package(tmp_path, "from geometry_helpers import double\nvalue = double(2)", *CELLS)
    assert "geometry_helpers" not in (out / "requirements.txt").read_text(encoding="utf-8")
    for carried in out.rglob("geometry_helpers.py"):  # a copy nb2mod carried, lost since
        carried.unlink()
    code, output = run_generated_tests(out)
    assert code == 1, output
    assert "ModuleNotFoundError: No module named '" in output and "geometry_helpers'" in output
    assert "skipped" not in output and "not installed" not in output
