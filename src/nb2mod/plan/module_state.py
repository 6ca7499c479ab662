"""Module state: names notebook functions rebind through ``global``, kept as module globals."""

from __future__ import annotations

from collections.abc import Iterable

from nb2mod.analysis.facts import Analysis
from nb2mod.plan.model import StatementRef


def module_state(analysis: Analysis) -> tuple[str, ...]:
    """Names notebook functions rebind through ``global``: the package keeps them as module
    globals (declared ``global`` in the steps that assign them), as the notebook did."""
    return tuple(sorted({name for f in analysis.functions for name in f.writes_globals}))


def state_in(
    analysis: Analysis, refs: Iterable[StatementRef], state: tuple[str, ...]
) -> tuple[str, ...]:
    """The module-state names a step's statements bind, read or change."""
    if not state:
        return ()
    touched: set[str] = set()
    for ref in refs:
        statement = analysis.statement(ref.cell, ref.index)
        if statement is not None:
            touched.update(statement.defines, statement.uses, statement.mutates)
    return tuple(name for name in state if name in touched)
