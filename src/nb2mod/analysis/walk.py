"""The one pass over a cell's LibCST tree that gathers its raw facts (``RawCell``).

Every other fact module consumes what this walk returns; nothing else walks the tree. The
node handlers are grouped by concern in ``bindings``, ``literals``, ``calls``, ``definitions``
and ``imports``; the shared name rules are in ``walker``.
"""

from __future__ import annotations

from collections.abc import Mapping

import libcst as cst

from nb2mod.analysis.bindings import BindingForms
from nb2mod.analysis.calls import CallForms
from nb2mod.analysis.definitions import DefinitionForms
from nb2mod.analysis.functions import Callee
from nb2mod.analysis.imports import ImportForms
from nb2mod.analysis.literals import LiteralForms
from nb2mod.analysis.names import dotted_name
from nb2mod.analysis.records import CallSite, RawCell, RawStatement
from nb2mod.analysis.walker import WalkContext


def walk_cell(module: cst.Module, context: WalkContext | None = None) -> RawCell:
    """Gather the raw facts of one parsed cell in a single pass."""
    walker = CellWalker(context or WalkContext())
    for index, statement in enumerate(module.body):
        walker.statement(index, statement)
    return walker.raw


_HANDLER_NAMES = {
    cst.Name: "_name",
    cst.Attribute: "_attribute",
    cst.Call: "_call",
    cst.SimpleString: "_simple_string",
    cst.ConcatenatedString: "_concatenated",
    cst.Integer: "_number",
    cst.Float: "_number",
    cst.Imaginary: "_number",
    cst.Lambda: "_lambda",
    cst.ListComp: "_comprehension",
    cst.SetComp: "_comprehension",
    cst.GeneratorExp: "_comprehension",
    cst.DictComp: "_comprehension",
    cst.NamedExpr: "_walrus",
    cst.IfExp: "_ifexp",
    cst.Assign: "_assign",
    cst.AnnAssign: "_annassign",
    cst.AugAssign: "_augassign",
    cst.For: "_for",
    cst.With: "_with",
    cst.ExceptHandler: "_except",
    cst.ExceptStarHandler: "_except",
    cst.FunctionDef: "_def",
    cst.ClassDef: "_class",
    cst.Import: "_import",
    cst.ImportFrom: "_import_from",
    cst.Del: "_del",
    cst.Global: "_global",
    cst.Nonlocal: "_nonlocal",
    cst.MatchAs: "_match_as",
    cst.MatchStar: "_match_star",
    cst.MatchMapping: "_match_mapping",
    cst.MatchKeywordElement: "_match_keyword",
    cst.MatchCase: "_match_case",
    cst.Arg: "_plain_arg",
}


class CellWalker(BindingForms, LiteralForms, CallForms, DefinitionForms, ImportForms):
    """All handlers together; walks one top-level statement at a time."""

    def statement(self, index: int, node: cst.CSTNode) -> None:
        self.stmt = RawStatement(index, _statement_kind(node))
        self.stmt_bound = set()
        self.counts = {}
        self.raw.statements.append(self.stmt)
        first_call = len(self.raw.calls)
        self.visit(node)
        self._classify_display(node, self.raw.calls[first_call:])

    def _classify_display(self, node: cst.CSTNode, calls: list[CallSite]) -> None:
        if not isinstance(node, cst.SimpleStatementLine) or len(node.body) != 1:
            return
        expr = node.body[0]
        if not isinstance(expr, cst.Expr):
            return
        value = expr.value
        self.stmt.is_print = isinstance(value, cst.Call) and dotted_name(value.func) == "print"
        quiet = not isinstance(expr.semicolon, cst.MaybeSentinel)
        magic = any(c.magic is not None for c in calls[-1:]) and _is_magic_call(value)
        shown = not (quiet or magic or self.stmt.is_print or _is_display_call(value))
        self.stmt.shows_result = shown
        self.stmt.display_only = (
            not self.stmt.mutates
            and not self.stmt.defines
            and not isinstance(value, (cst.Yield, cst.Await))
            and all(_harmless_call(c, self.functions) for c in calls)
        )


CellWalker.HANDLERS = {
    node_type: getattr(CellWalker, name) for node_type, name in _HANDLER_NAMES.items()
}


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
