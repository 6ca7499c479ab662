"""Render a lifted notebook function or class: its new parameters, without its unused imports."""

from __future__ import annotations

import libcst as cst

from nb2mod.codegen.joining import Piece, anchored
from nb2mod.codegen.nodes import EMPTY, comment, header_lines, strip_blank
from nb2mod.plan.model import Definition


def render_definition(definition: Definition, cells: dict[int, cst.Module]) -> Piece:
    """The definition's code, preceded by its ``# cell N`` provenance comment."""
    node = cells[definition.cell].body[definition.index]
    if definition.added_params and isinstance(node, cst.FunctionDef):
        node = _with_keyword_params(node, definition.added_params)
    if definition.unused_imports and isinstance(node, cst.FunctionDef):
        node = _without_imports(node, set(definition.unused_imports))
    header = header_lines(cells[definition.cell], definition.index)
    node = node.with_changes(
        leading_lines=[
            comment(anchored(f"cell {definition.cell}", 0)),
            *header,
            *strip_blank(node.leading_lines),
        ]
    )
    code = EMPTY.code_for_node(node)
    return Piece("definition", definition.name, code, ((definition.cell, True),))


def _with_keyword_params(function: cst.FunctionDef, names: tuple[str, ...]) -> cst.FunctionDef:
    """The globals it read become keyword-only parameters (``def f(x, *, n)``)."""
    params = function.params
    extra = [cst.Param(cst.Name(n)) for n in names]
    star = params.star_arg
    if not isinstance(star, (cst.Param, cst.ParamStar)):
        star = cst.ParamStar()
    return function.with_changes(
        params=params.with_changes(star_arg=star, kwonly_params=[*params.kwonly_params, *extra])
    )


def _without_imports(function: cst.FunctionDef, unused: set[str]) -> cst.FunctionDef:
    """The function with the names in ``unused`` taken out of its top-level imports."""
    if not isinstance(function.body, cst.IndentedBlock):
        return function
    body: list[cst.BaseStatement] = []
    for statement in function.body.body:
        if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
            small = statement.body[0]
            if isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(
                small.names, cst.ImportStar
            ):
                kept = [a for a in small.names if _bound_by(a) not in unused]
                if not kept:
                    continue
                kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                statement = statement.with_changes(body=[small.with_changes(names=kept)])
        body.append(statement)
    if not body:
        body = [cst.SimpleStatementLine([cst.Pass()])]
    return function.with_changes(body=function.body.with_changes(body=body))


def _bound_by(alias: cst.ImportAlias) -> str:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return EMPTY.code_for_node(alias.name).split(".")[0]
