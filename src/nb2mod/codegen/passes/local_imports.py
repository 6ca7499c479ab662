"""Imports of the local modules carried into the package, as the plan rewrote them
(``import helpers`` -> ``from PKG import helpers``, ``from lib.t import f`` -> ``from
PKG.lib.t import f``), wherever they stay in cell code (inside functions and blocks), and the
top-level ``sys.path`` edits the plan drops, kept as a comment with a note."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

from nb2mod.codegen.passes.base import CellContext, RewritePass
from nb2mod.codegen.passes.carriers import comment_only
from nb2mod.plan.local_modules import carried_import
from nb2mod.plan.model import ImportPlan

_EMPTY = cst.Module([])
_NOTE = "sys.path edit dropped: the local modules it made importable are in the package"


class LocalImports(RewritePass):
    """Only cells that name a carried module or hold a dropped ``sys.path`` edit."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    @classmethod
    def wanted(cls, context: CellContext) -> bool:
        plan = context.plan
        if context.snippet or not plan.carried and not plan.path_edits:
            return False
        if any(cell == context.cell for cell, _ in plan.path_edits):
            return True
        return "import" in context.code and any(m.name in context.code for m in plan.carried)

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.BaseStatement:
        if not self.in_function and (self.cell, self.original_line(original)) in set(
            self.plan.path_edits
        ):
            code = _EMPTY.code_for_node(original.with_changes(leading_lines=[])).strip()
            return comment_only(updated, [_NOTE, *code.splitlines()])
        body: list[cst.BaseSmallStatement] = []
        for statement in updated.body:
            body += self._rewritten(statement)
        return updated.with_changes(body=body) if body != list(updated.body) else updated

    def _rewritten(self, statement: cst.BaseSmallStatement) -> list[cst.BaseSmallStatement]:
        imports: list[ImportPlan] | None
        if isinstance(statement, cst.Import):
            imports = [_plan_of(a) for a in statement.names]
        elif isinstance(statement, cst.ImportFrom) and not statement.relative:
            imports = _from_plans(statement)
        else:
            return [statement]
        targets = {m.name: m.target for m in self.plan.carried}
        if imports is None or not any(i.module.split(".")[0] in targets for i in imports):
            return [statement]
        out: list[cst.BaseSmallStatement] = []
        for imp in imports:
            top = imp.module.split(".")[0]
            if top in targets:
                imp = carried_import(imp, self.plan.package, targets[top])
            if imp.loads:  # import lib.t in a function: binds PKG there, not in the module
                out.append(_statement(f"import {imp.loads}"))
                out.append(_statement(f"{imp.bound} = {imp.module}.{imp.name}"))
            else:
                out.append(_statement(imp.statement()))
        return out


def _plan_of(alias: cst.ImportAlias) -> ImportPlan:
    module = _EMPTY.code_for_node(alias.name)
    bound = module.split(".")[0]
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        bound = alias.asname.name.value
    return ImportPlan(module, None, bound)


def _from_plans(statement: cst.ImportFrom) -> list[ImportPlan] | None:
    if statement.module is None:
        return None
    module = _EMPTY.code_for_node(statement.module)
    if isinstance(statement.names, cst.ImportStar):
        return [ImportPlan(module, "*", "*")]
    out = []
    for alias in statement.names:
        name = _EMPTY.code_for_node(alias.name)
        bound = name
        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            bound = alias.asname.name.value
        out.append(ImportPlan(module, name, bound))
    return out


def _statement(code: str) -> cst.BaseSmallStatement:
    line = cst.parse_statement(code + "\n")
    assert isinstance(line, cst.SimpleStatementLine)
    return line.body[0]
