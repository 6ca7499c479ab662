"""Values run() passes between steps that can be checked too: a name is comparable when the
step that last binds it in run() holds the notebook cell that last writes it.

Reads the conversion's values (its steps in run() order and pipeline.py's source map) and
the analysis facts; never reads the generated text, imports or runs anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from nb2mod.analysis.facts import Analysis
from nb2mod.sourcemap import FileMap


class StepLike(Protocol):
    """What this module needs of a step of pipeline.py (conversion.ConvertedStep)."""

    @property
    def name(self) -> str: ...
    @property
    def returns(self) -> tuple[str, ...]: ...


def step_bindings(steps: Sequence[StepLike], pipeline: FileMap) -> dict[str, frozenset[int]]:
    """Name -> notebook cells of the step whose return value last binds it in ``run``
    (a step that holds no cell's code unbinds the names it returns)."""
    bound: dict[str, frozenset[int]] = {}
    for step in steps:
        region = pipeline.region(step.name)
        cells = frozenset(region.cells) if region is not None else frozenset()
        for name in step.returns:
            if cells:
                bound[name] = cells
            else:
                bound.pop(name, None)
    return bound


def comparable_step_names(
    bindings: dict[str, frozenset[int]], analysis: Analysis, exclude: Iterable[str] = ()
) -> tuple[str, ...]:
    """Names whose final notebook value is the one run() holds: the notebook's last write
    to the name (assignment, mutation or del) is in the cells of the step that binds it."""
    skip = {"config", *exclude}
    last_write: dict[str, int] = {}
    deleted: set[str] = set()
    for facts in sorted(analysis.cells, key=lambda c: c.cell):
        for name in (*facts.defines, *facts.mutates, *facts.deletes):
            last_write[name] = facts.cell
        deleted.difference_update(facts.defines)
        deleted.update(facts.deletes)
    return tuple(
        name
        for name, cells in bindings.items()
        if name not in skip
        and name not in deleted
        and not name.startswith("_")
        and last_write.get(name) in cells
    )
