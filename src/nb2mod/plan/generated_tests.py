"""What the generated tests run beyond import, config and CLI checks: the end-to-end run on
the notebook's data and the config test that points an input path at a missing file."""

from __future__ import annotations

from collections.abc import Sequence

from nb2mod.plan.model import ConfigField, Step, TestPlan


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
