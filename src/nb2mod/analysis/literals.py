"""Literal nodes: their Python values and source text (the walk records them, config uses them)."""

from __future__ import annotations

import warnings
from typing import Any

import libcst as cst

from nb2mod.analysis.names import LITERAL_NAMES
from nb2mod.analysis.records import NO_VALUE


def evaluated(node: Any) -> Any:
    """The value of a literal node; plain integers, floats and simple strings without ast."""
    text = node.value if isinstance(node, (cst.Integer, cst.Float, cst.SimpleString)) else None
    try:
        if isinstance(node, cst.Integer) and text.isdigit():  # type: ignore[union-attr]
            return int(text)  # type: ignore[arg-type]
        if isinstance(node, cst.SimpleString) and plain_string(text):  # type: ignore[arg-type]
            quote = 3 if text[:3] in ('"""', "'''") else 1  # type: ignore[index]
            return text[quote:-quote]  # type: ignore[index]
        if isinstance(node, cst.Float) and "_" not in text:  # type: ignore[operator]
            return float(text)  # type: ignore[arg-type]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = node.evaluated_value
    except Exception:  # odd literals (e.g. invalid escapes) are simply not values
        return NO_VALUE
    return NO_VALUE if value is None else value


def plain_string(text: str) -> bool:
    return text[:1] in ("'", '"') and "\\" not in text


def has_formatted(node: cst.ConcatenatedString) -> bool:
    parts = [node.left, node.right]
    return any(
        isinstance(p, cst.FormattedString)
        or (isinstance(p, cst.ConcatenatedString) and has_formatted(p))
        for p in parts
    )


def is_number(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        node = node.expression
    return isinstance(node, (cst.Integer, cst.Float))


def literal_value(node: cst.BaseExpression) -> Any:
    """The Python value of a literal (numbers, strings, booleans, flat lists/tuples)."""
    if isinstance(node, (cst.Integer, cst.Float, cst.SimpleString)):
        return evaluated(node)
    if isinstance(node, cst.ConcatenatedString):
        return NO_VALUE if has_formatted(node) else evaluated(node)
    if isinstance(node, cst.Name) and node.value in LITERAL_NAMES:
        return {"True": True, "False": False, "None": None}[node.value]
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        inner = literal_value(node.expression)
        if isinstance(inner, (int, float)) and not isinstance(inner, bool):
            return -inner
        return NO_VALUE
    if isinstance(node, (cst.List, cst.Tuple)):
        items = [literal_value(e.value) for e in node.elements if isinstance(e, cst.Element)]
        if len(items) != len(node.elements) or any(i is NO_VALUE for i in items):
            return NO_VALUE
        return items if isinstance(node, cst.List) else tuple(items)
    return NO_VALUE


def string_value(node: cst.BaseExpression) -> str | None:
    """The value of a plain (not f-, not bytes) string literal, implicitly joined ones too
    (also across lines), else None."""
    if not isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        return None
    value = literal_value(node)
    return value if isinstance(value, str) else None


_EMPTY = cst.Module(body=())


def source_code(node: cst.CSTNode) -> str:
    return _EMPTY.code_for_node(node)


def literal_code(node: cst.BaseExpression) -> str:
    """Source text of a literal; cheap for the common single-token cases."""
    if isinstance(node, (cst.SimpleString, cst.Integer, cst.Float)) and not node.lpar:
        return node.value
    return source_code(node)
