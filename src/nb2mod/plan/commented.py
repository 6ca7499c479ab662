"""Names that only code kept as a comment may bind: which cell, and what CONVERSION.md warns.

A cell that does not parse (Python 2, a syntax error) or a cell magic with no module
equivalent (``%%px``, ``%%bash``...) is kept as commented code, and so is a ``%run``; a name
only such a cell may bind is not bound in the package. A step reading it starts with a
placeholder that raises PipelineError naming the cell (Step.commented), and CONVERSION.md
warns at the read. A shell escape assigned to a name (``files = !ls``) is commented too and
binds None: a later read of that name is warned about the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from nb2mod.analysis.facts import Analysis
from nb2mod.diagnostics import Diagnostic
from nb2mod.plan.model import MagicPlan, Step


def commented_cells(analysis: Analysis, magics: Iterable[MagicPlan]) -> dict[int, str]:
    """Cells kept wholly as comments, by index: what kind of cell each is."""
    found = {c.cell: "does not parse" for c in analysis.cells if not c.parsed}
    for m in magics:
        if m.action == "run_todo":
            found.setdefault(m.cell, f"%run {m.detail}".strip())
        elif m.action == "todo" and m.line == 1 and _is_cell_magic(analysis, m):
            found.setdefault(m.cell, f"%%{m.name} has no module equivalent")
    return found


def _is_cell_magic(analysis: Analysis, magic: MagicPlan) -> bool:
    facts = analysis.cell(magic.cell)
    return facts is not None and any(
        m.kind == "cell_magic" and m.line == magic.line for m in facts.magics
    )


def commented_binders(
    analysis: Analysis, commented: dict[int, str], cells: Sequence[int], undefined: Iterable[str]
) -> tuple[tuple[str, int], ...]:
    """(name, cell) for each name a step (of ``cells``) reads undefined that a commented
    cell before it may bind: the latest one that mentions the name (or runs ``%run``)."""
    sources = {c.index: c.source for c in analysis.notebook.cells}
    first = min(cells, default=0)
    out = []
    for name in undefined:
        pattern = re.compile(rf"\b{re.escape(name)}\b")
        for cell in sorted((c for c in commented if c < first), reverse=True):
            if commented[cell].startswith("%run") or pattern.search(sources.get(cell, "")):
                out.append((name, cell))
                break
    return tuple(out)


def commented_warnings(
    analysis: Analysis, steps: Iterable[Step], magics: Iterable[MagicPlan]
) -> list[Diagnostic]:
    """A warning at the first read of each name only commented code may bind."""
    path = analysis.notebook.path
    out = []
    for step in steps:
        for name, source in step.commented:
            cell, line, col = _first_read(analysis, step.cells, name)
            message = (
                f"'{name}' is read here, but only cell {source} may bind it and that cell is "
                f"kept as a comment (TODO): the step raises PipelineError naming '{name}'"
            )
            out.append(Diagnostic(path, cell, line, col, "NB102", message))
    for m in magics:
        target = _shell_target(analysis, m)
        if target is None:
            continue
        for edge in analysis.dataflow:
            if edge.name == target and edge.from_cell == m.cell:
                cell, line, col = _first_read(analysis, (edge.to_cell,), target)
                message = (
                    f"'{target}' is read here, but cell {m.cell} binds it with a shell command "
                    f"kept as a comment (TODO): in the package it is None"
                )
                out.append(Diagnostic(path, cell, line, col, "NB106", message))
    return out


def _shell_target(analysis: Analysis, magic: MagicPlan) -> str | None:
    if magic.action != "todo":
        return None
    facts = analysis.cell(magic.cell)
    found = [m for m in facts.magics if m.line == magic.line] if facts is not None else []
    return found[0].target if found else None


def _first_read(analysis: Analysis, cells: Iterable[int], name: str) -> tuple[int, int, int]:
    """The cell, line and column of the first read of ``name`` in these cells."""
    hidden = {(h.cell, h.name): h for h in analysis.hidden_state}
    for cell in cells:
        if (cell, name) in hidden:
            h = hidden[(cell, name)]
            return cell, h.line, h.col
        facts = analysis.cell(cell)
        for statement in facts.statements if facts is not None else ():
            if name in statement.uses:
                return cell, statement.line, 1
    first = next(iter(cells), 0)
    return first, 1, 1
