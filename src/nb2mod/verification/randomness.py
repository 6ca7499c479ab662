"""Names whose value depends on unseeded randomness or the clock, traced from the analyzer's
facts."""

from __future__ import annotations

from nb2mod.analysis.facts import Analysis, CellFacts, Effect, RandomUse

# %time reports are not compared, and sleeping gives no value
STEADY_TIME_CALLS = frozenset({"magic time", "magic timeit", "time.sleep"})


def unseeded_names(analysis: Analysis) -> dict[str, str]:
    """Name -> why it may differ between runs: it is written by a statement that uses
    unseeded randomness or reads the clock, or that reads a name already marked, in notebook
    order."""
    uses = [r for r in analysis.randomness if not r.seeded]
    clock = [e for c in analysis.cells for e in c.effects if is_clock(e)]
    if not uses and not clock:
        return {}
    marked: dict[str, str] = {}
    for facts in sorted(analysis.cells, key=lambda c: c.cell):
        for reads, writes, lines in _units(facts):
            reason = (
                _random_here(uses, facts.cell, lines)
                or _clock_here(clock, facts.cell, lines)
                or _inherited(reads, marked)
            )
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


def is_clock(effect: Effect) -> bool:
    """An effect that reads the time (a value that changes from run to run)."""
    return effect.kind == "time" and effect.call not in STEADY_TIME_CALLS


def _clock_here(clock: list[Effect], cell: int, lines: range | None) -> str:
    for effect in clock:
        if effect.cell == cell and (lines is None or effect.line in lines):
            return f"reads the time ({effect.call}, cell {effect.cell}, line {effect.line})"
    return ""


def _inherited(reads: tuple[str, ...], marked: dict[str, str]) -> str:
    for name in reads:
        if name in marked:
            return marked[name]
    return ""
