"""The notebook's cells as pipeline.py holds them: each parsed cell rewritten as the plan says."""

from __future__ import annotations

import libcst as cst

from nb2mod.analysis.facts import Analysis
from nb2mod.analysis.names import IMPORTED_FOR_EFFECT
from nb2mod.codegen.rewrite import Needs, rewrite_cell
from nb2mod.plan.model import Plan


def rewritten_cells(plan: Plan, analysis: Analysis) -> dict[int, cst.Module]:
    """Cell -> its module with prints, magics, config literals, figures and call sites
    rewritten (top-level statement positions unchanged)."""
    step_of = {cell: step.name for step in plan.steps for cell in step.cells}
    out = {}
    for parsed in analysis.parsed:
        if parsed.module is None:
            continue
        if not _needs_rewrite(plan, parsed.index, parsed.normalised.code):
            out[parsed.index] = parsed.module
            continue
        label = step_of.get(parsed.index, f"cell_{parsed.index}")
        out[parsed.index] = rewrite_cell(
            parsed.module, parsed.normalised, plan, plan.config_name, label, Needs()
        )
    return out


def _needs_rewrite(plan: Plan, cell: int, code: str) -> bool:
    """Most cells need no rewriting: skip the transformer (the costly part) for them."""
    if "print" in code or "get_ipython" in code or cell in plan.show_cells:
        return True
    if any(c == cell for c, _, _ in plan.renames) or any(s.cell == cell for s in plan.secret_sites):
        return True
    if "import" in code and any(module in code for module in IMPORTED_FOR_EFFECT):
        return True
    if any(f.cell == cell or any(c == cell for c, _ in f.sites) for f in plan.config_fields):
        return True
    return any(d.added_params and d.name in code for d in plan.definitions)
