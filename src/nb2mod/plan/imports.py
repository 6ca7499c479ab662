"""The notebook's imports as the package's: top-level import statements, one per bound name."""

from __future__ import annotations

from nb2mod.analysis.facts import Analysis
from nb2mod.plan.model import ImportPlan


def plan_imports(analysis: Analysis) -> tuple[ImportPlan, ...]:
    """Imports from top-level import statements, de-duplicated by the name they bind (the
    last import of a name wins, at its place in notebook order)."""
    chosen: dict[str, ImportPlan] = {}
    for cell in analysis.cells:
        lines = {
            line
            for s in cell.statements
            if s.kind == "import"
            for line in range(s.line, s.end_line + 1)
        } | {
            m.line for m in cell.magics if m.name == "pylab"
        }  # its imports, as the facts say
        for fact in cell.imports:
            if fact.line not in lines or fact.module == "__future__":
                continue
            module = fact.submodule or fact.module  # ``import a.b`` binds a, loads a.b
            plan = ImportPlan(module, fact.name, fact.bound, fact.level)
            key = plan.statement() if fact.bound == "*" else fact.bound
            chosen.pop(key, None)
            chosen[key] = plan
    return tuple(chosen.values())
