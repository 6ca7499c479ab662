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
