"""The one pass over a cell's LibCST tree: bindings, reads, mutations, calls and literals.

Scopes follow Python's rules: a function, lambda or comprehension keeps its own names (its
reads are resolved when it ends), a class body runs at once, and the cell itself is read in
order, so a name read before the cell binds it is a use. Every other fact module consumes the
``RawCell`` this walk returns; nothing else walks the tree.
"""

from __future__ import annotations

import dataclasses
import sys
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import libcst as cst

from nb2mod.analysis.imports import qualify
from nb2mod.analysis.magic_uses import magic_call_names
from nb2mod.analysis.mutations import argument_mutation, method_mutation
from nb2mod.analysis.names import LITERAL_NAMES, base_name, dotted_name
from nb2mod.analysis.records import (
    NO_VALUE,
    ArgInfo,
    CallSite,
    FunctionSummary,
    LiteralSite,
    MutationSite,
    RawCell,
    RawImport,
    RawStatement,
    RawUnsure,
    Ref,
)

_DYNAMIC = {"exec": "exec()", "eval": "eval()", "globals": "globals()", "locals": "locals()"}
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
class Callee:
    """What calling a notebook function does, closed over the notebook functions it calls."""

    params: tuple[str, ...]
    reads: tuple[str, ...] = ()
    global_writes: tuple[str, ...] = ()
    mutated_globals: tuple[str, ...] = ()
    mutated_params: tuple[str, ...] = ()


@dataclass(frozen=True)
class WalkContext:
    """What earlier cells established: notebook functions, import-bound names, aliases."""

    functions: Mapping[str, Callee] = field(default_factory=dict)
    modules: frozenset[str] = frozenset()
    aliases: Mapping[str, str] = field(default_factory=dict)


class _Scope:
    __slots__ = ("kind", "parent", "bound", "params", "globals", "nonlocals", "loads", "muts")

    def __init__(self, kind: str, parent: _Scope | None) -> None:
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


def walk_cell(module: cst.Module, context: WalkContext | None = None) -> RawCell:
    """Gather the raw facts of one parsed cell in a single pass."""
    walker = _Walker(context or WalkContext())
    for index, statement in enumerate(module.body):
        walker.statement(index, statement)
    return walker.raw


_HANDLER_NAMES = {
    cst.Name: "_name",
    cst.Attribute: "_attribute",
    cst.Call: "_call",
    cst.SimpleString: "_simple_string",
    cst.ConcatenatedString: "_concatenated",
    cst.Integer: "_number",
    cst.Float: "_number",
    cst.Imaginary: "_number",
    cst.Lambda: "_lambda",
    cst.ListComp: "_comprehension",
    cst.SetComp: "_comprehension",
    cst.GeneratorExp: "_comprehension",
    cst.DictComp: "_comprehension",
    cst.NamedExpr: "_walrus",
    cst.IfExp: "_ifexp",
    cst.Assign: "_assign",
    cst.AnnAssign: "_annassign",
    cst.AugAssign: "_augassign",
    cst.For: "_for",
    cst.With: "_with",
    cst.ExceptHandler: "_except",
    cst.ExceptStarHandler: "_except",
    cst.FunctionDef: "_def",
    cst.ClassDef: "_class",
    cst.Import: "_import",
    cst.ImportFrom: "_import_from",
    cst.Del: "_del",
    cst.Global: "_global",
    cst.Nonlocal: "_nonlocal",
    cst.MatchAs: "_match_as",
    cst.MatchStar: "_match_star",
    cst.MatchMapping: "_match_mapping",
    cst.MatchKeywordElement: "_match_keyword",
    cst.MatchCase: "_match_case",
    cst.Arg: "_plain_arg",
}


