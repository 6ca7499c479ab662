"""Calls: mutations they cause, notebook functions they run, magics, dynamic features."""

from __future__ import annotations

import dataclasses

import libcst as cst

from nb2mod.analysis.imports import qualify
from nb2mod.analysis.literals import evaluated, is_number, literal_code, literal_value
from nb2mod.analysis.magic_uses import magic_call_names
from nb2mod.analysis.mutations import argument_mutation, method_mutation
from nb2mod.analysis.names import dotted_name
from nb2mod.analysis.prints import loggable_print
from nb2mod.analysis.records import (
    NO_VALUE,
    ArgInfo,
    CallSite,
    LiteralSite,
    RawImport,
    RawUnsure,
    Ref,
)
from nb2mod.analysis.walk.imports import bind_import
from nb2mod.analysis.walk.registry import handles
from nb2mod.analysis.walk.walker import Walker

_DYNAMIC = {"exec": "exec()", "eval": "eval()", "globals": "globals()", "locals": "locals()"}


@handles(cst.Call)
def call_site(walk: Walker, node: cst.Call) -> None:
    """Every call becomes a CallSite; its consequences are applied to the names at once."""
    func = dotted_name(node.func)
    ref = walk.ref(("c", func or ""))
    sure = walk.surely_runs
    api = sure and func is not None and func.partition(".")[0] in walk.import_bound
    first_literal = len(walk.raw.literals)
    first_call = len(walk.raw.calls)
    walk.visit(node.func)
    args: list[ArgInfo] = []
    keywords: dict[str, ArgInfo] = {}
    for arg in node.args:
        info = _argument(walk, arg, func)
        if arg.keyword is not None:
            keywords[arg.keyword.value] = info
        elif not arg.star:
            args.append(info)
    method = node.func.attr.value if isinstance(node.func, cst.Attribute) else None
    receiver = receiver_name(node.func.value) if isinstance(node.func, cst.Attribute) else None
    site = CallSite(
        walk.stmt.index,
        ref,
        func,
        method,
        receiver,
        tuple(args),
        keywords,
        walk.summary.name if walk.summary is not None else None,
        _magic(node, args),
        starred=any(a.star for a in node.args),
        sure=sure,
        api=api,
    )
    if func == "print" and isinstance(node.func, cst.Name) and loggable_print(node):
        walk.stmt.log_prints += 1
    walk.raw.calls.append(site)
    for inner in walk.raw.calls[first_call:-1]:
        if inner.outer is None:  # a call in this one's function or arguments
            inner.outer = len(walk.raw.calls) - 1
    if site.magic is not None:
        del walk.raw.literals[first_literal:]  # the magic's own text is no config literal
    _call_consequences(walk, site)


def _argument(walk: Walker, arg: cst.Arg, func: str | None) -> ArgInfo:
    value = literal_value(arg.value)
    before = len(walk.raw.literals)
    if isinstance(arg.value, cst.Name):
        walk.stmt.arguments.add(arg.value.value)
    walk.visit(arg.value)
    ref = None
    keyword = arg.keyword.value if arg.keyword is not None else None
    number = is_number(arg.value)
    if number and keyword is not None:
        ref = _number_ref(walk, arg.value)
        code = literal_code(arg.value)
        site = LiteralSite(walk.stmt.index, ref, value, code, keyword=keyword, call=func)
        walk.raw.literals.append(site)
    elif isinstance(value, str) and len(walk.raw.literals) == before + 1:
        old = walk.raw.literals[before]
        ref = old.ref
        walk.raw.literals[before] = dataclasses.replace(old, keyword=keyword, call=func)
    return ArgInfo(value, arg.value, receiver_name(arg.value), ref, number)


def _number_ref(walk: Walker, node: cst.BaseExpression) -> Ref:
    inner = node.expression if isinstance(node, cst.UnaryOperation) else node
    value = evaluated(inner)
    return walk.last_ref(("k", type(value).__name__, value))


def _call_consequences(walk: Walker, call: CallSite) -> None:
    how = method_mutation(call)
    if how is not None:
        walk.mutate(call.receiver, how, call.ref)
    qualified = qualify(call.func, walk.context.aliases)
    moved = argument_mutation(qualified, call)
    if moved is not None:
        walk.mutate(moved[0], moved[1], call.ref)
    if call.func in _DYNAMIC or (call.func == "vars" and not call.args):
        walk.raw.unsure.append(RawUnsure(f"{call.func}() makes names dynamic", call.ref))
    if call.magic is not None:
        _magic_call(walk, call)
    if call.func is not None and "." not in call.func:
        _notebook_call(walk, call.func, call)


def _notebook_call(walk: Walker, name: str, call: CallSite) -> None:
    if walk.scope is not walk.module and walk.summary is not None:
        if walk.summary.name != name and name not in walk.summary.called:
            walk.summary.called.append(name)
    callee = walk.functions.get(name)
    if callee is None:
        return
    for read in callee.reads:
        walk.load(read, call.ref)
    for written in callee.global_writes:
        if walk.scope is walk.module:
            walk.module_bind(written)
    for mutated in callee.mutated_globals:
        walk.mutate(mutated, f"call of {name}", call.ref)
    for position, param in enumerate(callee.params):
        if param not in callee.mutated_params:
            continue
        info = call.keywords.get(param)
        if info is None and position < len(call.args):
            info = call.args[position]
        if info is not None and info.value is NO_VALUE:
            walk.mutate(info.base, f"argument of {name}", call.ref)


def _magic_call(walk: Walker, call: CallSite) -> None:
    assert call.magic is not None
    names = magic_call_names(call.magic)
    kind = call.magic[1] if len(call.magic) > 1 else ""
    walk.stmt.magics.append((call.magic[0], kind, tuple(names)))
    for name in names:
        walk.load(name, call.ref)
        if name not in walk.raw.magic_uses:
            walk.raw.magic_uses.append(name)
    if call.magic[0] == "run_line_magic" and kind in ("run", "store"):
        walk.raw.unsure.append(RawUnsure(f"%{kind} defines names nb2mod cannot see", call.ref))
    if call.magic[0] == "run_line_magic" and kind == "pylab":
        _pylab(walk, call.ref)


def _pylab(walk: Walker, ref: Ref) -> None:
    """``%pylab`` imports numpy as np, pyplot as plt and everything from pylab."""
    for module, bound in (("numpy", "np"), ("matplotlib.pyplot", "plt")):
        walk.raw.imports.append(RawImport(module, None, bound, 0, ref))
        bind_import(walk, bound, written=False)
    walk.raw.imports.append(RawImport("pylab", None, "*", 0, ref))
    walk.raw.unsure.append(RawUnsure("%pylab imports every name of pylab", ref))


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
