"""What ``from M import *`` binds, read from M's source with ``ast``: nothing is imported.

Found with ``importlib.machinery.PathFinder`` (the file system only: no package ``__init__``
runs, the working folder is not searched) on ``sys.path``. Answered only when the answer is
certain: a pure-Python module (or package ``__init__.py``) whose ``__all__`` is a literal list
or tuple of strings (``__all__ += [...]`` included), or, without ``__all__``, one whose top
level only defines, imports (no star), assigns plain names and has a docstring or an
``if __name__ == "__main__":`` block. Anything else (a conditional definition, ``globals()``,
a star import, a compiled module) is None: the caller asks a child Python instead.
"""

from __future__ import annotations

import ast
import os
import sys
from importlib.machinery import PathFinder

from nb2mod.paths import read_regular_file

MAX_SOURCE_BYTES = 2_000_000


def names_from_source(module: str) -> frozenset[str] | None:
    """The names a star import of ``module`` binds, or None when its source cannot say."""
    path = _source_path(module)
    if path is None:
        return None
    try:
        source = read_regular_file(path)
        if len(source) > MAX_SOURCE_BYTES:
            return None
        tree = ast.parse(source)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    declared = _literal_all(tree.body)
    if declared is not None or _mentions_all(tree.body):
        return declared
    return _top_level_names(tree.body)


def _source_path(module: str) -> str | None:
    """The ``.py`` file of ``module`` (``__init__.py`` for a package), found without running
    any of its packages; None for a compiled, built-in, namespace or missing module."""
    search = [p for p in sys.path if p and os.path.isabs(p) and p != os.getcwd()]
    spec = None
    parts = module.split(".")
    for depth in range(1, len(parts) + 1):
        spec = PathFinder.find_spec(".".join(parts[:depth]), search)
        if spec is None:
            return None
        search = list(spec.submodule_search_locations or [])
        if depth < len(parts) and not search:
            return None
    origin = spec.origin if spec is not None else None
    return origin if origin and origin.endswith(".py") else None


def _literal_all(body: list[ast.stmt]) -> frozenset[str] | None:
    names: list[str] = []
    for statement in body:
        value = None
        if isinstance(statement, ast.Assign) and _is_all(statement.targets):
            names.clear()
            value = statement.value
        elif isinstance(statement, ast.AugAssign) and _is_all([statement.target]):
            value = statement.value
        elif _mentions_all([statement]):
            return None  # __all__ built some other way (extend, a loop, a function)
        if value is not None:
            literal = _strings(value)
            if literal is None:
                return None
            names.extend(literal)
    return frozenset(names) if any(_is_all_assignment(s) for s in body) else None


def _is_all_assignment(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.Assign) and _is_all(statement.targets)


def _is_all(targets: list[ast.expr]) -> bool:
    return len(targets) == 1 and isinstance(targets[0], ast.Name) and targets[0].id == "__all__"


def _mentions_all(body: list[ast.stmt]) -> bool:
    return any(
        isinstance(node, ast.Name) and node.id == "__all__"
        for statement in body
        for node in ast.walk(statement)
    )


def _strings(node: ast.expr) -> list[str] | None:
    if not isinstance(node, (ast.List, ast.Tuple)):
        return None
    items = [e.value for e in node.elts if isinstance(e, ast.Constant)]
    if len(items) != len(node.elts) or not all(isinstance(i, str) for i in items):
        return None
    return [str(i) for i in items]


_DYNAMIC = frozenset({"globals", "vars", "locals", "exec", "eval", "setattr", "__import__"})


def _top_level_names(body: list[ast.stmt]) -> frozenset[str] | None:
    """Public names bound at top level, when every statement there is a plain binding and
    nothing in the module can bind names at run time (``globals()``, ``sys.modules``)."""
    names: set[str] = set()
    for statement in body:
        bound = None if _dynamic(statement) else _bound_names(statement)
        if bound is None:
            return None
        names.update(bound)
    return frozenset(n for n in names if not n.startswith("_"))


def _dynamic(statement: ast.stmt) -> bool:
    return any(
        (isinstance(node, ast.Name) and node.id in _DYNAMIC)
        or (isinstance(node, ast.Attribute) and node.attr in ("modules", "__dict__"))
        for node in ast.walk(statement)
    )


def _bound_names(statement: ast.stmt) -> list[str] | None:
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [statement.name]
    if isinstance(statement, ast.Import):
        return [(a.asname or a.name).split(".")[0] for a in statement.names]
    if isinstance(statement, ast.ImportFrom):
        if any(a.name == "*" for a in statement.names):
            return None
        return [a.asname or a.name for a in statement.names]
    if isinstance(statement, ast.Assign):
        return _target_names(statement.targets)
    if isinstance(statement, (ast.AnnAssign, ast.AugAssign)) and statement.value is not None:
        return _target_names([statement.target])
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        return []  # a docstring
    if isinstance(statement, ast.If) and _is_main_guard(statement.test):
        return []  # runs only as a script
    return None


def _target_names(targets: list[ast.expr]) -> list[str] | None:
    names: list[str] = []
    for target in targets:
        elements = target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]
        if not all(isinstance(e, ast.Name) for e in elements):
            return None  # an attribute or subscript store: not a plain binding
        names.extend(e.id for e in elements if isinstance(e, ast.Name))
    return names


def _is_main_guard(test: ast.expr) -> bool:
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and len(test.comparators) == 1
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == "__main__"
    )
