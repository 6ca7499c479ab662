"""Compound statements: the blocks around each binding (if, loops, try, match), and the
statements that may not run inside a function (await, break, continue at module level)."""

from __future__ import annotations

import libcst as cst

from nb2mod.analysis.names import IMPORTED_FOR_EFFECT, dotted_name
from nb2mod.analysis.records import Block
from nb2mod.analysis.walk.registry import handles
from nb2mod.analysis.walk.walker import Walker


@handles(cst.If)
def if_block(walk: Walker, node: cst.If) -> None:
    owner = walk.owner()  # an ``elif`` is an If in the else block: an owner of its own
    walk.visit_in(Block("if-test", owner), node.test)
    walk.visit_in(Block("if", owner, 0, 2), node.body)
    walk.visit_in(Block("else", owner, 1, 2), node.orelse)


@handles(cst.While)
def while_loop(walk: Walker, node: cst.While) -> None:
    owner = walk.owner()
    walk.visit_in(Block("while-test", owner), node.test)
    walk.visit_in(Block("while", owner), node.body)
    walk.visit_in(Block("while-else", owner), node.orelse)


@handles(cst.Try, cst.TryStar)
def try_block(walk: Walker, node: cst.Try | cst.TryStar) -> None:
    owner = walk.owner()
    branches = len(node.handlers) + 1  # the body (then the else block), or one handler
    walk.visit_in(Block("try", owner, 0, branches), node.body)
    for number, handler in enumerate(node.handlers, start=1):
        walk.visit_in(Block("except", owner, number, branches), handler)
    walk.visit_in(Block("try-else", owner, 0, branches), node.orelse)
    walk.visit_in(Block("finally", owner), node.finalbody)


@handles(cst.Match)
def match_block(walk: Walker, node: cst.Match) -> None:
    owner = walk.owner()
    walk.visit_in(Block("match", owner), node.subject)
    for case in node.cases:
        walk.visit_in(Block("case", owner), case)


@handles(cst.Raise)
def raise_statement(walk: Walker, node: cst.Raise) -> None:
    """A raise at module level: the block it sits in never completes."""
    if walk.scope is walk.module:
        walk.stmt.raises.append(tuple(walk.blocks))
    if node.exc is not None:
        walk.visit(node.exc)
    if node.cause is not None:
        walk.visit(node.cause)


@handles(cst.SimpleStatementLine)
def statement_line(walk: Walker, node: cst.SimpleStatementLine) -> None:
    """A line that only shows a figure (``plt.show()``) or only imports a module for what it
    does (``import this``): codegen rewrites both kinds of line."""
    if len(node.body) == 1:
        small = node.body[0]
        shown = _shown_figure(small)
        if shown is not None:
            walk.stmt.shows.append((shown, walk.in_function))
        elif isinstance(small, cst.Import) and not walk.in_function and _for_effect(small):
            walk.stmt.effect_import = True
    walk.visit_all(node.body)


def _shown_figure(node: cst.BaseSmallStatement) -> str | None:
    """``NAME`` of a line that is only ``NAME.show()``."""
    if not isinstance(node, cst.Expr) or not isinstance(node.value, cst.Call):
        return None
    func = node.value.func
    if isinstance(func, cst.Attribute) and func.attr.value == "show":
        return func.value.value if isinstance(func.value, cst.Name) else None
    return None


def _for_effect(node: cst.Import) -> bool:
    names = [dotted_name(a.name) for a in node.names if a.asname is None]
    return len(names) == len(node.names) and all(n in IMPORTED_FOR_EFFECT for n in names)


@handles(cst.Await)
def await_expression(walk: Walker, node: cst.Await) -> None:
    if not walk.in_function:
        walk.stmt.check_in_function = True  # top-level await (IPython runs it; a def cannot)
    walk.visit(node.expression)


@handles(cst.Break, cst.Continue)
def loop_jump(walk: Walker, node: cst.Break | cst.Continue) -> None:
    if not walk.in_function:
        walk.stmt.check_in_function = True  # outside a loop it compiles nowhere
