"""Final step returns and run()'s results, and which of them a run may leave unbound."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from nb2mod.analysis.facts import Analysis
from nb2mod.plan.model import Step


@dataclass
class _Binds:
    """What a step's own statements bind: surely, on some paths only, only in a handler."""

    certain: set[str] = field(default_factory=set)
    partly: set[str] = field(default_factory=set)
    gone: set[str] = field(default_factory=set)


def bound_returns(
    analysis: Analysis, steps: Sequence[Step], results: Sequence[str], module_state: Sequence[str]
) -> tuple[tuple[Step, ...], tuple[str, ...], tuple[str, ...]]:
    """The steps with returns settled, the results run() returns, and those of the results
    a run may leave unbound.

    A name bound only by ``except ... as e`` is gone after the handler: never returned. A
    name bound on some paths only (an ``if`` without ``else``, a ``try`` whose handler
    passes) is returned, and so is a name bound only in a loop body when a later step needs
    it: the step starts it as ``UNBOUND`` (Step.unbound), run() leaves it out of its results
    when it stays so. A name bound only in a loop that no later step needs is not returned.
    Module state is a result when some step surely binds it."""
    settled = []
    state: set[str] = set()
    unbound: set[str] = set()  # run()'s variables that may hold UNBOUND after the step
    for index, step in enumerate(steps):
        binds = _bound_in(analysis, step)
        later = {n for s in steps[index + 1 :] for n in s.params}
        sure = binds.certain | set(step.params)
        returns = tuple(
            n
            for n in step.returns
            if n not in binds.gone and (n in sure or n in later or n in binds.partly)
        )
        starts = tuple(n for n in returns if n not in sure)
        unbound = (unbound - binds.certain) | set(starts)
        settled.append(dataclasses.replace(step, returns=returns, unbound=starts))
        state |= binds.certain & set(module_state)
    bound = {n for step in settled for n in step.returns} | state
    final = tuple(n for n in results if n in bound)
    return tuple(settled), final, tuple(n for n in final if n in unbound)


def _bound_in(analysis: Analysis, step: Step) -> _Binds:
    binds = _Binds()
    assigned: set[str] = set()
    handlers: set[str] = set()
    for _, name, _ in step.history:
        binds.certain.add(name)
    for ref in step.statements:
        statement = analysis.statement(ref.cell, ref.index)
        if statement is None:
            continue
        if statement.kind in ("def", "class", "control"):
            assigned.update(statement.assigns)
            handlers.update(statement.handlers)
        else:
            assigned.update(statement.defines)
        binds.certain.update(statement.surely_binds)
        if ref.shown_as:  # the displayed value, bound for IPython's output history
            binds.certain.add(ref.shown_as)
        binds.partly.update(statement.partly_binds)
    binds.gone = handlers - assigned
    binds.partly -= binds.certain
    return binds
