"""Cross-cell facts: def-use edges (mutations are writes), hidden state, order, unsure."""

from __future__ import annotations

import textwrap

import pytest
from conftest import make_notebook

from nb2mod.analysis import analyze
from nb2mod.analysis.dataflow import execution_out_of_order
from nb2mod.analysis.facts import Analysis
from nb2mod.notebook import read_notebook


def analysis_of(*cells: str | tuple[str, str]) -> Analysis:
    return analyze(read_notebook(make_notebook(*cells)))


def edges(analysis: Analysis) -> list[tuple[str, int, int]]:
    return [(e.name, e.from_cell, e.to_cell) for e in analysis.dataflow]


def test_must_show_inplace_and_append_mutations_are_writes_with_edges() -> None:
    analysis = analysis_of(
        "import pandas as pd\ndf = pd.read_csv('a.csv')\nitems = []",
        "df.dropna(inplace=True)",
        "items.append(len(df))",
        "summary = (df.shape, items)",
    )
    assert analysis.cells[1].mutates == ("df",)
    assert analysis.cells[2].mutates == ("items",)
    assert edges(analysis) == [
        ("df", 1, 2),
        ("items", 1, 3),
        ("df", 2, 3),
        ("df", 2, 4),
        ("items", 3, 4),
    ]


def test_must_show_function_reading_constant_and_appending_to_global() -> None:
    analysis = analysis_of(
        "LIMIT = 3\nseen = []",
        textwrap.dedent("""
            def keep(x):
                if x < LIMIT:
                    seen.append(x)
            """),
    )
    (facts,) = analysis.functions
    assert set(facts.reads_globals) == {"LIMIT", "seen"}
    assert facts.mutates_globals == ("seen",)


def test_must_show_numpy_seeding() -> None:
    analysis = analysis_of(
        "import numpy as np\na = np.random.rand(2)", "np.random.seed(0)", "b = np.random.rand(2)"
    )
    assert [(r.cell, r.seeded) for r in analysis.randomness] == [(1, False), (3, True)]


def test_hidden_state_and_defined_later() -> None:
    analysis = analysis_of(
        ("markdown", "# title"), "print(total)\ntotal = 1", "y = x + z", "x = 2", "display(x)"
    )
    got = [(h.name, h.cell, h.line, h.col, h.defined_later_in) for h in analysis.hidden_state]
    assert got == [
        ("total", 2, 1, 7, 2),
        ("x", 3, 1, 5, 4),
        ("z", 3, 1, 9, None),
    ]


def test_ipython_names_and_builtins_are_never_hidden_state() -> None:
    analysis = analysis_of("x = In[0]\ny = Out\nget_ipython()\nprint(len(_))")
    assert analysis.hidden_state == ()


def test_star_import_is_unsure_and_keeps_edges() -> None:
    analysis = analysis_of("from pylab import *", "y = plot(x)")
    assert analysis.hidden_state == ()
    assert edges(analysis) == [("plot", 1, 2), ("x", 1, 2)]
    assert [(u.cell, u.reason) for u in analysis.unsure] == [(1, "star import from pylab")]


def test_dynamic_features_are_unsure() -> None:
    analysis = analysis_of("exec(code)\ng = globals()\nv = vars()\nw = vars(obj)\neval('1')")
    assert [(u.line, u.reason) for u in analysis.unsure] == [
        (1, "exec() makes names dynamic"),
        (2, "globals() makes names dynamic"),
        (3, "vars() makes names dynamic"),
        (5, "eval() makes names dynamic"),
    ]


def test_unparsable_cell_may_define_the_names_it_mentions() -> None:
    analysis = analysis_of("print 'hi'\nrate = 1", "r = rate * other")
    assert edges(analysis) == [("rate", 1, 2)]
    assert [h.name for h in analysis.hidden_state] == ["other"]
    assert analysis.unsure[0].reason.startswith("cell could not be parsed")


def test_redefinitions_and_unused_definitions() -> None:
    analysis = analysis_of(
        "import os\nx = 1\ntmp = 2", "x = 2\nprint(x)", "def helper():\n    return tmp"
    )
    assert [(r.name, r.cells) for r in analysis.redefined] == [("x", (1, 2))]
    assert [(u.name, u.cell) for u in analysis.unused] == [("os", 1), ("x", 1), ("helper", 3)]


def test_execution_out_of_order() -> None:
    nb = make_notebook("a = 1", "b = 2", ("markdown", "m"), "c = 3", "d = 4")
    for cell, count in zip(nb["cells"], [1, 5, None, None, 2], strict=True):
        if cell["cell_type"] == "code":
            cell["execution_count"] = count
    notebook = read_notebook(nb)
    assert execution_out_of_order(notebook.cells) == 5
    assert analyze(notebook).execution_out_of_order == 5
    assert analysis_of("a = 1", "b = 2").execution_out_of_order is None


def test_a_repeated_execution_count_is_out_of_order() -> None:
    nb = make_notebook("a = 1", "b = 2", "c = 3")
    for cell, count in zip(nb["cells"], [6, 7, 7], strict=True):
        cell["execution_count"] = count
    assert execution_out_of_order(read_notebook(nb).cells) == 3


def test_pylab_magic_imports_numpy_pyplot_and_everything_of_pylab() -> None:
    analysis = analysis_of("%pylab inline\nplot(rand(100))\nx = np.ones(2)", "y = plt.gca()")
    assert analysis.cells[0].defines == ("np", "plt", "x")
    assert analysis.hidden_state == ()
    assert [u.reason for u in analysis.unsure] == ["%pylab imports every name of pylab"]
    assert ("plt", 1, 2) in edges(analysis)


@pytest.mark.parametrize(
    "deep, reason",
    [
        ("x = " + " + ".join(["a"] * 3000), "could not be parsed"),  # the nesting guard
        ("x = " + "lambda: " * 500 + "a", "too deeply"),  # parses, but the walk recurses
    ],
)
def test_cell_nested_too_deeply_is_unsure_not_a_crash(deep: str, reason: str) -> None:
    analysis = analysis_of("a = 1", deep, "y = x")
    assert analysis.cells[1].parsed is False
    assert [u.cell for u in analysis.unsure] == [2]
    assert reason in analysis.unsure[0].reason
    assert [(d.cell, d.code) for d in analysis.diagnostics] == [(2, "NB001")]
    assert edges(analysis) == [("x", 2, 3)]  # the cell's text mentions x: it may define it


def test_run_magic_may_define_what_later_cells_read() -> None:
    analysis = analysis_of("%run helpers.py", "value = helper(3)")
    assert analysis.hidden_state == ()
    assert edges(analysis) == [("helper", 1, 2)]
    assert analysis.unsure[0].reason == "%run defines names nb2mod cannot see"
