"""``plt.show()`` saves the figure as the plan says (``save_figure(config.output_dir, ...)``,
one file per show, named after the step), or is dropped with a comment."""

from __future__ import annotations

import libcst as cst

from nb2mod.codegen.passes.base import CellContext, RewritePass
from nb2mod.codegen.passes.carriers import comment_only


class Figures(RewritePass):
    """Inside a notebook function a show is dropped: a function has no figure name to use."""

    def __init__(self, context: CellContext) -> None:
        super().__init__(context)
        self.plots = 0

    @classmethod
    def wanted(cls, context: CellContext) -> bool:
        return bool(context.plan.plot_aliases) and context.cell in context.plan.show_cells

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.BaseStatement:
        if len(updated.body) != 1 or not _is_show(updated, self.plan.plot_aliases):
            return updated
        if not self.plan.save_plots or self.in_function:
            return comment_only(updated, ["plt.show() dropped: figures are not shown in a package"])
        self.plots += 1
        step = self.context.step
        name = f"{step}_{self.plots}" if self.plots > 1 else step
        call = f"{self.plan.name('save_figure')}({self.plan.config_name}.output_dir, {name!r})"
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
