"""IPython lines (``get_ipython().run_line_magic(...)`` after normalising) as the plan says:
dropped or moved to requirements.txt with a comment, timed with ``with timed(...)``,
``%%writefile`` as ``write_asset(...)``, anything else kept as a TODO comment."""

from __future__ import annotations

from dataclasses import replace

import libcst as cst
from libcst.metadata import PositionProvider

from nb2mod.analysis.literals import literal_value
from nb2mod.analysis.records import NO_VALUE
from nb2mod.codegen.passes.base import CellContext, RewritePass
from nb2mod.codegen.passes.carriers import comment_only, todo
from nb2mod.codegen.passes.walk import rewrite_module
from nb2mod.ipython_syntax import NormalisedCell
from nb2mod.plan.magics import timed_statement


class Magics(RewritePass):
    """The timed code is rewritten by the other passes too (its prints become log records)."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    @classmethod
    def wanted(cls, context: CellContext) -> bool:
        return "get_ipython()" in context.code

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.BaseStatement:
        code = cst.Module([]).code_for_node(original)
        if "get_ipython()" not in code:
            return updated
        magic = self.plan.magic_at(self.cell, self.original_line(original))
        call = _magic_call(updated)
        if magic is None or call is None:
            return todo(updated, code, "IPython call with no module equivalent")
        method, args = call
        if magic.action in ("drop", "requirement"):
            why = "moved to requirements.txt" if magic.action == "requirement" else "dropped"
            return comment_only(updated, [f"{_shown(method, args)}: {why}"])
        if magic.action == "timed" and len(args) >= 2:
            cell_magic = method == "run_cell_magic"
            body = args[2] if cell_magic and len(args) > 2 else timed_statement(args[1])
            return self._timed(updated, body, args[1] if cell_magic else "", code)
        if magic.action == "writefile" and len(args) == 3:
            return _writefile(updated, args[1], args[2], code, self.plan.name("write_asset"))
        if magic.action == "run_todo":
            return todo(updated, code, f"%run {magic.detail}: import the converted module instead")
        return todo(updated, code, f"{_shown(method, args)} has no module equivalent")

    def _timed(
        self, line: cst.SimpleStatementLine, body: str, setup: str, code: str
    ) -> cst.BaseStatement:
        try:
            statements = cst.parse_module(body).body
            if setup.strip() and not setup.strip().startswith("-"):
                statements = (*cst.parse_module(timed_statement(setup) + "\n").body, *statements)
        except cst.ParserSyntaxError:
            return todo(line, code, "timed code that is not valid Python")
        if not statements:
            return comment_only(line, ["empty %timeit dropped"])
        snippet = cst.Module(body=statements)
        context = replace(
            self.context,
            normalised=NormalisedCell(self.cell, "", ()),
            code=snippet.code,
            snippet=True,
        )
        label = body.strip().splitlines()[0][:60] if body.strip() else "timed"
        header = cst.parse_statement(f"with {self.plan.name('timed')}({label!r}):\n    pass\n")
        assert isinstance(header, cst.With)
        return header.with_changes(
            body=cst.IndentedBlock(body=list(rewrite_module(snippet, context).body)),
            leading_lines=line.leading_lines,
        )


def _writefile(
    line: cst.SimpleStatementLine, args: str, body: str, code: str, write_asset: str
) -> cst.BaseStatement:
    words = args.split()
    append = "-a" in words or "--append" in words
    paths = [w for w in words if not w.startswith("-")]
    if len(paths) != 1:
        return todo(line, code, "%%writefile with an unclear target")
    call = f"{write_asset}({paths[0]!r}, {body!r}, append={append})"
    return line.with_changes(body=[cst.Expr(cst.parse_expression(call))])


def _magic_call(line: cst.SimpleStatementLine) -> tuple[str, tuple[str, ...]] | None:
    """``get_ipython().run_line_magic('name', 'args')`` as ('run_line_magic', args)."""
    if len(line.body) != 1:
        return None
    statement = line.body[0]
    value = statement.value if isinstance(statement, (cst.Expr, cst.Assign)) else None
    if not isinstance(value, cst.Call) or not isinstance(value.func, cst.Attribute):
        return None
    inner = value.func.value
    if not (isinstance(inner, cst.Call) and isinstance(inner.func, cst.Name)):
        return None
    if inner.func.value != "get_ipython" or isinstance(statement, cst.Assign):
        return None
    values = [literal_value(a.value) for a in value.args]
    if any(v is NO_VALUE for v in values):
        return None
    return value.func.attr.value, tuple(str(v) for v in values)


def _shown(method: str, args: tuple[str, ...]) -> str:
    if method in ("system", "getoutput"):
        return f"!{args[0] if args else ''}"
    prefix = "%%" if method == "run_cell_magic" else "%"
    return f"{prefix}{' '.join(a for a in args[:2] if a)}".strip()
