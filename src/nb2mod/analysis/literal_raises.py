"""Top-level statements that raise on literals alone (``assert 123 == 593``, ``t[1] = 4`` with
``t`` a tuple, ``line.index('bear')`` with ``line`` a str), worked out by the static
evaluator (analysis/static_eval.py); the notebook's code is never run.

A statement counts when it is in a cell's top level (not inside ``if``, ``for``, ``try``,
``with``, a ``def`` or a ``class``): whenever run() gets to it, it runs. A name it reads is
replaced by a value only when every binding of that name in the whole notebook is a
top-level ``name = value`` (constant_names.py): the value is then the one of the last such
binding before the statement in notebook order, when the evaluator computes it and it is
immutable. The fact lists those bindings (``relies``): the plan uses it only when run() runs
each of them. Nothing is replaced in a notebook with a star import, ``exec``, ``globals()``
or a magic that may bind names, and then the builtins are not trusted either. A function the
statement calls must be a pure notebook function bound only by its one ``def``, before it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nb2mod.analysis.constant_names import Bindings, Position, notebook_bindings
from nb2mod.analysis.names import PYTHON_BUILTINS
from nb2mod.analysis.static_eval import Outcome, top_level_outcome
from nb2mod.analysis.static_safe import ATOMS

if TYPE_CHECKING:
    from nb2mod.analysis.facts import Analysis
    from nb2mod.analysis.parse import ParsedCell

MAX_CODE = 60  # characters of the statement kept in the fact
_CANDIDATES = (
    ast.Assert, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr, ast.Delete, ast.Raise,
)  # fmt: skip


@dataclass(frozen=True)
class LiteralRaise:
    """Top-level statement ``index`` (its position in the cell's LibCST body, as
    StatementFacts.index) of ``cell``, from cell line ``line``, raises ``exception`` with
    ``message`` on its literals alone. ``relies``: (cell, statement index) of each
    ``name = value`` whose value it read; ``lines``: (cell, first, last line) of the
    statement and of each binding or ``def`` it relied on."""

    cell: int
    index: int
    line: int
    code: str
    exception: str
    message: str
    relies: tuple[tuple[int, int], ...] = ()
    lines: tuple[tuple[int, int, int], ...] = ()


@dataclass(frozen=True)
class _Cell:
    parsed: ParsedCell
    tree: ast.Module

    def lines(self, node: ast.AST) -> tuple[int, int, int]:
        first = self.parsed.normalised.original_line(getattr(node, "lineno", 1))
        last = self.parsed.normalised.original_line(getattr(node, "end_lineno", None) or 1)
        return (self.parsed.index, first, max(first, last))


@dataclass(frozen=True)
class _Known:
    """A name's value here, and the top-level statements (positions) it came from."""

    value: Any
    sites: frozenset[Position]


