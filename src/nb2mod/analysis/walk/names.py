"""Reads: names, attribute chains, conditional expressions and plain call arguments."""

from __future__ import annotations

import libcst as cst

from nb2mod.analysis.names import LITERAL_NAMES, dotted_name
from nb2mod.analysis.records import Block
from nb2mod.analysis.walk.registry import handles
from nb2mod.analysis.walk.walker import Walker


@handles(cst.Name)
def name(walk: Walker, node: cst.Name) -> None:
    value = node.value
    if value in LITERAL_NAMES:
        return
    reads = walk.stmt.reads
    reads[value] = reads.get(value, 0) + 1
    walk.load(value, walk.ref(("n", value)))


@handles(cst.Attribute)
def attribute(walk: Walker, node: cst.Attribute) -> None:
    walk.visit(node.value)  # ``.attr`` is not a name of the notebook
    dotted = dotted_name(node)
    if dotted is None or not walk.surely_runs:
        return
    head = dotted.partition(".")[0]
    if head in walk.import_bound:  # a library's attribute (``cm.spectral``): an API it uses
        walk.raw.attributes.append((dotted, walk.last_ref(("n", head))))


@handles(cst.IfExp)
def conditional(walk: Walker, node: cst.IfExp) -> None:
    owner = walk.owner()  # a walrus in either value may not run; one in the test always does
    walk.visit_in(Block("ifexp", owner), node.body)  # in source order: ``body if test else orelse``
    walk.visit(node.test)
    walk.visit_in(Block("ifexp", owner), node.orelse)


@handles(cst.BooleanOperation)
def boolean_operation(walk: Walker, node: cst.BooleanOperation) -> None:
    walk.visit(node.left)  # ``a and (b := f())``: the right operand may not run
    walk.visit_in(Block("operand", walk.owner()), node.right)


@handles(cst.Arg)
def argument(walk: Walker, node: cst.Arg) -> None:
    if isinstance(node.value, cst.Name):
        walk.stmt.arguments.add(node.value.value)
    walk.visit(node.value)  # a keyword's name is not a read
