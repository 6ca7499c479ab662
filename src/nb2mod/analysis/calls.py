"""Calls: mutations they cause, notebook functions they run, magics, dynamic features."""

from __future__ import annotations

import dataclasses

import libcst as cst

from nb2mod.analysis.imports import qualify
from nb2mod.analysis.literals import evaluated, is_number, literal_code, literal_value
from nb2mod.analysis.magic_uses import magic_call_names
from nb2mod.analysis.mutations import argument_mutation, method_mutation
from nb2mod.analysis.names import dotted_name
from nb2mod.analysis.records import (
    NO_VALUE,
    ArgInfo,
    CallSite,
    LiteralSite,
    RawImport,
    RawUnsure,
    Ref,
)
from nb2mod.analysis.walker import WalkerBase

_DYNAMIC = {"exec": "exec()", "eval": "eval()", "globals": "globals()", "locals": "locals()"}


class CallForms(WalkerBase):
    """Every call becomes a CallSite; its consequences are applied to the names at once."""

    def _call(self, node: cst.Call) -> None:
        func = dotted_name(node.func)
        ref = self.ref(("c", func or ""))
        first_literal = len(self.raw.literals)
        self.visit(node.func)
        args: list[ArgInfo] = []
        keywords: dict[str, ArgInfo] = {}
        for arg in node.args:
            info = self._argument(arg, func)
            if arg.keyword is not None:
                keywords[arg.keyword.value] = info
            elif not arg.star:
                args.append(info)
        method = node.func.attr.value if isinstance(node.func, cst.Attribute) else None
        receiver = receiver_name(node.func.value) if isinstance(node.func, cst.Attribute) else None
        site = CallSite(
            self.stmt.index,
            ref,
            func,
            method,
            receiver,
            tuple(args),
            keywords,
            self.summary.name if self.summary is not None else None,
            _magic(node, args),
        )
        self.raw.calls.append(site)
        if site.magic is not None:
            del self.raw.literals[first_literal:]  # the magic's own text is no config literal
        self._call_consequences(site)

    def _argument(self, arg: cst.Arg, func: str | None) -> ArgInfo:
        value = literal_value(arg.value)
        before = len(self.raw.literals)
        self.visit(arg.value)
        ref = None
        keyword = arg.keyword.value if arg.keyword is not None else None
        number = is_number(arg.value)
        if number and keyword is not None:
            ref = self._number_ref(arg.value)
            code = literal_code(arg.value)
            site = LiteralSite(self.stmt.index, ref, value, code, keyword=keyword, call=func)
            self.raw.literals.append(site)
        elif isinstance(value, str) and len(self.raw.literals) == before + 1:
            old = self.raw.literals[before]
            ref = old.ref
            self.raw.literals[before] = dataclasses.replace(old, keyword=keyword, call=func)
        return ArgInfo(value, arg.value, receiver_name(arg.value), ref, number)

    def _number_ref(self, node: cst.BaseExpression) -> Ref:
        inner = node.expression if isinstance(node, cst.UnaryOperation) else node
        value = evaluated(inner)
        key = ("k", type(value).__name__, value)
        return (self.stmt.index, key, max(self.counts.get(key, 1) - 1, 0))

    def _call_consequences(self, call: CallSite) -> None:
        how = method_mutation(call)
        if how is not None:
            self.mutate(call.receiver, how, call.ref)
        qualified = qualify(call.func, self.context.aliases)
        moved = argument_mutation(qualified, call)
        if moved is not None:
            self.mutate(moved[0], moved[1], call.ref)
        if call.func in _DYNAMIC or (call.func == "vars" and not call.args):
            self.raw.unsure.append(RawUnsure(f"{call.func}() makes names dynamic", call.ref))
        if call.magic is not None:
            self._magic_call(call)
        if call.func is not None and "." not in call.func:
            self._notebook_call(call.func, call)

    def _notebook_call(self, name: str, call: CallSite) -> None:
        if self.scope is not self.module and self.summary is not None:
            if self.summary.name != name and name not in self.summary.called:
                self.summary.called.append(name)
        callee = self.functions.get(name)
        if callee is None:
            return
        for read in callee.reads:
            self.load(read, call.ref)
        for written in callee.global_writes:
            if self.scope is self.module:
                self._module_bind(written)
        for mutated in callee.mutated_globals:
            self.mutate(mutated, f"call of {name}", call.ref)
        for position, param in enumerate(callee.params):
            if param not in callee.mutated_params:
                continue
            info = call.keywords.get(param)
            if info is None and position < len(call.args):
                info = call.args[position]
            if info is not None and info.value is NO_VALUE:
                self.mutate(info.base, f"argument of {name}", call.ref)

    def _magic_call(self, call: CallSite) -> None:
        assert call.magic is not None
        names = magic_call_names(call.magic)
        for name in names:
            self.load(name, call.ref)
            if name not in self.raw.magic_uses:
                self.raw.magic_uses.append(name)
        kind = call.magic[1] if len(call.magic) > 1 else ""
        if call.magic[0] == "run_line_magic" and kind in ("run", "store"):
            self.raw.unsure.append(RawUnsure(f"%{kind} defines names nb2mod cannot see", call.ref))
        if call.magic[0] == "run_line_magic" and kind == "pylab":
            self._pylab(call.ref)

    def _pylab(self, ref: Ref) -> None:
        """``%pylab`` imports numpy as np, pyplot as plt and everything from pylab."""
        for module, bound in (("numpy", "np"), ("matplotlib.pyplot", "plt")):
            self.raw.imports.append(RawImport(module, None, bound, 0, ref))
            self._bind_import(bound)
        self.raw.imports.append(RawImport("pylab", None, "*", 0, ref))
        self.raw.unsure.append(RawUnsure("%pylab imports every name of pylab", ref))


def receiver_name(node: cst.BaseExpression) -> str | None:
    """The base name of a pure attribute/subscript chain (not through calls)."""
    while isinstance(node, (cst.Attribute, cst.Subscript)):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


def _magic(node: cst.Call, args: list[ArgInfo]) -> tuple[str, ...] | None:
    func = node.func
    if not isinstance(func, cst.Attribute) or not isinstance(func.value, cst.Call):
        return None
    if dotted_name(func.value.func) != "get_ipython":
        return None
    method = func.attr.value
    if method not in ("run_line_magic", "run_cell_magic", "system", "getoutput"):
        return None
    return (method, *(a.value if isinstance(a.value, str) else "" for a in args))
