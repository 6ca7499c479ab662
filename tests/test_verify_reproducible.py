"""verify seeds nothing from outside and runs the package twice (issue 14): a value that
differs between the two package runs is "not reproducible" (exit 1, with the likely source);
where nb2mod seeded a draw the notebook left unseeded, the row says so and does not fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_notebook

from nb2mod.settings import Settings
from nb2mod.verification.reproducible import SEEDED_BY_NB2MOD
from nb2mod.verification.verifier import verify

pytestmark = pytest.mark.slow

_CELLS = (
    "import numpy as np",
    "noise = np.random.rand(3)\nmean = float(noise.mean())",
    "fixed = 3",
)


def test_a_draw_nb2mod_seeds_is_not_a_failure_and_says_so(tmp_path: Path) -> None:
    result = verify(write_notebook(tmp_path / "drawn.ipynb", *_CELLS))
    rows = {v.name: v for v in result.verdicts}
    assert rows["fixed"].status == "equal"
    for name in ("mean",):  # noise is read by mean: not a result
        assert rows[name].status == "not deterministic", rows[name]
        assert rows[name].detail.startswith(f"{SEEDED_BY_NB2MOD} (unseeded numpy.random.rand")
    assert result.exit_code == 0, result.verdicts


def test_a_package_left_unseeded_is_not_reproducible(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "kept.ipynb", *_CELLS)
    result = verify(path, Settings(seeds="keep"))
    rows = {v.name: v for v in result.verdicts}
    assert rows["mean"].status == "not reproducible", rows["mean"]
    assert "differs between two runs of the package" in rows["mean"].detail
    assert "likely source: unseeded numpy.random.rand (cell 2, line 1)" in rows["mean"].detail
    assert rows["fixed"].status == "equal"
    assert result.status == "different" and result.exit_code == 1
