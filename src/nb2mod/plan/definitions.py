"""Which notebook functions and classes move to module level, and with which parameters."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from nb2mod.analysis.facts import Analysis, FunctionFacts, StatementFacts
from nb2mod.analysis.names import MODULE_GLOBALS
from nb2mod.plan.model import Definition, Dropped


def plan_definitions(
    analysis: Analysis, module_names: set[str], state: set[str] | None = None
) -> tuple[Definition, ...]:
    """Functions and classes that can live at module level, with the globals they need
    (a function that needs some and is applied as ``@name`` stays in its step). ``state``
    (module state, among ``module_names``) exists only once run() binds it: a body may read
    it, a decorator, default or class body (run at import) may not."""
    candidates = _candidates(analysis)
    decorators = {n for c in analysis.cells for s in c.statements for n in s.decorators}
    while True:
        outside = set(MODULE_GLOBALS) | module_names | set(candidates)
        added = _added_params(candidates, outside)
        keep = {
            name: f
            for name, f in candidates.items()
            if not (f.kind == "class" and added[name])
            and not (added[name] and name in decorators)  # ``@name`` cannot pass them
            and not set(added[name]) & set(f.params)
            and _def_time_names(analysis, f) <= outside - (state or set())
        }
        if len(keep) == len(candidates):
            break
        candidates = keep
    return tuple(
        _definition(analysis, f, added[f.name])
        for f in sorted(candidates.values(), key=lambda f: (f.cell, f.line))
    )


def _candidates(analysis: Analysis) -> dict[str, FunctionFacts]:
    """Top-level definitions bound once, that rebind no global."""
    counts = Counter(name for c in analysis.cells for s in c.statements for name in s.defines)
    return {
        f.name: f
        for f in analysis.functions
        if counts[f.name] == 1 and not f.writes_globals and def_statement(analysis, f)
    }


def _definition(analysis: Analysis, f: FunctionFacts, added: tuple[str, ...]) -> Definition:
    statement = def_statement(analysis, f)
    assert statement is not None
    pure = f.pure and not added and f.kind == "function"
    return Definition(
        name=f.name,
        kind=f.kind,
        cell=f.cell,
        index=statement.index,
        added_params=added,
        pure=pure,
        test_calls=f.literal_calls if pure else (),
        unused_imports=f.unused_imports if f.kind == "function" else (),
    )


def dropped_local_imports(analysis: Analysis, definitions: Iterable[Definition]) -> list[Dropped]:
    """CONVERSION.md's rows for the imports a lifted function's body loses."""
    lines = {(f.cell, f.name): f.line for f in analysis.functions}
    return [
        Dropped(d.cell, lines.get((d.cell, d.name), 0), f"import {name} in {d.name}()", "unused")
        for d in definitions
        for name in d.unused_imports
    ]


def _def_time_names(analysis: Analysis, function: FunctionFacts) -> set[str]:
    """Names a def statement reads when it runs (decorators, defaults, base classes)."""
    statement = def_statement(analysis, function)
    return set(statement.uses) - {function.name} if statement else set()


def _added_params(
    functions: Mapping[str, FunctionFacts], outside: set[str]
) -> dict[str, tuple[str, ...]]:
    """The globals each function reads, now keyword-only parameters (with the ones of the
    notebook functions it calls)."""
    added = {
        name: [g for g in f.reads_globals if g not in outside and g != name]
        for name, f in functions.items()
    }
    changed = True
    while changed:
        changed = False
        for name, f in functions.items():
            for callee in dict.fromkeys([*f.calls, *f.reads_globals]):
                for extra in added.get(callee, []):
                    if extra not in added[name] and extra != name:
                        added[name].append(extra)
                        changed = True
    return {name: tuple(params) for name, params in added.items()}


def def_statement(analysis: Analysis, function: FunctionFacts) -> StatementFacts | None:
    """The top-level def or class statement of a notebook function or class."""
    cell = analysis.cell(function.cell)
    if cell is None:
        return None
    for statement in cell.statements:
        if (
            statement.kind in ("def", "class")
            and function.name in statement.defines
            and statement.line <= function.line <= statement.end_line
        ):
            return statement
    return None
