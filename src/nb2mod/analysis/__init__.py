"""Analysis: gather facts about a notebook's cells (LibCST visitors) and across cells (pure)."""

from __future__ import annotations

from nb2mod.analysis.facts import Analysis, CellFacts
from nb2mod.analysis.parse import ParsedCell, parse_notebook
from nb2mod.notebook import Notebook


def analyze(notebook: Notebook) -> Analysis:
    """Gather every fact of DESIGN section 4 about ``notebook``; never executes its code."""
    parsed = parse_notebook(notebook)
    cells = tuple(_cell_facts(p) for p in parsed)
    diagnostics = tuple(p.error for p in parsed if p.error is not None)
    return Analysis(notebook=notebook, parsed=parsed, cells=cells, diagnostics=diagnostics)


def _cell_facts(parsed: ParsedCell) -> CellFacts:
    # TODO(issue 3): the per-cell visitors fill defines/uses/mutations/effects here.
    return CellFacts(
        cell=parsed.index, parsed=parsed.module is not None, magics=parsed.normalised.magics
    )


__all__ = ["Analysis", "analyze"]
