"""Binding forms: assignment targets, for/with/except, walrus, del, global, match patterns."""

from __future__ import annotations

import dataclasses

import libcst as cst

from nb2mod.analysis.literals import literal_code, literal_value
from nb2mod.analysis.names import base_name, dotted_name
from nb2mod.analysis.records import NO_VALUE, LiteralSite, Ref
from nb2mod.analysis.walker import WalkerBase


class BindingForms(WalkerBase):
    """Handlers that bind names (deferred until the value is read) or store into objects."""

    def target(self, node: cst.BaseExpression, binds: list[str], how: str = "store") -> None:
        """Walk an assignment target in source order; names to bind go into ``binds``."""
        if isinstance(node, cst.Name):
            self.ref(("n", node.value))
            binds.append(node.value)
        elif isinstance(node, (cst.Tuple, cst.List)):
            for element in node.elements:
                self.target(element.value, binds, how)
        elif isinstance(node, cst.StarredElement):
            self.target(node.value, binds, how)
        elif isinstance(node, cst.Attribute):
            self.visit(node.value)
            self._store_into(node, node, f"attribute {how}")
        elif isinstance(node, cst.Subscript):
            self.visit(node.value)
            self.visit_all(node.slice)
            self._store_into(node, node.value, f"subscript {how}")
        else:
            self.visit(node)

    def _store_into(self, node: cst.BaseExpression, chain: cst.BaseExpression, how: str) -> None:
        name = base_name(node)
        ref = self._last_name_ref(node)
        if name is not None and self._is_module(name) and self.scope is self.module:
            self.raw.module_writes.append((dotted_name(chain) or name or "", ref))
        self.mutate(name, how, ref)

    def _last_name_ref(self, node: cst.BaseExpression) -> Ref:
        name = base_name(node)
        key = ("n", name)
        return (self.stmt.index, key, max(self.counts.get(key, 1) - 1, 0))

    def apply_binds(self, binds: list[str], walrus: bool = False) -> None:
        for name in binds:
            self.bind(name, walrus)

    def _assign(self, node: cst.Assign) -> None:
        binds: list[str] = []
        for target in node.targets:
            self.target(target.target, binds)
        self._maybe_constant(node)
        calls = len(self.raw.calls)
        self.visit(node.value)
        self._name_call_result(node, calls)
        self.apply_binds(binds)

    def _name_call_result(self, node: cst.Assign, calls: int) -> None:
        """``gm = GaussianMixture()`` at module level: the call site learns its target, so
        that later facts know what kind of object ``gm`` is."""
        if self.scope is not self.module or len(node.targets) != 1:
            return
        target = node.targets[0].target
        if not isinstance(target, cst.Name) or not isinstance(node.value, cst.Call):
            return
        if len(self.raw.calls) > calls:  # the outer call is recorded after its arguments
            self.raw.calls[-1] = dataclasses.replace(self.raw.calls[-1], target=target.value)

    def _annassign(self, node: cst.AnnAssign) -> None:
        binds: list[str] = []
        self.target(node.target, binds)
        self.visit(node.annotation)
        if node.value is not None:
            self._maybe_constant(node)
            self.visit(node.value)
            self.apply_binds(binds)

    def _augassign(self, node: cst.AugAssign) -> None:
        binds: list[str] = []
        if isinstance(node.target, cst.Name):
            ref = self.ref(("n", node.target.value))
            self.load(node.target.value, ref)
            binds.append(node.target.value)
        else:
            self.target(node.target, binds, "augmented store")
        self.visit(node.value)
        self.apply_binds(binds)

    def _walrus(self, node: cst.NamedExpr) -> None:
        binds: list[str] = []
        self.target(node.target, binds)
        self.visit(node.value)
        self.apply_binds(binds, walrus=True)

    def _for(self, node: cst.For) -> None:
        binds: list[str] = []
        self.target(node.target, binds)
        self.visit(node.iter)
        self.apply_binds(binds)
        self.visit(node.body)
        if node.orelse is not None:
            self.visit(node.orelse)

    def _with(self, node: cst.With) -> None:
        for item in node.items:
            self.visit(item.item)
            if item.asname is not None:
                binds: list[str] = []
                self.target(item.asname.name, binds)
                self.apply_binds(binds)
        self.visit(node.body)

    def _except(self, node: cst.ExceptHandler | cst.ExceptStarHandler) -> None:
        if node.type is not None:
            self.visit(node.type)
        if node.name is not None and isinstance(node.name.name, cst.Name):
            self.bind(node.name.name.value)
        self.visit(node.body)

    def _del(self, node: cst.Del) -> None:
        self._delete(node.target)

    def _delete(self, node: cst.BaseExpression) -> None:
        if isinstance(node, cst.Name):
            ref = self.ref(("n", node.value))
            if self.scope is self.module:
                self._module_load(node.value, ref)
                self.stmt_bound.discard(node.value)
                if node.value not in self.stmt.deletes:
                    self.stmt.deletes.append(node.value)
            else:
                self.scope.bound.add(node.value)
        elif isinstance(node, (cst.Tuple, cst.List)):
            for element in node.elements:
                self._delete(element.value)
        else:
            self.target(node, [], "delete")

    def _global(self, node: cst.Global) -> None:
        self.scope.globals.update(item.name.value for item in node.names)

    def _nonlocal(self, node: cst.Nonlocal) -> None:
        self.scope.nonlocals.update(item.name.value for item in node.names)

    def _match_as(self, node: cst.MatchAs) -> None:
        if node.pattern is not None:
            self.visit(node.pattern)
        if node.name is not None:
            self.bind(node.name.value)

    def _match_star(self, node: cst.MatchStar) -> None:
        if node.name is not None:
            self.bind(node.name.value)

    def _match_mapping(self, node: cst.MatchMapping) -> None:
        self.visit_all(node.elements)
        if node.rest is not None:
            self.bind(node.rest.value)

    def _match_case(self, node: cst.MatchCase) -> None:
        self.visit(node.pattern)
        if node.guard is not None:
            self.visit(node.guard)
        self.visit(node.body)

    def _match_keyword(self, node: cst.MatchKeywordElement) -> None:
        self.visit(node.pattern)

    def _maybe_constant(self, node: cst.Assign | cst.AnnAssign) -> None:
        if self.scope is not self.module or self._in_block_depth():
            return
        targets = (
            [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
        )
        if len(targets) != 1 or not isinstance(targets[0], cst.Name) or node.value is None:
            return
        value = literal_value(node.value)
        if value is NO_VALUE or value is None:
            return
        name = targets[0].value
        ref = (self.stmt.index, ("n", name), max(self.counts.get(("n", name), 1) - 1, 0))
        code = literal_code(node.value)
        site = LiteralSite(
            self.stmt.index, ref, value, code, variable=name, top_level_constant=True
        )
        self.raw.literals.append(site)

    def _in_block_depth(self) -> bool:
        return self.stmt.kind != "assign"
