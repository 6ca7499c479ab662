"""The notebook's cells as pipeline.py holds them: each parsed cell rewritten as the plan says."""

from __future__ import annotations

import libcst as cst

from nb2mod.analysis.facts import Analysis
from nb2mod.codegen.passes.registry import rewrite_cell
from nb2mod.codegen.seed_arguments import give_seed_arguments
from nb2mod.plan.model import Plan


def rewritten_cells(plan: Plan, analysis: Analysis) -> dict[int, cst.Module]:
    """Cell -> its module with the rewriting passes applied (codegen/passes/registry.py;
    top-level statement positions unchanged). A cell no pass wants is its parsed module."""
    step_of = {cell: step.name for step in plan.steps for cell in step.cells}
    out = {}
    for parsed in analysis.parsed:
        if parsed.module is None:
            continue
        module = give_seed_arguments(parsed.module, parsed.normalised, plan.random_sites)
        step = step_of.get(parsed.index, f"cell_{parsed.index}")
        out[parsed.index] = rewrite_cell(module, parsed.normalised, plan, step)
    return out
