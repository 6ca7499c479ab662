"""Binding forms: assignment targets, for/with/except, walrus, del, global, match patterns."""

from __future__ import annotations

import dataclasses

import libcst as cst

from nb2mod.analysis.literals import literal_code, literal_value
from nb2mod.analysis.names import base_name, dotted_name
from nb2mod.analysis.records import NO_VALUE, BindSite, Block, LiteralSite, Ref
from nb2mod.analysis.walk.registry import handles
from nb2mod.analysis.walk.walker import Walker


def target(walk: Walker, node: cst.BaseExpression, binds: list[str], how: str = "store") -> None:
    """Walk an assignment target in source order; names to bind go into ``binds``."""
    if isinstance(node, cst.Name):
        walk.ref(("n", node.value))
        walk.stmt.writes.add(node.value)
        binds.append(node.value)
    elif isinstance(node, (cst.Tuple, cst.List)):
        for element in node.elements:
            target(walk, element.value, binds, how)
    elif isinstance(node, cst.StarredElement):
        target(walk, node.value, binds, how)
    elif isinstance(node, cst.Attribute):
        walk.visit(node.value)
        _store_into(walk, node, node, f"attribute {how}")
    elif isinstance(node, cst.Subscript):
        walk.visit(node.value)
        walk.visit_all(node.slice)
        _store_into(walk, node, node.value, f"subscript {how}")
    else:
        walk.visit(node)


def _store_into(
    walk: Walker, node: cst.BaseExpression, chain: cst.BaseExpression, how: str
) -> None:
    name = base_name(node)
    ref = walk.last_ref(("n", name))
    if name is not None and walk.is_module(name) and walk.scope is walk.module:
        walk.raw.module_writes.append((dotted_name(chain) or name or "", ref))
    walk.mutate(name, how, ref)


def apply_binds(walk: Walker, binds: list[str], walrus: bool = False, how: str = "assign") -> None:
    for name in binds:
        walk.bind(name, walrus, how)


@handles(cst.Assign)
def assign(walk: Walker, node: cst.Assign) -> None:
    binds: list[str] = []
    for assigned in node.targets:
        target(walk, assigned.target, binds)
    _maybe_constant(walk, node)
    calls = len(walk.raw.calls)
    walk.visit(node.value)
    _name_call_result(walk, node, calls)
    apply_binds(walk, binds)


def _name_call_result(walk: Walker, node: cst.Assign, calls: int) -> None:
    """``gm = GaussianMixture()`` at module level: the call site learns its target, so
    that later facts know what kind of object ``gm`` is."""
    if walk.scope is not walk.module or len(node.targets) != 1:
        return
    named = node.targets[0].target
    if not isinstance(named, cst.Name) or not isinstance(node.value, cst.Call):
        return
    if len(walk.raw.calls) > calls:  # the outer call is recorded after its arguments
        walk.raw.calls[-1] = dataclasses.replace(walk.raw.calls[-1], target=named.value)


@handles(cst.AnnAssign)
def annotated_assign(walk: Walker, node: cst.AnnAssign) -> None:
    binds: list[str] = []
    target(walk, node.target, binds)
    walk.visit(node.annotation)
    if node.value is not None:
        _maybe_constant(walk, node)
        walk.visit(node.value)
        apply_binds(walk, binds)
    elif walk.scope is walk.module:  # ``x: int`` binds nothing, but is an assignment's syntax
        blocks = tuple(walk.blocks)
        walk.stmt.binds.extend(BindSite(name, "annotation", blocks) for name in binds)


@handles(cst.AugAssign)
def augmented_assign(walk: Walker, node: cst.AugAssign) -> None:
    binds: list[str] = []
    if isinstance(node.target, cst.Name):
        ref = walk.ref(("n", node.target.value))
        walk.load(node.target.value, ref)
        walk.stmt.writes.add(node.target.value)
        binds.append(node.target.value)
    else:
        target(walk, node.target, binds, "augmented store")
    walk.visit(node.value)
    apply_binds(walk, binds)


@handles(cst.NamedExpr)
def walrus(walk: Walker, node: cst.NamedExpr) -> None:
    binds: list[str] = []
    target(walk, node.target, binds)
    walk.visit(node.value)
    apply_binds(walk, binds, walrus=True, how="walrus")


@handles(cst.For)
def for_loop(walk: Walker, node: cst.For) -> None:
    if node.asynchronous is not None and not walk.in_function:
        walk.stmt.check_in_function = True
    binds: list[str] = []
    owner = walk.owner()
    walk.blocks.append(Block("for", owner))
    target(walk, node.target, binds)
    walk.blocks[-1] = Block("for-iter", owner)  # evaluated once, before the loop runs
    walk.visit(node.iter)
    walk.blocks[-1] = Block("for", owner)
    apply_binds(walk, binds, how="for")
    walk.visit(node.body)
    walk.blocks.pop()
    walk.visit_in(Block("for-else", owner), node.orelse)


