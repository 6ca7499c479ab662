"""Facts of notebook functions and classes: the globals each reads, writes and mutates, purity."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from nb2mod.analysis.facts import Effect, FunctionFacts, LiteralCall
from nb2mod.analysis.records import FunctionSummary

_Entry = tuple[FunctionSummary, tuple[Effect, ...]]


def function_facts(
    summaries: Iterable[tuple[int, FunctionSummary, tuple[int, int], tuple[Effect, ...]]],
    notebook_names: set[str],
    harmless: set[str],
    literal_calls: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[FunctionFacts, ...]:
    """One FunctionFacts per top-level def/class, closed over the notebook functions it calls.

    ``summaries`` holds (cell, summary, (line, end_line), effects); ``notebook_names`` every name
    a cell binds; ``harmless`` the globals a pure function may read (constants, imports, defs).
    """
    items = list(summaries)
    by_name: dict[str, list[_Entry]] = {}
    for _, summary, _, effects in items:
        by_name.setdefault(summary.name, []).append((summary, effects))
    out = []
    for cell, summary, (line, end_line), effects in items:
        # itself as defined here; a function it calls as any of that name's definitions
        reach = [(summary, effects)] + [
            entry for n in _reachable(summary, by_name)[1:] for entry in by_name[n]
        ]
        reads = _union(s.free_reads for s, _ in reach)
        reads = [r for r in reads if r in notebook_names and r != summary.name]
        writes = _union(s.global_writes for s, _ in reach)
        mutated = _union(s.mutated_globals for s, _ in reach)
        mutated = [m for m in mutated if m in notebook_names]
        all_effects = [e for _, found in reach for e in found]
        pure = not (writes or mutated or summary.mutated_params or all_effects) and all(
            r in harmless for r in reads
        )
        pure = pure and not any(s.mutated_params for s, _ in reach)
        out.append(
            FunctionFacts(
                name=summary.name,
                kind=summary.kind,
                cell=cell,
                line=line,
                params=summary.params,
                reads_globals=tuple(reads),
                writes_globals=tuple(writes),
                mutates_globals=tuple(mutated),
                mutates_params=tuple(summary.mutated_params),
                calls=tuple(c for c in summary.called if c in by_name and c != summary.name),
                pure=pure,
                effects=effects,
                end_line=end_line,
                unused_imports=summary.unused_imports,
                literal_calls=tuple(
                    LiteralCall(args) for args in (literal_calls or {}).get(summary.name, ())
                ),
            )
        )
    return tuple(out)


def _reachable(start: FunctionSummary, by_name: Mapping[str, list[_Entry]]) -> list[str]:
    """``start``'s name and every notebook function it calls, directly or not (a name the
    notebook defines more than once: what any of its definitions calls)."""
    seen = [start.name]
    for name in seen:
        summaries = [start] if name == start.name else [s for s, _ in by_name.get(name, [])]
        for summary in summaries:
            seen += [c for c in summary.called if c in by_name and c not in seen]
    return seen


def _union(groups: Iterable[list[str]]) -> list[str]:
    out: dict[str, None] = {}
    for group in groups:
        out.update(dict.fromkeys(group))
    return list(out)


@dataclass(frozen=True)
class Callee:
    """What calling a notebook function does, closed over the notebook functions it calls."""

    params: tuple[str, ...]
    reads: tuple[str, ...] = ()
    global_writes: tuple[str, ...] = ()
    mutated_globals: tuple[str, ...] = ()
    mutated_params: tuple[str, ...] = ()


def close_callee(summary: FunctionSummary, known: Mapping[str, Callee]) -> Callee:
    """The summary's effects when called, including the notebook functions it calls."""
    reads = list(summary.free_reads)
    writes = list(summary.global_writes)
    mutated = list(summary.mutated_globals)
    for name in summary.called:
        callee = known.get(name)
        if callee is None:
            continue
        reads += [r for r in callee.reads if r not in reads]
        writes += [w for w in callee.global_writes if w not in writes]
        mutated += [m for m in callee.mutated_globals if m not in mutated]
    return Callee(
        summary.params, tuple(reads), tuple(writes), tuple(mutated), tuple(summary.mutated_params)
    )
