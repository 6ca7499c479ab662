"""Cell defines/uses per binding form: string in, facts out, with hits and misses."""

from __future__ import annotations

import textwrap

import pytest
from conftest import make_notebook

from nb2mod.analysis import analyze
from nb2mod.analysis.facts import CellFacts
from nb2mod.notebook import read_notebook


def cell_facts(source: str) -> CellFacts:
    analysis = analyze(read_notebook(make_notebook(textwrap.dedent(source))))
    return analysis.cells[0]


@pytest.mark.parametrize(
    ("source", "defines", "uses"),
    [
        ("a = b", ["a"], ["b"]),
        ("a, (b, *c) = d", ["a", "b", "c"], ["d"]),
        ("a = b = c", ["a", "b"], ["c"]),
        ("a += 1", ["a"], ["a"]),
        ("a: int = b", ["a"], ["b"]),
        ("a: int", [], []),
        ("for i, j in pairs:\n    total = i", ["i", "j", "total"], ["pairs"]),
        ("with open(p) as fh:\n    text = fh.read()", ["fh", "text"], ["p"]),
        ("try:\n    x = f()\nexcept ValueError as err:\n    x = err", ["x", "err"], ["f"]),
        ("if (n := size()) > 3:\n    m = n", ["n", "m"], ["size"]),
        ("squares = [v * k for v in values if v]", ["squares"], ["values", "k"]),
        ("g = (w for w in ws)\nd = {k: v for k, v in items}", ["g", "d"], ["ws", "items"]),
        ("any(y := v for v in vs)", ["y"], ["vs"]),
        ("import os.path\nimport numpy as np", ["os", "np"], []),
        ("from a.b import c, d as e", ["c", "e"], []),
        ("def f(x, y=default):\n    return x + z", ["f"], ["default"]),
        ("class C(Base):\n    size = 3\n    other = size + k", ["C"], ["Base", "k"]),
        ("f = lambda q: q + r", ["f"], ["r"]),
        ("del a, b", [], ["a", "b"]),
        ("x = 1\nprint(x)", ["x"], []),
        ("print(x)\nx = 1", ["x"], ["x"]),
        ("x = x + 1", ["x"], ["x"]),
        (
            "match cmd:\n    case [first, *rest]:\n        out = first",
            ["first", "rest", "out"],
            ["cmd"],
        ),
    ],
)
def test_binding_forms(source: str, defines: list[str], uses: list[str]) -> None:
    facts = cell_facts(source)
    assert list(facts.defines) == defines
    assert list(facts.uses) == uses


def test_comprehension_variable_does_not_leak_or_count_as_use() -> None:
    facts = cell_facts("out = [i for i in range(3)]\nprint(i)")
    assert "i" not in facts.defines
    assert facts.uses == ("i",)  # the print reads a cell-level i nobody in this cell bound


def test_function_locals_and_params_are_not_cell_names() -> None:
    facts = cell_facts("""
        def f(a):
            b = a + 1
            for c in range(b):
                pass
            return c
        """)
    assert facts.defines == ("f",)
    assert facts.uses == ()


def test_global_statement_in_function_writes_module_name_when_called() -> None:
    facts = cell_facts("""
        def reset():
            global counter
            counter = 0
        reset()
        """)
    assert facts.defines == ("reset", "counter")


def test_del_records_deletes() -> None:
    facts = cell_facts("del a")
    assert facts.deletes == ("a",)
    assert facts.statements[0].deletes == ("a",)


def test_builtins_are_not_uses_unless_rebound_in_the_notebook() -> None:
    analysis = analyze(read_notebook(make_notebook("print(len(x))", "len = 3", "len")))
    assert analysis.cells[0].uses == ("len", "x")
    analysis = analyze(read_notebook(make_notebook("print(len(x))")))
    assert analysis.cells[0].uses == ("x",)


def test_names_read_in_magics_are_uses_and_magic_uses() -> None:
    facts = cell_facts("%timeit -n 3 f(x)\n!echo $path {size + 1}")
    assert facts.magic_uses == ("f", "x", "path", "size")
    assert facts.uses == ("f", "x", "path", "size")


def test_shell_assignment_defines_its_target() -> None:
    assert cell_facts("files = !ls").defines == ("files",)


def test_magics_that_bind_names_define_them() -> None:
    assert cell_facts("%%capture out\nz = 1").defines == ("z", "out")
    assert cell_facts("%store -r model data").defines == ("model", "data")
    assert cell_facts("%store model").defines == ()
