"""Every way a notebook binds each name, so that the static evaluator replaces a name by its
value only where nothing else can bind it: which names only top-level ``name = value``
statements bind, which only one top-level ``def`` binds, and what stops any name from being
replaced (a star import, ``exec``, ``globals()``, a magic that runs code)."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field

from nb2mod.ipython_syntax import Magic

Position = tuple[int, int]  # (cell, index of the statement in the cell's ``ast`` body)

# Names and attributes through which code reads or writes a namespace nb2mod does not see.
_OPAQUE_NAMES = frozenset("globals locals vars exec eval builtins __builtins__".split())
_OPAQUE_ATTRIBUTES = frozenset(
    "__dict__ f_globals f_locals user_ns user_global_ns run_cell".split()
)
# Magics that bind no name of the notebook's namespace (others may: %run, %store, %pylab...).
_SAFE_MAGICS = frozenset(
    "matplotlib config load_ext reload_ext unload_ext autoreload aimport precision pprint "
    "who whos who_ls pwd ls cd pip conda env set_env time timeit prun debug memit lsmagic "
    "magic history hist watermark version_information xmode colors pinfo pinfo2 psearch "
    "pdef pdoc psource pfile html HTML javascript js latex markdown svg writefile capture".split()
)


@dataclass
class Bindings:
    """``assigned``: name -> each top-level ``name = value`` (position, value), in notebook
    order; ``defined``: name -> its top-level ``def``; ``other``: names bound any other way
    (or by more than one def); ``opaque``: why no name may be replaced, if anything."""

    assigned: dict[str, list[tuple[Position, ast.expr]]] = field(default_factory=dict)
    defined: dict[str, tuple[Position, ast.FunctionDef]] = field(default_factory=dict)
    other: set[str] = field(default_factory=set)
    opaque: str | None = None

    def only_assigned(self, name: str) -> bool:
        return name in self.assigned and name not in self.other and name not in self.defined

    def only_defined(self, name: str) -> bool:
        return name in self.defined and name not in self.other and name not in self.assigned

    def names(self) -> set[str]:
        return {*self.assigned, *self.defined, *self.other}


def notebook_bindings(
    cells: Iterable[tuple[int, ast.Module]], magics: Iterable[Magic], deep: bool = True
) -> Bindings:
    """The bindings of the cells' trees (in notebook order) and of their magics; with
    ``deep`` False, only the top-level ``name = value`` and ``def`` ones (fewer bindings than
    there are: a quick first look, never a basis for a fact)."""
    found = Bindings()
    for magic in magics:
        if magic.kind in ("line_magic", "cell_magic") and magic.name not in _SAFE_MAGICS:
            found.opaque = found.opaque or f"the %{magic.name} magic in cell {magic.cell}"
        if magic.target:
            found.other.add(magic.target)
    for cell, tree in cells:
        for index, statement in enumerate(tree.body):
            _statement(found, (cell, index), statement, deep)
    return found


def _statement(found: Bindings, position: Position, node: ast.stmt, deep: bool) -> None:
    targets = _assigned_names(node)
    if targets is not None:
        for name in targets:
            found.assigned.setdefault(name, []).append((position, _value(node)))
        if deep:
            _scan(found, _value(node), module=True)
    elif isinstance(node, ast.FunctionDef):
        if node.name in found.defined:
            found.other.add(node.name)
        found.defined[node.name] = (position, node)
        if deep:
            _definition(found, node)
    elif deep:
        _scan(found, node, module=True)


def _assigned_names(node: ast.stmt) -> list[str] | None:
    """The names of ``name = value`` (also ``a = b = value``, ``name: T = value``)."""
    if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id] if node.value is not None and node.simple else None
    return None


def _value(node: ast.stmt) -> ast.expr:
    value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
    assert value is not None
    return value


def _definition(found: Bindings, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
    """A function: what module scope evaluates (defaults, decorators, annotations) may bind
    there; its body binds only what it declares ``global`` or ``nonlocal``."""
    arguments = node.args
    for expression in (*arguments.defaults, *arguments.kw_defaults):
        if expression is not None:
            _scan(found, expression, module=True)
    if isinstance(node, ast.Lambda):
        _scan(found, node.body, module=False)
        return
    for decorator in node.decorator_list:
        _scan(found, decorator, module=True)
    for statement in node.body:
        _scan(found, statement, module=False)


def _scan(found: Bindings, node: ast.AST, module: bool) -> None:
    """Every binding under ``node``; ``module``: it runs in the module's namespace (class
    bodies and comprehensions are counted as if they did: more bindings, never fewer)."""
    todo: list[tuple[ast.AST, bool]] = [(node, module)]
    while todo:
        current, in_module = todo.pop()
        _opaque(found, current)
        if isinstance(current, (ast.Global, ast.Nonlocal)):
            found.other.update(current.names)
        elif isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            if in_module and not isinstance(current, ast.Lambda):
                found.other.add(current.name)
            _definition(found, current)
            continue
        elif in_module:
            found.other.update(_bound_here(found, current))
        todo.extend((child, in_module) for child in ast.iter_child_nodes(current))


def _bound_here(found: Bindings, node: ast.AST) -> list[str]:
    """The names ``node`` itself binds in the scope it runs in."""
    if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
        return [node.id]
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        if any(alias.name == "*" for alias in node.names):
            found.opaque = found.opaque or "a star import"
        modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
        if "builtins" in modules:  # its functions may be replaced: ``builtins.len = ...``
            found.opaque = found.opaque or "it imports builtins"
        return [alias.asname or alias.name.split(".")[0] for alias in node.names]
    if isinstance(node, ast.ClassDef):
        return [node.name]
    if isinstance(node, ast.ExceptHandler) and node.name:
        return [node.name]
    if isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
        return [node.name]
    if isinstance(node, ast.MatchMapping) and node.rest:
        return [node.rest]
    return []


def _opaque(found: Bindings, node: ast.AST) -> None:
    if isinstance(node, ast.Name) and node.id in _OPAQUE_NAMES:
        found.opaque = found.opaque or f"it uses {node.id}"
    elif isinstance(node, ast.Attribute) and node.attr in _OPAQUE_ATTRIBUTES:
        found.opaque = found.opaque or f"it uses .{node.attr}"
