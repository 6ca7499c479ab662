"""Definitions that open scopes: def, class, lambda, comprehensions; function summaries."""

from __future__ import annotations

import re
from collections.abc import Sequence

import libcst as cst

from nb2mod.analysis.functions import close_callee
from nb2mod.analysis.names import dotted_name
from nb2mod.analysis.records import Block, FunctionSummary
from nb2mod.analysis.walk.bindings import apply_binds, target
from nb2mod.analysis.walk.registry import handles
from nb2mod.analysis.walk.walker import Walker

Comprehension = cst.ListComp | cst.SetComp | cst.GeneratorExp | cst.DictComp


@handles(cst.Lambda)
def lambda_function(walk: Walker, node: cst.Lambda) -> None:
    _parameter_defaults(walk, node.params)
    scope = walk.push("lambda")
    scope.params = parameter_names(node.params)
    walk.stmt.binders.update(scope.params)
    walk.visit(node.body)
    walk.pop()


@handles(cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)
def comprehension(walk: Walker, node: Comprehension) -> None:
    first = node.for_in
    walk.push("comprehension")
    walk.blocks.append(Block("comprehension", walk.owner()))  # a walrus in it may never run
    if isinstance(node, cst.DictComp):
        walk.visit(node.key)
        walk.visit(node.value)
    else:
        walk.visit(node.elt)
    comp: cst.CompFor | None = first
    while comp is not None:
        if comp.asynchronous is not None and not walk.in_function:
            walk.stmt.check_in_function = True
        binds: list[str] = []
        target(walk, comp.target, binds)
        if comp is first:  # the first iterable is evaluated in the enclosing scope
            inner, walk.scope = walk.scope, walk.scope.outer
            walk.visit(comp.iter)
            walk.scope = inner
        else:
            walk.visit(comp.iter)
        apply_binds(walk, binds)
        for condition in comp.ifs:
            walk.visit(condition.test)
        comp = comp.inner_for_in
    walk.blocks.pop()
    walk.pop()


def _parameter_defaults(walk: Walker, params: cst.Parameters) -> None:
    for param in all_params(params):
        if param.annotation is not None:
            walk.visit(param.annotation)
        if param.default is not None:
            walk.visit(param.default)


def _decorators(walk: Walker, decorators: Sequence[cst.Decorator]) -> None:
    """Visit the decorators; a bare ``@name`` is the function applied to the definition."""
    for decorator in decorators:
        if isinstance(decorator.decorator, cst.Name):
            walk.stmt.decorators.add(decorator.decorator.value)
    walk.visit_all(decorators)


@handles(cst.FunctionDef)
def function_def(walk: Walker, node: cst.FunctionDef) -> None:
    _decorators(walk, node.decorators)
    ref = walk.ref(("d", node.name.value))
    _parameter_defaults(walk, node.params)
    if node.returns is not None:
        walk.visit(node.returns)
    outer_summary = walk.summary
    top = walk.scope is walk.module
    if top:
        walk.summary = FunctionSummary(node.name.value, "function", walk.stmt.index, ref)
        walk.summary.params = tuple(parameter_names(node.params))
    scope = walk.push("function")
    scope.params = parameter_names(node.params)
    walk.stmt.binders.update(scope.params)
    walk.stmt.binders.add(node.name.value)
    walk.visit(node.body)
    walk.pop(walk.summary)
    if walk.scope.kind == "class" and outer_summary is not None and node.name.value == "__init__":
        outer_summary.params = tuple(parameter_names(node.params)[1:])  # a class's parameters
    if top:
        if walk.stmt.kind == "def":
            walk.summary.unused_imports = unused_imports(walk, node)  # type: ignore[union-attr]
        _finish_summary(walk)
    walk.summary = outer_summary
    walk.bind(node.name.value, how="def")


@handles(cst.ClassDef)
def class_def(walk: Walker, node: cst.ClassDef) -> None:
    _decorators(walk, node.decorators)
    ref = walk.ref(("d", node.name.value))
    walk.visit_all(node.bases)
    walk.visit_all(node.keywords)
    outer_summary = walk.summary
    top = walk.scope is walk.module
    if top:
        walk.summary = FunctionSummary(node.name.value, "class", walk.stmt.index, ref)
    walk.stmt.binders.add(node.name.value)
    walk.push("class")
    walk.visit(node.body)
    walk.scope = walk.scope.outer  # a class body's names are resolved as it runs
    if top:
        _finish_summary(walk)
    walk.summary = outer_summary
    walk.bind(node.name.value, how="def")


def _finish_summary(walk: Walker) -> None:
    summary = walk.summary
    assert summary is not None
    summary.mutated_params = [p for p in summary.mutated_params if p != "self"]
    walk.raw.functions.append(summary)
    walk.functions[summary.name] = close_callee(summary, walk.functions)


def unused_imports(walk: Walker, node: cst.FunctionDef) -> tuple[str, ...]:
    """Names the function's own top-level imports bind that nothing in the definition reads
    (as a name, or as a word of a string: an annotation, ``__all__``); called when the walk
    of the definition, its whole statement, ends."""
    bound = [
        (alias_name(alias) if alias.asname is None else _as(alias)).split(".")[0]
        for line in _body_lines(node)
        for small in line
        if isinstance(small, (cst.Import, cst.ImportFrom))
        and not isinstance(small.names, cst.ImportStar)
        for alias in small.names
    ]
    if not bound:
        return ()
    stmt = walk.stmt
    strings = " ".join(stmt.strings)
    return tuple(
        sorted(
            {
                b
                for b in bound
                if b not in stmt.reads
                and b not in stmt.writes
                and not re.search(rf"\b{re.escape(b)}\b", strings)
            }
        )
    )


def _body_lines(node: cst.FunctionDef) -> list[Sequence[cst.BaseSmallStatement]]:
    """The small statements of each line directly in the function's body."""
    if isinstance(node.body, cst.SimpleStatementSuite):
        return [node.body.body]
    return [s.body for s in node.body.body if isinstance(s, cst.SimpleStatementLine)]


def alias_name(alias: cst.ImportAlias) -> str:
    return dotted_name(alias.name) or ""


def _as(alias: cst.ImportAlias) -> str:
    assert alias.asname is not None
    name = alias.asname.name
    return name.value if isinstance(name, cst.Name) else alias_name(alias)


def parameter_names(params: cst.Parameters) -> list[str]:
    return [p.name.value for p in all_params(params)]


def all_params(params: cst.Parameters) -> list[cst.Param]:
    out = [*params.posonly_params, *params.params]
    if isinstance(params.star_arg, cst.Param):
        out.append(params.star_arg)
    out.extend(params.kwonly_params)
    if params.star_kwarg is not None:
        out.append(params.star_kwarg)
    return out
