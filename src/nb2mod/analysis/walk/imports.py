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
        submodule = module if not asname and "." in module else ""
        walk.raw.imports.append(RawImport(qualified, None, bound, 0, ref, submodule))
        bind_import(walk, bound)


@handles(cst.ImportFrom)
def import_from(walk: Walker, node: cst.ImportFrom) -> None:
    module = dotted_name(node.module) if node.module is not None else ""
    level = len(node.relative)
    if module == "__future__":
        walk.stmt.check_in_function = True  # only at the top of a module
    if isinstance(node.names, cst.ImportStar):
        walk.stmt.check_in_function = True  # a star import is for a module's top level
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


def bind_import(walk: Walker, bound: str, written: bool = True) -> None:
    """Bind an imported name; not ``written`` for the imports %pylab makes (no syntax)."""
    if written:
        walk.stmt.binders.add(bound)
    if walk.scope is walk.module:
        walk.module_bind(bound, from_import=True, how="import" if written else None)
    else:
        walk.bind(bound, how="import")


def _asname(alias: cst.ImportAlias) -> str | None:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return None
