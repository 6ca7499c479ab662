"""Calls of notebook functions whose arguments are all literals: what a test can call them
with, and what each gives when nb2mod can work it out statically."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from nb2mod.analysis.facts import FunctionFacts, ImportFact
from nb2mod.analysis.records import ArgInfo, CallSite
from nb2mod.analysis.static_eval import static_value
from nb2mod.analysis.static_safe import MATH, MathModule

MAX_CALLS = 3  # per function


def literal_calls(
    calls: Iterable[tuple[str, CallSite]], functions: Iterable[str]
) -> Mapping[str, tuple[str, ...]]:
    """Function -> the argument lists (source, ``1, key='x'``) of up to MAX_CALLS distinct
    calls to it with only literal arguments, in notebook order. ``calls`` holds each call
    site with the normalised code of its cell; a cell counts for a function only when its
    code has the text ``name(``."""
    found: dict[str, list[str]] = {name: [] for name in functions}
    for code, call in calls:
        name = call.func
        known = found.get(name) if name is not None else None
        if known is None or len(known) >= MAX_CALLS or call.starred or f"{name}(" not in code:
            continue
        text = _literal_arguments(call)
        if text is not None and text not in known and "\n" not in text:
            known.append(text)
    return {name: tuple(texts) for name, texts in found.items() if texts}


def _literal_arguments(call: CallSite) -> str | None:
    parts = [_literal(info) for info in call.args]
    parts += [_literal(info, keyword) for keyword, info in call.keywords.items()]
    texts = [p for p in parts if p is not None]
    return ", ".join(texts) if len(texts) == len(parts) else None


def _literal(info: ArgInfo, keyword: str | None = None) -> str | None:
    code = info.code
    try:
        ast.literal_eval(code)
    except (ValueError, SyntaxError, MemoryError, RecursionError, TypeError):
        return None
    return f"{keyword}={code}" if keyword is not None else code


def with_static_values(
    functions: tuple[FunctionFacts, ...],
    codes: Mapping[int, str],
    imports: Iterable[ImportFact],
    bound: Iterable[str],
) -> tuple[FunctionFacts, ...]:
    """``functions`` with the value of each literal call of a pure function worked out
    statically where nb2mod can (analysis/static_eval.py); others say why not."""
    pure = [f for f in functions if f.pure and f.kind == "function"]
    nodes = _def_nodes(pure, codes)
    names = _math_names(imports)
    hidden = frozenset(bound)
    out = []
    for f in functions:
        if f not in pure or not f.literal_calls:
            out.append(f)
            continue
        calls = []
        for call in f.literal_calls:
            found = static_value(nodes, names, hidden, (f.name, call.args))
            calls.append(replace(call, **vars(found)))
        out.append(replace(f, literal_calls=tuple(calls)))
    return tuple(out)


def _def_nodes(
    functions: Iterable[FunctionFacts], codes: Mapping[int, str]
) -> dict[str, ast.FunctionDef]:
    """The top-level def of each function, parsed from its cell's normalised code."""
    wanted: dict[int, set[str]] = {}
    for f in functions:
        wanted.setdefault(f.cell, set()).add(f.name)
    nodes: dict[str, ast.FunctionDef] = {}
    for cell, names in wanted.items():
        try:
            tree = ast.parse(codes.get(cell, ""))
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name in names:
                nodes[node.name] = node
    return nodes


def _math_names(imports: Iterable[ImportFact]) -> dict[str, Any]:
    """The names bound to ``math`` or one of the functions the evaluator knows in it."""
    names: dict[str, Any] = {}
    for fact in imports:
        if fact.module != "math" or fact.level:
            continue
        if fact.name is None:
            names[fact.bound] = MathModule()
        elif fact.name in MATH:
            names[fact.bound] = MATH[fact.name]
    return names
