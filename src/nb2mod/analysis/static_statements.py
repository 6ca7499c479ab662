"""The static evaluator's rule for each statement it understands."""

from __future__ import annotations

import ast
import builtins
import operator
from collections.abc import Callable
from typing import Any

from nb2mod.analysis.static_safe import (
    CATCHABLE,
    EXCEPTIONS,
    Break,
    Continue,
    Raised,
    Returned,
    Scope,
    Unknown,
    apply,
    check_binary,
    contains_unordered,
)

_IN_PLACE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.iadd, ast.Sub: operator.isub, ast.Mult: operator.imul,
    ast.Div: operator.itruediv, ast.FloorDiv: operator.ifloordiv, ast.Mod: operator.imod,
    ast.Pow: operator.ipow, ast.LShift: operator.ilshift, ast.RShift: operator.irshift,
    ast.BitOr: operator.ior, ast.BitXor: operator.ixor, ast.BitAnd: operator.iand,
}  # fmt: skip


def _expression_statement(scope: Scope, node: ast.Expr) -> None:
    scope.expr(node.value)


def _assign(scope: Scope, node: ast.Assign) -> None:
    value = scope.expr(node.value)
    for target in node.targets:
        scope.assign(target, value)


def _annotated(scope: Scope, node: ast.AnnAssign) -> None:
    if node.value is not None:
        scope.assign(node.target, scope.expr(node.value))


def _augmented(scope: Scope, node: ast.AugAssign) -> None:
    function = _IN_PLACE.get(type(node.op))
    if function is None:
        raise Unknown(f"uses the {type(node.op).__name__} operator")
    value = scope.expr(node.value)
    target = node.target
    if isinstance(target, ast.Name):
        current = scope.lookup(target.id)
        check_binary(type(node.op), current, value)
        scope.work(current, value)
        scope.assign(target, apply(function, current, value))
    elif isinstance(target, ast.Subscript):
        container, key = scope.expr(target.value), scope.index(target.slice)
        current = apply(operator.getitem, container, key)
        check_binary(type(node.op), current, value)
        apply(operator.setitem, container, key, apply(function, current, value))
    else:
        raise Unknown(f"assigns to a {type(target).__name__}")


def _return(scope: Scope, node: ast.Return) -> None:
    raise Returned(None if node.value is None else scope.expr(node.value))


def _if(scope: Scope, node: ast.If) -> None:
    scope.block(node.body if scope.truth(scope.expr(node.test)) else node.orelse)


def _for(scope: Scope, node: ast.For) -> None:
    if scope.loop(node.target, scope.expr(node.iter), node.body):
        scope.block(node.orelse)


def _while(scope: Scope, node: ast.While) -> None:
    while scope.truth(scope.expr(node.test)):
        scope.tick()
        try:
            scope.block(node.body)
        except Break:
            return
        except Continue:
            continue
    scope.block(node.orelse)


def _break(scope: Scope, node: ast.Break) -> None:
    raise Break


def _continue(scope: Scope, node: ast.Continue) -> None:
    raise Continue


def _pass(scope: Scope, node: ast.Pass) -> None:
    return None


def _raise(scope: Scope, node: ast.Raise) -> None:
    exc = node.exc
    target = exc.func if isinstance(exc, ast.Call) else exc
    if isinstance(target, ast.Name) and target.id in EXCEPTIONS:
        arguments = []
        if isinstance(exc, ast.Call):
            if exc.keywords:
                raise Unknown("raises an exception with keyword arguments")
            arguments = [scope.expr(argument) for argument in exc.args]
        raise Raised(target.id, _message(getattr(builtins, target.id), arguments))
    raise Unknown("raises an exception nb2mod cannot name")


def _assert(scope: Scope, node: ast.Assert) -> None:
    if not scope.truth(scope.expr(node.test)):
        message = [] if node.msg is None else [scope.expr(node.msg)]
        raise Raised("AssertionError", _message(AssertionError, message))


def _message(kind: type[BaseException], arguments: list[Any]) -> str:
    """The text of ``kind(*arguments)``, as Python writes it (a builtin exception class);
    empty when it would write a set, whose order changes from run to run."""
    if any(contains_unordered(a) for a in arguments):
        return ""
    return str(apply(kind, *arguments))


def _try(scope: Scope, node: ast.Try) -> None:
    """``try``/``except`` of builtin exceptions, by class, without ``as``; ``else``, ``finally``."""
    try:
        try:
            scope.block(node.body)
        except Raised as raised:
            handler = _handler(node.handlers, raised.name)
            if handler is None:
                raise
            scope.block(handler.body)
        else:
            scope.block(node.orelse)
    finally:
        scope.block(node.finalbody)


def _handler(handlers: list[ast.ExceptHandler], name: str) -> ast.ExceptHandler | None:
    raised = getattr(builtins, name)
    for handler in handlers:
        if handler.name is not None:
            raise Unknown("names the exception it catches")
        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        for kind in kinds:
            if kind is None:
                return handler
            if not isinstance(kind, ast.Name) or kind.id not in CATCHABLE:
                raise Unknown("catches an exception nb2mod cannot name")
            if issubclass(raised, getattr(builtins, kind.id)):
                return handler
    return None


def statement_handlers() -> dict[type, Callable[[Any, Any], None]]:
    return {
        ast.Expr: _expression_statement, ast.Assign: _assign, ast.AnnAssign: _annotated,
        ast.AugAssign: _augmented, ast.Return: _return, ast.If: _if, ast.For: _for,
        ast.While: _while, ast.Break: _break, ast.Continue: _continue, ast.Pass: _pass,
        ast.Raise: _raise, ast.Assert: _assert, ast.Try: _try,
    }  # fmt: skip