class _Notebook:
    """The notebook's trees and bindings, and the values known at the current statement."""

    def __init__(self, analysis: Analysis, cells: dict[int, _Cell], bindings: Bindings) -> None:
        self.analysis = analysis
        self.cells = cells
        self.bindings = bindings
        self.bound = frozenset(bindings.names())
        pure = {f.name for f in analysis.functions if f.pure and f.kind == "function"}
        self.defined = {
            name: found
            for name, found in bindings.defined.items()
            if name in pure and bindings.only_defined(name) and bindings.opaque is None
        }
        if bindings.opaque is not None:
            self.bound |= PYTHON_BUILTINS
        self.known: dict[str, _Known] = {}
        self.assignments = {at for sites in bindings.assigned.values() for at, _ in sites}

    def outcome_of(self, node: ast.stmt | ast.expr, here: Position) -> Outcome:
        functions = {n: d for n, (at, d) in self.defined.items() if at < here}
        names = {n: k.value for n, k in self.known.items()}
        return top_level_outcome(node, functions, names, self.bound)

    def learn(self, node: ast.stmt, here: Position) -> None:
        """After ``node`` (at ``here``) ran: the names it binds, with their values or not."""
        names = _assigned(node)
        if not names or self.bindings.opaque is not None:
            return
        assert isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None
        outcome = self.outcome_of(node.value, here)
        computed = outcome.raises is None and outcome.unknown is None and _frozen(outcome.value)
        sites = self.sites(node.value, here) | {here}
        for name in names:
            self.known.pop(name, None)
            if computed and self.bindings.only_assigned(name):
                self.known[name] = _Known(outcome.value, sites)

    def sites(self, node: ast.AST, here: Position) -> frozenset[Position]:
        """The statements whose values ``node`` may read: the bindings of the known names it
        reads and the definitions of the functions it calls, and what those read in turn."""
        found: set[Position] = set()
        seen: set[str] = set()
        todo = [node]
        while todo:
            names = {n.id for n in ast.walk(todo.pop()) if isinstance(n, ast.Name)} - seen
            seen |= names
            for name in names:
                if name in self.known:
                    found |= self.known[name].sites
                elif name in self.defined and self.defined[name][0] < here:
                    found.add(self.defined[name][0])
                    todo.append(self.defined[name][1])
        return frozenset(found)

    def fact(self, node: ast.stmt, here: Position, outcome: Outcome) -> LiteralRaise | None:
        cell = self.cells[here[0]]
        index = self._statement_index(here)
        sites = sorted(self.sites(node, here))
        relies = [(at[0], self._statement_index(at)) for at in sites if at in self.assignments]
        if index is None or outcome.raises is None or any(i is None for _, i in relies):
            return None
        text = ast.get_source_segment(cell.parsed.normalised.code, node) or ""
        code = " ".join(text.split())
        code = code if len(code) <= MAX_CODE else code[: MAX_CODE - 3] + "..."
        lines = [
            cell.lines(node),
            *(self.cells[c].lines(self.cells[c].tree.body[i]) for c, i in sites),
        ]
        return LiteralRaise(
            here[0], index, lines[0][1], code, outcome.raises, outcome.message,
            tuple((c, i) for c, i in relies if i is not None), tuple(dict.fromkeys(lines)),
        )  # fmt: skip

    def _statement_index(self, at: Position) -> int | None:
        """The index of the LibCST statement (StatementFacts) holding ``ast`` statement ``at``."""
        cell = self.cells[at[0]]
        facts = self.analysis.cell(at[0])
        line = cell.lines(cell.tree.body[at[1]])[1]
        found = [s.index for s in facts.statements if s.line <= line <= s.end_line] if facts else []
        return found[-1] if found else None


def gather_literal_raises(analysis: Analysis) -> tuple[LiteralRaise, ...]:
    """Every top-level statement of the notebook that raises on its literals alone, in
    notebook order (a cell's later ones too: the plan decides which run() gets to)."""
    cells = _trees(analysis.parsed)
    if cells is None:
        return ()
    trees = [(c, x.tree) for c, x in cells.items()]
    # A first look, on the top-level bindings alone, finds at least the statements the whole
    # look finds (it replaces more names, hides fewer builtins); most notebooks have none.
    if not _walk(_Notebook(analysis, cells, notebook_bindings(trees, (), deep=False)), None):
        return ()
    magics = [m for p in analysis.parsed for m in p.normalised.magics]
    found: list[LiteralRaise] = []
    _walk(_Notebook(analysis, cells, notebook_bindings(trees, magics)), found)
    return tuple(found)


def _walk(notebook: _Notebook, found: list[LiteralRaise] | None) -> bool:
    """Evaluate each top-level statement in notebook order, adding its fact to ``found``
    when it raises (None: only say whether one does)."""
    raised = False
    for index, cell in notebook.cells.items():
        for position, node in enumerate(cell.tree.body):
            here = (index, position)
            if isinstance(node, _CANDIDATES):
                outcome = notebook.outcome_of(node, here)
                if outcome.raises is not None and outcome.raises not in notebook.bound:
                    if found is None:
                        return True
                    fact = notebook.fact(node, here, outcome)
                    found += [fact] if fact is not None else []
                    raised = True
            notebook.learn(node, here)
    return raised


def _trees(parsed: tuple[ParsedCell, ...]) -> dict[int, _Cell] | None:
    """Each code cell's ``ast`` tree; None when one does not parse (what it binds is unknown)."""
    cells = {}
    for p in parsed:
        if p.module is None:
            return None
        try:
            cells[p.index] = _Cell(p, ast.parse(p.normalised.code))
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None
    return cells


def _assigned(node: ast.stmt) -> list[str]:
    """The names ``name = value`` (``a = b = value``, ``name: T = value``) binds."""
    if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.simple:
        return [node.target.id] if node.value is not None else []
    return []


def _frozen(value: Any, depth: int = 0) -> bool:
    """A value nothing can change: an atom, or a tuple or frozenset of such values."""
    if depth > 20:
        return False
    if type(value) in ATOMS or type(value) is range:
        return True
    if type(value) in (tuple, frozenset):
        return all(_frozen(v, depth + 1) for v in value)
    return False
