"""Compound statements: the blocks around each binding (if, loops, try, match), and the
statements that may not run inside a function (await, break, continue at module level)."""

from __future__ import annotations

import libcst as cst

from nb2mod.analysis.names import IMPORTED_FOR_EFFECT, dotted_name
from nb2mod.analysis.walk.registry import handles
from nb2mod.analysis.walk.walker import Walker


@handles(cst.If)
def if_block(walk: Walker, node: cst.If) -> None:
    walk.visit_in("if-test", node.test)
    walk.visit_in("if", node.body)
    walk.visit_in("else", node.orelse)


@handles(cst.While)
def while_loop(walk: Walker, node: cst.While) -> None:
    walk.visit_in("while", node.test)
    walk.visit_in("while", node.body)
    walk.visit_in("while-else", node.orelse)


@handles(cst.Try, cst.TryStar)
def try_block(walk: Walker, node: cst.Try | cst.TryStar) -> None:
    walk.visit_in("try", node.body)
    for handler in node.handlers:
        walk.visit_in("except", handler)
    walk.visit_in("try-else", node.orelse)
    walk.visit_in("finally", node.finalbody)


@handles(cst.Match)
def match_block(walk: Walker, node: cst.Match) -> None:
    walk.visit_in("match", node.subject)
    for case in node.cases:
        walk.visit_in("case", case)


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
