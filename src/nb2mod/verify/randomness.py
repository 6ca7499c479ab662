"""Names whose value depends on unseeded randomness, traced from the analyzer's facts."""

from __future__ import annotations

from nb2mod.analysis.facts import Analysis, CellFacts, RandomUse


def unseeded_names(analysis: Analysis) -> dict[str, str]:
    """Name -> why it may differ between runs: it is written by a statement that uses
    unseeded randomness, or that reads a name already marked, in notebook order."""
    uses = [r for r in analysis.randomness if not r.seeded]
    if not uses:
        return {}
    marked: dict[str, str] = {}
    for facts in sorted(analysis.cells, key=lambda c: c.cell):
        for reads, writes, lines in _units(facts):
            reason = _random_here(uses, facts.cell, lines) or _inherited(reads, marked)
            for name in writes:
                if reason:
                    marked.setdefault(name, reason)
    return marked


def _units(facts: CellFacts) -> list[tuple[tuple[str, ...], tuple[str, ...], range | None]]:
    """(reads, writes, lines) per top-level statement, or the whole cell as one unit."""
    if facts.statements:
        return [
            (s.uses, (*s.defines, *s.mutates), range(s.line, s.end_line + 1))
            for s in facts.statements
        ]
    return [(facts.uses, (*facts.defines, *facts.mutates), None)]


def _random_here(uses: list[RandomUse], cell: int, lines: range | None) -> str:
    for use in uses:
        if use.cell == cell and (lines is None or use.line in lines):
            return f"unseeded {use.call} (cell {use.cell}, line {use.line})"
    return ""


def _inherited(reads: tuple[str, ...], marked: dict[str, str]) -> str:
    for name in reads:
        if name in marked:
            return marked[name]
    return ""
