"""Figures: which cells show figures, and how, so that the package saves each one the
notebook's inline backend would have shown.

Jupyter's inline backend shows every open figure (that has something drawn) at a
``plt.show()`` and at the end of each cell that used pyplot, then closes them all; a Figure
that is a cell's last expression is shown too (and, when it is still open, again at the
cell's end). The package saves each of those as ``output_dir/figures/NAME-N.png``: NAME is
the step, or the notebook function whose ``plt.show()`` showed it; N counts per NAME from 1
over one run(), in the order the figures are shown (see the ``figures`` helper).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from nb2mod.analysis.facts import Analysis, Effect, FunctionFacts
from nb2mod.plan.model import FigureSource, Plan, StatementRef, Step


def plan_figures(plan: Plan, analysis: Analysis) -> Plan:
    """The plan with the cells that show figures and how: saved (``--plots save``) or
    dropped, the open ones closed at each drawing cell's end as the inline backend did."""
    aliases = plan.plot_aliases
    imported = bool(aliases) and aliases[0] in {i.bound for i in plan.imports}
    shows = tuple(sorted(show_cells(analysis))) if aliases else ()
    ends = plot_cells(analysis)
    if not plan.save_plots:  # closed with the notebook's own pyplot name
        return dataclasses.replace(plan, show_cells=shows, close_figures=ends if imported else ())
    ends = tuple(c for c in ends if not _ends_with_show(analysis, c, aliases))
    names = figure_names(analysis)
    steps = tuple(
        dataclasses.replace(
            step, statements=tuple(_figure_value(analysis, r, names) for r in step.statements)
        )
        for step in plan.steps
    )
    sources = figure_sources(analysis, steps, ends, shows, aliases)
    return dataclasses.replace(
        plan, steps=steps, show_cells=shows, close_figures=ends, figure_sources=sources
    )


def _ends_with_show(analysis: Analysis, cell: int, aliases: tuple[str, ...]) -> bool:
    """The cell's last statement is a ``plt.show()`` line: no figure is open after it."""
    facts = analysis.cell(cell)
    last = facts.statements[-1] if facts is not None and facts.statements else None
    return (
        last is not None
        and last.kind == "expression"
        and any(alias in aliases and not inside for alias, inside in last.shows)
    )


def figure_names(analysis: Analysis) -> set[str]:
    """Names that may hold a Figure: bound by a cell-level statement that draws
    (``fig, ax = plt.subplots()``, ``fig = plt.figure()``)."""
    names: set[str] = set()
    for cell in analysis.cells:
        lines = {e.line for e in cell.effects if e.kind == "plot"}
        for statement in cell.statements:
            if any(statement.line <= line <= statement.end_line for line in lines):
                names.update(statement.defines)
    return names


def _figure_value(analysis: Analysis, ref: StatementRef, names: set[str]) -> StatementRef:
    """A cell's last value that may be a Figure (a name a drawing statement bound, or an
    attribute ``.figure``/``.fig``), which the notebook showed as an image: the package
    saves it when it is one (the check is at run time)."""
    statement = analysis.statement(ref.cell, ref.index)
    if statement is None or ref.action != "debug" or ref.shown_as is not None:
        return ref
    shown = statement.shown_name
    if shown is None or not (shown in names or shown.rsplit(".", 1)[-1] in ("figure", "fig")):
        return ref
    return dataclasses.replace(ref, shows_figure=True)


def plot_aliases(analysis: Analysis) -> tuple[str, ...]:
    """Names the notebook binds to matplotlib.pyplot."""
    bound = {
        i.bound
        for c in analysis.cells
        for i in c.imports
        if i.qualified == "matplotlib.pyplot" or (i.module == "matplotlib" and i.name == "pyplot")
    }
    return tuple(sorted(bound))


def _is_show(effect: Effect) -> bool:
    return effect.kind == "plot" and effect.call.endswith("pyplot.show")


def show_cells(analysis: Analysis) -> set[int]:
    """Cells holding a ``pyplot.show()`` call, at cell level or in a function they define."""
    cells = {e.cell for c in analysis.cells for e in c.effects if _is_show(e)}
    return cells | {e.cell for f in analysis.functions for e in f.effects if _is_show(e)}


def plot_cells(analysis: Analysis) -> tuple[int, ...]:
    """Cells that draw, at cell level or through a notebook function they call: the inline
    backend shows and closes their open figures when they end."""
    plotting = _plotting_functions(analysis.functions)
    cells = {e.cell for c in analysis.cells for e in c.effects if e.kind == "plot"}
    for cell in analysis.cells:
        for statement in cell.statements:
            if statement.kind in ("def", "class"):
                continue  # defining a function draws nothing
            if any(name in plotting for name, _ in statement.reads):
                cells.add(cell.cell)
    return tuple(sorted(cells))


def _plotting_functions(functions: Iterable[FunctionFacts]) -> set[str]:
    """Notebook functions (and classes) that draw, themselves or through those they call."""
    functions = list(functions)
    found = {f.name for f in functions if any(e.kind == "plot" for e in f.effects)}
    calls: Mapping[str, tuple[str, ...]] = {f.name: f.calls for f in functions}
    changed = True
    while changed:
        more = {name for name, called in calls.items() if found & set(called)} - found
        found |= more
        changed = bool(more)
    return found


def shown_in_functions(analysis: Analysis) -> tuple[tuple[str, int], ...]:
    """(function, cell) of each notebook function (or class) whose code calls ``plt.show()``."""
    return tuple(
        sorted({(f.name, f.cell) for f in analysis.functions if any(map(_is_show, f.effects))})
    )


def figure_sources(
    analysis: Analysis,
    steps: Iterable[Step],
    end_cells: Iterable[int],
    shows: Iterable[int],
    aliases: Iterable[str],
) -> tuple[FigureSource, ...]:
    """Where each saved figure comes from, in notebook order, for CONVERSION.md and README."""
    ends, shown, names = set(end_cells), set(shows), set(aliases)
    out: list[FigureSource] = []
    for step in steps:
        for cell in step.cells:
            facts = analysis.cell(cell)
            lines = [s for s in facts.statements if s.index in _kept(step, cell)] if facts else []
            count = sum(
                1 for s in lines for alias, inside in s.shows if alias in names and not inside
            )
            if count and cell in shown:
                out.append(FigureSource(step.name, cell, f"plt.show() ×{count}"))
            if any(r.cell == cell and r.shows_figure for r in step.statements):
                out.append(FigureSource(step.name, cell, "a Figure as the cell's last value"))
            if cell in ends and any(r.cell == cell for r in step.statements):
                out.append(FigureSource(step.name, cell, "any figure still open as the cell ends"))
    for name, cell in shown_in_functions(analysis):
        out.append(FigureSource(name, cell, f"plt.show() in {name}(), at each call"))
    return tuple(out)


def _kept(step: Step, cell: int) -> set[int]:
    return {r.index for r in step.statements if r.cell == cell and r.action != "drop"}
