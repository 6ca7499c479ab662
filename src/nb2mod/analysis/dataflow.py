"""Cross-cell facts, pure functions over per-cell facts: def-use edges, hidden state, order."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from nb2mod.analysis.facts import (
    CellFacts,
    DataflowEdge,
    FunctionFacts,
    HiddenState,
    Redefinition,
    Unsure,
    UnusedDefinition,
)
from nb2mod.analysis.names import IPYTHON_NAMES
from nb2mod.notebook import Cell


def dataflow_edges(cells: Sequence[CellFacts], sources: dict[int, str]) -> tuple[DataflowEdge, ...]:
    """An edge from the last cell that defined or mutated a name to each later cell reading it.

    A name with no known writer still gets an edge from an earlier cell that may bind it: one
    with an Unsure fact (star import, ``%run``, ``exec()``, ``globals()``) or an unparsable one
    whose text (``sources``) mentions the name. No edge is silently dropped.
    """
    writer: dict[str, int] = {}
    maybe: list[CellFacts] = []
    edges: dict[DataflowEdge, None] = {}
    for cell in cells:
        for name in cell.uses:
            source = writer.get(name) or _possible_writer(name, maybe, sources)
            if source is not None:
                edges[DataflowEdge(name, source, cell.cell)] = None
        for name in (*cell.defines, *cell.mutates):
            writer[name] = cell.cell
        for name in cell.deletes:
            writer.pop(name, None)
        if not cell.parsed or cell.unsure:
            maybe.append(cell)
    return tuple(edges)


def _possible_writer(name: str, maybe: list[CellFacts], sources: dict[int, str]) -> int | None:
    for cell in reversed(maybe):
        if cell.parsed or re.search(rf"\b{re.escape(name)}\b", sources.get(cell.cell, "")):
            return cell.cell
    return None


def hidden_state(
    cells: Sequence[CellFacts],
    sources: dict[int, str],
    locate: Callable[[int, str], tuple[int, int]] = lambda cell, name: (1, 1),
) -> tuple[HiddenState, ...]:
    """Names a cell reads before any earlier cell defines them (ignoring IPython's own names).

    ``locate(cell, name)`` gives the line and column of the cell's first read of the name.
    """
    first_definer: dict[str, int] = {}
    for cell in cells:
        for name in cell.defines:
            first_definer.setdefault(name, cell.cell)
    defined: set[str] = set()
    maybe: list[CellFacts] = []
    found = []
    for cell in cells:
        if cell.unsure:
            maybe.append(cell)  # a star import, %run or exec() may bind what it reads below
        for name in cell.uses:
            if name in defined or name in IPYTHON_NAMES or _possible_writer(name, maybe, sources):
                continue
            later = first_definer.get(name)
            later = later if later is not None and later > cell.cell else None
            if later is None and first_definer.get(name) == cell.cell:
                later = cell.cell  # read above the line of its own cell that binds it
            found.append(HiddenState(name, cell.cell, *locate(cell.cell, name), later))
        defined.update(cell.defines)
        if not cell.parsed:
            maybe.append(cell)
    return tuple(found)


def execution_out_of_order(cells: Iterable[Cell]) -> int | None:
    """The first code cell whose execution count is not above every earlier cell's (None: in
    order). A repeated count is out of order too: one run from the top never repeats one."""
    highest = None
    for cell in cells:
        count = cell.execution_count
        if cell.kind != "code" or count is None:
            continue
        if highest is not None and count <= highest:
            return cell.index
        highest = count if highest is None else max(highest, count)
    return None


def redefinitions(cells: Sequence[CellFacts]) -> tuple[Redefinition, ...]:
    """Names bound in more than one cell, with those cells."""
    where: dict[str, list[int]] = {}
    for cell in cells:
        for name in cell.defines:
            where.setdefault(name, []).append(cell.cell)
    return tuple(Redefinition(n, tuple(c)) for n, c in where.items() if len(c) > 1)


def unused_definitions(
    cells: Sequence[CellFacts], functions: Sequence[FunctionFacts]
) -> tuple[UnusedDefinition, ...]:
    """Cell definitions that nothing later reads: no later statement, cell or function."""
    read_by_functions = {name for f in functions for name in f.reads_globals}
    read_by_functions.update(name for f in functions for name in f.calls)
    later_uses: set[str] = set()
    blocks: list[list[UnusedDefinition]] = []
    for cell in reversed(cells):
        read_later_in_cell = _reads_after_last_definition(cell)
        blocks.append(
            [
                UnusedDefinition(name, cell.cell)
                for name in cell.defines
                if name not in later_uses
                and name not in read_by_functions
                and name != "_"
                and not read_later_in_cell(name)
            ]
        )
        later_uses.update(cell.uses)
        later_uses.update(cell.magic_uses)
    return tuple(u for block in reversed(blocks) for u in block)


def _reads_after_last_definition(cell: CellFacts) -> Callable[[str], bool]:
    """Whether the cell reads a name after (or, in a local scope, within) the last
    statement that binds it; built once per cell, so each question is a lookup."""
    last_definition: dict[str, int] = {}
    last_use: dict[str, int] = {}
    local_reads: dict[int, set[str]] = {}
    for statement in cell.statements:
        for name in statement.defines:
            last_definition[name] = max(last_definition.get(name, -1), statement.index)
        for name in statement.uses:
            last_use[name] = max(last_use.get(name, -1), statement.index)
        local_reads.setdefault(statement.index, set()).update(statement.local_reads)

    def read_later(name: str) -> bool:
        last = last_definition.get(name, -1)
        return last_use.get(name, -1) > last or name in local_reads.get(last, ())

    return read_later


def unsure_facts(cells: Sequence[CellFacts], unparsed_lines: dict[int, int]) -> tuple[Unsure, ...]:
    """Every place the analysis is unsure, in notebook order; unparsable cells included."""
    found: list[Unsure] = []
    for cell in cells:
        if not cell.parsed and not cell.unsure:
            line = unparsed_lines.get(cell.cell, 1)
            found.append(Unsure(cell.cell, line, 1, "cell could not be parsed; names unknown"))
        found.extend(cell.unsure)
    return tuple(found)
