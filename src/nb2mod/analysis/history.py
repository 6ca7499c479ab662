"""Reads of IPython's output and input history, and which cell each one names (HistoryRead).

Pure: from each cell's walk (its reads and ``Out[N]``/``In[N]`` subscripts) and the
notebook's stored execution counts. A name the notebook itself binds earlier (``_`` as a
throwaway variable, say) is an ordinary variable, not history.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from nb2mod.analysis.cell_facts import GatheredCell
from nb2mod.analysis.facts import CellFacts, HistoryRead
from nb2mod.notebook import Notebook

Kind = Literal["output", "input"]
Basis = Literal["stored count", "top-to-bottom run", "unknown"]
_OUTPUT = re.compile(r"^(_{1,3}|_\d+|Out|_oh)$")
_INPUT = re.compile(r"^(_i{1,3}|_i\d+|In|_ih)$")
_LISTS = {"Out": "output", "_oh": "output", "In": "input", "_ih": "input"}


def history_kind(name: str) -> Kind | None:
    if _OUTPUT.match(name):
        return "output"
    if _INPUT.match(name):
        return "input"
    return None


def history_reads(
    notebook: Notebook, cells: Sequence[CellFacts], gathered: Sequence[GatheredCell]
) -> tuple[HistoryRead, ...]:
    """Every cell-level read of a history name no earlier cell binds, in notebook order."""
    by_cell = {g.facts.cell: g for g in gathered}
    refer = _Referents(notebook, cells)
    bound: set[str] = set()
    out: list[HistoryRead] = []
    for facts in cells:
        cell = by_cell.get(facts.cell)
        if cell is not None:
            out.extend(_cell_reads(cell, bound, refer))
        bound.update(facts.defines)
    return tuple(out)


def _cell_reads(cell: GatheredCell, bound: set[str], refer: _Referents) -> list[HistoryRead]:
    """``Out[N]``/``In[N]`` anywhere in the cell, then the other history names it reads."""
    index = cell.facts.cell
    found = []
    numbered = set()
    for listed, number, ref in cell.raw.history_indexes:
        if listed not in bound:
            numbered.add(ref)
            target, basis = refer.by_number(number, index)
            listed_kind = history_kind(listed) or "output"
            line, col = cell.locator.position(ref)
            name = f"{listed}[{number}]"
            found.append(HistoryRead(index, line, col, name, listed_kind, target, basis))
    for name in cell.facts.uses:
        kind = history_kind(name)
        use = cell.use_refs.get(name)
        if kind is None or name in bound or use is None or use[1] != ("n", name):
            continue  # not history, the notebook's own variable, or read through a call
        if use not in numbered:
            target, basis = refer.by_name(name, index)
            line, col = cell.locator.position(use)
            found.append(HistoryRead(index, line, col, name, kind, target, basis))
    return sorted(found, key=lambda h: (h.line, h.col))


class _Referents:
    """Which cell a history name points at."""

    def __init__(self, notebook: Notebook, cells: Sequence[CellFacts]) -> None:
        code = notebook.code_cells
        self.counts: dict[int, int] = {}
        for cell in code:
            if cell.execution_count is not None:
                self.counts.setdefault(cell.execution_count, cell.index)
        self.runs = [c.index for c in code if c.source.strip()]  # counted in a fresh run
        self.shows = [f.cell for f in cells if f.display_only]

    def by_number(self, number: int, reader: int) -> tuple[int | None, Basis]:
        """Execution count ``number``: the stored one, else the N-th cell of a fresh run
        from the top, when that cell runs before the ``reader``."""
        if self.counts:
            found = self.counts.get(number)
            return found, "stored count" if found is not None else "unknown"
        if 1 <= number <= len(self.runs) and self.runs[number - 1] < reader:
            return self.runs[number - 1], "top-to-bottom run"
        return None, "unknown"

    def by_name(self, name: str, reader: int) -> tuple[int | None, Basis]:
        if name in _LISTS:
            return None, "unknown"  # the whole history
        digits = name.lstrip("_").lstrip("i")
        if digits.isdigit():
            return self.by_number(int(digits), reader)
        if history_kind(name) == "output":  # _ __ ___: the last results shown
            back, earlier = len(name), [c for c in self.shows if c < reader]
        else:  # _i _ii _iii: the last inputs run
            back, earlier = len(name) - 1, [c for c in self.runs if c < reader]
        if back <= len(earlier):
            return earlier[-back], "top-to-bottom run"
        return None, "unknown"


__all__ = ["history_kind", "history_reads"]
