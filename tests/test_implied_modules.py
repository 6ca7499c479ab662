"""A library call that needs a module the notebook never imports (scikit-learn's loaders with
as_frame) makes that module a requirement, with the call as the reason."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest
from conftest import make_notebook

from nb2mod.analysis import analyze
from nb2mod.conversion import convert
from nb2mod.notebook import read_notebook


def _needs(code: str) -> tuple[tuple[str, str], ...]:
    analysis = analyze(read_notebook(make_notebook(code)))
    return tuple(n for c in analysis.cells if c is not None for n in c.needs)


@pytest.mark.parametrize(
    ("code", "needed"),
    [
        ("from sklearn.datasets import load_iris\nX = load_iris(as_frame=True).frame\n", True),
        ("import sklearn.datasets as d\nX = d.load_wine(as_frame=True)\n", True),
        ("from sklearn.datasets import fetch_openml\nX = fetch_openml('iris')\n", True),
        (
            "from sklearn.datasets import fetch_openml\nX = fetch_openml('a', as_frame=False)\n",
            False,
        ),
        ("from sklearn.datasets import load_iris\nX = load_iris()\n", False),
        ("def load_iris(as_frame):\n    return 1\nX = load_iris(as_frame=True)\n", False),
    ],
)
def test_loaders_returning_frames_need_pandas(code: str, needed: bool) -> None:
    found = _needs(code)
    assert [m for m, _ in found] == (["pandas"] if needed else [])


def test_the_needed_module_is_a_requirement_with_its_reason() -> None:
    pytest.importorskip("pandas")
    notebook = make_notebook(
        "from sklearn.datasets import load_iris\nframe = load_iris(as_frame=True).frame\n"
    )
    files = convert(notebook).files
    lines = files[PurePosixPath("requirements.txt")].splitlines()
    pandas = [line for line in lines if line.startswith("pandas")]
    assert pandas and "load_iris(as_frame=True) returns pandas objects" in pandas[0]
    assert '"pandas' in files[PurePosixPath("pyproject.toml")]
    without = convert(make_notebook("from sklearn.datasets import load_iris\nX = load_iris()\n"))
    assert not any(
        line.startswith("pandas")
        for line in without.files[PurePosixPath("requirements.txt")].splitlines()
    )
