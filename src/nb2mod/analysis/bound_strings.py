"""Gather, on demand, string literals with the name each is bound to (a lazy analysis fact).

NB108 needs string values next to the variable, keyword or dict key they are given to. Most
cells hold none worth looking at, so instead of gathering them for every cell in the main
walk, this gatherer runs over the trees ``analysis.parsed`` already holds (it never parses
again), only for the few cells whose text mentions a secret-like name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

if TYPE_CHECKING:
    from nb2mod.analysis.parse import ParsedCell


@dataclass(frozen=True)
class BoundString:
    """A string literal given to ``name`` (a variable, attribute, keyword or dict key)."""

    name: str
    value: str
    cell: int
    line: int  # in the cell's original source
    col: int


def gather_bound_strings(parsed: ParsedCell) -> list[BoundString]:
    """Every string literal bound to a name in the cell (empty if the cell did not parse)."""
    if parsed.module is None:
        return []
    visitor = GatherBoundStrings()
    MetadataWrapper(parsed.module, unsafe_skip_copy=True).visit(visitor)
    normalised = parsed.normalised
    return [
        BoundString(name, value, parsed.index, normalised.original_line(line), col)
        for name, value, line, col in visitor.found
    ]


class GatherBoundStrings(cst.CSTVisitor):
    """Collects (name, value, line, col) for string literals bound to a name; changes nothing."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, int, int]] = []

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind(target_name(target.target), node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._bind(target_name(node.target), node.value)

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self._bind(node.keyword.value, node.value)

    def visit_DictElement(self, node: cst.DictElement) -> None:
        key = literal_value(node.key)
        if key is not None:
            self._bind(key, node.value)

    def _bind(self, name: str | None, value: cst.BaseExpression) -> None:
        text = literal_value(value)
        if name is None or text is None:
            return
        start = self.get_metadata(PositionProvider, value).start
        self.found.append((name, text, start.line, start.column + 1))


def target_name(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Subscript) and len(node.slice) == 1:
        index = node.slice[0].slice
        return literal_value(index.value) if isinstance(index, cst.Index) else None
    return None


def literal_value(node: cst.BaseExpression) -> str | None:
    """The value of a plain (not f-) string literal, else None."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None
