"""Decisions about pipeline.py as a module: its helpers, its imports, each step's globals."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from nb2mod.analysis.facts import Analysis, StatementFacts
from nb2mod.analysis.names import BUILTINS, IMPORTED_FOR_EFFECT
from nb2mod.plan.code_names import (
    CodeNames,
    definition_names,
    generated_names,
    helper_names,
    is_magic_line,
    statement_names,
)
from nb2mod.plan.helpers import HELPERS
from nb2mod.plan.import_order import ordered_imports
from nb2mod.plan.model import ImportPlan, Plan, Step

# Names nb2mod's own imports and module code bind (never taken for a star import's).
_GENERATED = ("logging", "Any", "Config", "contextlib", "Iterator", "functools", "logger")


def plan_module_code(plan: Plan, analysis: Analysis) -> Plan:
    """The plan with the helpers pipeline.py defines, its import lines (an import is kept
    when the module's code names it) and the ``global`` declarations of each step."""
    names = CodeNames()
    for definition in plan.definitions:
        definition_names(names, plan, analysis, definition)
    for step in plan.steps:
        for ref in step.statements:
            statement_names(names, plan, analysis, ref.cell, ref.index, ref)
    generated_names(names, plan)
    helpers = names.helpers | _wrapper_helpers(plan)
    helper_names(names, plan, helpers)
    bound = BUILTINS | {i.bound for i in plan.imports} | {plan.name(n) for n in _GENERATED}
    if plan.ipython_display or "display" in names.unbound(bound):
        helpers.add("display")  # IPython's builtin, read (maybe where the facts of cells do not)
        helper_names(names, plan, ["display"])
    star_needed = bool(names.unbound(bound))
    used = names.mentioned | {plan.name("logging")}
    loads = tuple(i.loads for i in plan.imports if i.loads and i.bound in used)
    if loads:  # the carried submodules the notebook's ``import lib.t`` loaded
        helpers.add("importlib")
        used.add(plan.name("importlib"))
    lines = _import_lines(plan, helpers, used, star_needed)
    return dataclasses.replace(
        plan,
        helpers=tuple(name for name in HELPERS if name in helpers),
        pipeline_imports=ordered_imports((text for text, _ in lines), [plan.package]),
        imported_modules=_needed_modules(plan, helpers, [module for _, module in lines]),
        module_loads=loads,
        steps=tuple(
            dataclasses.replace(step, globals=_globals(step, analysis, plan)) for step in plan.steps
        ),
    )


def _needed_modules(plan: Plan, helpers: set[str], modules: list[str]) -> tuple[str, ...]:
    """The modules pipeline.py imports, and the notebook's matplotlib imports when the
    figures helper saves what they draw (a ``plt`` only shown through is then not named)."""
    if "figures" in helpers:
        drawing = [i.module for i in plan.imports if i.module.split(".")[0] == "matplotlib"]
        modules += [m for m in drawing if m not in modules]
    return tuple(modules)


def _wrapper_helpers(plan: Plan) -> set[str]:
    refs = [ref for step in plan.steps for ref in step.statements]
    found = set()
    if any(step.undefined for step in plan.steps):
        found.add("undefined_in_notebook")
    if any(step.commented for step in plan.steps):
        found.add("bound_in_commented_cell")
    if any(step.unbound for step in plan.steps):
        found.add("UNBOUND")
    if plan.unbound_results:
        found.add("bound_results")
    if any(ref.reads_file for ref in refs):
        found.add("reading")
    if any(ref.timed for ref in refs):
        found.add("timed")
    return found


def _import_lines(
    plan: Plan, helpers: Iterable[str], used: set[str], star_needed: bool
) -> list[tuple[str, str]]:
    """(line, module) of each import of pipeline.py: logging, the helpers', typing, the
    notebook's that the code names (a star import when some name is bound nowhere), the
    Config; ``from m import a`` and ``from m import b`` share one line."""
    candidates = [ImportPlan("logging", None, plan.name("logging"))]
    candidates += [i for name in sorted(helpers) for i in HELPERS[name].import_plans(plan)]
    candidates.append(ImportPlan("typing", "Any", plan.name("Any")))
    candidates += [i for i in plan.imports if (i.bound == "*" and star_needed) or i.bound in used]
    candidates.append(ImportPlan(f"{plan.package}.config", "Config", plan.name("Config")))
    kept = {i.statement(): i for i in candidates if i.bound == "*" or i.bound in used}
    return _merged(kept.values())


def _merged(imports: Iterable[ImportPlan]) -> list[tuple[str, str]]:
    """``from m import a`` and ``from m import b`` become ``from m import a, b`` where the
    first stood (names in their order; star imports and module imports are left alone)."""
    out: list[tuple[str, str]] = []
    where: dict[str, int] = {}
    for imp in imports:
        line = imp.statement()
        module = imp.module if imp.level == 0 else ""
        head, _, names = line.partition(" import ")
        if imp.name is None or imp.bound == "*":
            out.append((line, module))
        elif head in where:
            text, known = out[where[head]]
            out[where[head]] = (f"{text}, {names}", known)
        else:
            where[head] = len(out)
            out.append((line, module))
    return out


def _globals(step: Step, analysis: Analysis, plan: Plan) -> tuple[str, ...]:
    """The module state the step's own code assigns (reads need no ``global``)."""
    if not step.module_state:
        return ()
    bound: set[str] = set(step.undefined)
    for ref in step.statements:
        statement = analysis.statement(ref.cell, ref.index)
        if statement is None or ref.action == "drop" or ref.as_comment:
            continue
        bound |= _assigned(statement, plan, ref.cell)
    return tuple(name for name in step.module_state if name in bound)


def _assigned(statement: StatementFacts, plan: Plan, cell: int) -> set[str]:
    """What the statement's code, as rendered, binds or deletes in the step's scope."""
    if is_magic_line(statement):
        magic = plan.magic_at(cell, statement.line)
        return set(statement.assigns) if magic is None or statement.kind != "expression" else set()
    names = set(statement.assigns) | set(statement.handlers) | set(statement.deletes)
    return names - set(IMPORTED_FOR_EFFECT) if statement.effect_import else names
