"""Seeds (issue 14): a notebook that draws randomness gets Config.seed, applied once at the
start of run(), and the calls that take their own seed are given one; --seeds keep adds
nothing; CONVERSION.md says which and where; two fresh runs of the package agree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_notebook, write_notebook

from nb2mod.analysis import analyze
from nb2mod.conversion import convert
from nb2mod.notebook import read_notebook
from nb2mod.plan import plan_conversion
from nb2mod.settings import Settings

_SKLEARN = (
    "import numpy as np\n"
    "from sklearn.ensemble import RandomForestRegressor\n"
    "from sklearn.model_selection import train_test_split",
    "X = np.arange(40).reshape(20, 2) * 1.0\ny = X[:, 0] * 2 + X[:, 1]",
    "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25)",
    "model = RandomForestRegressor(n_estimators=5, random_state=None)\n"
    "model.fit(X_train, y_train)\nscore = float(model.score(X_test, y_test))",
)


def _files(*cells: str | tuple[str, str], settings: Settings | None = None) -> dict[str, str]:
    conversion = convert(read_notebook(make_notebook(*cells)), settings)
    return {str(path): text for path, text in conversion.files.items()}


def _pipeline(files: dict[str, str]) -> str:
    return next(text for path, text in files.items() if path.endswith("/pipeline.py"))


def test_an_unseeded_notebook_gets_a_seed_and_its_calls_get_random_state() -> None:
    files = _files(*_SKLEARN)
    pipeline, report = _pipeline(files), files["CONVERSION.md"]
    assert "numpy.random.seed(config.seed)" in pipeline  # sklearn draws from numpy's global
    assert "set_seeds(config)\n" in pipeline.split("def run(")[1]
    flat = " ".join(pipeline.split())
    split = "train_test_split( X, y, test_size=config.test_size, random_state=config.seed + "
    assert split in flat
    forest = "RandomForestRegressor(n_estimators=config.n_estimators, random_state=config.seed + "
    assert forest in flat
    assert "random_state=None" not in pipeline  # replaced, not given twice
    config = next(text for path, text in files.items() if path.endswith("/config.py"))
    assert "seed: int = 0" in config
    assert "The notebook sets no seed" in report and "`config.seed` (default `0`)" in report
    assert "| 3 | 1 | `sklearn.model_selection.train_test_split` |" in report
    assert "| 4 | 1 | `sklearn.ensemble.RandomForestRegressor` |" in report


def test_seeds_keep_adds_nothing_and_says_the_package_is_not_reproducible() -> None:
    files = _files(*_SKLEARN, settings=Settings(seeds="keep"))
    pipeline, report = _pipeline(files), files["CONVERSION.md"]
    assert "set_seeds" not in pipeline and "random_state=config" not in pipeline
    assert "train_test_split(X, y, test_size=config.test_size)" in pipeline
    assert "not reproducible" in report
    assert "not seeded (--seeds keep)" in report


def test_the_derived_seeds_do_not_change_when_unrelated_cells_change() -> None:
    before = _pipeline(_files(*_SKLEARN))
    changed = (*_SKLEARN[:2], "z = 1\nprint(z)", *_SKLEARN[2:], "w = [1, 2]")
    after = _pipeline(_files(*changed))

    def seeds(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if "config.seed +" in line]

    assert seeds(before) and seeds(before) == seeds(after)
    assert len(set(seeds(before))) == len(seeds(before))  # independent: different numbers


def test_one_call_gets_the_seed_itself() -> None:
    cells = ("import numpy as np", "rng = np.random.default_rng()\nvalues = rng.normal(size=3)")
    pipeline = _pipeline(_files(*cells))
    assert "rng = np.random.default_rng(config.seed)" in pipeline


def test_default_rng_is_unseeded_even_after_a_global_numpy_seed() -> None:
    cells = ("import numpy as np\nnp.random.seed(1)", "rng = np.random.default_rng()")
    analysis = analyze(read_notebook(make_notebook(*cells)))
    assert [u.seeded for u in analysis.randomness] == [False]
    plan = plan_conversion(analysis)
    assert [s.how for s in plan.random_sites] == ["argument"]
    # np.random.seed(1) became config.seed: the generator gets a seed of its own, not that one
    assert plan.random_sites[0].value.startswith("config.seed + ")


def test_a_call_inside_a_notebook_function_is_seeded_through_the_global_generator() -> None:
    cells = (
        "import numpy as np\nfrom sklearn.model_selection import train_test_split",
        "def split(X):\n    return train_test_split(X)",
        "def fresh():\n    return np.random.default_rng().normal()",
        "parts = split(np.arange(10))\nvalue = fresh()",
    )
    plan = plan_conversion(analyze(read_notebook(make_notebook(*cells))))
    hows = {s.call.rpartition(".")[2]: s.how for s in plan.random_sites}
    assert hows == {"train_test_split": "global", "default_rng": "none"}
    assert plan.seed_libraries == ("numpy",)


def test_a_seed_set_late_keeps_its_place_and_the_draws_before_it_are_seeded_by_run() -> None:
    cells = ("import random", "early = random.random()", "random.seed(7)\nlate = random.random()")
    files = _files(*cells)
    pipeline, report = _pipeline(files), files["CONVERSION.md"]
    assert "random.seed(config.seed)" in pipeline  # set_seeds, with the notebook's 7
    assert "| 2 | 1 | `random.random` | draws from random's global generator" in report
    assert "| 3 | 2 | `random.random` | seeded by the notebook itself |" in report


def test_warnings_say_what_the_package_does_with_each_unseeded_draw() -> None:
    applied = _files(*_SKLEARN)["CONVERSION.md"]
    kept = _files(*_SKLEARN, settings=Settings(seeds="keep"))["CONVERSION.md"]
    assert "NB103 unseeded randomness (sklearn.model_selection.train_test_split); " in applied
    assert "run() seeds it with config.seed" not in applied
    assert "the package gives it random_state=config.seed + " in applied
    assert "--seeds keep leaves it unseeded" in kept


def _run_twice(tmp_path: Path, *cells: str) -> list[str]:
    """The JSON of run()'s results in two fresh processes with different hash seeds."""
    path = write_notebook(tmp_path / "twice.ipynb", *cells)
    convert(read_notebook(path)).write(tmp_path / "out")
    code = (
        "import json, twice.pipeline as p\n"
        "r = p.run()\n"
        "print(json.dumps({k: repr(v) for k, v in sorted(r.items())}))\n"
    )
    outputs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(tmp_path / "out")}
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    return outputs


