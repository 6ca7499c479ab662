"""--capture on a notebook that reads a file and fits a model: the reading step is tested on a
copy of the notebook's data, the fitted model by its state, both within verify's tolerances,
and each test fails when its step changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import write_notebook
from test_generated_tests import run_generated_tests

from nb2mod.conversion import convert
from nb2mod.settings import Settings

CELLS = (
    ("markdown", "# Load"),
    "with open('numbers.txt') as handle:\n    numbers = [float(x) for x in handle.read().split()]",
    ("markdown", "# Fit"),
    "from sklearn.linear_model import LinearRegression\n"
    "model = LinearRegression().fit([[1.0], [2.0], [3.0]], numbers)",
    ("markdown", "# Report"),
    "print(model.coef_)",
)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("sklearn")
    root = tmp_path_factory.mktemp("capture-data")
    (root / "numbers.txt").write_text("3 5 7.5\n", encoding="utf-8")
    notebook = write_notebook(root / "fit.ipynb", *CELLS)
    out = root / "out"
    convert(str(notebook), Settings(capture=True)).write(out)
    return out


def _edited(package: Path, tmp_path: Path, old: str, new: str) -> Path:
    copy = tmp_path / "edited"
    shutil.copytree(package, copy)
    pipeline = copy / "fit" / "pipeline.py"
    text = pipeline.read_text(encoding="utf-8")
    assert old in text
    pipeline.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


def test_the_reading_step_and_the_model_are_captured(package: Path, monkeypatch) -> None:
    report = (package / "CONVERSION.md").read_text(encoding="utf-8")
    assert "- `load`: `tests/fixtures/load/` (compares `numbers`)" in report
    assert "- `fit`: `tests/fixtures/fit/` (compares `model`)" in report
    monkeypatch.setenv("FIT_DATA_DIR", str(package.parent))
    code, output = run_generated_tests(package, "-rA")
    assert code == 0, output
    assert "PASSED tests/test_fit.py::test_load_matches_the_notebook_run" in output
    assert "PASSED tests/test_fit.py::test_fit_matches_the_notebook_run" in output


def test_without_the_data_the_reading_step_skips(
    package: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("FIT_DATA_DIR", str(tmp_path))
    code, output = run_generated_tests(package, "-rA")
    assert code == 0, output
    skips = [line for line in output.splitlines() if "the notebook's data is not there" in line]
    assert len(skips) == 1 and skips[0].startswith("SKIPPED [2] "), output  # run(), and load
    assert "PASSED tests/test_fit.py::test_fit_matches_the_notebook_run" in output


@pytest.mark.parametrize(
    ("old", "new", "failing"),
    [
        ("float(x) for x", "float(x) + 1e-3 for x", "test_load_matches_the_notebook_run"),
        (
            "[[1.0], [2.0], [3.0]]",
            "[[1.0], [2.0], [4.0]]",
            "test_fit_matches_the_notebook_run",
        ),
    ],
    ids=["reading-step", "model-state"],
)
def test_a_changed_step_fails_its_test(
    package: Path, tmp_path: Path, monkeypatch, old: str, new: str, failing: str
) -> None:
    monkeypatch.setenv("FIT_DATA_DIR", str(package.parent))
    code, output = run_generated_tests(_edited(package, tmp_path, old, new), "-rf")
    assert code == 1 and f"FAILED tests/test_fit.py::{failing}" in output, output
