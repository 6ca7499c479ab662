"""Line and column of walked nodes, found in the ``ast`` of the same code (cheap, no metadata).

The walk names a node by (top-level statement, key, occurrence): the n-th call of ``pd.read_csv``
in statement 3. The ``ast`` of that statement lists the same nodes in source order, with their
positions; the locator matches them up and maps the line back to the original cell line.
"""

from __future__ import annotations

import ast
import warnings
from typing import Any

import libcst as cst

from nb2mod.analysis.records import Ref
from nb2mod.ipython_syntax import NormalisedCell

_FLAGS = ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
Position = tuple[int, int]


class Locator:
    """Positions (original cell line, 1-based column) for the refs of one cell's walk."""

    def __init__(self, module: cst.Module, normalised: NormalisedCell, source: str = "") -> None:
        self.normalised = normalised
        self.lines = normalised.code.splitlines()
        self.original = source.splitlines()
        self.groups = _statement_groups(module, normalised.code)
        self.indexes: dict[int, dict[tuple[Any, ...], list[Position]]] = {}

    def span(self, stmt: int) -> tuple[int, int]:
        """Original first and last line of top-level statement ``stmt``."""
        group = self.groups[stmt] if self.groups and stmt < len(self.groups) else []
        if not group:
            return 1, 1
        first = min([group[0].lineno] + [d.lineno for d in _decorators(group[0])])
        last = max(s.end_lineno or s.lineno for s in group)
        return self.normalised.original_line(first), self.normalised.original_line(last)

    def position(self, ref: Ref | None) -> Position:
        """Original (line, col) of the node ``ref`` names; the statement start if not found."""
        if ref is None:
            return 1, 1
        stmt, key, occurrence = ref
        index = self.indexes.get(stmt)
        if index is None:
            index = self.indexes[stmt] = self._index(stmt)
        found = index.get(key)
        if found is None or occurrence >= len(found):
            return self.span(stmt)[0], 1
        line, byte_col = found[occurrence]
        original = self.normalised.original_line(line)
        return original, self._column(line, byte_col, original)

    def _index(self, stmt: int) -> dict[tuple[Any, ...], list[Position]]:
        if not self.groups or stmt >= len(self.groups):
            return {}
        keyed: list[tuple[int, int, int, int, tuple[Any, ...]]] = []
        for node in self.groups[stmt]:
            keyed.extend(_keyed_nodes(node))
        keyed.sort(key=lambda k: (k[0], k[1], -k[2], -k[3]))
        index: dict[tuple[Any, ...], list[Position]] = {}
        for line, col, _, _, key in keyed:
            index.setdefault(key, []).append((line, col))
        return index

    def _column(self, line: int, byte_col: int, original_line: int) -> int:
        """1-based column in the original line; normalisation may have rewritten the line."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        col = len(text.encode("utf-8")[:byte_col].decode("utf-8", "replace"))
        if not self.original:
            return col + 1
        original = self.original[original_line - 1] if original_line <= len(self.original) else ""
        if original == text:
            return col + 1
        stripped = text.strip()
        found = original.find(stripped) if stripped else -1
        if found < 0:
            return 1  # a magic turned into a call: the line, not a column, is what is known
        return found + col - (len(text) - len(text.lstrip())) + 1


def _statement_groups(module: cst.Module, code: str) -> list[list[ast.stmt]] | None:
    """The ``ast`` statements of each LibCST top-level statement (``a; b`` is two in ast)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escapes etc. are the notebook's business
            tree = compile(code, "<cell>", "exec", flags=_FLAGS)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    body = tree.body
    groups = []
    start = 0
    for statement in module.body:
        size = len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
        groups.append(body[start : start + size])
        start += size
    return groups


def _decorators(node: ast.stmt) -> list[ast.expr]:
    return list(getattr(node, "decorator_list", []))


def _keyed_nodes(root: ast.AST) -> list[tuple[int, int, int, int, tuple[Any, ...]]]:
    out = []
    stack = [root]
    while stack:
        node = stack.pop()
        key = _key(node)
        if key is not None:
            start = (node.lineno, node.col_offset)  # type: ignore[attr-defined]
            end = (node.end_lineno or 0, node.end_col_offset or 0)  # type: ignore[attr-defined]
            out.append((*start, *end, key))
        if isinstance(node, ast.JoinedStr):
            # its literal parts are not separate literals in LibCST; their expressions are
            stack.extend(v for v in node.values if not isinstance(v, ast.Constant))
            continue
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                stack.extend(v for v in value if isinstance(v, ast.AST))
            elif isinstance(value, ast.AST):
                stack.append(value)
    return out


def _key(node: ast.AST) -> tuple[Any, ...] | None:
    if isinstance(node, ast.Name):
        return ("n", node.id)
    if isinstance(node, ast.Call):
        return ("c", _dotted(node.func) or "")
    if isinstance(node, ast.Constant):
        if node.value is None or node.value is Ellipsis or isinstance(node.value, bool):
            return None
        return ("k", type(node.value).__name__, node.value)
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return ("d", node.name)
    if isinstance(node, ast.alias):
        return ("a", node.name, node.asname)
    return None


def _dotted(node: ast.expr) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))
