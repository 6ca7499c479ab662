"""NB112 interactive-input: `input()`, `getpass()` and ipywidgets' `interact`, which wait for a
person or show widgets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from nb2mod.rules import Finding, Rule, first_column, register

if TYPE_CHECKING:
    from nb2mod.analysis.facts import Analysis, Effect

PROMPTS = frozenset({"input", "builtins.input", "getpass.getpass"})
WIDGETS = frozenset({"interact", "interactive", "interact_manual"})


def check(analysis: Analysis) -> Iterator[Finding]:
    seen: set[tuple[int, int]] = set()
    for facts in analysis.cells:
        for effect in facts.effects:
            if effect.kind == "input":
                seen.add((effect.cell, effect.line))
                yield _finding(effect)
    for function in analysis.functions:
        for effect in function.effects:
            # a function the package calls with arguments may ask its caller's user
            if effect.kind == "input" and (effect.call not in PROMPTS or not function.params):
                seen.add((effect.cell, effect.line))
                yield _finding(effect)
    yield from _widget_names(analysis, seen)


def _finding(effect: Effect) -> Finding:
    shown = effect.call.rsplit(".", 1)[-1] if effect.call in PROMPTS else effect.call
    return Finding(effect.cell, effect.line, effect.col, f"`{shown}()`")


def _widget_names(analysis: Analysis, seen: set[tuple[int, int]]) -> Iterator[Finding]:
    """``@interact`` and other reads of ipywidgets' interact functions not called in place."""
    bound = {
        i.bound: i.qualified
        for facts in analysis.cells
        for i in facts.imports
        if i.qualified.startswith("ipywidgets") and i.qualified.rsplit(".", 1)[-1] in WIDGETS
    }
    for facts in analysis.cells:
        source = analysis.notebook.cells[facts.cell - 1].source
        for statement in facts.statements:
            names = [n for n in statement.uses if n in bound]
            where = (facts.cell, statement.line)
            if names and where not in seen:
                seen.add(where)
                col = first_column(source, statement.line)
                yield Finding(facts.cell, statement.line, col, f"`{bound[names[0]]}`")


RULE = register(
    Rule(
        code="NB112",
        name="interactive-input",
        message="{detail} waits for a person or shows widgets: make the value a parameter or a "
        "setting (config, CLI option, environment variable)",
        what="Reports `input()` and `getpass.getpass()` at a cell's top level or in a notebook "
        "function without parameters, and ipywidgets' `interact`, `interactive` and "
        "`interact_manual` (called, or used as `@interact`) anywhere.",
        why="In a batch run, a scheduled job or a converted package nobody is there to type: "
        "`input()` blocks or fails on a closed standard input, and widgets are never shown, "
        "so the code they drive never runs with the values someone would have picked.",
        example='threshold = float(input("threshold? "))\n\n@interact(n=(1, 10))\ndef show(n):\n'
        "    display(df.head(n))",
        instead='THRESHOLD = float(os.environ.get("THRESHOLD", "0.5"))\n\ndef show(df, n):\n'
        "    return df.head(n)",
        check=check,
    )
)
