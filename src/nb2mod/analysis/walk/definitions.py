"""Definitions that open scopes: def, class, lambda, comprehensions; function summaries."""

from __future__ import annotations

import libcst as cst

from nb2mod.analysis.functions import close_callee
from nb2mod.analysis.records import FunctionSummary
from nb2mod.analysis.walk.bindings import apply_binds, target
from nb2mod.analysis.walk.registry import handles
from nb2mod.analysis.walk.walker import Walker

Comprehension = cst.ListComp | cst.SetComp | cst.GeneratorExp | cst.DictComp


@handles(cst.Lambda)
def lambda_function(walk: Walker, node: cst.Lambda) -> None:
    _parameter_defaults(walk, node.params)
    scope = walk.push("lambda")
    scope.params = parameter_names(node.params)
    walk.visit(node.body)
    walk.pop()


@handles(cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)
def comprehension(walk: Walker, node: Comprehension) -> None:
    first = node.for_in
    walk.push("comprehension")
    if isinstance(node, cst.DictComp):
        walk.visit(node.key)
        walk.visit(node.value)
    else:
        walk.visit(node.elt)
    comp: cst.CompFor | None = first
    while comp is not None:
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
    walk.pop()


def _parameter_defaults(walk: Walker, params: cst.Parameters) -> None:
    for param in all_params(params):
        if param.annotation is not None:
            walk.visit(param.annotation)
        if param.default is not None:
            walk.visit(param.default)


@handles(cst.FunctionDef)
def function_def(walk: Walker, node: cst.FunctionDef) -> None:
    walk.visit_all(node.decorators)
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
    walk.visit(node.body)
    walk.pop(walk.summary)
    if walk.scope.kind == "class" and outer_summary is not None and node.name.value == "__init__":
        outer_summary.params = tuple(parameter_names(node.params)[1:])  # a class's parameters
    if top:
        _finish_summary(walk)
    walk.summary = outer_summary
    walk.bind(node.name.value)


@handles(cst.ClassDef)
def class_def(walk: Walker, node: cst.ClassDef) -> None:
    walk.visit_all(node.decorators)
    ref = walk.ref(("d", node.name.value))
    walk.visit_all(node.bases)
    walk.visit_all(node.keywords)
    outer_summary = walk.summary
    top = walk.scope is walk.module
    if top:
        walk.summary = FunctionSummary(node.name.value, "class", walk.stmt.index, ref)
    walk.push("class")
    walk.visit(node.body)
    walk.scope = walk.scope.outer  # a class body's names are resolved as it runs
    if top:
        _finish_summary(walk)
    walk.summary = outer_summary
    walk.bind(node.name.value)


def _finish_summary(walk: Walker) -> None:
    summary = walk.summary
    assert summary is not None
    summary.mutated_params = [p for p in summary.mutated_params if p != "self"]
    walk.raw.functions.append(summary)
    walk.functions[summary.name] = close_callee(summary, walk.functions)


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
