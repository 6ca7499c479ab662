"""Final step returns and run()'s results: only names surely bound when they are returned."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from nb2mod.analysis.facts import Analysis
from nb2mod.plan.model import Step


def bound_returns(
    analysis: Analysis, steps: Sequence[Step], results: Sequence[str], module_state: Sequence[str]
) -> tuple[tuple[Step, ...], tuple[str, ...]]:
    """The steps with returns limited, and the results run() can return.

    A name bound only by ``except ... as e`` is gone after the handler: never returned. A
    name only maybe bound (in a loop or a branch) is returned only when a later step needs
    it, so that a loop that never ran does not break run(). Module state is a result when
    some step surely binds it."""
    settled = []
    state: set[str] = set()
    for index, step in enumerate(steps):
        certain, gone = _bound_in(analysis, step)
        later = {n for s in steps[index + 1 :] for n in s.params}
        returns = tuple(n for n in step.returns if n not in gone and (n in certain or n in later))
        settled.append(dataclasses.replace(step, returns=returns))
        state |= certain & set(module_state)
    bound = {n for step in settled for n in step.returns} | state
    return tuple(settled), tuple(n for n in results if n in bound)


def _bound_in(analysis: Analysis, step: Step) -> tuple[set[str], set[str]]:
    """Names surely bound when the step returns, and names only an except handler bound."""
    certain: set[str] = set(step.params)
    assigned: set[str] = set()
    handlers: set[str] = set()
    for ref in step.statements:
        statement = analysis.statement(ref.cell, ref.index)
        if statement is None:
            continue
        if statement.kind in ("def", "class", "control"):
            assigned.update(statement.assigns)
            handlers.update(statement.handlers)
        else:
            assigned.update(statement.defines)
        certain.update(statement.surely_binds)
    return certain, handlers - assigned
