"""Facts the planner decides from (gathered in the one walk): what a statement surely binds,
except names, the names its code holds, prints and figures, what cannot run in a function,
a function's unused imports and the literal calls a test can make."""

from __future__ import annotations

from conftest import make_notebook

from nb2mod.analysis import analyze
from nb2mod.analysis.facts import Analysis, StatementFacts
from nb2mod.notebook import read_notebook


def facts(*cells: str) -> Analysis:
    return analyze(read_notebook(make_notebook(*cells)))


def statements(code: str) -> tuple[StatementFacts, ...]:
    return facts(code).cells[0].statements


def test_surely_bound_names_by_kind_of_statement() -> None:
    sure = [
        s.surely_binds
        for s in statements(
            "a = 1\n"
            "def f():\n    global g\n    g = 2\n"
            "f()\n"
            "with open('x') as h:\n    b = 3\n    with h:\n        c = 4\n    if b:\n        d = 5\n"
            "for i in range(3):\n    e = i\n"
            "try:\n    t = 1\nexcept ValueError as err:\n    t = 2\n"
            "if a:\n    u = 1\nelse:\n    u = 2\n"
        )
    ]
    assert sure == [("a",), ("f",), ("g",), ("h", "b", "c"), (), ("t",), ("u",)]


def test_except_names_assignments_and_deletes_of_compound_statements() -> None:
    loop = statements(
        "for i in range(3):\n"
        "    try:\n        x = i\n    except KeyError as e:\n        del x\n"
        "    def inner():\n        try:\n            pass\n        except OSError as nested:\n"
        "            pass\n"
    )[0]
    assert loop.handlers == ("e",)  # not ``nested``: a function's own handler
    assert loop.assigns == ("i", "x", "inner")
    assert loop.deletes == ("x",)


def test_names_held_anywhere_in_a_statement() -> None:
    (statement,) = statements(
        "def f(a, *, b=np.pi) -> pd.DataFrame:\n"
        "    import os as system\n"
        "    c = [a for a in range(b)]\n"
        "    del c\n"
        "    return lambda z: z + a + a\n"
    )
    assert dict(statement.reads) == {"np": 1, "pd": 1, "range": 1, "b": 1, "z": 1, "a": 3}
    assert statement.writes == {"c", "a"}
    assert statement.binders == {"f", "a", "b", "z", "system"}


def test_prints_a_log_record_can_say_and_lines_that_show_figures() -> None:
    (statement,) = statements(
        "if ok:\n"
        "    print('a', x, sep='-')\n"
        "    print(x, end='')\n"
        "    plt.show()\n"
        "    def draw():\n        plt.show()\n"
        "    import this\n"
    )
    assert statement.log_prints == 1
    assert statement.read_count("print") == 2
    assert statement.shows == (("plt", False), ("plt", True))
    assert statement.effect_import


def test_names_passed_whole_as_arguments() -> None:
    (statement,) = statements("result = apply(f, key=g, value=h(1), n=k.x)\n")
    assert statement.arguments == {"f", "g"}


def test_statements_that_cannot_run_inside_a_function() -> None:
    runs = [
        s.runs_in_function
        for s in statements(
            "await asyncio.sleep(0)\n"
            "async def ok():\n    await asyncio.sleep(0)\n"
            "if x:\n    from os import *\n"
            "for i in y:\n    break\n"
            "x = [i async for i in z]\n"
            "global g\n"
        )
    ]
    assert runs == [False, True, False, True, False, True]


def test_a_functions_own_imports_it_never_reads() -> None:
    (function,) = facts(
        "def f(x):\n"
        "    import os, sys\n"
        "    import numpy as np\n"
        "    from json import dumps, loads\n"
        "    if x:\n        import re\n"
        "    '''uses loads'''\n"
        "    return np.sum(x) + os.sep\n"
    ).functions
    assert function.unused_imports == ("dumps", "sys")


def test_literal_calls_of_notebook_functions() -> None:
    analysis = facts(
        "def area(w, h=1):\n    return w * h\n",
        "area(2)\narea(2)\narea(3, h=2.5)\narea(w, 1)\nprint(area(*sizes))\narea([1, 2], h={'a': 1})\n"
        "area(9)",
    )
    (function,) = analysis.functions
    assert [c.args for c in function.literal_calls] == ["2", "3, h=2.5", "[1, 2], h={'a': 1}"]
    # worked out statically: 2 * 1, 3 * 2.5, and a list times a dict raises TypeError
    assert [(c.value, c.raises) for c in function.literal_calls] == [
        ("2", None),
        ("7.5", None),
        (None, "TypeError"),
    ]
