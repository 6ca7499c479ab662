"""Single changes to the step functions of a generated pipeline.py, for the mutation check:
a number changed, an operator flipped, a statement removed (nb2mod's own tests and
benchmarks/mutation.py use it; it is not part of nb2mod)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

FLIPS: dict[type, type] = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mult, ast.Mod: ast.FloorDiv, ast.Pow: ast.Mult,
    ast.Lt: ast.GtE, ast.GtE: ast.Lt, ast.Gt: ast.LtE, ast.LtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.And: ast.Or, ast.Or: ast.And,
}  # fmt: skip


@dataclass(frozen=True)
class Mutant:
    step: str
    line: int
    what: str  # "number 0.2 -> 1.2", "operator Add -> Sub", "statement removed"
    source: str  # the whole mutated pipeline.py


def mutants(source: str, steps: set[str]) -> Iterator[Mutant]:
    """Every single change to the bodies of the functions named ``steps``, in source order."""
    tree = ast.parse(source)
    for function in tree.body:
        if isinstance(function, ast.FunctionDef) and function.name in steps:
            for position, what in sorted(_sites(function)):
                mutated = ast.parse(source)
                target = _node_at(mutated, position)
                if _apply(mutated, target, what):
                    yield Mutant(function.name, position[0], what, ast.unparse(mutated))


def _logged(function: ast.FunctionDef) -> set[int]:
    """The nodes inside logging calls (``logger.info(...)``): changing them changes no result."""
    inside: set[int] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if isinstance(owner, ast.Name) and owner.id.endswith("logger"):
                inside.update(id(n) for n in ast.walk(node))
    return inside


def _workers(function: ast.FunctionDef) -> set[int]:
    """The nodes of ``n_jobs=`` arguments: how many workers compute a result is not what it
    is (the generated step tests run joblib in-process), so changing them changes no result."""
    inside: set[int] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.keyword) and node.arg == "n_jobs":
            inside.update(id(n) for n in ast.walk(node.value))
    return inside


def _sites(function: ast.FunctionDef) -> Iterator[tuple[Key, str]]:
    logged = _logged(function) | _workers(function)
    for node in ast.walk(function):
        if id(node) in logged:
            continue
        key = _key(node)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            yield key, f"number {node.value!r} -> {_changed(node.value)!r}"
        elif isinstance(node, (ast.BinOp, ast.BoolOp, ast.AugAssign)) and type(node.op) in FLIPS:
            yield key, f"operator {type(node.op).__name__} -> {FLIPS[type(node.op)].__name__}"
        elif isinstance(node, ast.Compare) and type(node.ops[0]) in FLIPS:
            yield key, f"operator {type(node.ops[0]).__name__} -> {FLIPS[type(node.ops[0])].__name__}"
    for statement in function.body:
        removable = isinstance(statement, (ast.Assign, ast.AugAssign, ast.Expr))
        value = getattr(statement, "value", None)
        if removable and not _docstring(statement) and id(value) not in logged:
            yield _key(statement), "statement removed"


def _docstring(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)


def _changed(value: int | float) -> int | float:
    if isinstance(value, bool):
        return value
    return value + 1


Key = tuple[int, int, int, int, str]


def _key(node: ast.AST) -> Key:
    """Where a node is and what it is: the same in every parse of the same source."""
    where = ("lineno", "col_offset", "end_lineno", "end_col_offset")
    line, col, end_line, end_col = (getattr(node, name, None) or 0 for name in where)
    return line, col, end_line, end_col, type(node).__name__


def _node_at(tree: ast.AST, position: Key) -> ast.AST | None:
    return next((node for node in ast.walk(tree) if _key(node) == position), None)


def _apply(tree: ast.Module, node: ast.AST | None, what: str) -> bool:
    if node is None:
        return False
    if isinstance(node, ast.Constant):
        node.value = _changed(node.value)
    elif isinstance(node, (ast.BinOp, ast.BoolOp, ast.AugAssign)):
        node.op = FLIPS[type(node.op)]()
    elif isinstance(node, ast.Compare):
        node.ops[0] = FLIPS[type(node.ops[0])]()
    else:
        for function in tree.body:
            if isinstance(function, ast.FunctionDef) and node in function.body:
                function.body.remove(node)
                if not function.body:
                    function.body.append(ast.Pass())
                return True
        return False
    return True