def test_two_fresh_runs_of_the_package_agree(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    cells = (
        *_SKLEARN,
        "import random\npick = random.choice(range(1000))\n"
        "draw = float(np.random.default_rng().normal())\nnames = sorted({'b', 'a'})",
    )
    first, second = _run_twice(tmp_path, *cells)
    assert first == second
    assert set(json.loads(first)) >= {"score", "pick", "draw"}


def test_a_dataset_generator_without_random_state_is_seeded_by_nb2mod() -> None:
    # the corpus' make_s_curve(n_samples=1000) made verify find the package not reproducible
    files = _files("from sklearn.datasets import make_s_curve", "X, y = make_s_curve(n_samples=9)")
    pipeline = _pipeline(files)
    assert "make_s_curve(n_samples=config.n_samples, random_state=config.seed)" in pipeline


def test_seeds_is_read_from_the_cli_and_both_pyproject_tables(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from nb2mod.cli import cli
    from nb2mod.errors import ConfigError
    from nb2mod.settings import settings_from_pyproject

    assert settings_from_pyproject('[tool.nb2mod]\nseeds = "keep"\n').seeds == "keep"
    assert settings_from_pyproject('[tool.nb2mod.convert]\nseeds = "keep"\n').seeds == "keep"
    with pytest.raises(ConfigError, match="'tool.nb2mod.convert.seeds' must be 'apply' or 'keep'"):
        settings_from_pyproject('[tool.nb2mod.convert]\nseeds = "some"\n')
    path = write_notebook(tmp_path / "cli.ipynb", *_SKLEARN)
    out = tmp_path / "out"
    done = CliRunner().invoke(cli, ["convert", str(path), "--out", str(out), "--seeds", "keep"])
    assert done.exit_code == 0, done.output
    assert "random_state=config" not in (out / "cli" / "pipeline.py").read_text(encoding="utf-8")