class _Walker:
    def __init__(self, context: WalkContext) -> None:
        self.context = context
        self.raw = RawCell()
        self.module = _Scope("module", None)
        self.scope = self.module
        self.stmt = RawStatement(0, "other")
        self.stmt_bound: set[str] = set()
        self.counts: dict[tuple[Any, ...], int] = {}
        self.summary: FunctionSummary | None = None
        self.functions: dict[str, Callee] = dict(context.functions)
        self.import_bound: set[str] = set(context.modules)

    # -- traversal ---------------------------------------------------------------------------

    def statement(self, index: int, node: cst.CSTNode) -> None:
        self.stmt = RawStatement(index, _statement_kind(node))
        self.stmt_bound = set()
        self.counts = {}
        self.raw.statements.append(self.stmt)
        first_call = len(self.raw.calls)
        self.visit(node)
        self._classify_display(node, self.raw.calls[first_call:])

    def visit(self, node: cst.CSTNode) -> None:
        handler = _HANDLERS.get(type(node))
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

    # -- names -------------------------------------------------------------------------------

    def _name(self, node: cst.Name) -> None:
        if node.value in LITERAL_NAMES:
            return
        self.load(node.value, self.ref(("n", node.value)))

    def load(self, name: str, ref: Ref | None, scope: _Scope | None = None) -> None:
        scope = scope or self.scope
        while scope.kind == "class":
            if name in scope.bound:
                return
            scope = scope.parent  # type: ignore[assignment]
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
        """Bound by an import, or a standard-library module name the cell never rebinds."""
        if name in self.import_bound:
            return True
        return name in sys.stdlib_module_names and name not in self.module.bound

    def _module_bind(self, name: str, from_import: bool = False) -> None:
        self.stmt_bound.add(name)
        self.module.bound.add(name)
        if name not in self.stmt.defines:
            self.stmt.defines.append(name)
        if from_import:
            self.import_bound.add(name)
        else:
            self.import_bound.discard(name)

    def mutate(self, name: str | None, how: str, ref: Ref, scope: _Scope | None = None) -> None:
        if name is None or name in LITERAL_NAMES:
            return
        scope = scope or self.scope
        while scope.kind == "class":
            if name in scope.bound:
                return
            scope = scope.parent  # type: ignore[assignment]
        if scope.deferred:
            scope.muts.append((name, how, ref))
            return
        if self._is_module(name):
            return  # changing a module's state (sys.path, os.environ) is an effect, not dataflow
        self.raw.mutations.append(MutationSite(name, how, ref, self.stmt.index))
        if name not in self.stmt_bound and name not in self.stmt.mutates:
            self.stmt.mutates.append(name)

    # -- binding targets ---------------------------------------------------------------------

    def target(self, node: cst.BaseExpression, binds: list[str], how: str = "store") -> None:
        """Walk an assignment target in source order; names to bind go into ``binds``."""
        if isinstance(node, cst.Name):
            self.ref(("n", node.value))
            binds.append(node.value)
        elif isinstance(node, (cst.Tuple, cst.List)):
            for element in node.elements:
                self.target(element.value, binds, how)
        elif isinstance(node, cst.StarredElement):
            self.target(node.value, binds, how)
        elif isinstance(node, cst.Attribute):
            self.visit(node.value)
            self._store_into(node, node, f"attribute {how}")
        elif isinstance(node, cst.Subscript):
            self.visit(node.value)
            self.visit_all(node.slice)
            self._store_into(node, node.value, f"subscript {how}")
        else:
            self.visit(node)

    def _store_into(self, node: cst.BaseExpression, chain: cst.BaseExpression, how: str) -> None:
        name = base_name(node)
        ref = self._last_name_ref(node)
        if name is not None and self._is_module(name) and self.scope is self.module:
            self.raw.module_writes.append((dotted_name(chain) or name or "", ref))
        self.mutate(name, how, ref)

    def _last_name_ref(self, node: cst.BaseExpression) -> Ref:
        name = base_name(node)
        key = ("n", name)
        return (self.stmt.index, key, max(self.counts.get(key, 1) - 1, 0))

    def apply_binds(self, binds: list[str], walrus: bool = False) -> None:
        for name in binds:
            self.bind(name, walrus)

    def _assign(self, node: cst.Assign) -> None:
        binds: list[str] = []
        for target in node.targets:
            self.target(target.target, binds)
        self._maybe_constant(node)
        self.visit(node.value)
        self.apply_binds(binds)

    def _annassign(self, node: cst.AnnAssign) -> None:
        binds: list[str] = []
        self.target(node.target, binds)
        self.visit(node.annotation)
        if node.value is not None:
            self._maybe_constant(node)
            self.visit(node.value)
            self.apply_binds(binds)

    def _augassign(self, node: cst.AugAssign) -> None:
        binds: list[str] = []
        if isinstance(node.target, cst.Name):
            ref = self.ref(("n", node.target.value))
            self.load(node.target.value, ref)
            binds.append(node.target.value)
        else:
            self.target(node.target, binds, "augmented store")
        self.visit(node.value)
        self.apply_binds(binds)

    def _walrus(self, node: cst.NamedExpr) -> None:
        binds: list[str] = []
        self.target(node.target, binds)
        self.visit(node.value)
        self.apply_binds(binds, walrus=True)

    def _for(self, node: cst.For) -> None:
        binds: list[str] = []
        self.target(node.target, binds)
        self.visit(node.iter)
        self.apply_binds(binds)
        self.visit(node.body)
        if node.orelse is not None:
            self.visit(node.orelse)

    def _with(self, node: cst.With) -> None:
        for item in node.items:
            self.visit(item.item)
            if item.asname is not None:
                binds: list[str] = []
                self.target(item.asname.name, binds)
                self.apply_binds(binds)
        self.visit(node.body)

    def _except(self, node: cst.ExceptHandler | cst.ExceptStarHandler) -> None:
        if node.type is not None:
            self.visit(node.type)
        if node.name is not None and isinstance(node.name.name, cst.Name):
            self.bind(node.name.name.value)
        self.visit(node.body)

    def _del(self, node: cst.Del) -> None:
        self._delete(node.target)

    def _delete(self, node: cst.BaseExpression) -> None:
        if isinstance(node, cst.Name):
            ref = self.ref(("n", node.value))
            if self.scope is self.module:
                self._module_load(node.value, ref)
                self.stmt_bound.discard(node.value)
                if node.value not in self.stmt.deletes:
                    self.stmt.deletes.append(node.value)
            else:
                self.scope.bound.add(node.value)
        elif isinstance(node, (cst.Tuple, cst.List)):
            for element in node.elements:
                self._delete(element.value)
        else:
            self.target(node, [], "delete")

    def _global(self, node: cst.Global) -> None:
        self.scope.globals.update(item.name.value for item in node.names)

    def _nonlocal(self, node: cst.Nonlocal) -> None:
        self.scope.nonlocals.update(item.name.value for item in node.names)

    # -- match patterns (names they bind are not expression names in ``ast``) --------------------

    def _match_as(self, node: cst.MatchAs) -> None:
        if node.pattern is not None:
            self.visit(node.pattern)
        if node.name is not None:
            self.bind(node.name.value)

    def _match_star(self, node: cst.MatchStar) -> None:
        if node.name is not None:
            self.bind(node.name.value)

    def _match_mapping(self, node: cst.MatchMapping) -> None:
        self.visit_all(node.elements)
        if node.rest is not None:
            self.bind(node.rest.value)

    def _match_case(self, node: cst.MatchCase) -> None:
        self.visit(node.pattern)
        if node.guard is not None:
            self.visit(node.guard)
        self.visit(node.body)

    def _plain_arg(self, node: cst.Arg) -> None:
        self.visit(node.value)

    def _match_keyword(self, node: cst.MatchKeywordElement) -> None:
        self.visit(node.pattern)

    # -- expressions ---------------------------------------------------------------------------

    def _attribute(self, node: cst.Attribute) -> None:
        self.visit(node.value)

    def _ifexp(self, node: cst.IfExp) -> None:
        self.visit(node.body)
        self.visit(node.test)
        self.visit(node.orelse)

    def _simple_string(self, node: cst.SimpleString) -> None:
        self._literal(node, _evaluated(node))

    def _concatenated(self, node: cst.ConcatenatedString) -> None:
        if _has_formatted(node):
            self.visit(node.left)
            self.visit(node.right)
            return
        self._literal(node, _evaluated(node))

    def _number(self, node: cst.Integer | cst.Float | cst.Imaginary) -> None:
        self._literal(node, _evaluated(node))

    def _literal(self, node: cst.BaseExpression, value: Any) -> None:
        if value is NO_VALUE:
            return
        ref = self.ref(("k", type(value).__name__, value))
        if isinstance(value, str):
            site = LiteralSite(self.stmt.index, ref, value, _literal_code(node))
            self.raw.literals.append(site)

    def _call(self, node: cst.Call) -> None:
        func = dotted_name(node.func)
        ref = self.ref(("c", func or ""))
        first_literal = len(self.raw.literals)
        self.visit(node.func)
        args: list[ArgInfo] = []
        keywords: dict[str, ArgInfo] = {}
        for arg in node.args:
            info = self._argument(arg, func)
            if arg.keyword is not None:
                keywords[arg.keyword.value] = info
            elif not arg.star:
                args.append(info)
        method = node.func.attr.value if isinstance(node.func, cst.Attribute) else None
        receiver = _receiver(node.func.value) if isinstance(node.func, cst.Attribute) else None
        site = CallSite(
            self.stmt.index,
            ref,
            func,
            method,
            receiver,
            tuple(args),
            keywords,
            self.summary.name if self.summary is not None else None,
            _magic(node, args),
        )
        self.raw.calls.append(site)
        if site.magic is not None:
            del self.raw.literals[first_literal:]  # the magic's own text is no config literal
        self._call_consequences(site)

    def _argument(self, arg: cst.Arg, func: str | None) -> ArgInfo:
        value = _literal_value(arg.value)
        before = len(self.raw.literals)
        self.visit(arg.value)
        ref = None
        keyword = arg.keyword.value if arg.keyword is not None else None
        number = _is_number(arg.value)
        if number and keyword is not None:
            ref = self._number_ref(arg.value)
            code = _literal_code(arg.value)
            site = LiteralSite(self.stmt.index, ref, value, code, keyword=keyword, call=func)
            self.raw.literals.append(site)
        elif isinstance(value, str) and len(self.raw.literals) == before + 1:
            old = self.raw.literals[before]
            ref = old.ref
            self.raw.literals[before] = dataclasses.replace(old, keyword=keyword, call=func)
        return ArgInfo(value, arg.value, _receiver(arg.value), ref, number)

    def _number_ref(self, node: cst.BaseExpression) -> Ref:
        inner = node.expression if isinstance(node, cst.UnaryOperation) else node
        value = _evaluated(inner)
        key = ("k", type(value).__name__, value)
        return (self.stmt.index, key, max(self.counts.get(key, 1) - 1, 0))

    def _call_consequences(self, call: CallSite) -> None:
        how = method_mutation(call)
        if how is not None:
            self.mutate(call.receiver, how, call.ref)
        qualified = qualify(call.func, self.context.aliases)
        moved = argument_mutation(qualified, call)
        if moved is not None:
            self.mutate(moved[0], moved[1], call.ref)
        if call.func in _DYNAMIC or (call.func == "vars" and not call.args):
            self.raw.unsure.append(RawUnsure(f"{call.func}() makes names dynamic", call.ref))
        if call.magic is not None:
            self._magic_call(call)
        if call.func is not None and "." not in call.func:
            self._notebook_call(call.func, call)

    def _notebook_call(self, name: str, call: CallSite) -> None:
        if self.scope is not self.module and self.summary is not None:
            if self.summary.name != name and name not in self.summary.called:
                self.summary.called.append(name)
        callee = self.functions.get(name)
        if callee is None:
            return
        for read in callee.reads:
            self.load(read, call.ref)
        for written in callee.global_writes:
            if self.scope is self.module:
                self._module_bind(written)
        for mutated in callee.mutated_globals:
            self.mutate(mutated, f"call of {name}", call.ref)
        for position, param in enumerate(callee.params):
            if param not in callee.mutated_params:
                continue
            info = call.keywords.get(param)
            if info is None and position < len(call.args):
                info = call.args[position]
            if info is not None and info.value is NO_VALUE:
                self.mutate(info.base, f"argument of {name}", call.ref)

    def _magic_call(self, call: CallSite) -> None:
        assert call.magic is not None
        names = magic_call_names(call.magic)
        for name in names:
            self.load(name, call.ref)
            if name not in self.raw.magic_uses:
                self.raw.magic_uses.append(name)
        kind = call.magic[1] if len(call.magic) > 1 else ""
        if call.magic[0] == "run_line_magic" and kind in ("run", "store"):
            self.raw.unsure.append(RawUnsure(f"%{kind} defines names nb2mod cannot see", call.ref))
        if call.magic[0] == "run_line_magic" and kind == "pylab":
            self._pylab(call.ref)

    def _pylab(self, ref: Ref) -> None:
        """``%pylab`` imports numpy as np, pyplot as plt and everything from pylab."""
        for module, bound in (("numpy", "np"), ("matplotlib.pyplot", "plt")):
            self.raw.imports.append(RawImport(module, None, bound, 0, ref))
            self._bind_import(bound)
        self.raw.imports.append(RawImport("pylab", None, "*", 0, ref))
        self.raw.unsure.append(RawUnsure("%pylab imports every name of pylab", ref))

    # -- new scopes ----------------------------------------------------------------------------

    def push(self, kind: str) -> _Scope:
        self.scope = _Scope(kind, self.scope)
        return self.scope

    def pop(self, summary: FunctionSummary | None = None) -> None:
        scope = self.scope
        self.scope = scope.parent  # type: ignore[assignment]
        if not scope.deferred:
            return
        local = scope.bound | set(scope.params)
        target = self.scope
        while target.kind == "class":
            target = target.parent  # type: ignore[assignment]
        for name, ref in scope.loads:
            if name in local and name not in scope.globals:
                continue
            self._propagate_load(scope, target, name, ref, summary)
        for name, how, ref in scope.muts:
            if name in scope.params and name not in scope.globals:
                if summary is not None and scope.kind == "function" and target is self.module:
                    if name not in summary.mutated_params:
                        summary.mutated_params.append(name)
                continue
            if name in local and name not in scope.globals:
                continue
            self._propagate_mutation(scope, target, name, how, ref)

    def _propagate_load(
        self, scope: _Scope, target: _Scope, name: str, ref: Ref | None, summary: Any
    ) -> None:
        if target.deferred:
            target.loads.append((name, ref))
        elif scope.kind == "function" and self.summary is not None:
            if name not in self.summary.free_reads:
                self.summary.free_reads.append(name)
        else:
            self.load(name, ref, target)

    def _propagate_mutation(
        self, scope: _Scope, target: _Scope, name: str, how: str, ref: Ref
    ) -> None:
        if target.deferred:
            target.muts.append((name, how, ref))
        elif self._is_module(name):
            return
        elif scope.kind == "function" and self.summary is not None:
            if name not in self.summary.mutated_globals:
                self.summary.mutated_globals.append(name)
        else:
            saved, self.scope = self.scope, target
            self.mutate(name, how, ref)
            self.scope = saved

    def _lambda(self, node: cst.Lambda) -> None:
        self._parameter_defaults(node.params)
        scope = self.push("lambda")
        scope.params = _parameter_names(node.params)
        self.visit(node.body)
        self.pop()

    def _comprehension(self, node: Any) -> None:
        first = node.for_in
        self.push("comprehension")
        if isinstance(node, cst.DictComp):
            self.visit(node.key)
            self.visit(node.value)
        else:
            self.visit(node.elt)
        comp: cst.CompFor | None = first
        while comp is not None:
            binds: list[str] = []
            self.target(comp.target, binds)
            if comp is first:
                inner, self.scope = self.scope, self.scope.parent  # type: ignore[assignment]
                self.visit(comp.iter)
                self.scope = inner
            else:
                self.visit(comp.iter)
            self.apply_binds(binds)
            for condition in comp.ifs:
                self.visit(condition.test)
            comp = comp.inner_for_in
        self.pop()

    def _parameter_defaults(self, params: cst.Parameters) -> None:
        for param in _all_params(params):
            if param.annotation is not None:
                self.visit(param.annotation)
            if param.default is not None:
                self.visit(param.default)

    def _def(self, node: cst.FunctionDef) -> None:
        self.visit_all(node.decorators)
        ref = self.ref(("d", node.name.value))
        self._parameter_defaults(node.params)
        if node.returns is not None:
            self.visit(node.returns)
        outer_summary = self.summary
        top = self.scope is self.module
        if top:
            self.summary = FunctionSummary(node.name.value, "function", self.stmt.index, ref)
            self.summary.params = tuple(_parameter_names(node.params))
        scope = self.push("function")
        scope.params = _parameter_names(node.params)
        self.visit(node.body)
        self.pop(self.summary)
        if self.scope.kind == "class" and outer_summary is not None:
            self._method_params(node, outer_summary)
        if top:
            self._finish_summary()
        self.summary = outer_summary
        self.bind(node.name.value)

    def _method_params(self, node: cst.FunctionDef, summary: FunctionSummary) -> None:
        if node.name.value == "__init__":
            summary.params = tuple(_parameter_names(node.params)[1:])

    def _class(self, node: cst.ClassDef) -> None:
        self.visit_all(node.decorators)
        ref = self.ref(("d", node.name.value))
        self.visit_all(node.bases)
        self.visit_all(node.keywords)
        outer_summary = self.summary
        top = self.scope is self.module
        if top:
            self.summary = FunctionSummary(node.name.value, "class", self.stmt.index, ref)
        self.push("class")
        self.visit(node.body)
        self.scope = self.scope.parent  # type: ignore[assignment]
        if top:
            self._finish_summary()
        self.summary = outer_summary
        self.bind(node.name.value)

    def _finish_summary(self) -> None:
        summary = self.summary
        assert summary is not None
        summary.mutated_params = [p for p in summary.mutated_params if p != "self"]
        self.raw.functions.append(summary)
        self.functions[summary.name] = close_callee(summary, self.functions)

    # -- imports -------------------------------------------------------------------------------

    def _import(self, node: cst.Import) -> None:
        for alias in node.names:
            module = dotted_name(alias.name) or ""
            asname = _asname(alias)
            ref = self.ref(("a", module, asname))
            bound = asname or module.split(".")[0]
            qualified = module if asname else bound
            self.raw.imports.append(RawImport(qualified, None, bound, 0, ref))
            self._bind_import(bound)

    def _import_from(self, node: cst.ImportFrom) -> None:
        module = dotted_name(node.module) if node.module is not None else ""
        level = len(node.relative)
        if isinstance(node.names, cst.ImportStar):
            ref: Ref = (self.stmt.index, ("s",), 0)
            self.raw.imports.append(RawImport(module or "", None, "*", level, ref))
            self.raw.unsure.append(RawUnsure(f"star import from {module or '.'}", ref))
            return
        for alias in node.names:
            name = dotted_name(alias.name) or ""
            asname = _asname(alias)
            ref = self.ref(("a", name, asname))
            bound = asname or name
            self.raw.imports.append(RawImport(module or "", name, bound, level, ref))
            self._bind_import(bound)

    def _bind_import(self, bound: str) -> None:
        if self.scope is self.module:
            self._module_bind(bound, from_import=True)
        else:
            self.bind(bound)

    # -- constants and display -------------------------------------------------------------------

    def _maybe_constant(self, node: cst.Assign | cst.AnnAssign) -> None:
        if self.scope is not self.module or self._in_block_depth():
            return
        targets = (
            [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
        )
        if len(targets) != 1 or not isinstance(targets[0], cst.Name) or node.value is None:
            return
        value = _literal_value(node.value)
        if value is NO_VALUE or value is None:
            return
        name = targets[0].value
        ref = (self.stmt.index, ("n", name), max(self.counts.get(("n", name), 1) - 1, 0))
        code = _literal_code(node.value)
        site = LiteralSite(
            self.stmt.index, ref, value, code, variable=name, top_level_constant=True
        )
        self.raw.literals.append(site)

    def _in_block_depth(self) -> bool:
        return self.stmt.kind != "assign"

    def _classify_display(self, node: cst.CSTNode, calls: list[CallSite]) -> None:
        if not isinstance(node, cst.SimpleStatementLine) or len(node.body) != 1:
            return
        expr = node.body[0]
        if not isinstance(expr, cst.Expr):
            return
        value = expr.value
        self.stmt.is_print = isinstance(value, cst.Call) and dotted_name(value.func) == "print"
        quiet = not isinstance(expr.semicolon, cst.MaybeSentinel)
        magic = any(c.magic is not None for c in calls[-1:]) and _is_magic_call(value)
        shown = not (quiet or magic or self.stmt.is_print or _is_display_call(value))
        self.stmt.shows_result = shown
        self.stmt.display_only = (
            not self.stmt.mutates
            and not self.stmt.defines
            and not isinstance(value, (cst.Yield, cst.Await))
            and all(_harmless_call(c, self.functions) for c in calls)
        )


def close_callee(summary: FunctionSummary, known: Mapping[str, Callee]) -> Callee:
    """The summary's effects when called, including the notebook functions it calls."""
    reads = list(summary.free_reads)
    writes = list(summary.global_writes)
    mutated = list(summary.mutated_globals)
    for name in summary.called:
        callee = known.get(name)
        if callee is None:
            continue
        reads += [r for r in callee.reads if r not in reads]
        writes += [w for w in callee.global_writes if w not in writes]
        mutated += [m for m in callee.mutated_globals if m not in mutated]
    return Callee(
        summary.params, tuple(reads), tuple(writes), tuple(mutated), tuple(summary.mutated_params)
    )


# -- small pure helpers ------------------------------------------------------------------------


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


def _statement_kind(node: cst.CSTNode) -> str:
    if isinstance(node, cst.FunctionDef):
        return "def"
    if isinstance(node, cst.ClassDef):
        return "class"
    if isinstance(node, cst.SimpleStatementLine):
        kinds = {_small_kind(s) for s in node.body}
        return kinds.pop() if len(kinds) == 1 else "other"
    return "control"


def _small_kind(node: cst.BaseSmallStatement) -> str:
    if isinstance(node, (cst.Import, cst.ImportFrom)):
        return "import"
    if isinstance(node, (cst.Assign, cst.AnnAssign, cst.AugAssign)):
        return "assign"
    if isinstance(node, cst.Expr):
        return "expression"
    return "other"


def _receiver(node: cst.BaseExpression) -> str | None:
    """The base name of a pure attribute/subscript chain (not through calls)."""
    while isinstance(node, (cst.Attribute, cst.Subscript)):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


def _asname(alias: cst.ImportAlias) -> str | None:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return None


def _parameter_names(params: cst.Parameters) -> list[str]:
    return [p.name.value for p in _all_params(params)]


def _all_params(params: cst.Parameters) -> list[cst.Param]:
    out = [*params.posonly_params, *params.params]
    if isinstance(params.star_arg, cst.Param):
        out.append(params.star_arg)
    out.extend(params.kwonly_params)
    if params.star_kwarg is not None:
        out.append(params.star_kwarg)
    return out


def _evaluated(node: Any) -> Any:
    """The value of a literal node; plain integers, floats and simple strings without ast."""
    text = node.value if isinstance(node, (cst.Integer, cst.Float, cst.SimpleString)) else None
    try:
        if isinstance(node, cst.Integer) and text.isdigit():  # type: ignore[union-attr]
            return int(text)  # type: ignore[arg-type]
        if isinstance(node, cst.SimpleString) and _plain_string(text):  # type: ignore[arg-type]
            quote = 3 if text[:3] in ('"""', "'''") else 1  # type: ignore[index]
            return text[quote:-quote]  # type: ignore[index]
        if isinstance(node, cst.Float) and "_" not in text:  # type: ignore[operator]
            return float(text)  # type: ignore[arg-type]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = node.evaluated_value
    except Exception:  # odd literals (e.g. invalid escapes) are simply not values
        return NO_VALUE
    return NO_VALUE if value is None else value


def _plain_string(text: str) -> bool:
    return text[:1] in ("'", '"') and "\\" not in text


def _has_formatted(node: cst.ConcatenatedString) -> bool:
    parts = [node.left, node.right]
    return any(
        isinstance(p, cst.FormattedString)
        or (isinstance(p, cst.ConcatenatedString) and _has_formatted(p))
        for p in parts
    )


def _is_number(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        node = node.expression
    return isinstance(node, (cst.Integer, cst.Float))


def _literal_value(node: cst.BaseExpression) -> Any:
    """The Python value of a literal (numbers, strings, booleans, flat lists/tuples)."""
    if isinstance(node, (cst.Integer, cst.Float, cst.SimpleString)):
        return _evaluated(node)
    if isinstance(node, cst.ConcatenatedString):
        return NO_VALUE if _has_formatted(node) else _evaluated(node)
    if isinstance(node, cst.Name) and node.value in LITERAL_NAMES:
        return {"True": True, "False": False, "None": None}[node.value]
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        inner = _literal_value(node.expression)
        if isinstance(inner, (int, float)) and not isinstance(inner, bool):
            return -inner
        return NO_VALUE
    if isinstance(node, (cst.List, cst.Tuple)):
        items = [_literal_value(e.value) for e in node.elements if isinstance(e, cst.Element)]
        if len(items) != len(node.elements) or any(i is NO_VALUE for i in items):
            return NO_VALUE
        return items if isinstance(node, cst.List) else tuple(items)
    return NO_VALUE


_EMPTY = cst.Module(body=())


def _code(node: cst.CSTNode) -> str:
    return _EMPTY.code_for_node(node)


def _literal_code(node: cst.BaseExpression) -> str:
    """Source text of a literal; cheap for the common single-token cases."""
    if isinstance(node, (cst.SimpleString, cst.Integer, cst.Float)) and not node.lpar:
        return node.value
    return _code(node)


def _magic(node: cst.Call, args: list[ArgInfo]) -> tuple[str, ...] | None:
    func = node.func
    if not isinstance(func, cst.Attribute) or not isinstance(func.value, cst.Call):
        return None
    if dotted_name(func.value.func) != "get_ipython":
        return None
    method = func.attr.value
    if method not in ("run_line_magic", "run_cell_magic", "system", "getoutput"):
        return None
    return (method, *(a.value if isinstance(a.value, str) else "" for a in args))


_DISPLAY_CALLS = frozenset({"display", "print", "plt.show"})


def _is_display_call(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Call) and dotted_name(node.func) in _DISPLAY_CALLS


def _is_magic_call(node: cst.BaseExpression) -> bool:
    func = node.func if isinstance(node, cst.Call) else None
    return isinstance(func, cst.Attribute) and isinstance(func.value, cst.Call)


def _harmless_call(call: CallSite, functions: Mapping[str, Callee]) -> bool:
    """A call a display-only expression may contain: not a notebook function, no magic."""
    if call.magic is not None:
        return False
    return call.func is None or call.func.split(".")[0] not in functions


_HANDLERS: dict[type, Callable[[_Walker, Any], None]] = {
    node_type: getattr(_Walker, name) for node_type, name in _HANDLER_NAMES.items()
}
