"""--capture records the figures each step shows (a digest of each, in order) and the step's
characterization test compares the figures the package saves with them: a change that only
alters a plot fails it. An output too large to store is left out on its own."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import write_notebook
from test_capture import _pytest

from nb2mod.conversion import convert
from nb2mod.settings import Settings

CELLS = (
    ("markdown", "## Data"),
    "import matplotlib.pyplot as plt\nimport numpy as np\nxs = [1, 2, 3]",
    ("markdown", "## Draw"),
    "ys = [x * 2 for x in xs]\nplt.plot(xs, ys)\nplt.title('doubled')",
    ("markdown", "## Show"),
    "for k in (1, 2):\n    plt.scatter(xs, [y * k for y in ys], alpha=0.75)\n    plt.show()",
    ("markdown", "## Grid"),
    "grid = np.zeros((400, 400))\nsmall = grid.shape[0] + len(ys)",
    ("markdown", "## Total"),
    "total = float(grid.sum()) + small",
)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("figures")
    notebook = write_notebook(root / "plots.ipynb", *CELLS)
    convert(str(notebook), Settings(capture=True)).write(root / "out")
    return root / "out"


def _figures(package: Path, step: str) -> list[str]:
    values = json.loads((package / "tests" / "fixtures" / step / "values.json").read_text())
    return values.get("figures", [])


def test_each_step_records_the_figures_it_shows_and_its_tests_pass(package: Path) -> None:
    assert len(_figures(package, "draw")) == 1  # shown at the end of its cell
    shown = _figures(package, "show")  # a step that returns nothing: tested by its figures
    assert len(shown) == 2 and shown[0] != shown[1]
    assert _figures(package, "data") == [] and _figures(package, "grid_step") == []
    report = (package / "CONVERSION.md").read_text(encoding="utf-8")
    assert "- `show`: `tests/fixtures/show/` (compares 2 figures it shows)" in report
    assert "  - `grid` is not compared: it is too large to store (1.2 MB pickled)" in report
    assert "- `grid_step`: `tests/fixtures/grid_step/` (compares `small`)" in report
    readme = (package / "tests" / "fixtures" / "README.md").read_text(encoding="utf-8")
    assert "a digest of the 2 figures the step showed (cell 6)" in readme
    code, output = _pytest(package)
    assert code == 0, output
    # only the step whose input is too large (and too short to sample) is not tested
    assert "1 skipped" in output and "its values exceed 1 MB pickled ('grid')" in output


@pytest.mark.parametrize(
    ("old", "new", "failing"),
    [("alpha=0.75", "alpha=0.5", "show"), ('plt.title("doubled")', 'plt.title("x")', "draw")],
)
def test_a_change_to_a_plot_alone_fails_the_step_s_test(
    package: Path, tmp_path: Path, old: str, new: str, failing: str
) -> None:
    copy = tmp_path / "edited"
    shutil.copytree(package, copy)
    pipeline = copy / "plots" / "pipeline.py"
    text = pipeline.read_text(encoding="utf-8")
    assert old in text
    pipeline.write_text(text.replace(old, new), encoding="utf-8")
    code, output = _pytest(copy)
    assert code == 1
    assert f"FAILED tests/test_plots.py::test_{failing}_matches_the_notebook_run" in output
    assert "its figures differ from the notebook's" in output


SUMMARY_CELLS = (
    ("markdown", "## Fit"),
    "import numpy as np\n"
    "from sklearn.neighbors import KNeighborsClassifier\n"
    "X = np.arange(200000.0).reshape(-1, 1)\n"
    "knn = KNeighborsClassifier(n_neighbors=3).fit(X, (X[:, 0] % 2).astype(int))",
    ("markdown", "## Use"),
    "guess = int(knn.predict([[4.0]])[0])",
)


def test_an_object_too_large_to_store_is_compared_by_its_public_data(tmp_path: Path) -> None:
    """A fitted model of 3 MB (its training data) is stored as a summary of its public data
    attributes, and its step's test fails when what it was fitted on changes."""
    pytest.importorskip("sklearn")
    notebook = write_notebook(tmp_path / "knn.ipynb", *SUMMARY_CELLS)
    out = tmp_path / "out"
    convert(str(notebook), Settings(capture=True)).write(out)
    report = (out / "CONVERSION.md").read_text(encoding="utf-8")
    assert "- `fit`: `tests/fixtures/fit/` (compares `knn` by its public data attributes only)" in (
        report
    )
    assert "- `use`: skipped, its values exceed 1 MB pickled ('knn')" in report  # an input
    code, output = _pytest(out)
    assert code == 0, output
    pipeline = out / "knn" / "pipeline.py"
    text = pipeline.read_text(encoding="utf-8")
    assert "X[:, 0] % 2" in text
    pipeline.write_text(text.replace("X[:, 0] % 2", "X[:, 0] % 3"), encoding="utf-8")
    code, output = _pytest(out)
    assert code == 1 and "knn.classes_" in output, output
