"""``plt.show()`` saves the figures it showed, as the plan says (``figures.shown(NAME)``:
every open figure, numbered per NAME at run time, then closed), or is dropped with a comment.

NAME is the step; inside a notebook function (or class) it is that function's name, so a
function called several times saves ``draw-1.png``, ``draw-2.png``... in call order."""

from __future__ import annotations

import libcst as cst

from nb2mod.codegen.passes.base import CellContext, RewritePass
from nb2mod.codegen.passes.carriers import comment_only


class Figures(RewritePass):
    """One ``plt.show()`` line (the notebook's pyplot name) at a time."""

    def __init__(self, context: CellContext) -> None:
        super().__init__(context)
        self.owners: list[str] = []  # the def/class statements the node is inside

    @classmethod
    def wanted(cls, context: CellContext) -> bool:
        return bool(context.plan.plot_aliases) and context.cell in context.plan.show_cells

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.owners.append(node.name.value)

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.FunctionDef:
        self.owners.pop()
        return updated

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.owners.append(node.name.value)

    def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef) -> cst.ClassDef:
        self.owners.pop()
        return updated

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.BaseStatement:
        if len(updated.body) != 1 or not _is_show(updated, self.plan.plot_aliases):
            return updated
        if not self.plan.save_plots:
            return comment_only(updated, ["plt.show() dropped: figures are not shown in a package"])
        name = self.owners[0] if self.owners else self.context.step
        call = f"{self.plan.name('figures')}.shown({name!r})"
        return updated.with_changes(body=[cst.Expr(cst.parse_expression(call))])


def _is_show(line: cst.SimpleStatementLine, aliases: tuple[str, ...]) -> bool:
    statement = line.body[0]
    if not isinstance(statement, cst.Expr) or not isinstance(statement.value, cst.Call):
        return False
    func = statement.value.func
    return (
        isinstance(func, cst.Attribute)
        and func.attr.value == "show"
        and isinstance(func.value, cst.Name)
        and func.value.value in aliases
    )
