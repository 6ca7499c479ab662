"""``import this`` (kept in its step for what importing it does) -> a call pyflakes accepts:
``importlib.import_module('this')  # imported for what it does: ...``."""

from __future__ import annotations

import libcst as cst

from nb2mod.analysis.names import IMPORTED_FOR_EFFECT
from nb2mod.codegen.passes.base import CellContext, RewritePass


class EffectImports(RewritePass):
    """Only a cell's own top-level ``import`` lines whose every module is one of those."""

    @classmethod
    def wanted(cls, context: CellContext) -> bool:
        code = context.code
        return "import" in code and any(module in code for module in IMPORTED_FOR_EFFECT)

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.BaseStatement:
        if (
            self.in_function
            or len(updated.body) != 1
            or not isinstance(updated.body[0], cst.Import)
        ):
            return updated
        names = updated.body[0].names
        modules = [cst.Module([]).code_for_node(a.name) for a in names if a.asname is None]
        if len(modules) != len(names) or not all(m in IMPORTED_FOR_EFFECT for m in modules):
            return updated
        importlib = self.plan.name("importlib")
        calls = [
            cst.Expr(cst.parse_expression(f"{importlib}.import_module({m!r})")) for m in modules
        ]
        what = "; ".join(IMPORTED_FOR_EFFECT[m] for m in modules)
        comment = cst.Comment(f"# imported for what it does: {what}")
        return updated.with_changes(
            body=calls,
            trailing_whitespace=cst.TrailingWhitespace(
                whitespace=cst.SimpleWhitespace("  "), comment=comment
            ),
        )
