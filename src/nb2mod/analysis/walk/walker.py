"""The walk's state and name rules: loads, bindings and mutations in Python scopes.

Scopes follow Python's rules: a function, lambda or comprehension keeps its own names (its
reads are resolved when it ends), a class body runs at once, and the cell itself is read in
order, so a name read before the cell binds it is a use. Node handlers (registered by type,
see ``registry``) call these rules; a node without a handler has its children walked.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import libcst as cst

from nb2mod.analysis.functions import Callee
from nb2mod.analysis.names import LITERAL_NAMES
from nb2mod.analysis.records import (
    BindSite,
    Block,
    FunctionSummary,
    MutationSite,
    RawCell,
    RawStatement,
    Ref,
)
from nb2mod.analysis.walk.registry import Handler

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

# blocks whose code runs whenever the statement holding them does
_SURE_BLOCKS = frozenset({"if-test", "while-test", "for-iter", "with-item", "with", "match"})


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

    @property
    def outer(self) -> Scope:
        """The enclosing scope (the module scope has none: never asked of it)."""
        assert self.parent is not None
        return self.parent


class Walker:
    """State of one cell's walk and the rules every node handler shares."""

    def __init__(self, context: WalkContext, handlers: Mapping[type, Handler]) -> None:
        self.context = context
        self.handlers = handlers
        self.raw = RawCell()
        self.module = Scope("module", None)
        self.scope = self.module
        self.stmt = RawStatement(0, "other")
        self.stmt_bound: set[str] = set()
        self.counts: dict[tuple[Any, ...], int] = {}
        self.summary: FunctionSummary | None = None
        self.functions: dict[str, Callee] = dict(context.functions)
        self.import_bound: set[str] = set(context.modules)
        self.blocks: list[Block] = []  # the blocks around the node being walked
        self.owners = 0  # compound statements (and conditional expressions) met so far

    def start(self, statement: RawStatement) -> None:
        """Begin walking the next top-level statement."""
        self.stmt = statement
        self.stmt_bound = set()
        self.counts = {}
        self.blocks = []
        self.owners = 0
        self.raw.statements.append(statement)

    # -- traversal ----------------------------------------------------------------------
    def visit(self, node: cst.CSTNode) -> None:
        handler = self.handlers.get(type(node))
        if handler is not None:
            handler(self, node)
            return
        for name in walk_fields(type(node)):
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

    def owner(self) -> int:
        """A new number for the compound statement being walked (see records.Block)."""
        self.owners += 1
        return self.owners

    def visit_in(self, block: Block, node: cst.CSTNode | None) -> None:
        """Walk ``node`` inside ``block`` of a compound statement (see records.Block)."""
        if node is None:
            return
        self.blocks.append(block)
        self.visit(node)
        self.blocks.pop()

    @property
    def surely_runs(self) -> bool:
        """The node being walked runs whenever its cell does: at the cell's top level, in no
        block that may not run (a try, a branch, a loop body, a comprehension, an operand)."""
        return self.scope is self.module and all(b.kind in _SURE_BLOCKS for b in self.blocks)

    @property
    def in_function(self) -> bool:
        scope: Scope | None = self.scope
        while scope is not None:
            if scope.kind == "function":
                return True
            scope = scope.parent
        return False

    def ref(self, key: tuple[Any, ...]) -> Ref:
        """The next occurrence of ``key`` in this statement (see records.Ref)."""
        occurrence = self.counts.get(key, 0)
        self.counts[key] = occurrence + 1
        return (self.stmt.index, key, occurrence)

    def last_ref(self, key: tuple[Any, ...]) -> Ref:
        """The occurrence of ``key`` counted last (the node just walked)."""
        return (self.stmt.index, key, max(self.counts.get(key, 1) - 1, 0))

    # -- reads ----------------------------------------------------------------------------
    def load(self, name: str, ref: Ref | None, scope: Scope | None = None) -> None:
        scope = _past_classes(name, scope or self.scope)
        if scope is None:
            return
        if scope.deferred:
            scope.loads.append((name, ref))
        else:
            self.module_load(name, ref)

    def module_load(self, name: str, ref: Ref | None) -> None:
        if name in self.stmt_bound:
            if name not in self.stmt.local_reads:
                self.stmt.local_reads.append(name)
            return
        if name in self.stmt.uses:
            return
        self.stmt.uses.append(name)
        self.stmt.use_refs.append(ref)  # type: ignore[arg-type]

    # -- bindings -------------------------------------------------------------------------
    def bind(self, name: str, walrus: bool = False, how: str = "assign") -> None:
        scope = self.scope
        while walrus and scope.kind == "comprehension":
            scope = scope.outer
        if name in scope.globals and scope is not self.module:
            if self.summary is not None and name not in self.summary.global_writes:
                self.summary.global_writes.append(name)
            return
        if name in scope.nonlocals:
            return
        if scope is self.module:
            self.module_bind(name, how=how)
        else:
            scope.bound.add(name)

    def is_module(self, name: str) -> bool:
        """Bound by an import, or a standard-library module name no cell so far rebinds
        (star imports such as ``from pylab import *`` bring ``sys`` and ``os`` in unseen)."""
        if name in self.import_bound:
            return True
        return (
            name in sys.stdlib_module_names
            and name not in self.module.bound
            and name not in self.context.bound
        )

    def module_bind(self, name: str, from_import: bool = False, how: str | None = None) -> None:
        """Bind ``name`` in the module scope; ``how`` names the syntax that binds it (None:
        a called notebook function rebinds it through ``global``)."""
        if how is not None:
            self.stmt.binds.append(BindSite(name, how, tuple(self.blocks)))
        self.stmt_bound.add(name)
        self.module.bound.add(name)
        if name not in self.stmt.defines:
            self.stmt.defines.append(name)
        if from_import:
            self.import_bound.add(name)
        else:
            self.import_bound.discard(name)

    # -- mutations ------------------------------------------------------------------------
    def mutate(self, name: str | None, how: str, ref: Ref, scope: Scope | None = None) -> None:
        if name is None or name in LITERAL_NAMES:
            return
        scope = _past_classes(name, scope or self.scope)
        if scope is None:
            return
        if scope.deferred:
            scope.muts.append((name, how, ref))
            return
        if self.is_module(name):
            return  # changing a module's state (sys.path, os.environ) is an effect, not dataflow
        self.raw.mutations.append(MutationSite(name, how, ref, self.stmt.index))
        if name not in self.stmt_bound and name not in self.stmt.mutates:
            self.stmt.mutates.append(name)

    # -- scopes ---------------------------------------------------------------------------
    def push(self, kind: str) -> Scope:
        self.scope = Scope(kind, self.scope)
        return self.scope

    def pop(self, summary: FunctionSummary | None = None) -> None:
        """Leave the current scope; a function-like scope passes its free names outward."""
        scope = self.scope
        self.scope = scope.outer
        if not scope.deferred:
            return
        local = scope.bound | set(scope.params)
        target = self.scope
        while target.kind == "class":
            target = target.outer
        for name, ref in scope.loads:
            if name in local and name not in scope.globals:
                continue
            self._propagate_load(scope, target, name, ref)
        for name, how, ref in scope.muts:
            if name in scope.params and name not in scope.globals:
                if summary is not None and scope.kind == "function" and target is self.module:
                    if name not in summary.mutated_params:
                        summary.mutated_params.append(name)
                continue
            if name in local and name not in scope.globals:
                continue
            self._propagate_mutation(scope, target, name, how, ref)

    def _propagate_load(self, scope: Scope, target: Scope, name: str, ref: Ref | None) -> None:
        if target.deferred:
            target.loads.append((name, ref))
        elif scope.kind == "function" and self.summary is not None:
            if name not in self.summary.free_reads:
                self.summary.free_reads.append(name)
        else:
            self.load(name, ref, target)

    def _propagate_mutation(
        self, scope: Scope, target: Scope, name: str, how: str, ref: Ref
    ) -> None:
        if target.deferred:
            target.muts.append((name, how, ref))
        elif self.is_module(name):
            return
        elif scope.kind == "function" and self.summary is not None:
            if name not in self.summary.mutated_globals:
                self.summary.mutated_globals.append(name)
        else:
            saved, self.scope = self.scope, target
            self.mutate(name, how, ref)
            self.scope = saved


@cache
def walk_fields(node_type: type) -> tuple[str, ...]:
    """The fields of a node type that can hold nodes worth walking (no punctuation)."""
    return tuple(
        f.name
        for f in dataclasses.fields(node_type)
        if f.name not in _SKIP_FIELDS and not f.name.startswith("whitespace")
    )


def _past_classes(name: str, scope: Scope) -> Scope | None:
    """The scope a name resolves in, skipping class bodies (None: a class body binds it)."""
    while scope.kind == "class":
        if name in scope.bound:
            return None
        scope = scope.outer
    return scope
