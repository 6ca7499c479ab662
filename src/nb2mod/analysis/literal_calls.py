"""Calls of notebook functions whose arguments are all literals: what a test can call them with."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping

from nb2mod.analysis.records import ArgInfo, CallSite

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
