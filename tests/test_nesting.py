"""The nesting guard: code nested beyond what the parsers survive is found before parsing."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import make_notebook

from nb2mod.analysis import analyze
from nb2mod.nesting import MAX_BRACKETS, MAX_DEPTH, nesting_problem
from nb2mod.notebook import read_notebook

JUST_BELOW = {  # the deepest code of each kind the guard lets through
    "brackets": "x = " + "(" * MAX_BRACKETS + "1" + ")" * MAX_BRACKETS,
    "unary minus": "x = " + "-" * (MAX_DEPTH - 1) + "1",
    "lambdas": "f = " + "lambda: " * (MAX_DEPTH - 1) + "1",
    "conditional expressions": "x = " + "a if b else " * (MAX_DEPTH - 1) + "1",
    "calls": "x = a" + "()" * (MAX_DEPTH // 2 - 1),
    "attributes": "x = a" + ".b" * (MAX_DEPTH - 1),
    "and": "x = " + " and ".join(["a"] * MAX_DEPTH),
    "power": "x = " + "2**" * (MAX_DEPTH - 1) + "1",
    "yield": "def f():\n    x = " + "(yield " * (MAX_BRACKETS - 1) + ")" * (MAX_BRACKETS - 1),
    "elif": "if a:\n    pass\n" + "elif a:\n    pass\n" * (MAX_DEPTH - 1),
    "f-string": "x = f'{" + "(" * (MAX_BRACKETS - 1) + "1" + ")" * (MAX_BRACKETS - 1) + "}'",
    "mixed": "x = " + "f(-" * (MAX_BRACKETS - 1) + "1" + ")" * (MAX_BRACKETS - 1),
}


@pytest.mark.parametrize(
    "code, line, reason",
    [
        ("x = " + "(" * 201 + "1" + ")" * 201, 1, "too many nested parentheses"),
        ("a = 1\nx = " + "[" * 300 + "]" * 300, 2, "too many nested parentheses"),
        ("f = " + "lambda: " * 1200 + "1", 1, "about 1200 levels"),
        ("x = a" + ".b" * 1500, 1, "nested too deeply"),
        ("x = " + "-" * 5000 + "1", 1, "nested too deeply"),
        ("x = f'{" + "(" * 300 + "1" + ")" * 300 + "}'", 1, "too many nested parentheses"),
    ],
)
def test_too_deep(code: str, line: int, reason: str) -> None:
    problem = nesting_problem(code)
    assert problem is not None and problem[0] == line and reason in problem[1]


@pytest.mark.parametrize(
    "code",
    [
        *JUST_BELOW.values(),
        "s = '" + "(" * 5000 + "'",  # brackets in a string
        's = """\n' + "(" * 5000 + '\n"""',
        "# " + "(" * 5000,  # and in a comment
        "x = [" + ", ".join(map(str, range(50000))) + "]",  # long but flat
        "\n".join(f"y{i} = a + b * c - d / e" for i in range(5000)),  # many lines
        "x = f'{{" + "(" * 500 + "}}'",  # escaped braces are text
    ],
)
def test_not_too_deep(code: str) -> None:
    assert nesting_problem(code) is None


def test_libcst_survives_everything_the_guard_lets_through() -> None:
    """In a child process, since failing this test means a segfault."""
    script = (
        "import json, sys, libcst\n"
        "for code in json.load(sys.stdin): libcst.parse_module(code + '\\n')\n"
        "print('ok')\n"
    )
    import json

    result = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(list(JUST_BELOW.values())),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (result.returncode, result.stdout) == (0, "ok\n"), result.stderr[-500:]


def test_a_cell_too_deep_to_walk_is_nb001_and_the_others_are_analysed() -> None:
    """About 500 nested lambdas parse, but exhaust Python's recursion in the walk."""
    data = make_notebook("import random\nrandom.random()", "f = " + "lambda: " * 500 + "1")
    analysis = analyze(read_notebook(data, path="deep.ipynb"))
    assert [(d.cell, d.code) for d in analysis.diagnostics] == [(2, "NB001")]
    assert "too deeply to analyse" in analysis.diagnostics[0].message
    assert analysis.randomness  # cell 1 still analysed
