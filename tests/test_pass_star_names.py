"""StarNames: a name a star import supplied is read qualified where the plan says so."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pass_cases import PLAN, assert_rewrites, assert_unchanged

from nb2mod.codegen.passes.star_names import StarNames

PASS = (StarNames,)
RENAMED = replace(PLAN, renames=((1, "sum", "np.sum"), (1, "pi", "math.pi")))


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("total = sum(values)\n", "total = np.sum(values)\n"),
        ("area = pi * r ** 2\n", "area = math.pi * r ** 2\n"),
        ("f(sum)\n", "f(np.sum)\n"),
        ("x = [sum(v) for v in vs]\n", "x = [np.sum(v) for v in vs]\n"),
    ],
)
def test_star_names_are_read_qualified(before: str, after: str) -> None:
    assert_rewrites(PASS, before, after, RENAMED)


@pytest.mark.parametrize(
    "source",
    [
        "from numpy import sum\n",  # nothing in an import is a read
        "sum = 0\n",
        "a, (sum, *rest) = t\n",
        "for sum in sums:\n    pass\n",
        "def sum(x):\n    pass\n",
        "f(sum=1)\n",
        "x.sum(1)\n",
        "del sum\n",
    ],
)
def test_targets_keywords_and_attributes_stay(source: str) -> None:
    assert_unchanged(PASS, source, RENAMED)


def test_another_cells_renames_do_not_apply() -> None:
    assert_unchanged(PASS, "total = sum(values)\n", RENAMED, cell=2)
