"""The static evaluator's rule for each expression it understands."""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Iterator
from typing import Any

from nb2mod.analysis.static_safe import (
    MAX_SIZE,
    ORDER_FREE,
    SAFE_BUILTINS,
    FunctionRef,
    MathModule,
    Raised,
    Scope,
    Unknown,
    apply,
    check_binary,
    check_iterable,
    check_width,
    contains_unordered,
    method,
)

_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
    ast.Pow: operator.pow, ast.LShift: operator.lshift, ast.RShift: operator.rshift,
    ast.BitOr: operator.or_, ast.BitXor: operator.xor, ast.BitAnd: operator.and_,
}  # fmt: skip
_UNARY: dict[type, Callable[[Any], Any]] = {
    ast.UAdd: operator.pos, ast.USub: operator.neg, ast.Invert: operator.invert,
}  # fmt: skip
_COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge,
    ast.In: lambda a, b: operator.contains(b, a),
    ast.NotIn: lambda a, b: not operator.contains(b, a),
}  # fmt: skip
_BUILTIN_NAMES = {id(value): name for name, value in SAFE_BUILTINS.items()}
_SINGLETONS = (type(None), bool)


def _constant(scope: Scope, node: ast.Constant) -> Any:
    if node.value is Ellipsis:
        raise Unknown("uses ...")
    return node.value


def _name(scope: Scope, node: ast.Name) -> Any:
    return scope.lookup(node.id)


def _binary(scope: Scope, node: ast.BinOp) -> Any:
    function = _BINARY.get(type(node.op))
    if function is None:
        raise Unknown(f"uses the {type(node.op).__name__} operator")
    left, right = scope.expr(node.left), scope.expr(node.right)
    check_binary(type(node.op), left, right)
    scope.work(left, right)
    return apply(function, left, right)


def _unary(scope: Scope, node: ast.UnaryOp) -> Any:
    value = scope.expr(node.operand)
    if isinstance(node.op, ast.Not):
        return not scope.truth(value)
    return apply(_UNARY[type(node.op)], value)


def _boolean(scope: Scope, node: ast.BoolOp) -> Any:
    value = None
    for operand in node.values:
        value = scope.expr(operand)
        if scope.truth(value) == isinstance(node.op, ast.Or):
            return value
    return value


def _compare(scope: Scope, node: ast.Compare) -> Any:
    left = scope.expr(node.left)
    result: Any = True
    for op, operand in zip(node.ops, node.comparators, strict=True):
        right = scope.expr(operand)
        if isinstance(op, (ast.Is, ast.IsNot)):
            if not isinstance(left, _SINGLETONS) and not isinstance(right, _SINGLETONS):
                raise Unknown("compares identity of values")
            result = (left is right) == isinstance(op, ast.Is)
        else:
            scope.work(left, right)
            result = apply(_COMPARE[type(op)], left, right)
        if not scope.truth(result):
            return result
        left = right
    return result


def _conditional(scope: Scope, node: ast.IfExp) -> Any:
    return scope.expr(node.body if scope.truth(scope.expr(node.test)) else node.orelse)


def _elements(scope: Scope, nodes: list[ast.expr]) -> list[Any]:
    if any(isinstance(n, ast.Starred) for n in nodes):
        raise Unknown("unpacks with *")
    return [scope.expr(n) for n in nodes]


def _tuple(scope: Scope, node: ast.Tuple) -> Any:
    return tuple(_elements(scope, node.elts))


def _list(scope: Scope, node: ast.List) -> Any:
    return _elements(scope, node.elts)


def _set(scope: Scope, node: ast.Set) -> Any:
    return apply(set, _elements(scope, node.elts))


def _dict(scope: Scope, node: ast.Dict) -> Any:
    if any(k is None for k in node.keys):
        raise Unknown("unpacks with **")
    keys = [scope.expr(k) for k in node.keys if k is not None]
    return apply(dict, zip(keys, _elements(scope, node.values), strict=True))


def _subscript(scope: Scope, node: ast.Subscript) -> Any:
    return apply(operator.getitem, scope.expr(node.value), scope.index(node.slice))


def _formatted(scope: Scope, node: ast.JoinedStr) -> Any:
    parts = []
    for part in node.values:
        if isinstance(part, ast.Constant):
            parts.append(str(part.value))
            continue
        assert isinstance(part, ast.FormattedValue)
        value = scope.expr(part.value)
        if contains_unordered(value):
            raise Unknown("formats a set, whose order changes from run to run")
        conversions: dict[int, Callable[[Any], str]] = {115: str, 114: repr, 97: ascii}
        conversion = conversions.get(part.conversion)
        if conversion is not None:
            value = apply(conversion, value)
        spec = "" if part.format_spec is None else scope.expr(part.format_spec)
        check_width(spec)
        parts.append(apply(format, value, spec))
    return apply("".join, parts)


def _attribute(scope: Scope, node: ast.Attribute) -> Any:
    value = scope.expr(node.value)
    if isinstance(value, MathModule):
        return value.attribute(node.attr)
    if isinstance(value, complex) and node.attr in ("real", "imag"):
        return getattr(value, node.attr)
    try:
        return method(value, node.attr)  # a bound method as a value (``key=counts.get``)
    except Unknown:
        raise Unknown(f"reads .{node.attr} of a {type(value).__name__}") from None


