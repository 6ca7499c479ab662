"""Call sites of a notebook function that now takes the globals it read as keyword-only
parameters pass them: ``f(x)`` -> ``f(x, rate=rate)``; passed on uncalled, it is bound:
``map(f, xs)`` -> ``map(functools.partial(f, rate=rate), xs)``."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from nb2mod.codegen.passes.base import CellContext, RewritePass
from nb2mod.plan.model import Definition


class LiftedCalls(RewritePass):
    """A call that already passes a parameter by keyword, or passes ``**kwargs``, keeps it."""

    def __init__(self, context: CellContext) -> None:
        super().__init__(context)
        self.lifted: dict[str, Definition] = {
            d.name: d for d in self.plan.definitions if d.added_params
        }

    @classmethod
    def wanted(cls, context: CellContext) -> bool:
        return any(d.added_params and d.name in context.code for d in context.plan.definitions)

    def leave_Arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
        if isinstance(updated.value, cst.Name) and updated.value.value in self.lifted:
            name = updated.value.value
            params = self.lifted[name].added_params
            partial = cst.Attribute(cst.Name(self.plan.name("functools")), cst.Name("partial"))
            return updated.with_changes(
                value=cst.Call(partial, [cst.Arg(cst.Name(name)), *_keyword_args(params)])
            )
        return updated

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = updated.func
        if not isinstance(func, cst.Name) or func.value not in self.lifted:
            return updated
        if func.value == "print":  # print() calls are PrintToLogging's, even a notebook's own
            return updated
        present = {a.keyword.value for a in updated.args if a.keyword is not None}
        extra = [n for n in self.lifted[func.value].added_params if n not in present]
        if any(a.star == "**" for a in updated.args):
            return updated
        return updated.with_changes(args=[*_with_comma(updated.args), *_keyword_args(extra)])


def _keyword_args(names: Sequence[str]) -> list[cst.Arg]:
    return [
        cst.Arg(
            cst.Name(n),
            keyword=cst.Name(n),
            equal=cst.AssignEqual(
                whitespace_before=cst.SimpleWhitespace(""),
                whitespace_after=cst.SimpleWhitespace(""),
            ),
        )
        for n in names
    ]


def _with_comma(args: Sequence[cst.Arg]) -> list[cst.Arg]:
    if not args:
        return []
    *rest, last = args
    return [*rest, last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))]
