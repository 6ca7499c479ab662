"""NB107 function-reads-global: a function reads a mutable notebook global."""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from typing import TYPE_CHECKING

from nb2mod.rules import Finding, Rule, first_column, register

if TYPE_CHECKING:
    from nb2mod.analysis.facts import Analysis

_SHOWN = 4
IMMUTABLE_LITERAL_TYPES = frozenset(
    {"int", "float", "complex", "str", "bytes", "bool", "NoneType", "path", "url", "tuple"}
)


def check(analysis: Analysis) -> Iterator[Finding]:
    fine = acceptable_globals(analysis)
    defined = {name for facts in analysis.cells for name in facts.defines}
    for function in analysis.functions:
        mutable = [n for n in function.reads_globals if n in defined and n not in fine]
        if function.kind != "function" or not mutable:
            continue
        shown = ", ".join(f"'{n}'" for n in mutable[:_SHOWN])
        more = f" and {len(mutable) - _SHOWN} more" if len(mutable) > _SHOWN else ""
        source = analysis.notebook.cells[function.cell - 1].source
        detail = f"function '{function.name}' reads notebook global{'s' * (len(mutable) > 1)} "
        yield Finding(
            function.cell, function.line, first_column(source, function.line), detail + shown + more
        )


def acceptable_globals(analysis: Analysis) -> set[str]:
    """Imports, notebook functions and classes, builtins and constants.

    Constants are UPPER_CASE names and names bound only to literals and never changed
    (``n_top = 3``; not ``history = []`` then ``history.append(x)``, not ``counter += 1``)."""
    names = {i.bound for facts in analysis.cells for i in facts.imports}
    names |= {f.name for f in analysis.functions}
    names |= set(dir(builtins))
    defined = {name for facts in analysis.cells for name in facts.defines}
    names |= {n for n in defined if is_constant_name(n)}
    return names | literal_constants(analysis)


def literal_constants(analysis: Analysis) -> set[str]:
    """Names whose every top-level binding is a plain assignment that reads no other name
    (so its value is built from literals alone) and that nothing ever mutates; a config
    candidate that calls the literal a list, dict or set rules the name out."""
    mutable = {
        (c.variable, c.cell, c.line)
        for c in analysis.config_candidates
        if c.variable and c.type not in IMMUTABLE_LITERAL_TYPES
    }
    changed = {name for facts in analysis.cells for name in facts.mutates}
    for function in analysis.functions:
        changed.update(function.mutates_globals, function.writes_globals)
    bindings: dict[str, list[bool]] = {}
    for facts in analysis.cells:
        for statement in facts.statements:
            for name in statement.defines:
                literal = statement.kind == "assign" and not statement.uses
                lines = range(statement.line, statement.end_line + 1)
                literal = literal and not any((name, facts.cell, n) in mutable for n in lines)
                bindings.setdefault(name, []).append(literal)
    return {name for name, kinds in bindings.items() if all(kinds) and name not in changed}


def is_constant_name(name: str) -> bool:
    """UPPER_CASE (at least one letter, no lower case): a constant by convention."""
    return name.upper() == name and any(ch.isalpha() for ch in name)


RULE = register(
    Rule(
        code="NB107",
        name="function-reads-global",
        message="{detail}: pass what it needs as parameters",
        what="Reports a function defined in the notebook whose body reads a notebook global that "
        "is not a constant, an import, or another notebook function: a data frame, a list, a "
        "model and so on. Constants are UPPER_CASE names or names bound to a literal.",
        why="The function's result depends on whatever the global holds when it is called, "
        "which changes as cells are re-run; it cannot be tested or moved into a module "
        "without dragging the notebook's state along.",
        example="df = pd.read_csv(PATH)\n\ndef top_customers(n):\n"
        "    return df.nlargest(n, 'revenue')",
        instead="df = pd.read_csv(PATH)\n\ndef top_customers(df, n):\n"
        "    return df.nlargest(n, 'revenue')",
        check=check,
    )
)
