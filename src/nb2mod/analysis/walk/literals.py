"""Strings and numbers: counted for locations; strings kept as possible config values."""

from __future__ import annotations

from typing import Any

import libcst as cst

from nb2mod.analysis.literals import evaluated, has_formatted, literal_code
from nb2mod.analysis.records import NO_VALUE, LiteralSite
from nb2mod.analysis.walk.registry import handles
from nb2mod.analysis.walk.walker import Walker


@handles(cst.SimpleString)
def simple_string(walk: Walker, node: cst.SimpleString) -> None:
    _literal(walk, node, evaluated(node))


@handles(cst.ConcatenatedString)
def concatenated_string(walk: Walker, node: cst.ConcatenatedString) -> None:
    if has_formatted(node):
        walk.visit(node.left)
        walk.visit(node.right)
        return
    _literal(walk, node, evaluated(node))


@handles(cst.Integer, cst.Float, cst.Imaginary)
def number(walk: Walker, node: cst.Integer | cst.Float | cst.Imaginary) -> None:
    _literal(walk, node, evaluated(node))


def _literal(walk: Walker, node: cst.BaseExpression, value: Any) -> None:
    if value is NO_VALUE:
        return
    ref = walk.ref(("k", type(value).__name__, value))
    if isinstance(value, str):
        walk.stmt.strings.append(value)
        walk.raw.literals.append(LiteralSite(walk.stmt.index, ref, value, literal_code(node)))


@handles(cst.FormattedStringText)
def formatted_text(walk: Walker, node: cst.FormattedStringText) -> None:
    walk.stmt.strings.append(node.value)  # the literal text of an f-string
