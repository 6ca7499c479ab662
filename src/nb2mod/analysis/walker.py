"""The walk's shared state and name rules: loads, bindings and mutations in Python scopes.

Scopes follow Python's rules: a function, lambda or comprehension keeps its own names (its
reads are resolved when it ends), a class body runs at once, and the cell itself is read in
order, so a name read before the cell binds it is a use. The node handlers live in
``bindings``, ``literals``, ``calls``, ``definitions`` and ``imports``; ``walk`` puts them together.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import libcst as cst

from nb2mod.analysis.functions import Callee
from nb2mod.analysis.names import LITERAL_NAMES
from nb2mod.analysis.records import FunctionSummary, MutationSite, RawCell, RawStatement, Ref

_SKIP_FIELDS = frozenset(
    {
        "lpar",
        "rpar",
        "comma",
        "semicolon",
        "leading_lines",
        "lines_after_decorators",
        "header",
        "footer",
        "equal",
        "colon",
        "operator",
        "newline",
        "asynchronous",
        "lbracket",
        "rbracket",
        "lbrace",
        "rbrace",
        "dot",
        "star",
        "indent",
        "trailing_whitespace",
        "first_colon",
        "second_colon",
        "conversion",
    }
)
_FIELDS: dict[type, tuple[str, ...]] = {}


@dataclass(frozen=True)
class WalkContext:
    """What earlier cells established: notebook functions, import-bound names, aliases."""

    functions: Mapping[str, Callee] = field(default_factory=dict)
    modules: frozenset[str] = frozenset()
    aliases: Mapping[str, str] = field(default_factory=dict)
    bound: frozenset[str] = frozenset()  # names earlier cells bound other than by import


class Scope:
    """One Python scope during the walk; function-like scopes resolve their names at the end."""

    __slots__ = ("kind", "parent", "bound", "params", "globals", "nonlocals", "loads", "muts")

    def __init__(self, kind: str, parent: Scope | None) -> None:
        self.kind = kind  # module, class, function, lambda, comprehension
        self.parent = parent
        self.bound: set[str] = set()
        self.params: list[str] = []
        self.globals: set[str] = set()
        self.nonlocals: set[str] = set()
        self.loads: list[tuple[str, Ref | None]] = []
        self.muts: list[tuple[str, str, Ref]] = []

    @property
    def deferred(self) -> bool:
        return self.kind in ("function", "lambda", "comprehension")


class WalkerBase:
    """State of one cell's walk and the rules every node handler shares."""

    HANDLERS: ClassVar[dict[type, Callable[[Any, Any], None]]] = {}

    def __init__(self, context: WalkContext) -> None:
        self.context = context
        self.raw = RawCell()
        self.module = Scope("module", None)
        self.scope = self.module
        self.stmt = RawStatement(0, "other")
        self.stmt_bound: set[str] = set()
        self.counts: dict[tuple[Any, ...], int] = {}
        self.summary: FunctionSummary | None = None
        self.functions: dict[str, Callee] = dict(context.functions)
        self.import_bound: set[str] = set(context.modules)

    def visit(self, node: cst.CSTNode) -> None:
        handler = self.HANDLERS.get(type(node))
        if handler is not None:
            handler(self, node)
            return
        for name in _walk_fields(type(node)):
            value = getattr(node, name)
            if isinstance(value, cst.CSTNode):
                self.visit(value)
            elif isinstance(value, (tuple, list)):
                for item in value:
                    if isinstance(item, cst.CSTNode):
                        self.visit(item)

    def visit_all(self, nodes: Sequence[cst.CSTNode]) -> None:
        for node in nodes:
            self.visit(node)

    def ref(self, key: tuple[Any, ...]) -> Ref:
        occurrence = self.counts.get(key, 0)
        self.counts[key] = occurrence + 1
        return (self.stmt.index, key, occurrence)

    def _name(self, node: cst.Name) -> None:
        if node.value in LITERAL_NAMES:
            return
        self.load(node.value, self.ref(("n", node.value)))

    def load(self, name: str, ref: Ref | None, scope: Scope | None = None) -> None:
        scope = _past_classes(name, scope or self.scope)
        if scope is None:
            return
        if scope.deferred:
            scope.loads.append((name, ref))
        else:
            self._module_load(name, ref)

    def _module_load(self, name: str, ref: Ref | None) -> None:
        if name in self.stmt_bound:
            if name not in self.stmt.local_reads:
                self.stmt.local_reads.append(name)
            return
        if name in self.stmt.uses:
            return
        self.stmt.uses.append(name)
        self.stmt.use_refs.append(ref)  # type: ignore[arg-type]

    def bind(self, name: str, walrus: bool = False) -> None:
        scope = self.scope
        while walrus and scope.kind == "comprehension":
            scope = scope.parent  # type: ignore[assignment]
        if name in scope.globals and scope is not self.module:
            if self.summary is not None and name not in self.summary.global_writes:
                self.summary.global_writes.append(name)
            return
        if name in scope.nonlocals:
            return
        if scope is self.module:
            self._module_bind(name)
        else:
            scope.bound.add(name)

    def _is_module(self, name: str) -> bool:
        """Bound by an import, or a standard-library module name no cell so far rebinds
        (star imports such as ``from pylab import *`` bring ``sys`` and ``os`` in unseen)."""
        if name in self.import_bound:
            return True
        return (
            name in sys.stdlib_module_names
            and name not in self.module.bound
            and name not in self.context.bound
        )

    def _module_bind(self, name: str, from_import: bool = False) -> None:
        self.stmt_bound.add(name)
        self.module.bound.add(name)
        if name not in self.stmt.defines:
            self.stmt.defines.append(name)
        if from_import:
            self.import_bound.add(name)
        else:
            self.import_bound.discard(name)

    def mutate(self, name: str | None, how: str, ref: Ref, scope: Scope | None = None) -> None:
        if name is None or name in LITERAL_NAMES:
            return
        scope = _past_classes(name, scope or self.scope)
        if scope is None:
            return
        if scope.deferred:
            scope.muts.append((name, how, ref))
            return
        if self._is_module(name):
            return  # changing a module's state (sys.path, os.environ) is an effect, not dataflow
        self.raw.mutations.append(MutationSite(name, how, ref, self.stmt.index))
        if name not in self.stmt_bound and name not in self.stmt.mutates:
            self.stmt.mutates.append(name)

    def _attribute(self, node: cst.Attribute) -> None:
        self.visit(node.value)

    def _ifexp(self, node: cst.IfExp) -> None:
        self.visit(node.body)
        self.visit(node.test)
        self.visit(node.orelse)

    def _plain_arg(self, node: cst.Arg) -> None:
        self.visit(node.value)


def _walk_fields(node_type: type) -> tuple[str, ...]:
    names = _FIELDS.get(node_type)
    if names is None:
        names = tuple(
            f.name
            for f in dataclasses.fields(node_type)
            if f.name not in _SKIP_FIELDS and not f.name.startswith("whitespace")
        )
        _FIELDS[node_type] = names
    return names


def _past_classes(name: str, scope: Scope) -> Scope | None:
    """The scope a name resolves in, skipping class bodies (None: a class body binds it)."""
    while scope.kind == "class":
        if name in scope.bound:
            return None
        scope = scope.parent  # type: ignore[assignment]
    return scope
