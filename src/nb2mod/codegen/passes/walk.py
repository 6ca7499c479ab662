"""Run a cell's wanted passes, in their order, over one traversal of its tree."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import libcst as cst
from libcst.metadata import MetadataWrapper

from nb2mod.codegen.passes.base import CellContext, RewritePass

_Node = TypeVar("_Node", bound=cst.CSTNode)


def rewrite_module(module: cst.Module, context: CellContext) -> cst.Module:
    """``module`` with ``context.passes`` applied (the module itself when none is wanted)."""
    passes = [kind(context) for kind in context.passes if kind.wanted(context)]
    if not passes:
        return module
    needed = {key for p in passes for key in p.get_inherited_dependencies()}
    if needed:  # positions are costly: computed only when a pass asks for them
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)  # parsed trees share no node
        resolved = wrapper.resolve_many(needed)
        for p in passes:
            p.metadata = resolved
        module = wrapper.module
    return module.visit(_OneWalk(passes))


class _OneWalk(cst.CSTTransformer):
    """The passes over one walk. At each node every pass's ``visit`` runs in order; on the
    way back each pass's ``leave`` gets the node as the passes before it left it. A pass
    whose ``visit`` returns False does not see that node's children; a node an earlier pass
    replaced with another kind of node (or removed) is not shown to the later passes."""

    def __init__(self, passes: Sequence[RewritePass]) -> None:
        super().__init__()
        self.passes = passes
        self.skipping: list[cst.CSTNode | None] = [None] * len(passes)

    def on_visit(self, node: cst.CSTNode) -> bool:
        function = isinstance(node, cst.FunctionDef)
        for number, one in enumerate(self.passes):
            if self.skipping[number] is not None:
                continue
            if not one.on_visit(node):
                self.skipping[number] = node
            if function:
                one.function_depth += 1
        return any(s is None for s in self.skipping)

    def on_leave(
        self, original_node: _Node, updated_node: _Node
    ) -> _Node | cst.RemovalSentinel | cst.FlattenSentinel[_Node]:
        node: cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]
        node = updated_node
        function = isinstance(original_node, cst.FunctionDef)
        for number, one in enumerate(self.passes):
            skipped = self.skipping[number]
            if skipped is not None and skipped is not original_node:
                continue  # inside a node whose children this pass declined
            self.skipping[number] = None
            if function:
                one.function_depth -= 1
            if type(node) is type(original_node):
                node = one.on_leave(original_node, node)
        return node
