"""Import statements: each bound name is a raw import and a binding."""

from __future__ import annotations

import libcst as cst

from nb2mod.analysis.names import dotted_name
from nb2mod.analysis.records import RawImport, RawUnsure, Ref
from nb2mod.analysis.walk.registry import handles
from nb2mod.analysis.walk.walker import Walker


@handles(cst.Import)
def import_modules(walk: Walker, node: cst.Import) -> None:
    for alias in node.names:
        module = dotted_name(alias.name) or ""
        asname = _asname(alias)
        ref = walk.ref(("a", module, asname))
        bound = asname or module.split(".")[0]
        qualified = module if asname else bound
        walk.raw.imports.append(RawImport(qualified, None, bound, 0, ref))
        bind_import(walk, bound)


@handles(cst.ImportFrom)
def import_from(walk: Walker, node: cst.ImportFrom) -> None:
    module = dotted_name(node.module) if node.module is not None else ""
    level = len(node.relative)
    if isinstance(node.names, cst.ImportStar):
        ref: Ref = (walk.stmt.index, ("s",), 0)
        walk.raw.imports.append(RawImport(module or "", None, "*", level, ref))
        walk.raw.unsure.append(RawUnsure(f"star import from {module or '.'}", ref))
        return
    for alias in node.names:
        name = dotted_name(alias.name) or ""
        asname = _asname(alias)
        ref = walk.ref(("a", name, asname))
        bound = asname or name
        walk.raw.imports.append(RawImport(module or "", name, bound, level, ref))
        bind_import(walk, bound)


def bind_import(walk: Walker, bound: str) -> None:
    if walk.scope is walk.module:
        walk.module_bind(bound, from_import=True)
    else:
        walk.bind(bound)


def _asname(alias: cst.ImportAlias) -> str | None:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return None
