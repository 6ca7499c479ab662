"""IPython's output history in the package: the value an earlier cell displayed, by name.

``_``, ``__``, ``___``, ``_N`` and ``Out[N]`` read in a cell mean the value an earlier cell
displayed (analysis.history: HistoryRead.refers_to). The displaying statement binds that
value to ``shown_cell_N`` (StatementRef.shown_as) and the reading cell starts by binding the
history names it reads (Step.history: ``_ = shown_cell_2``, ``Out = {2: shown_cell_2}``). A
read whose cell is unknown (no stored count fits, the whole ``Out`` read) is left unbound: the
step starts it as ``undefined_in_notebook(...)`` and CONVERSION.md warns.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from nb2mod.analysis.facts import Analysis
from nb2mod.diagnostics import Diagnostic
from nb2mod.identifiers import unique_name


@dataclass
class HistoryPlan:
    shown: dict[tuple[int, int], str] = field(default_factory=dict)  # (cell, index) -> name
    bindings: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # cell -> (name, code)
    unknown: dict[int, list[str]] = field(default_factory=dict)  # cell -> names left unbound
    reads: dict[int, list[str]] = field(default_factory=dict)  # cell -> shown_cell_N it reads


def plan_history(analysis: Analysis, taken: Collection[str]) -> HistoryPlan:
    plan = HistoryPlan()
    outs: dict[int, dict[int, str]] = {}
    names: dict[int, dict[str, str]] = {}
    used = set(taken)
    for read in analysis.history_reads:
        if read.kind != "output":
            continue
        index = _displayed(analysis, read.refers_to)
        numbered = read.name.startswith("Out[") or read.name.startswith("_oh[")
        whole = read.name in ("Out", "_oh")
        if index is None or read.refers_to is None or whole:
            listed = read.name.split("[")[0]
            plan.unknown.setdefault(read.cell, []).append(listed)
            continue
        key = (read.refers_to, index)
        if key not in plan.shown:
            plan.shown[key] = unique_name(f"shown_cell_{read.refers_to}", used)
            used.add(plan.shown[key])
        if plan.shown[key] not in plan.reads.setdefault(read.cell, []):
            plan.reads[read.cell].append(plan.shown[key])
        if numbered:
            number = int(read.name[read.name.index("[") + 1 : -1], 0)
            outs.setdefault(read.cell, {})[number] = plan.shown[key]
            names.setdefault(read.cell, {})[read.name.split("[")[0]] = ""
        else:
            names.setdefault(read.cell, {})[read.name] = plan.shown[key]
    for cell, bound in names.items():
        for name, value in bound.items():
            if not value:  # Out / _oh: the values shown, by execution count
                value = "{" + ", ".join(f"{n}: {v}" for n, v in sorted(outs[cell].items())) + "}"
            plan.bindings.setdefault(cell, []).append((name, value))
    return plan


def _displayed(analysis: Analysis, cell: int | None) -> int | None:
    """The index of the statement whose value the cell displayed (its last, a bare
    expression), or None."""
    facts = analysis.cell(cell) if cell is not None else None
    if facts is None or not facts.statements:
        return None
    last = max(facts.statements, key=lambda s: s.index)
    if last.kind != "expression" or last.is_print or not facts.display_only:
        return None
    return last.index


def history_warnings(analysis: Analysis, history: HistoryPlan) -> list[Diagnostic]:
    """A warning for each history read the package cannot bind."""
    path = analysis.notebook.path
    out = []
    for read in analysis.history_reads:
        if read.kind == "output" and read.name.split("[")[0] in history.unknown.get(read.cell, []):
            message = (
                f"'{read.name}' reads IPython's output history, but which cell's value it "
                "means is unknown: the step raises PipelineError naming it"
            )
            out.append(Diagnostic(path, read.cell, read.line, read.col, "NB111", message))
    return out
