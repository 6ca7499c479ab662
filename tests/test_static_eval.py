"""The static evaluator: what a pure notebook function returns on literal arguments, worked
out from its code without running it, or why it cannot be."""

from __future__ import annotations

import ast
import time

import pytest

from nb2mod.analysis.static_eval import StaticValue, static_value
from nb2mod.analysis.static_safe import MathModule

DEFS = """
import math
from math import sqrt as root

def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a

def hyp(a, b):
    return math.sqrt(a * a + b * b) + root(0)

def top_words(text, n=2):
    counts = {}
    for word in text.lower().split():
        counts[word] = counts.get(word, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]

def safe_div(a, b):
    if b == 0:
        raise ValueError("b is zero")
    return a / b

def shapes(xs):
    odd = [x * x for x in xs if x % 2]
    return odd, {x for x in xs}, sum(x for x in xs), f"{len(xs):03d}!", xs[::-1]

def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)

def plus_fib(n, *, extra=1):
    total = fib(n)
    total += extra
    while total > 100:
        total //= 2
    else:
        total -= 0
    return total

def label(x):
    return "big" if x > 10 and not x is None else "small"

def unbound():
    y = x + 1
    x = 2
    return y

def no_return(x):
    x.append(1)

def counts(n):
    return math.factorial(n), math.comb(n, 2), math.prod(range(1, n), start=2), math.lcm(4, 6, n)
"""

UNSAFE = """
import math
def power():
    return 2 ** 100000

def forever():
    while True:
        pass

def order(text):
    return list(set(text))

def shown(text):
    return str(set(text))

def reads_file(path):
    return open(path).read()

def imports():
    import os
    return os.getcwd()

def attribute(x):
    return x.__class__

def dunder_call(x):
    return x.__add__(1)

def formats(x):
    return "{0.__class__}".format(x)

def deep(n):
    return deep(n + 1)

def huge_text():
    return "x" * 10 ** 9

def huge_join():
    return "-".join(["x" * 9000] * 9000)

def mutable(x=[]):
    return x

def decorated_inner():
    @staticmethod
    def f():
        pass
    return 1

def with_block():
    with open("x") as handle:
        return handle

def calls_builtin_eval(text):
    return eval(text)

def generator():
    yield 1

def globals_read():
    return SOMETHING

def factorial(n):
    return math.factorial(n)

def wide(n):
    return f"{1:>{n}}"

def doubling():
    items = [1]
    for _ in range(60):
        items.extend(items)
    return len(items)

def busy():
    items = list(range(9999))
    total = 0
    for _ in range(9000):
        total += sum(sorted(items))
    return total
"""


def _evaluate(code: str, name: str, args: str, bound: tuple[str, ...] = ()) -> StaticValue:
    tree = ast.parse(code)
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    names = {"math": MathModule(), "root": __import__("math").sqrt}
    return static_value(functions, names, frozenset(bound), (name, args))


@pytest.mark.parametrize(
    ("name", "args", "value"),
    [
        ("fib", "10", "55"),
        ("hyp", "3, 4", "5.0"),
        ("top_words", "'b a b c a b'", "[('b', 3), ('a', 2)]"),
        ("safe_div", "1, 4", "0.25"),
        ("shapes", "[1, 2, 3]", "([1, 9], {1, 2, 3}, 6, '003!', [3, 2, 1])"),
        ("fact", "10", "3628800"),
        ("plus_fib", "20", "52"),
        ("plus_fib", "3, extra=5", "7"),
        ("label", "11", "'big'"),
        ("no_return", "[]", "None"),
        ("counts", "7", "(5040, 21, 1440, 84)"),
    ],
)
def test_values_worked_out_from_the_code(name: str, args: str, value: str) -> None:
    found = _evaluate(DEFS, name, args)
    assert found == StaticValue(value=value)
    namespace: dict[str, object] = {}
    exec(DEFS, namespace)  # the test (not nb2mod) checks the evaluator against Python
    assert ast.literal_eval(value) == eval(f"{name}({args})", namespace)


