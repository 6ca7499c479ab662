"""NB102 hidden-state: a name read before any earlier cell defines it; counts out of order."""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from typing import TYPE_CHECKING

from nb2mod.rules import Finding, Rule, register

if TYPE_CHECKING:
    from nb2mod.analysis.facts import Analysis

# Names IPython itself provides in every kernel: never hidden state.
KERNEL_NAMES = frozenset({"get_ipython", "display", "In", "Out", "_", "__", "___", "exit", "quit"})
BUILTIN_NAMES = frozenset(dir(builtins))
ORDER_DETAIL = "execution counts are out of order from this cell on"  # the second form


def check(analysis: Analysis) -> Iterator[Finding]:
    unsure = bool(analysis.unsure) or any(facts.unsure for facts in analysis.cells)
    for hidden in analysis.hidden_state:
        if hidden.name in KERNEL_NAMES or hidden.name.startswith(("_i", "_o")):
            continue
        if hidden.defined_later_in is None and (unsure or hidden.name in BUILTIN_NAMES):
            continue  # a star import, exec or %run may define it: precision over recall
        where = _where_defined(hidden.cell, hidden.defined_later_in)
        yield Finding(hidden.cell, hidden.line, hidden.col, f"name '{hidden.name}'{where}")
    cell = analysis.execution_out_of_order
    if cell is not None:
        yield Finding(cell, 1, 1, ORDER_DETAIL)


def is_order_finding(code: str, message: str) -> bool:
    """Whether a diagnostic is NB102's second form (stored execution counts out of order)."""
    return code == "NB102" and message.startswith(ORDER_DETAIL)


def _where_defined(cell: int, later: int | None) -> str:
    if later is None:
        return " (no cell defines it)"
    if later == cell:
        return " (this cell defines it only after reading it)"
    return f" (cell {later} defines it later)"


RULE = register(
    Rule(
        code="NB102",
        name="hidden-state",
        message="{detail}: restart the kernel and run all cells in order",
        what="Reports a name read in a cell before any earlier cell defines it, and (once per "
        "notebook, at the first cell out of order) stored execution counts that do not "
        "increase from top to bottom. `nb2mod lint --fix` clears the stored counts (every one: "
        "renumbering them would claim a top-to-bottom run that never happened); a name read "
        "too early needs a human.",
        why="The notebook only worked because of state left in the kernel: cells run out of "
        "order, or a definition since deleted. Run from top to bottom, as a converted "
        "module will be, it fails or computes something else.",
        example="# cell 1\nprint(total)\n# cell 2\ntotal = 10",
        instead="# cell 1\ntotal = 10\n# cell 2\nprint(total)",
        check=check,
    )
)
