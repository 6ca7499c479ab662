"""Which ``print(...)`` calls a log record can say: one test, for the fact and the rewrite."""

from __future__ import annotations

import libcst as cst

from nb2mod.analysis.literals import string_value


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


def loggable_prints(code: str) -> int:
    """How many ``print(...)`` calls of ``code`` (a cell magic's body, which the analysis
    walk does not see) a log record can say; 0 when it is not Python."""
    try:
        module = cst.parse_module(code)
    except cst.ParserSyntaxError:
        return 0
    counter = _LoggablePrints()
    module.visit(counter)
    return counter.count


class _LoggablePrints(cst.CSTVisitor):
    def __init__(self) -> None:
        self.count = 0

    def visit_Call(self, node: cst.Call) -> None:
        name = node.func
        if isinstance(name, cst.Name) and name.value == "print" and loggable_print(node):
            self.count += 1
