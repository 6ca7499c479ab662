"""What a step's cells printed in the --capture run, which its test compares with what it logs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from nb2mod.analysis.facts import Analysis, CellFacts
from nb2mod.analysis.prints import loggable_prints
from nb2mod.capture_formats import _printed_key
from nb2mod.plan.model import Plan, Step


def logging_steps(plan: Plan, analysis: Analysis) -> frozenset[str]:
    """The steps with a ``print(...)`` in their cells (or in a cell magic's body, such as
    ``%%timeit``'s) that the package logs instead."""
    cells = {facts.cell: facts for facts in analysis.cells}

    def logs(cell: CellFacts) -> bool:
        bodies = (m.body for m in cell.magics if m.kind == "cell_magic" and m.body)
        return any(s.log_prints for s in cell.statements) or any(map(loggable_prints, bodies))

    return frozenset(
        step.name for step in plan.steps if any(logs(cells[i]) for i in step.cells if i in cells)
    )


def cell_stdout(cells: Sequence[tuple[int, Any]], harness: int) -> dict[int, str]:
    """Notebook cell -> its stdout, as the notebook shows it, from the executed nbformat
    ``cells`` (index, cell); cells numbered 0 or from ``harness`` on are nb2mod's own."""
    return {
        index: "".join(
            output.get("text", "")
            for output in cell.get("outputs", [])
            if output.get("output_type") == "stream" and output.get("name") == "stdout"
        )
        for index, cell in cells
        if 0 < index < harness
    }


def step_printed(step: Step, printed: Mapping[int, str], limit: int) -> str:
    """What the step's cells printed, each line as the tests compare it (``_printed_key``);
    nothing when it is more than ``limit`` bytes."""
    text = "".join(printed.get(index, "") for index in step.cells)
    lines = [_printed_key(line) for line in text.splitlines()]
    kept = "".join(line + "\n" for line in lines)
    return kept if len(kept.encode("utf-8")) <= limit else ""


__all__ = ["cell_stdout", "logging_steps", "step_printed"]
