"""What the static evaluator may call and hold: allowed builtins and methods, size limits,
and how a computed value is written back as Python source."""

from __future__ import annotations

import ast
import builtins
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

MAX_SIZE = 10_000  # items of a container, characters of a string
MAX_BITS = 4_096  # bits of an integer
MAX_SOURCE = 2_000  # characters of a value written into a test
MAX_MESSAGE = 200  # characters of an exception's message kept

ATOMS = (bool, int, float, complex, str, bytes, type(None))
CONTAINERS = (tuple, list, dict, set, frozenset, range)
UNORDERED = (set, frozenset)


class Unknown(Exception):
    """nb2mod cannot work the value out without running the code; the message says why."""


class Raised(Exception):
    """The code raises a builtin exception (by class name), with the text of its message
    (shortened to MAX_MESSAGE characters) when nb2mod knows it."""

    def __init__(self, name: str, message: str = "") -> None:
        super().__init__(name)
        self.name = name
        self.message = message[:MAX_MESSAGE]


class Returned(Exception):
    def __init__(self, value: Any) -> None:
        super().__init__()
        self.value = value


class Break(Exception):
    pass


class Continue(Exception):
    pass


@dataclass(frozen=True)
class FunctionRef:
    name: str


class Scope(Protocol):
    """What a rule needs of the frame it runs in (static_eval._Scope)."""

    def lookup(self, name: str) -> Any: ...
    def block(self, body: list[ast.stmt]) -> None: ...
    def expr(self, node: ast.expr) -> Any: ...
    def assign(self, target: ast.expr, value: Any) -> None: ...
    def index(self, node: ast.expr) -> Any: ...
    def truth(self, value: Any) -> bool: ...
    def loop(self, target: ast.expr, items: Any, body: list[ast.stmt]) -> bool: ...
    def child(self) -> Scope: ...
    def call_function(self, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any: ...
    def tick(self) -> None: ...
    def work(self, *values: Any) -> None: ...


def apply(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a real operation; an exception it raises is the code's own (``Raised``)."""
    try:
        return check_size(function(*args, **kwargs))
    except (Unknown, Raised, Returned, Break, Continue):
        raise
    except Exception as exc:
        kind = type(exc).__name__
        if kind in EXCEPTIONS and type(exc) is getattr(builtins, kind):
            raise Raised(kind, str(exc)) from None
        raise Unknown(f"raises {kind}") from None


# Builtins that take values and give values, and never run code they are given.
SAFE_BUILTINS: dict[str, Any] = {
    name: getattr(builtins, name)
    for name in (
        "abs all any bin bool bytes chr complex dict divmod enumerate float frozenset hex int "
        "len list max min oct ord pow range repr reversed round set sorted str sum tuple zip "
        "isinstance"
    ).split()
}
# Builtins whose answer does not depend on the order they see a set's items in.
ORDER_FREE = {"all", "any", "len", "max", "min", "sorted", "set", "frozenset", "isinstance"}
# Exceptions a test may expect: raised by the operations themselves or by ``raise``.
EXCEPTIONS = {
    name
    for name in (
        "ArithmeticError AssertionError IndexError KeyError LookupError NotImplementedError "
        "OverflowError RuntimeError TypeError UnboundLocalError ValueError ZeroDivisionError"
    ).split()
}

# What an ``except`` may name: those, their bases, and Exception itself.
CATCHABLE = EXCEPTIONS | {"Exception", "BaseException"}

_METHODS: dict[type, set[str]] = {
    str: set(
        "capitalize casefold center count endswith find index isalnum isalpha isascii "
        "isdecimal isdigit isidentifier islower isnumeric isspace istitle isupper join ljust "
        "lower lstrip partition removeprefix removesuffix replace rfind rindex rjust "
        "rpartition rsplit rstrip split splitlines startswith strip swapcase title upper "
        "zfill".split()
    ),
    list: set("append clear copy count extend index insert pop remove reverse sort".split()),
    dict: set("clear copy get items keys pop popitem setdefault update values".split()),
    set: set(
        "add clear copy difference discard intersection isdisjoint issubset issuperset "
        "remove symmetric_difference union update".split()
    ),
    frozenset: set(
        "copy difference intersection isdisjoint issubset issuperset symmetric_difference "
        "union".split()
    ),
    tuple: {"count", "index"},
    int: {"bit_length", "conjugate"},
    float: {"is_integer", "conjugate"},
}
_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill"}


def _bounded_count(function: Callable[..., Any]) -> Callable[..., Any]:
    """``factorial``, ``comb`` and ``perm``: refused before they would build a huge integer."""

    def call(n: Any, *rest: Any) -> Any:
        if isinstance(n, int) and n > MAX_FACTORIAL:
            raise Unknown(f"computes math.{function.__name__} of a number too large")
        return function(n, *rest)

    return call


def _prod(items: Any, *, start: Any = 1) -> Any:
    """``math.prod`` one item at a time, each partial product within the limits."""
    result = start
    for item in check_iterable(items):
        result = check_size(math.prod((result, item)))
    return result


def _lcm(*numbers: Any) -> Any:
    """``math.lcm`` one number at a time, each partial result within the limits."""
    result = math.lcm()
    for number in numbers:
        result = check_size(math.lcm(result, number))
    return result


MAX_FACTORIAL = 1_000  # factorial(1000) has 8,530 bits: past MAX_BITS, refused after anyway
_GUARDED: dict[str, Callable[..., Any]] = {
    "factorial": _bounded_count(math.factorial),
    "comb": _bounded_count(math.comb),
    "perm": _bounded_count(math.perm),
    "prod": _prod,
    "lcm": _lcm,
}
MATH = {
    name: _GUARDED.get(name, getattr(math, name))
    for name in (
        "acos asin atan atan2 ceil comb cos cosh degrees dist e exp fabs factorial floor fmod "
        "gcd hypot inf isclose isfinite isinf isnan isqrt lcm log log10 log2 nan perm pi prod "
        "radians sin sinh sqrt tan tanh tau trunc"
    ).split()
    if hasattr(math, name)
}


class MathModule:
    """``math`` as the evaluator sees it: the functions above, nothing else."""

    def attribute(self, name: str) -> Any:
        if name not in MATH:
            raise Unknown(f"uses math.{name}")
        return MATH[name]


def method(value: Any, name: str) -> Callable[..., Any]:
    """The bound method ``value.name`` when it is allowed; Unknown otherwise."""
    for kind, names in _METHODS.items():
        if type(value) is kind and name in names:
            bound: Callable[..., Any] = getattr(value, name)
            if name in _WIDTH_METHODS:
                return _limited_width(bound)
            if isinstance(value, str) and name == "replace":
                return _limited_replace(value, bound)
            if isinstance(value, str) and name == "join":
                return _limited_join(value, bound)
            if isinstance(value, (list, dict, set)):
                return _size_checked(value, bound)
            return bound
    raise Unknown(f"calls .{name}() on a {type(value).__name__}")


def _size_checked(owner: Any, bound: Callable[..., Any]) -> Callable[..., Any]:
    """A method that may grow its container (``extend``, ``update``): the container is
    checked after each call, so repeated growth stops at the limit."""

    def call(*args: Any, **kwargs: Any) -> Any:
        result = bound(*args, **kwargs)
        check_size(owner)
        return result

    return call


def check_width(spec: Any) -> None:
    """A format specification (``>{n}``, ``%0{n}d``) whose width or precision would build
    a string larger than the evaluator holds."""
    if isinstance(spec, str) and any(int(d) > MAX_SIZE for d in re.findall(r"[0-9]+", spec)):
        raise Unknown("builds a string too long to compute")


def _limited_width(bound: Callable[..., Any]) -> Callable[..., Any]:
    def call(width: Any, *rest: Any) -> Any:
        if isinstance(width, int) and width > MAX_SIZE:
            raise Unknown("builds a string too long to compute")
        return bound(width, *rest)

    return call


def _limited_replace(text: str, bound: Callable[..., Any]) -> Callable[..., Any]:
    def call(old: Any, new: Any, *rest: Any) -> Any:
        if isinstance(new, str) and (len(text) + 1) * max(len(new), 1) > MAX_SIZE:
            raise Unknown("builds a string too long to compute")
        return bound(old, new, *rest)

    return call


def _limited_join(separator: str, bound: Callable[..., Any]) -> Callable[..., Any]:
    def call(items: Any) -> Any:
        items = list(check_iterable(items))
        total = sum(len(i) for i in items if isinstance(i, str)) + len(separator) * len(items)
        if total > MAX_SIZE:
            raise Unknown("builds a string too long to compute")
        return bound(items)

    return call


def contains_unordered(value: Any, depth: int = 0) -> bool:
    """Whether a set sits anywhere in ``value``: its text would change from run to run."""
    if isinstance(value, UNORDERED) or depth > 20:
        return True
    if isinstance(value, (list, tuple)):
        return any(contains_unordered(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return any(contains_unordered(v, depth + 1) for v in (*value, *value.values()))
    return False


def check_size(value: Any) -> Any:
    """``value``, or Unknown when it is larger than the evaluator holds."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_BITS:
        raise Unknown("computes an integer too large")
    if isinstance(value, (str, bytes, tuple, list, dict, set, frozenset)):
        if len(value) > MAX_SIZE:
            raise Unknown("builds a value too large")
    return value


def check_binary(op: type, left: Any, right: Any) -> None:
    """Refuse an operation whose result would be too large before computing it."""
    ints = all(isinstance(v, int) for v in (left, right))
    if op.__name__ == "Pow" and ints and right > 0 and left not in (0, 1, -1):
        if abs(left).bit_length() * right > MAX_BITS:
            raise Unknown("computes a power too large")
    if op.__name__ == "LShift" and ints and right > MAX_BITS:
        raise Unknown("computes a shift too large")
    if op.__name__ == "Mod" and isinstance(left, (str, bytes)):
        check_width(left if isinstance(left, str) else left.decode("latin-1"))
    if op.__name__ == "Mult":
        for items, count in ((left, right), (right, left)):
            sized = isinstance(items, (str, bytes, list, tuple))
            if sized and isinstance(count, int) and len(items) * count > MAX_SIZE:
                raise Unknown("repeats a sequence into one too large")


def check_iterable(value: Any, ordered: bool = True) -> Any:
    """``value`` as something to iterate over: bounded, and not a set when the order of
    its items would show in the result (it changes from run to run for strings)."""
    if isinstance(value, range) and len(value) > MAX_SIZE:
        raise Unknown("iterates over a range too long to compute")
    if ordered and isinstance(value, UNORDERED):
        raise Unknown("depends on the order of a set's items")
    return value


def source(value: Any) -> str:
    """Python source that evaluates to a value equal to ``value``, of the same type."""
    text = _source(value, 0)
    if len(text) > MAX_SOURCE:
        raise Unknown("returns a value too long to write into a test")
    return text


def _source(value: Any, depth: int) -> str:
    if depth > 20:
        raise Unknown("returns a value nested too deeply")
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, complex):
        return f"complex({_float(value.real)}, {_float(value.imag)})"
    if isinstance(value, ATOMS):
        return repr(value)
    items = [_source(v, depth + 1) for v in value] if isinstance(value, (list, tuple)) else []
    if type(value) is list:
        return "[" + ", ".join(items) + "]"
    if type(value) is tuple:
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if type(value) is dict:
        pairs = (f"{_source(k, depth + 1)}: {_source(v, depth + 1)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    if type(value) in UNORDERED:
        texts = sorted(_source(v, depth + 1) for v in value)
        inner = "{" + ", ".join(texts) + "}" if texts else ""
        return (
            f"{type(value).__name__}({inner})" if type(value) is frozenset or not texts else inner
        )
    if type(value) is range:
        return repr(value)
    raise Unknown(f"returns a {type(value).__name__}")


def _float(value: float) -> str:
    if math.isnan(value):
        return 'float("nan")'
    if math.isinf(value):
        return 'float("inf")' if value > 0 else '-float("inf")'
    return repr(value)
