"""FunctionFacts: params, globals read/written/mutated, calls, purity; classes over methods."""

from __future__ import annotations

import textwrap

from conftest import make_notebook

from nb2mod.analysis import analyze
from nb2mod.analysis.facts import Analysis, FunctionFacts
from nb2mod.notebook import read_notebook


def analysis_of(*cells: str) -> Analysis:
    return analyze(read_notebook(make_notebook(*(textwrap.dedent(c) for c in cells))))


def function(analysis: Analysis, name: str) -> FunctionFacts:
    return next(f for f in analysis.functions if f.name == name)


def test_function_appending_to_global_list_and_reading_constant() -> None:
    analysis = analysis_of(
        "results = []\nLIMIT = 10",
        """
        def record(value):
            if value > LIMIT:
                results.append(value)
            return value
        """,
    )
    facts = function(analysis, "record")
    assert (facts.cell, facts.line, facts.end_line) == (2, 2, 5)
    assert facts.params == ("value",)
    assert facts.reads_globals == ("LIMIT", "results")
    assert facts.mutates_globals == ("results",)
    assert facts.writes_globals == ()
    assert not facts.pure


def test_pure_function_reads_only_constants_imports_and_functions() -> None:
    analysis = analysis_of(
        "import math\nSCALE = 2.0",
        "def helper(x):\n    return math.sqrt(x)",
        "def scaled(x, *rest, k=1, **kw):\n    local = helper(x) * SCALE\n    return local",
    )
    facts = function(analysis, "scaled")
    assert facts.params == ("x", "rest", "k", "kw")
    assert facts.reads_globals == ("helper", "math", "SCALE")
    assert facts.calls == ("helper",)
    assert facts.pure


def test_reading_a_changing_global_or_printing_is_impure() -> None:
    analysis = analysis_of(
        "df = load()\ndf = df.dropna()",
        "def size():\n    return len(df)",
        "def shout(x):\n    print(x)",
    )
    assert function(analysis, "size").reads_globals == ("df",)
    assert not function(analysis, "size").pure
    shout = function(analysis, "shout")
    assert [e.kind for e in shout.effects] == ["print"]
    assert not shout.pure


def test_global_statement_is_a_write() -> None:
    analysis = analysis_of("count = 0", "def bump():\n    global count\n    count += 1")
    facts = function(analysis, "bump")
    assert facts.writes_globals == ("count",)
    assert facts.reads_globals == ("count",)
    assert not facts.pure


def test_locals_params_builtins_and_undefined_names_are_not_global_reads() -> None:
    analysis = analysis_of("def f(a):\n    b = a\n    return len(b) + undefined_thing")
    assert function(analysis, "f").reads_globals == ()


def test_transitive_reads_through_called_notebook_functions() -> None:
    analysis = analysis_of(
        "data = [1]", "def inner():\n    return data", "def outer():\n    return inner()"
    )
    assert function(analysis, "outer").reads_globals == ("inner", "data")


def test_class_facts_cover_all_methods_and_init_params() -> None:
    analysis = analysis_of(
        "registry = {}\nRATE = 0.1",
        """
        class Model(object):
            def __init__(self, size, rate=RATE):
                self.size = size
            def register(self):
                registry[self.size] = self
        """,
    )
    facts = function(analysis, "Model")
    assert facts.kind == "class"
    assert facts.params == ("size", "rate")
    assert facts.mutates_globals == ("registry",)
    assert "registry" in facts.reads_globals
    assert facts.mutates_params == ()
    assert analysis.cells[1].uses == ("RATE",)  # default values are read at definition time