@pytest.mark.parametrize(
    ("name", "args", "raises"),
    [
        ("safe_div", "1, 0", "ValueError"),
        ("fib", "1, 2", "TypeError"),
        ("fib", "'x'", "TypeError"),
        ("unbound", "", "UnboundLocalError"),
        ("top_words", "3", "AttributeError"),
    ],
)
def test_exceptions_the_code_raises(name: str, args: str, raises: str) -> None:
    found = _evaluate(DEFS, name, args)
    if raises == "AttributeError":  # not a value the evaluator can call methods of
        assert found.unknown == "calls .lower() on a int"
        return
    assert found == StaticValue(raises=raises)


@pytest.mark.parametrize(
    ("name", "args", "reason"),
    [
        ("power", "", "computes a power too large"),
        ("forever", "", "takes more than 20000 steps to work out"),
        ("order", "'abc'", "depends on the order of a set's items"),
        ("shown", "'abc'", "writes a set as text, whose order changes from run to run"),
        ("reads_file", "'x.txt'", "reads open"),
        ("imports", "", "uses a Import statement"),
        ("attribute", "1", "reads .__class__ of a int"),
        ("dunder_call", "1", "calls .__add__() on a int"),
        ("formats", "1", "calls .format() on a str"),
        ("deep", "0", "recurses too deeply to work out"),
        ("huge_text", "", "repeats a sequence into one too large"),
        ("huge_join", "", "builds a string too long to compute"),
        ("mutable", "", "has a mutable default"),
        ("decorated_inner", "", "uses a FunctionDef statement"),
        ("with_block", "", "uses a With statement"),
        ("calls_builtin_eval", "'1'", "reads eval"),
        ("generator", "", "generator() is a generator"),
        ("globals_read", "", "reads SOMETHING"),
        ("factorial", "10000000", "computes math.factorial of a number too large"),
        ("wide", "10000000000", "builds a string too long to compute"),
        ("doubling", "", "builds a value too large"),
        ("busy", "", "goes through more than 1000000 items to work out"),
    ],
)
def test_what_it_will_not_do_is_unknown_with_the_reason(name: str, args: str, reason: str) -> None:
    start = time.perf_counter()
    assert _evaluate(UNSAFE, name, args) == StaticValue(unknown=reason)
    assert time.perf_counter() - start < 5


def test_a_builtin_the_notebook_rebinds_is_not_the_builtin() -> None:
    code = "def f(xs):\n    return len(xs)\n"
    assert _evaluate(code, "f", "[1, 2]") == StaticValue(value="2")
    assert _evaluate(code, "f", "[1, 2]", bound=("len",)).unknown == "reads len"


def test_values_are_written_so_that_they_read_back_equal_and_stably() -> None:
    code = (
        "def f():\n"
        "    return {'b': {3, 1, 2}, 'a': frozenset(), 'n': float('nan'), 'i': -float('inf'),"
        " 't': (1,), 'c': complex(1, 2), 'e': set()}\n"
    )
    found = _evaluate(code, "f", "")
    assert found.value == (
        "{'b': {1, 2, 3}, 'a': frozenset(), 'n': float(\"nan\"), 'i': -float(\"inf\"), "
        "'t': (1,), 'c': complex(1.0, 2.0), 'e': set()}"
    )


def test_try_except_of_builtin_exceptions() -> None:
    code = (
        "def parse(text):\n"
        "    try:\n"
        "        value = int(text)\n"
        "    except (TypeError, ValueError):\n"
        "        value = -1\n"
        "    else:\n"
        "        value += 1\n"
        "    finally:\n"
        "        value *= 10\n"
        "    return value\n"
        "def lookup(d):\n"
        "    try:\n"
        "        return d['k']\n"
        "    except IndexError:\n"
        "        return 0\n"
        "def named(x):\n"
        "    try:\n"
        "        return 1 / x\n"
        "    except ZeroDivisionError as exc:\n"
        "        return str(exc)\n"
    )
    assert _evaluate(code, "parse", "'4'") == StaticValue(value="50")
    assert _evaluate(code, "parse", "'x'") == StaticValue(value="-10")
    assert _evaluate(code, "lookup", "{}") == StaticValue(raises="KeyError")
    assert _evaluate(code, "named", "0") == StaticValue(unknown="names the exception it catches")
