"""Values run() passes between steps that can be checked too: a name is comparable when the
step that last binds it in run() holds the notebook cell that last writes it.

Reads the generated ``pipeline.py`` (its ``# cell N`` provenance comments and the
assignments in ``run``) and the analysis facts; never imports or runs anything.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable

from nb2mod.analysis.facts import Analysis

_CELL_COMMENT = re.compile(r"^\s*#\s*cell\s+(\d+)\b")


def step_bindings(pipeline_source: str, entry: str = "run") -> dict[str, frozenset[int]]:
    """Name -> notebook cells of the step whose return value last binds it in ``run`` (the
    function named ``entry``: nb2mod names it otherwise when the notebook has a ``run``)."""
    try:
        tree = ast.parse(pipeline_source)
    except SyntaxError:
        return {}
    lines = pipeline_source.splitlines()
    cells = {
        node.name: _cells_in(lines[node.lineno - 1 : node.end_lineno])
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
    }
    run = _function(tree, entry)
    bound: dict[str, frozenset[int]] = {}
    for statement in run.body if run else ():
        step = _called_step(statement, cells)
        for name in _assigned_names(statement):
            if step is None:
                bound.pop(name, None)
            else:
                bound[name] = cells[step]
    return bound


def returned_names(pipeline_source: str, entry: str = "run") -> tuple[str, ...] | None:
    """The keys of the dict literal ``run`` (named ``entry``) returns, or None when they
    cannot be read."""
    try:
        tree = ast.parse(pipeline_source)
    except SyntaxError:
        return None
    run = _function(tree, entry)
    returns = [n for n in ast.walk(run) if isinstance(n, ast.Return)] if run else []
    if len(returns) != 1 or not isinstance(returns[0].value, ast.Dict):
        return None
    keys = returns[0].value.keys
    if not all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in keys):
        return None
    return tuple(k.value for k in keys)  # type: ignore[union-attr]


def _function(tree: ast.Module, name: str) -> ast.FunctionDef | None:
    """The last top-level function ``name`` of the module (the one a call would find)."""
    found = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name]
    return found[-1] if found else None


def comparable_step_names(
    bindings: dict[str, frozenset[int]], analysis: Analysis, exclude: Iterable[str] = ()
) -> tuple[str, ...]:
    """Names whose final notebook value is the one run() holds: the notebook's last write
    to the name (assignment, mutation or del) is in the cells of the step that binds it."""
    skip = {"config", *exclude}
    last_write: dict[str, int] = {}
    deleted: set[str] = set()
    for facts in sorted(analysis.cells, key=lambda c: c.cell):
        for name in (*facts.defines, *facts.mutates, *facts.deletes):
            last_write[name] = facts.cell
        deleted.difference_update(facts.defines)
        deleted.update(facts.deletes)
    return tuple(
        name
        for name, cells in bindings.items()
        if name not in skip
        and name not in deleted
        and not name.startswith("_")
        and last_write.get(name) in cells
    )


def _cells_in(lines: list[str]) -> frozenset[int]:
    return frozenset(int(m.group(1)) for line in lines if (m := _CELL_COMMENT.match(line)))


def _called_step(statement: ast.stmt, steps: dict[str, frozenset[int]]) -> str | None:
    value = getattr(statement, "value", None)
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
        return value.func.id if value.func.id in steps and steps[value.func.id] else None
    return None


def _assigned_names(statement: ast.stmt) -> list[str]:
    targets: list[ast.expr] = []
    if isinstance(statement, ast.Assign):
        targets = list(statement.targets)
    elif isinstance(statement, (ast.AnnAssign, ast.AugAssign)):
        targets = [statement.target]
    return [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