@handles(cst.With)
def with_block(walk: Walker, node: cst.With) -> None:
    if node.asynchronous is not None and not walk.in_function:
        walk.stmt.check_in_function = True
    owner = walk.owner()
    for item in node.items:
        walk.visit_in(Block("with-item", owner), item.item)
        if item.asname is not None:
            binds: list[str] = []
            walk.blocks.append(Block("with", owner))
            target(walk, item.asname.name, binds)
            apply_binds(walk, binds, how="with")
            walk.blocks.pop()
    # ``with contextlib.suppress(E):`` may skip the rest of its body; other context
    # managers that swallow exceptions are not known to the analysis
    swallows = any(_suppress(item.item) for item in node.items)
    walk.visit_in(Block("suppressed" if swallows else "with", owner), node.body)


def _suppress(node: cst.BaseExpression) -> bool:
    if not isinstance(node, cst.Call):
        return False
    name = dotted_name(node.func) or ""
    return name == "suppress" or name.endswith(".suppress")


@handles(cst.ExceptHandler, cst.ExceptStarHandler)
def except_handler(walk: Walker, node: cst.ExceptHandler | cst.ExceptStarHandler) -> None:
    if node.type is not None:
        walk.visit(node.type)
    if node.name is not None and isinstance(node.name.name, cst.Name):
        name = node.name.name.value
        walk.stmt.binders.add(name)
        walk.bind(name, how="except")
    walk.visit(node.body)


@handles(cst.Del)
def delete(walk: Walker, node: cst.Del) -> None:
    _delete(walk, node.target)


def _delete(walk: Walker, node: cst.BaseExpression) -> None:
    if isinstance(node, cst.Name):
        ref = walk.ref(("n", node.value))
        walk.stmt.writes.add(node.value)
        if walk.scope is walk.module:
            walk.module_load(node.value, ref)
            walk.stmt_bound.discard(node.value)
            if node.value not in walk.stmt.deletes:
                walk.stmt.deletes.append(node.value)
        else:
            walk.scope.bound.add(node.value)
    elif isinstance(node, (cst.Tuple, cst.List)):
        for element in node.elements:
            _delete(walk, element.value)
    else:
        target(walk, node, [], "delete")


@handles(cst.Global)
def global_names(walk: Walker, node: cst.Global) -> None:
    if walk.scope is walk.module:
        walk.stmt.check_in_function = True  # inside a step function it declares a global
    walk.scope.globals.update(item.name.value for item in node.names)


@handles(cst.Nonlocal)
def nonlocal_names(walk: Walker, node: cst.Nonlocal) -> None:
    if walk.scope is walk.module:
        walk.stmt.check_in_function = True
    walk.scope.nonlocals.update(item.name.value for item in node.names)


@handles(cst.MatchAs)
def match_as(walk: Walker, node: cst.MatchAs) -> None:
    if node.pattern is not None:
        walk.visit(node.pattern)
    if node.name is not None:
        walk.bind(node.name.value, how="match")


@handles(cst.MatchStar)
def match_star(walk: Walker, node: cst.MatchStar) -> None:
    if node.name is not None:
        walk.bind(node.name.value, how="match")


@handles(cst.MatchMapping)
def match_mapping(walk: Walker, node: cst.MatchMapping) -> None:
    walk.visit_all(node.elements)
    if node.rest is not None:
        walk.bind(node.rest.value, how="match")


@handles(cst.MatchCase)
def match_case(walk: Walker, node: cst.MatchCase) -> None:
    walk.visit(node.pattern)
    if node.guard is not None:
        walk.visit(node.guard)
    walk.visit(node.body)


@handles(cst.MatchKeywordElement)
def match_keyword(walk: Walker, node: cst.MatchKeywordElement) -> None:
    walk.visit(node.pattern)  # the keyword is an attribute name, not a read


def _maybe_constant(walk: Walker, node: cst.Assign | cst.AnnAssign) -> None:
    """``NAME = literal`` at the top of a cell: a constant a function may read purely."""
    if walk.scope is not walk.module or walk.stmt.kind != "assign":
        return
    targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
    if len(targets) != 1 or not isinstance(targets[0], cst.Name) or node.value is None:
        return
    value = literal_value(node.value)
    if value is NO_VALUE or value is None:
        return
    name = targets[0].value
    ref: Ref = walk.last_ref(("n", name))
    code = literal_code(node.value)
    site = LiteralSite(walk.stmt.index, ref, value, code, variable=name, top_level_constant=True)
    walk.raw.literals.append(site)
