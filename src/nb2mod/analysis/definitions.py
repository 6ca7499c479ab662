"""Definitions that open scopes: def, class, lambda, comprehensions; function summaries."""

from __future__ import annotations

from typing import Any

import libcst as cst

from nb2mod.analysis.functions import close_callee
from nb2mod.analysis.records import FunctionSummary, Ref
from nb2mod.analysis.walker import Scope, WalkerBase


class DefinitionForms(WalkerBase):
    """Handlers that open a scope, and the resolution of its names when it ends."""

    def push(self, kind: str) -> Scope:
        self.scope = Scope(kind, self.scope)
        return self.scope

    def pop(self, summary: FunctionSummary | None = None) -> None:
        scope = self.scope
        self.scope = scope.parent  # type: ignore[assignment]
        if not scope.deferred:
            return
        local = scope.bound | set(scope.params)
        target = self.scope
        while target.kind == "class":
            target = target.parent  # type: ignore[assignment]
        for name, ref in scope.loads:
            if name in local and name not in scope.globals:
                continue
            self._propagate_load(scope, target, name, ref, summary)
        for name, how, ref in scope.muts:
            if name in scope.params and name not in scope.globals:
                if summary is not None and scope.kind == "function" and target is self.module:
                    if name not in summary.mutated_params:
                        summary.mutated_params.append(name)
                continue
            if name in local and name not in scope.globals:
                continue
            self._propagate_mutation(scope, target, name, how, ref)

    def _propagate_load(
        self, scope: Scope, target: Scope, name: str, ref: Ref | None, summary: Any
    ) -> None:
        if target.deferred:
            target.loads.append((name, ref))
        elif scope.kind == "function" and self.summary is not None:
            if name not in self.summary.free_reads:
                self.summary.free_reads.append(name)
        else:
            self.load(name, ref, target)

    def _propagate_mutation(
        self, scope: Scope, target: Scope, name: str, how: str, ref: Ref
    ) -> None:
        if target.deferred:
            target.muts.append((name, how, ref))
        elif self._is_module(name):
            return
        elif scope.kind == "function" and self.summary is not None:
            if name not in self.summary.mutated_globals:
                self.summary.mutated_globals.append(name)
        else:
            saved, self.scope = self.scope, target
            self.mutate(name, how, ref)
            self.scope = saved

    def _lambda(self, node: cst.Lambda) -> None:
        self._parameter_defaults(node.params)
        scope = self.push("lambda")
        scope.params = parameter_names(node.params)
        self.visit(node.body)
        self.pop()

    def _comprehension(self, node: Any) -> None:
        first = node.for_in
        self.push("comprehension")
        if isinstance(node, cst.DictComp):
            self.visit(node.key)
            self.visit(node.value)
        else:
            self.visit(node.elt)
        comp: cst.CompFor | None = first
        while comp is not None:
            binds: list[str] = []
            self.target(comp.target, binds)
            if comp is first:
                inner, self.scope = self.scope, self.scope.parent  # type: ignore[assignment]
                self.visit(comp.iter)
                self.scope = inner
            else:
                self.visit(comp.iter)
            self.apply_binds(binds)
            for condition in comp.ifs:
                self.visit(condition.test)
            comp = comp.inner_for_in
        self.pop()

    def _parameter_defaults(self, params: cst.Parameters) -> None:
        for param in all_params(params):
            if param.annotation is not None:
                self.visit(param.annotation)
            if param.default is not None:
                self.visit(param.default)

    def _def(self, node: cst.FunctionDef) -> None:
        self.visit_all(node.decorators)
        ref = self.ref(("d", node.name.value))
        self._parameter_defaults(node.params)
        if node.returns is not None:
            self.visit(node.returns)
        outer_summary = self.summary
        top = self.scope is self.module
        if top:
            self.summary = FunctionSummary(node.name.value, "function", self.stmt.index, ref)
            self.summary.params = tuple(parameter_names(node.params))
        scope = self.push("function")
        scope.params = parameter_names(node.params)
        self.visit(node.body)
        self.pop(self.summary)
        if self.scope.kind == "class" and outer_summary is not None:
            self._method_params(node, outer_summary)
        if top:
            self._finish_summary()
        self.summary = outer_summary
        self.bind(node.name.value)

    def _method_params(self, node: cst.FunctionDef, summary: FunctionSummary) -> None:
        if node.name.value == "__init__":
            summary.params = tuple(parameter_names(node.params)[1:])

    def _class(self, node: cst.ClassDef) -> None:
        self.visit_all(node.decorators)
        ref = self.ref(("d", node.name.value))
        self.visit_all(node.bases)
        self.visit_all(node.keywords)
        outer_summary = self.summary
        top = self.scope is self.module
        if top:
            self.summary = FunctionSummary(node.name.value, "class", self.stmt.index, ref)
        self.push("class")
        self.visit(node.body)
        self.scope = self.scope.parent  # type: ignore[assignment]
        if top:
            self._finish_summary()
        self.summary = outer_summary
        self.bind(node.name.value)

    def _finish_summary(self) -> None:
        summary = self.summary
        assert summary is not None
        summary.mutated_params = [p for p in summary.mutated_params if p != "self"]
        self.raw.functions.append(summary)
        self.functions[summary.name] = close_callee(summary, self.functions)


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
