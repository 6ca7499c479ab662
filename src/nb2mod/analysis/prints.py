"""Which ``print(...)`` calls a log record can say: one test, for the fact and the rewrite."""

from __future__ import annotations

import ast

import libcst as cst


def loggable_print(call: cst.Call) -> bool:
    """No ``*args``, a literal ``sep``, ``end`` left at a newline, no ``file=``: then
    ``print(a, b)`` is ``logger.info("%s %s", a, b)``; ``print(x, end=", ")`` is not."""
    for arg in call.args:
        if arg.star:
            return False
        if arg.keyword is None or arg.keyword.value == "flush":
            continue
        if arg.keyword.value == "sep" and string_value(arg.value) is not None:
            continue
        if arg.keyword.value == "end" and string_value(arg.value) == "\n":
            continue
        return False
    return True


def string_value(node: cst.BaseExpression) -> str | None:
    """The value of a plain (not f-) string literal, else None."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        try:
            value = ast.literal_eval(cst.Module([]).code_for_node(node))
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return None
        return value if isinstance(value, str) else None
    return None
