"""Figures: the names pyplot is bound to, the cells that show figures or draw at all."""

from __future__ import annotations

from nb2mod.analysis.facts import Analysis


def plot_aliases(analysis: Analysis) -> tuple[str, ...]:
    """Names the notebook binds to matplotlib.pyplot."""
    bound = {
        i.bound
        for c in analysis.cells
        for i in c.imports
        if i.qualified == "matplotlib.pyplot" or (i.module == "matplotlib" and i.name == "pyplot")
    }
    return tuple(sorted(bound))


def show_cells(analysis: Analysis) -> set[int]:
    """Cells that call pyplot.show(): the package saves those figures (or drops the call)."""
    return {
        e.cell
        for c in analysis.cells
        for e in c.effects
        if e.kind == "plot" and e.call.endswith("pyplot.show")
    }


def plot_cells(analysis: Analysis) -> tuple[int, ...]:
    """Cells that draw: Jupyter's inline backend closes their figures when they end."""
    return tuple(sorted({e.cell for c in analysis.cells for e in c.effects if e.kind == "plot"}))
