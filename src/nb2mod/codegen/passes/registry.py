"""The rewriting passes in the order they apply, and the calls that apply them to a cell.

A new pass is a module in this package with one ``RewritePass`` subclass (see base.py), a
line in ``PASSES`` and a test file of ``(before, after)`` pairs and no-op cases
(tests/test_pass_*.py, through ``rewrite_source``). Where it goes in the list matters only
for nodes two passes both change: each pass's ``leave_X`` sees the node as the passes
before it left it (a secret is replaced before anything else reads the literal; config literals are read before a call site gains keywords; a
``print`` becomes a log record before call sites are looked at; a magic line is rewritten
before a ``plt.show()`` or ``import this`` line is; a line that writes a file goes under
``with writing(...)`` last, once every other pass has rewritten it).
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from nb2mod.codegen.passes.base import CellContext, RewritePass
from nb2mod.codegen.passes.config_literals import ConfigLiterals
from nb2mod.codegen.passes.effect_imports import EffectImports
from nb2mod.codegen.passes.figures import Figures
from nb2mod.codegen.passes.lifted_calls import LiftedCalls
from nb2mod.codegen.passes.local_imports import LocalImports
from nb2mod.codegen.passes.magics import Magics
from nb2mod.codegen.passes.print_logging import PrintToLogging
from nb2mod.codegen.passes.secrets import Secrets
from nb2mod.codegen.passes.star_names import StarNames
from nb2mod.codegen.passes.walk import rewrite_module
from nb2mod.codegen.passes.writes import Writes
from nb2mod.ipython_syntax import NormalisedCell, normalise_cell
from nb2mod.plan.model import Plan

PASSES: tuple[type[RewritePass], ...] = (
    Secrets,
    StarNames,
    ConfigLiterals,
    PrintToLogging,
    LiftedCalls,
    Magics,
    Figures,
    EffectImports,
    LocalImports,
    Writes,
)


def rewrite_cell(
    module: cst.Module, normalised: NormalisedCell, plan: Plan, step: str
) -> cst.Module:
    """The cell's module with every pass applied; top-level statement positions are
    unchanged (a removed statement becomes a ``pass`` carrying comments)."""
    context = CellContext(plan, normalised, step, PASSES, normalised.code)
    return rewrite_module(module, context)


def rewrite_source(
    source: str,
    plan: Plan,
    cell: int = 1,
    step: str = "step",
    passes: Sequence[type[RewritePass]] = PASSES,
) -> str:
    """A cell's IPython source rewritten by ``passes``, as text (the passes' tests use it)."""
    normalised = normalise_cell(source, cell)
    module = cst.parse_module(normalised.code)
    context = CellContext(plan, normalised, step, tuple(passes), normalised.code)
    return rewrite_module(module, context).code
