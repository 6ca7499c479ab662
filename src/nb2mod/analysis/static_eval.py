"""The value of a pure notebook function on literal arguments, worked out from its syntax tree
by a small evaluator of a safe subset of Python; it never imports or calls the notebook's code.

What it understands: literals, names, arithmetic, comparisons, ``and``/``or``/``not``,
conditional expressions, subscripts and slices, f-strings, list/set/dict comprehensions and
generator expressions; ``=``, ``+=``, ``if``, ``for``, ``while``, ``break``, ``continue``,
``return``, ``raise`` and ``assert``; calls of the notebook's other pure functions, of the
builtins and methods in ``static_safe`` and of ``math``'s functions. Anything else (an
import, an attribute of another module, a lambda, ``try``, ``with``, a nested ``def``) and
every value or loop past the limits in ``static_safe`` leaves the value unknown, with the
reason. Results that would depend on the order of a set's items are unknown too.
"""

from __future__ import annotations

import ast
import inspect
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from nb2mod.analysis.static_expressions import expression_handlers
from nb2mod.analysis.static_safe import (
    SAFE_BUILTINS,
    Break,
    Continue,
    FunctionRef,
    Raised,
    Returned,
    Unknown,
    apply,
    check_iterable,
    source,
)
from nb2mod.analysis.static_statements import statement_handlers

MAX_STEPS = 20_000
MAX_DEPTH = 25  # nested calls of notebook functions
MAX_ITEMS = 1_000_000  # items the builtins, methods and operators it calls go through
SIZED = (str, bytes, tuple, list, dict, set, frozenset)


