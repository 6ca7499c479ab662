"""Imports: which dotted name each bound alias stands for (``np`` -> ``numpy``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from nb2mod.analysis.facts import ImportFact


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