def _lambda(scope: Scope, node: ast.Lambda) -> Any:
    """A real function that evaluates the lambda's body with this evaluator."""
    a = node.args
    if a.posonlyargs or a.vararg or a.kwonlyargs or a.kwarg or a.defaults:
        raise Unknown("uses a lambda with defaults or * parameters")
    names = [p.arg for p in a.args]

    def call(*args: Any) -> Any:
        if len(args) != len(names):
            raise Raised("TypeError")
        inner = scope.child()
        inner.tick()
        for name, value in zip(names, args, strict=True):
            inner.assign(ast.Name(id=name, ctx=ast.Store()), value)
        return inner.expr(node.body)

    return call


def _call(scope: Scope, node: ast.Call) -> Any:
    if any(isinstance(a, ast.Starred) for a in node.args) or any(
        k.arg is None for k in node.keywords
    ):
        raise Unknown("passes arguments with * or **")
    function, owner = _callee(scope, node.func)
    args = [scope.expr(a) for a in node.args]
    kwargs = {str(k.arg): scope.expr(k.value) for k in node.keywords}
    scope.work(owner, *args, *kwargs.values())
    if isinstance(function, FunctionRef):
        return scope.call_function(function.name, args, kwargs)
    name = _BUILTIN_NAMES.get(id(function))
    if name is not None:
        _check_builtin(name, args)
    for value in kwargs.values():
        if isinstance(value, FunctionRef):
            raise Unknown("passes a notebook function as a value")
    return apply(function, *args, **kwargs)


def _callee(scope: Scope, node: ast.expr) -> tuple[Any, Any]:
    """The function a call calls, and the value it is a method of (or None)."""
    if isinstance(node, ast.Attribute):
        owner = scope.expr(node.value)
        if isinstance(owner, MathModule):
            return owner.attribute(node.attr), None
        return method(owner, node.attr), owner
    if isinstance(node, ast.Name):
        function = scope.lookup(node.id)
        if isinstance(function, FunctionRef) or callable(function):
            return function, None
    raise Unknown("calls something nb2mod cannot name")


def _check_builtin(name: str, args: list[Any]) -> None:
    if name == "pow" and len(args) == 2:
        check_binary(ast.Pow, args[0], args[1])
    if name == "round" and len(args) == 2 and isinstance(args[1], int) and abs(args[1]) > MAX_SIZE:
        raise Unknown("rounds to a number of digits too large")
    if name == "bytes" and args and isinstance(args[0], int) and args[0] > 10_000:
        raise Unknown("builds bytes too long to compute")
    if name in ("str", "repr") and args and contains_unordered(args[0]):
        raise Unknown("writes a set as text, whose order changes from run to run")
    if name != "range":
        for value in args:
            check_iterable(value, ordered=name not in ORDER_FREE)
            if isinstance(value, FunctionRef):
                raise Unknown("passes a notebook function as a value")


def _comprehension(scope: Scope, node: Any, element: Callable[[Scope], Any]) -> Iterator[Any]:
    """The items of a comprehension, computed lazily as Python does (a generator)."""
    generators: list[ast.comprehension] = node.generators
    if any(g.is_async for g in generators):
        raise Unknown("uses async comprehensions")
    first = check_iterable(scope.expr(generators[0].iter))
    inner = scope.child()

    def produce(level: int, items: Any) -> Iterator[Any]:
        generator = generators[level]
        for item in apply(iter, check_iterable(items)):
            inner.tick()
            inner.assign(generator.target, item)
            if all(inner.truth(inner.expr(test)) for test in generator.ifs):
                if level + 1 == len(generators):
                    yield element(inner)
                else:
                    yield from produce(level + 1, inner.expr(generators[level + 1].iter))

    return produce(0, first)


def _list_comprehension(scope: Scope, node: ast.ListComp) -> Any:
    return apply(list, _comprehension(scope, node, lambda s: s.expr(node.elt)))


def _set_comprehension(scope: Scope, node: ast.SetComp) -> Any:
    return apply(set, _comprehension(scope, node, lambda s: s.expr(node.elt)))


def _dict_comprehension(scope: Scope, node: ast.DictComp) -> Any:
    pairs = _comprehension(scope, node, lambda s: (s.expr(node.key), s.expr(node.value)))
    return apply(dict, pairs)


def _generator(scope: Scope, node: ast.GeneratorExp) -> Any:
    return _comprehension(scope, node, lambda s: s.expr(node.elt))


def expression_handlers() -> dict[type, Callable[[Any, Any], Any]]:
    return {
        ast.Constant: _constant, ast.Name: _name, ast.BinOp: _binary, ast.UnaryOp: _unary,
        ast.BoolOp: _boolean, ast.Compare: _compare, ast.IfExp: _conditional,
        ast.Tuple: _tuple, ast.List: _list, ast.Set: _set, ast.Dict: _dict,
        ast.Subscript: _subscript, ast.JoinedStr: _formatted, ast.Attribute: _attribute,
        ast.Call: _call, ast.ListComp: _list_comprehension, ast.SetComp: _set_comprehension,
        ast.DictComp: _dict_comprehension, ast.GeneratorExp: _generator, ast.Lambda: _lambda,
    }  # fmt: skip
