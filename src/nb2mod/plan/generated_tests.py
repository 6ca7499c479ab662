"""What the generated tests run beyond import, config and CLI checks: the end-to-end run on
the notebook's data and the config test that points an input path at a missing file."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from nb2mod.plan.model import ConfigField, Plan, Step, TestPlan


def plan_tests(steps: Sequence[Step], fields: Sequence[ConfigField]) -> TestPlan:
    """The input path fields the end-to-end test copies, and the one the config test breaks:
    the first input field a step reads (in run order); ``first`` when no file is read before
    it, so that the test needs none of the notebook's data."""
    inputs = tuple(f.name for f in fields if f.path == "input")
    reads = [s for step in steps for s in step.statements if s.reads_file is not None]
    named = [s.read_field for s in reads if s.read_field in inputs]
    if not named:
        return TestPlan(inputs=inputs)
    first = reads[0].read_field == named[0]
    return TestPlan(inputs=inputs, broken_input=named[0], broken_input_first=first)


def unrepeatable_tests(plan: Plan) -> TestPlan:
    """The plan's tests, told when two runs may differ (a draw nothing seeds: --seeds keep, or a generator nb2mod cannot seed):
    the end-to-end test then runs once and says why."""
    unseeded = [s for s in plan.random_sites if s.how == "none"]
    if not unseeded:
        return plan.tests
    first = unseeded[0]
    why = f"cell {first.cell} line {first.line}: {first.call}(): {first.why}"
    return dataclasses.replace(plan.tests, unrepeatable=why)
