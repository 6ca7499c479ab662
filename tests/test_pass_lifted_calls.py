"""LiftedCalls: call sites pass the globals a notebook function now takes as parameters."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pass_cases import PLAN, assert_rewrites, assert_unchanged

from nb2mod.codegen.passes.lifted_calls import LiftedCalls
from nb2mod.plan.model import Definition

PASS = (LiftedCalls,)
LIFTED = replace(
    PLAN,
    definitions=(
        Definition("scale", "function", 1, 0, added_params=("factor", "offset")),
        Definition("plain", "function", 1, 1),
    ),
)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("y = scale(x)\n", "y = scale(x, factor=factor, offset=offset)\n"),
        ("y = scale()\n", "y = scale(factor=factor, offset=offset)\n"),
        ("y = scale(x, factor=2)\n", "y = scale(x, factor=2, offset=offset)\n"),
        (
            "ys = map(scale, xs)\n",
            "ys = map(functools.partial(scale, factor=factor, offset=offset), xs)\n",
        ),
    ],
)
def test_call_sites_pass_the_new_parameters(before: str, after: str) -> None:
    assert_rewrites(PASS, before, after, LIFTED)


@pytest.mark.parametrize(
    "source",
    [
        "y = plain(x)\n",
        "y = scale(**options)\n",  # the caller passes everything already
        "y = obj.scale(x)\n",
        "scaled = scale\n",  # not an argument: a plain alias
    ],
)
def test_other_calls_stay(source: str) -> None:
    assert_unchanged(PASS, source, LIFTED)
