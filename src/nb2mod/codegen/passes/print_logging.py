"""``print(a, b)`` -> ``logger.info("%s %s", a, b)``, where a log record can say the same."""

from __future__ import annotations

import ast
import re

import libcst as cst

from nb2mod.analysis.literals import string_value
from nb2mod.analysis.prints import loggable_print
from nb2mod.codegen.passes.base import CellContext, RewritePass
from nb2mod.codegen.text import string_literal

_SIMPLE_SPEC = re.compile(r"^[-+ 0#]*\d*(?:\.\d+)?[dfeEgGxXos]?$")


class PrintToLogging(RewritePass):
    """f-string parts become %-style fields when their format spec has one; any other
    value is a ``%s`` argument. ``print(x, end=", ")`` and ``print(*xs)`` stay prints."""

    @classmethod
    def wanted(cls, context: CellContext) -> bool:
        return "print" in context.code

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = updated.func
        if isinstance(func, cst.Name) and func.value == "print" and loggable_print(updated):
            return _log_call(updated, self.plan.name("logger"))
        return updated


def _log_call(call: cst.Call, logger: str) -> cst.Call:
    sep = " "
    positional = []
    for arg in call.args:
        if arg.keyword is None:
            positional.append(arg.value)
        elif arg.keyword.value == "sep":
            sep = string_value(arg.value) or ""
    parts: list[str] = []
    values: list[cst.BaseExpression] = []
    for value in positional:
        text = string_value(value)
        if text is not None:
            parts.append(text.replace("%", "%%"))
            continue
        formatted = _fstring_parts(value)
        if formatted is not None:
            parts.append(formatted[0])
            values.extend(formatted[1])
            continue
        parts.append("%s")
        values.append(value)
    message = sep.replace("%", "%%").join(parts)
    args = [cst.Arg(cst.SimpleString(string_literal(message)))] + [cst.Arg(v) for v in values]
    return cst.Call(cst.Attribute(cst.Name(logger), cst.Name("info")), _with_commas_between(args))


def _with_commas_between(args: list[cst.Arg]) -> list[cst.Arg]:
    return [
        (
            a.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            if i < len(args) - 1
            else a.with_changes(comma=cst.MaybeSentinel.DEFAULT)
        )
        for i, a in enumerate(args)
    ]


def _fstring_parts(node: cst.BaseExpression) -> tuple[str, list[cst.BaseExpression]] | None:
    if not isinstance(node, cst.FormattedString) or "b" in node.prefix.lower():
        return None
    if "r" in node.prefix.lower():
        return None
    text, values = "", []
    for part in node.parts:
        if isinstance(part, cst.FormattedStringText):
            raw = part.value.replace("{{", "{").replace("}}", "}")
            try:
                raw = ast.literal_eval('"""' + raw.replace('"', '\\"') + ' """')[:-1]
            except (ValueError, SyntaxError, MemoryError, RecursionError):
                return None
            text += raw.replace("%", "%%")
            continue
        assert isinstance(part, cst.FormattedStringExpression)
        spec = _spec(part)
        if spec is None:
            return None
        text += spec
        values.append(part.expression)
    return text, values


def _spec(part: cst.FormattedStringExpression) -> str | None:
    if part.equal is not None:
        return None
    if part.conversion not in (None, "r", "s"):
        return None
    if part.conversion == "r":
        return "%r" if part.format_spec is None else None
    if part.format_spec is None:
        return "%s"
    texts = [p.value for p in part.format_spec if isinstance(p, cst.FormattedStringText)]
    if len(texts) != len(part.format_spec):
        return None
    spec = "".join(texts)
    if not spec:
        return "%s"
    if not _SIMPLE_SPEC.match(spec) or not spec[-1].isalpha():
        return None
    return "%" + spec
