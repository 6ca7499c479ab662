"""Where run() stops on a statement that raises on its literals alone (the analysis'
``literal_raises``): the first such statement run() runs, when no literal it relies on
becomes a value the package reads from elsewhere (a path resolved against data_dir, a
secret read from the environment)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from nb2mod.plan.model import ExpectedStop, Plan, TestPlan

if TYPE_CHECKING:
    from nb2mod.analysis.facts import Analysis
    from nb2mod.analysis.literal_raises import LiteralRaise


def literal_stops(plan: Plan, analysis: Analysis) -> tuple[ExpectedStop, ...]:
    """The first statement run() runs that raises on its literals alone, as the
    ExpectedStop of its step (its exception class and message), or nothing: run() stops
    there whenever it gets there, so no later one is reached; nor is it past a step that
    starts by raising PipelineError for a name no cell run() runs binds (hidden state)."""
    found = _first_sure_stop(plan, analysis)
    if found is None or found[1] is None:
        return ()
    return (_stop(plan.steps[found[0]].name, found[1]),)


def config_test_reached(plan: Plan, analysis: Analysis, tests: TestPlan) -> TestPlan:
    """``tests`` without the config test when run() surely stops before the read of the
    input field it breaks (on a statement that raises on its literals alone, or at the
    start of a step for hidden state): that test could never see the PipelineError naming
    the field."""
    reads = [
        (position, (s.cell, s.index))
        for position, step in enumerate(plan.steps)
        for s in step.statements
        if tests.broken_input is not None and s.read_field == tests.broken_input
    ]
    found = _first_sure_stop(plan, analysis)
    if not reads or found is None:
        return tests
    (step, read), (stop, fact) = reads[0], found
    if stop < step or (fact is None and stop == step) or (fact and (fact.cell, fact.index) < read):
        return dataclasses.replace(tests, broken_input=None, broken_input_first=False)
    return tests


def _first_sure_stop(plan: Plan, analysis: Analysis) -> tuple[int, LiteralRaise | None] | None:
    """Where run() surely stops first: (the step's position, the statement that raises on
    its literals alone there, or None when the step starts by raising for hidden state).
    run() runs the statement and every ``name = value`` whose value it read: each is a
    statement a step keeps (not dropped, not kept as a comment)."""
    runs = {
        (s.cell, s.index)
        for step in plan.steps
        for s in step.statements
        if s.action != "drop" and not s.as_comment and s.cell not in step.unparsed
    }
    for position, step in enumerate(plan.steps):
        if step.undefined or step.commented:
            return (position, None)
        for fact in analysis.literal_raises:
            if fact.cell not in step.cells or (fact.cell, fact.index) not in runs:
                continue
            if all(site in runs for site in fact.relies) and not _read_elsewhere(fact, plan):
                return (position, fact)
    return None


def _stop(step: str, fact: LiteralRaise) -> ExpectedStop:
    message = f" ({fact.message})" if fact.message else ""
    why = (
        f"cell {fact.cell} line {fact.line}: {fact.code} raises {fact.exception} on its "
        f"literals alone{message}"
    )
    return ExpectedStop(step, fact.cell, (fact.exception,), fact.message, why)


def _read_elsewhere(fact: LiteralRaise, plan: Plan) -> bool:
    """A literal in the lines the fact relies on that the package does not keep as written:
    a path Config field (resolved against data_dir or output_dir), a secret."""
    changed = [
        (cell, line)
        for field in plan.config_fields
        if field.path is not None or field.env is not None
        for cell, line in ((field.cell, field.line), *field.sites)
    ]
    changed += [(site.cell, -1) for site in plan.secret_sites]
    return any(
        cell == c and (line == -1 or first <= line <= last)
        for c, first, last in fact.lines
        for cell, line in changed
    )