@dataclass(frozen=True)
class StaticValue:
    """What a call gives: the source of its value, or the builtin exception it raises, or
    why nb2mod cannot tell without running it."""

    value: str | None = None
    raises: str | None = None
    unknown: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What a top-level statement of a cell does, or the value of an expression, on the values
    it was given alone: it raises (class name and message), completes (``value``: an
    expression's), or nb2mod cannot tell without running it (``unknown`` says why)."""

    value: Any = None
    raises: str | None = None
    message: str = ""
    unknown: str | None = None


def static_value(
    functions: Mapping[str, ast.FunctionDef],
    names: Mapping[str, Any],
    bound: frozenset[str],
    call: tuple[str, str],
) -> StaticValue:
    """``name(args)`` for ``call = (name, args)`` (args: source of literals). ``functions``
    are the pure notebook functions it may call, ``names`` the other globals it may read
    (math and its functions), ``bound`` every name the notebook binds (they hide builtins)."""
    name, args = call

    def value() -> str:
        parsed = ast.parse(f"f({args})", mode="eval").body
        assert isinstance(parsed, ast.Call)
        positional = [ast.literal_eval(a) for a in parsed.args]
        keywords = {str(k.arg): ast.literal_eval(k.value) for k in parsed.keywords}
        return source(_Evaluator(functions, names, bound).call(name, positional, keywords, 0))

    outcome = _outcome(value)
    return StaticValue(value=outcome.value, raises=outcome.raises, unknown=outcome.unknown)


class _Evaluator:
    """Shared by the frames of one evaluation: the step budget and what names mean."""

    def __init__(
        self, functions: Mapping[str, ast.FunctionDef], names: Mapping[str, Any], bound: frozenset[str]
    ) -> None:  # fmt: skip
        self.functions = functions
        self.names = names
        self.bound = bound
        self.steps = 0
        self.items = 0

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise Unknown(f"takes more than {MAX_STEPS} steps to work out")

    def work(self, values: tuple[Any, ...]) -> None:
        """Count the items a builtin, a method or an operator goes through."""
        self.items += sum(len(v) for v in values if isinstance(v, SIZED))
        if self.items > MAX_ITEMS:
            raise Unknown(f"goes through more than {MAX_ITEMS} items to work out")

    def call(self, name: str, args: list[Any], kwargs: dict[str, Any], depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise Unknown("recurses too deeply to work out")
        node = self.functions.get(name)
        if node is None:
            raise Unknown(f"calls {name}()")
        frame = _Scope(self, node, depth)
        frame.bind(node, args, kwargs)
        try:
            frame.block(node.body)
        except Returned as returned:
            return returned.value
        return None

    def global_value(self, name: str) -> Any:
        if name in self.names:
            return self.names[name]
        if name in self.functions:
            return FunctionRef(name)
        if name in SAFE_BUILTINS and name not in self.bound:
            return SAFE_BUILTINS[name]
        raise Unknown(f"reads {name}")


def _local_names(body: list[ast.stmt]) -> set[str]:
    """Names the function body binds (comprehensions bind their own)."""
    found: set[str] = set()
    todo: list[ast.AST] = list(body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            found.add(node.id)
        scoped = (ast.Lambda, ast.FunctionDef, ast.ClassDef, ast.comprehension)
        if not isinstance(node, scoped) and not isinstance(node, _COMPREHENSIONS):
            todo.extend(ast.iter_child_nodes(node))
    return found


_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


class _Scope:
    """A function's frame, or a comprehension's scope inside one (``parent``)."""

    def __init__(
        self, evaluator: _Evaluator, node: ast.FunctionDef | None, depth: int,
        parent: _Scope | None = None,
    ) -> None:  # fmt: skip
        self.evaluator = evaluator
        self.depth = depth
        self.parent = parent
        self.values: dict[str, Any] = {}
        self.local = _local_names(node.body) if node is not None else set()

    def bind(self, node: ast.FunctionDef, args: list[Any], kwargs: dict[str, Any]) -> None:
        if node.decorator_list:
            raise Unknown(f"{node.name}() is decorated")
        if any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in ast.walk(node)):
            raise Unknown(f"{node.name}() is a generator")
        try:
            bound = _signature(node).bind(*args, **kwargs)
        except TypeError:
            raise Raised("TypeError") from None
        bound.apply_defaults()
        self.values.update(bound.arguments)
        self.local |= set(bound.arguments)

    def child(self) -> _Scope:
        return _Scope(self.evaluator, None, self.depth, parent=self)

    def tick(self) -> None:
        self.evaluator.tick()

    def work(self, *values: Any) -> None:
        self.evaluator.work(values)

    def call_function(self, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        return self.evaluator.call(name, args, kwargs, self.depth + 1)

    def lookup(self, name: str) -> Any:
        if name in self.values:
            return self.values[name]
        if self.parent is not None:
            return self.parent.lookup(name)
        if name in self.local:
            raise Raised("UnboundLocalError")
        return self.evaluator.global_value(name)

    def block(self, body: list[ast.stmt]) -> None:
        for statement in body:
            self.evaluator.tick()
            handler = _STATEMENTS.get(type(statement))
            if handler is None:
                raise Unknown(f"uses a {type(statement).__name__} statement")
            handler(self, statement)

    def expr(self, node: ast.expr) -> Any:
        handler = _EXPRESSIONS.get(type(node))
        if handler is None:
            raise Unknown(f"uses a {type(node).__name__} expression")
        return handler(self, node)

    def assign(self, target: ast.expr, value: Any) -> None:
        if isinstance(target, ast.Name):
            self.values[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            if any(isinstance(e, ast.Starred) for e in target.elts):
                raise Unknown("unpacks with *")
            items = apply(list, check_iterable(value))
            if len(items) != len(target.elts):
                raise Raised("ValueError")
            for element, item in zip(target.elts, items, strict=True):
                self.assign(element, item)
        elif isinstance(target, ast.Subscript):
            apply(operator.setitem, self.expr(target.value), self.index(target.slice), value)
        else:
            raise Unknown(f"assigns to a {type(target).__name__}")

    def index(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Slice):
            parts = (node.lower, node.upper, node.step)
            return slice(*(None if p is None else self.expr(p) for p in parts))
        return self.expr(node)

    def truth(self, value: Any) -> bool:
        return bool(apply(bool, value))

    def loop(self, target: ast.expr, items: Any, body: list[ast.stmt]) -> bool:
        """Run ``body`` for each item; False when it ended with ``break``."""
        for item in apply(iter, check_iterable(items)):
            self.evaluator.tick()
            self.assign(target, item)
            try:
                self.block(body)
            except Break:
                return False
            except Continue:
                continue
        return True


def _signature(node: ast.FunctionDef) -> inspect.Signature:
    a = node.args
    kind = inspect.Parameter
    positional: list[tuple[ast.arg, Any]] = [(p, kind.POSITIONAL_ONLY) for p in a.posonlyargs]
    positional += [(p, kind.POSITIONAL_OR_KEYWORD) for p in a.args]
    defaults: list[Any] = [inspect.Parameter.empty] * (len(positional) - len(a.defaults))
    defaults += [_default(d) for d in a.defaults]
    params = [kind(p.arg, k, default=d) for (p, k), d in zip(positional, defaults, strict=True)]
    if a.vararg is not None:
        params.append(kind(a.vararg.arg, kind.VAR_POSITIONAL))
    for p, d in zip(a.kwonlyargs, a.kw_defaults, strict=True):
        default = inspect.Parameter.empty if d is None else _default(d)
        params.append(kind(p.arg, kind.KEYWORD_ONLY, default=default))
    if a.kwarg is not None:
        params.append(kind(a.kwarg.arg, kind.VAR_KEYWORD))
    return inspect.Signature(params)


def _default(node: ast.expr) -> Any:
    try:
        value = ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        raise Unknown("has a default that is not a literal") from None
    if isinstance(value, (list, dict, set)):
        raise Unknown("has a mutable default")
    return value


def top_level_outcome(
    node: ast.stmt | ast.expr,
    functions: Mapping[str, ast.FunctionDef],
    names: Mapping[str, Any],
    bound: frozenset[str],
) -> Outcome:
    """Evaluate ``node`` as module-level code that reads only ``names`` (values nothing can
    change), the pure notebook ``functions`` and the safe builtins ``bound`` does not hide."""
    scope = _Scope(_Evaluator(functions, names, bound), None, 0)

    def value() -> Any:
        if isinstance(node, ast.expr):
            return scope.expr(node)
        _top_level(scope, node)
        return None

    return _outcome(value)


def _outcome(compute: Callable[[], Any]) -> Outcome:
    """What ``compute`` gives: its value, the exception the evaluated code raises, or why
    nb2mod cannot tell."""
    try:
        return Outcome(value=compute())
    except Raised as exc:
        return Outcome(raises=exc.name, message=exc.message)
    except Unknown as exc:
        return Outcome(unknown=str(exc))
    except (Returned, Break, Continue):
        return Outcome(unknown="leaves a loop or returns where Python would not")
    except (RecursionError, MemoryError):
        return Outcome(unknown="nests too deeply to work out")
    except Exception as exc:  # a gap in the evaluator: unknown, never a failed conversion
        return Outcome(unknown=f"is beyond nb2mod's evaluator ({type(exc).__name__})")


_TOP_LEVEL = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Assert, ast.Raise, ast.Pass)
# The types of the values the evaluator holds: no attribute can be set on them.
_PLAIN = (
    bool,
    int,
    float,
    complex,
    str,
    bytes,
    type(None),
    tuple,
    list,
    dict,
    set,
    frozenset,
    range,
)


def _top_level(scope: _Scope, node: ast.stmt) -> None:
    """A statement at a cell's top level: the evaluator's own, plus ``del`` of items and
    attributes and assignment to an attribute (of the values it holds, which have none)."""
    if isinstance(node, ast.Delete):
        for target in node.targets:
            _delete(scope, target)
    elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Attribute) for t in node.targets):
        value = scope.expr(node.value)
        for target in node.targets:
            if isinstance(target, ast.Attribute):
                _no_attribute(scope.expr(target.value), target.attr, value)
            else:
                scope.assign(target, value)
    elif isinstance(node, _TOP_LEVEL):
        scope.block([node])
    else:
        raise Unknown(f"uses a {type(node).__name__} statement")


def _delete(scope: _Scope, target: ast.expr) -> None:
    if isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            _delete(scope, element)
    elif isinstance(target, ast.Subscript):
        apply(operator.delitem, scope.expr(target.value), scope.index(target.slice))
    elif isinstance(target, ast.Attribute):
        _no_attribute(scope.expr(target.value), target.attr)
    else:
        raise Unknown(f"deletes a {type(target).__name__}")


def _no_attribute(owner: Any, name: str, *value: Any) -> None:
    """Setting (``value`` given) or deleting attribute ``name`` of ``owner`` raises
    AttributeError for the plain values the evaluator holds; its message as Python gives it
    up to any " and no __dict__..." clause (that tail differs between Python versions)."""
    if type(owner) not in _PLAIN:
        raise Unknown(f"sets an attribute of a {type(owner).__name__}")
    try:
        if value:
            setattr(owner, name, value[0])
        else:
            delattr(owner, name)
    except AttributeError as exc:
        raise Raised("AttributeError", str(exc).split(" and no __dict__")[0]) from None
    raise Unknown(f"sets an attribute of a {type(owner).__name__}")  # pragma: no cover


_STATEMENTS, _EXPRESSIONS = statement_handlers(), expression_handlers()

__all__ = ["Outcome", "StaticValue", "static_value", "top_level_outcome"]
