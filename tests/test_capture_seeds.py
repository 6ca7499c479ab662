"""--capture runs the notebook seeded as the package is (capture_seeds.py), so a step that
draws random numbers the notebook left unseeded is characterized with the package's seeds."""

from __future__ import annotations

from pathlib import Path

from conftest import write_notebook
from test_capture import _pytest

from nb2mod.capture_seeds import capture_seed, seeded_sources
from nb2mod.conversion import _planned, convert
from nb2mod.notebook import read_notebook
from nb2mod.settings import Settings

CELLS = (
    ("markdown", "## Early"),
    "import numpy as np\nearly = np.random.rand(2)",
    ("markdown", "## Seeded"),
    "np.random.seed(42)\nlate = np.random.rand(2)",
    ("markdown", "## Own generator"),
    "rng = np.random.default_rng()\ndraws = rng.random(3) + early.sum()",
    ("markdown", "## Total"),
    "total = float(draws.sum() + late.sum())",
)


def test_cells_with_seed_arguments_run_with_them_and_config_seed_as_its_number(
    tmp_path: Path,
) -> None:
    notebook = read_notebook(str(write_notebook(tmp_path / "draws.ipynb", *CELLS)))
    analysis, plan = _planned(notebook, Settings())
    assert capture_seed(plan) == 42  # the notebook's own seed is Config's default (its
    # np.random.seed(42) became config.seed, so the generator gets a seed derived from it)
    assert seeded_sources(plan, analysis) == {
        6: "rng = np.random.default_rng(42 + 1970)\ndraws = rng.random(3) + early.sum()\n"
    }
    keep, keep_plan = _planned(notebook, Settings(seeds="keep"))
    assert seeded_sources(keep_plan, keep) == {}


def test_the_characterization_tests_of_seeded_steps_pass_as_generated(tmp_path: Path) -> None:
    notebook = write_notebook(tmp_path / "draws.ipynb", *CELLS)
    out = tmp_path / "out"
    conversion = convert(str(notebook), Settings(capture=True))
    conversion.write(out)
    pipeline = (out / "draws" / "pipeline.py").read_text(encoding="utf-8")
    assert "np.random.default_rng(config.seed + 1970)" in pipeline
    assert "numpy.random.seed(config.seed)" in pipeline  # set_seeds(): before the early draw
    report = (out / "CONVERSION.md").read_text(encoding="utf-8")
    assert "global generators with 42 (Config's default seed) before the first cell" in report
    tests = (out / "tests" / "test_draws.py").read_text(encoding="utf-8")
    for step in ("early_step", "seeded", "own_generator", "total_step"):
        assert f"def test_{step}_matches_the_notebook_run(" in tests
    code, output = _pytest(out)
    assert code == 0, output
    assert "skipped" not in output
