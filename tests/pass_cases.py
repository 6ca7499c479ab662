"""The assertCodemod of nb2mod's rewriting passes: a cell before, the cell after."""

from __future__ import annotations

from collections.abc import Sequence
from textwrap import dedent

from nb2mod.codegen.passes.base import RewritePass
from nb2mod.codegen.passes.registry import rewrite_source
from nb2mod.plan.model import Plan

PLAN = Plan("demo", "demo.ipynb", ())


def assert_rewrites(
    passes: Sequence[type[RewritePass]],
    before: str,
    after: str,
    plan: Plan = PLAN,
    cell: int = 1,
    step: str = "load",
) -> None:
    """``before`` (a cell's IPython source, dedented) rewritten by ``passes`` is ``after``."""
    got = rewrite_source(dedent(before), plan, cell, step, passes)
    assert got == dedent(after)


def assert_unchanged(
    passes: Sequence[type[RewritePass]], source: str, plan: Plan = PLAN, cell: int = 1
) -> None:
    assert_rewrites(passes, source, source, plan, cell)
