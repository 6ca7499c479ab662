"""Imports: the walk's import handlers, and which dotted name each bound alias stands for."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import libcst as cst

from nb2mod.analysis.facts import ImportFact
from nb2mod.analysis.names import dotted_name
from nb2mod.analysis.records import RawImport, RawUnsure, Ref
from nb2mod.analysis.walker import WalkerBase


def alias_map(imports: Iterable[ImportFact]) -> dict[str, str]:
    """Bound name -> qualified name, later imports winning (``np`` -> ``numpy``)."""
    aliases: dict[str, str] = {}
    for fact in imports:
        if fact.star or fact.level:
            continue
        aliases[fact.bound] = fact.qualified
    return aliases


def qualify(dotted: str | None, aliases: Mapping[str, str]) -> str | None:
    """``pd.read_csv`` -> ``pandas.read_csv`` through the aliases; builtins stay bare."""
    if dotted is None:
        return None
    head, _, rest = dotted.partition(".")
    target = aliases.get(head)
    if target is None:
        return dotted
    return f"{target}.{rest}" if rest else target


class ImportForms(WalkerBase):
    """Import statements: each bound name is an ImportFact and a binding."""

    def _import(self, node: cst.Import) -> None:
        for alias in node.names:
            module = dotted_name(alias.name) or ""
            asname = _asname(alias)
            ref = self.ref(("a", module, asname))
            bound = asname or module.split(".")[0]
            qualified = module if asname else bound
            self.raw.imports.append(RawImport(qualified, None, bound, 0, ref))
            self._bind_import(bound)

    def _import_from(self, node: cst.ImportFrom) -> None:
        module = dotted_name(node.module) if node.module is not None else ""
        level = len(node.relative)
        if isinstance(node.names, cst.ImportStar):
            ref: Ref = (self.stmt.index, ("s",), 0)
            self.raw.imports.append(RawImport(module or "", None, "*", level, ref))
            self.raw.unsure.append(RawUnsure(f"star import from {module or '.'}", ref))
            return
        for alias in node.names:
            name = dotted_name(alias.name) or ""
            asname = _asname(alias)
            ref = self.ref(("a", name, asname))
            bound = asname or name
            self.raw.imports.append(RawImport(module or "", name, bound, level, ref))
            self._bind_import(bound)

    def _bind_import(self, bound: str) -> None:
        if self.scope is self.module:
            self._module_bind(bound, from_import=True)
        else:
            self.bind(bound)


def _asname(alias: cst.ImportAlias) -> str | None:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return None
