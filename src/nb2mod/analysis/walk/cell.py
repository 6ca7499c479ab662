"""Walk one parsed cell: each top-level statement once, every node through its handler."""

from __future__ import annotations

from collections.abc import Mapping

import libcst as cst

from nb2mod.analysis.functions import Callee
from nb2mod.analysis.names import dotted_name
from nb2mod.analysis.records import CallSite, RawCell, RawStatement
from nb2mod.analysis.walk import (
    bindings,
    blocks,
    calls,
    definitions,
    history,
    imports,
    literals,
    names,
)
from nb2mod.analysis.walk.registry import collect
from nb2mod.analysis.walk.walker import WalkContext, Walker

HANDLERS = collect([names, bindings, blocks, literals, calls, definitions, imports, history])


def walk_cell(module: cst.Module, context: WalkContext | None = None) -> RawCell:
    """Gather the raw facts of one parsed cell in a single pass."""
    walk = Walker(context or WalkContext(), HANDLERS)
    for index, statement in enumerate(module.body):
        walk_statement(walk, index, statement)
    return walk.raw


def walk_statement(walk: Walker, index: int, node: cst.CSTNode) -> None:
    walk.start(RawStatement(index, _statement_kind(node)))
    first_call = len(walk.raw.calls)
    walk.visit(node)
    _classify_display(walk, node, walk.raw.calls[first_call:])


def _classify_display(walk: Walker, node: cst.CSTNode, calls: list[CallSite]) -> None:
    """A bare expression statement: a print, a value Jupyter shows, or display-only."""
    if not isinstance(node, cst.SimpleStatementLine) or len(node.body) != 1:
        return
    expr = node.body[0]
    if not isinstance(expr, cst.Expr):
        return
    value = expr.value
    stmt = walk.stmt
    stmt.is_print = isinstance(value, cst.Call) and dotted_name(value.func) == "print"
    quiet = not isinstance(expr.semicolon, cst.MaybeSentinel)
    magic = any(c.magic is not None for c in calls[-1:]) and _is_magic_call(value)
    shown = not (quiet or magic or stmt.is_print or _is_display_call(value))
    stmt.shows_result = shown
    stmt.shown_name = dotted_name(value) if shown else None
    stmt.display_only = (
        not stmt.mutates
        and not stmt.defines
        and not isinstance(value, (cst.Yield, cst.Await))
        and all(_harmless_call(c, walk.functions) for c in calls)
    )


def _statement_kind(node: cst.CSTNode) -> str:
    if isinstance(node, cst.FunctionDef):
        return "def"
    if isinstance(node, cst.ClassDef):
        return "class"
    if isinstance(node, cst.SimpleStatementLine):
        kinds = {_small_kind(s) for s in node.body}
        return kinds.pop() if len(kinds) == 1 else "other"
    return "control"


def _small_kind(node: cst.BaseSmallStatement) -> str:
    if isinstance(node, (cst.Import, cst.ImportFrom)):
        return "import"
    if isinstance(node, (cst.Assign, cst.AnnAssign, cst.AugAssign)):
        return "assign"
    if isinstance(node, cst.Expr):
        return "expression"
    return "other"


_DISPLAY_CALLS = frozenset({"display", "print", "plt.show"})


def _is_display_call(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Call) and dotted_name(node.func) in _DISPLAY_CALLS


def _is_magic_call(node: cst.BaseExpression) -> bool:
    func = node.func if isinstance(node, cst.Call) else None
    return isinstance(func, cst.Attribute) and isinstance(func.value, cst.Call)


def _harmless_call(call: CallSite, functions: Mapping[str, Callee]) -> bool:
    """A call a display-only expression may contain: not a notebook function, no magic."""
    if call.magic is not None:
        return False
    return call.func is None or call.func.split(".")[0] not in functions
