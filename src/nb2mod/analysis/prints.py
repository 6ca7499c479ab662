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
