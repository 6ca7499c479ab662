"""verify seeds nothing from outside and runs the package twice (issue 14): a value that
differs between the two package runs is "not reproducible" (exit 1, with the likely source);
where nb2mod seeded a draw the notebook left unseeded, the row says so and does not fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_notebook

from nb2mod.settings import Settings
from nb2mod.verification.comparing import Compared
from nb2mod.verification.outcome import Verdict
from nb2mod.verification.reproducible import SEEDED_BY_NB2MOD, unreproducible
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


def test_a_time_the_package_returns_is_not_reproducible_and_names_the_clock(
    tmp_path: Path,
) -> None:
    code = "import time\nstarted = time.perf_counter()\nvalue = sum(range(10))"
    result = verify(write_notebook(tmp_path / "clock.ipynb", code))
    rows = {v.name: v for v in result.verdicts}
    assert rows["started"].status == "not reproducible", rows["started"]
    assert rows["started"].detail.endswith(
        "likely source: reads the time (time.perf_counter, cell 1, line 2)"
    )
    assert rows["value"].status == "equal"
    assert result.exit_code == 1


def test_a_difference_the_analysis_cannot_trace_says_source_unknown(tmp_path: Path) -> None:
    # str hashes follow PYTHONHASHSEED, which differs between the two package runs
    code = "salt = hash('nb2mod')\nvalue = 3"
    result = verify(write_notebook(tmp_path / "hashed.ipynb", code))
    rows = {v.name: v for v in result.verdicts}
    assert rows["salt"].status == "not reproducible", rows["salt"]
    assert rows["salt"].detail.endswith(
        "; source unknown (the analysis found no unseeded draw or clock read behind it)"
    )
    assert result.exit_code == 1


def test_a_name_only_one_package_run_returns_is_not_reproducible() -> None:
    compared = {
        "same": Compared(Verdict("same", "equal"), True),
        "once": Compared(Verdict("once", "missing", "not in the dict run() returns"), True),
        "none": Compared(Verdict("none", "not compared", "defined on neither side"), False),
    }
    assert unreproducible(compared, None) == {
        "once": "differs between two runs of the package (returned by one run and not by the "
        "other); source unknown (the analysis found no unseeded draw or clock read behind it)"
    }
