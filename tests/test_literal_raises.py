"""Statements that raise on their literals alone: the analysis fact (raises / does not raise /
cannot tell), the plan's expected stop, and a converted package whose end-to-end test
expects it (and fails when the statement no longer raises)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_notebook, write_notebook
from test_generated_tests import run_generated_tests

from nb2mod.analysis.analyzer import analyze
from nb2mod.conversion import convert
from nb2mod.notebook import read_notebook
from nb2mod.plan.planner import plan_conversion


def _raises(*cells: str) -> list[tuple[int, int, str, str]]:
    analysis = analyze(read_notebook(make_notebook(*cells)))
    return [(r.cell, r.line, r.exception, r.message) for r in analysis.literal_raises]


TUPLE = "'tuple' object does not support item assignment"

RAISES = [
    (("assert 123 == 593",), [(1, 1, "AssertionError", "")]),
    (("x = 1", "assert x == 2, 'x is ' + str(x)"), [(2, 1, "AssertionError", "x is 1")]),
    (("t = (1, 2, 3)", "t = 1, 2, 3\nprint(t)", "t[1] = 4"), [(3, 1, "TypeError", TUPLE)]),
    (("t = (1, 2)\ndel t[0]",), [(1, 2, "TypeError", "'tuple' object doesn't support item deletion")]),
    (("s = 'abc'", "s.upper = 1"), [(2, 1, "AttributeError", "'str' object attribute 'upper' is read-only")]),
    (("line = 'a fox'", "line.index('bear')"), [(2, 1, "ValueError", "substring not found")]),
    # the last binding before the use gives the value (every binding a top-level name = value)
    (("line = 'a bear'", "line.index('bear')", "line = 'a fox'", "line.index('bear')"),
     [(4, 1, "ValueError", "substring not found")]),
    (("n = 0", "ratio = 1 / n"), [(2, 1, "ZeroDivisionError", "division by zero")]),
    (("def half(n):\n    return n // 2", "assert half(4) == 3"), [(2, 1, "AssertionError", "")]),
    (("raise RuntimeError('stop here')",), [(1, 1, "RuntimeError", "stop here")]),
    # magics that bind no name of the notebook, and shell escapes, leave names replaceable
    (("%matplotlib inline\nt = (1, 2)", "!ls", "t[0] = 4"), [(3, 1, "TypeError", TUPLE)]),
]  # fmt: skip

NOT_RAISES = [
    ("assert 1 == 1",),
    ("t = (1, 2, 3)", "t[0]"),
    ("line = 'a fox'", "line.index('fox')"),
    ("L = [1, 2]", "L[1] = 4"),  # a list may be changed: and it does not raise
]

UNKNOWN = [
    ("t = (1, 2)", "t = [1, 2]", "t[1] = 4"),  # bound to a list: its value is not replaced
    ("t = (1, 2)", "for t in [[1], [2]]:\n    pass", "t[0] = 4"),  # also bound by a for
    ("t = (1, 2)", "def f():\n    global t\n    t = [1]", "t[0] = 4"),  # a global in a function
    ("t = (1, 2)", "t += (3,)", "t[0] = 4"),  # augmented
    ("t = (1, 2)", "del t", "t[0] = 4"),
    ("t = (1, 2)", "if (t := [1]):\n    pass", "t[0] = 4"),  # walrus
    ("t = (1, 2)", "import t", "t[0] = 4"),
    ("t = (1, 2)", "try:\n    pass\nexcept Exception as t:\n    pass", "t[0] = 4"),
    ("t = (1, 2)", "with open('f') as t:\n    pass", "t[0] = 4"),
    ("t[0] = 4", "t = (1, 2)"),  # bound after the use
    ("t = (1, 2)", "from os.path import *", "t[0] = 4"),  # a star import may bind anything
    ("t = (1, 2)", "globals()['t'] = [1]", "t[0] = 4"),
    ("import builtins as b\nb.len = lambda x: 1", "assert len([]) == 1"),
    ("t = (1, 2)", "%run other.py", "t[0] = 4"),  # a magic that may bind names
    ("import os\nt = os.sep", "t[0] = 'x'"),  # a value nb2mod cannot compute
    ("t = (1, [2])", "t[0] = 4"),  # a tuple holding a list: not immutable
    ("x = 1", "if x == 1:\n    assert x == 2"),  # conditional
    ("x = 1", "for _ in range(2):\n    assert x == 2"),
    ("try:\n    assert 1 == 2\nexcept AssertionError:\n    pass",),
    ("def f():\n    assert 1 == 2",),
    ("assert len([]) == 1", "len = lambda x: 1"),  # the notebook rebinds the builtin
    ("class ValueError(Exception):\n    pass", "raise ValueError('mine')"),
    ("'abc'.index(undefined_name)",),
    ("print(1 / 0)",),  # print is not the evaluator's: nothing is claimed
]


@pytest.mark.parametrize(("cells", "expected"), RAISES)
def test_a_statement_that_raises_on_its_literals_is_a_fact(cells, expected) -> None:
    assert _raises(*cells) == expected


@pytest.mark.parametrize("cells", NOT_RAISES + UNKNOWN)
def test_no_fact_where_it_does_not_raise_or_nb2mod_cannot_tell(cells) -> None:
    assert _raises(*cells) == []


def test_the_fact_names_the_bindings_it_relies_on() -> None:
    analysis = analyze(read_notebook(make_notebook("t = (1, 2)", "u = t", "u[0] = 5")))
    (fact,) = analysis.literal_raises
    assert (fact.cell, fact.index, fact.code, fact.relies) == (3, 0, "u[0] = 5", ((1, 0), (2, 0)))


def _stops(*cells: str | tuple[str, str]) -> list[tuple[str, int, tuple[str, ...], str, str]]:
    plan = plan_conversion(analyze(read_notebook(make_notebook(*cells))))
    return [(s.step, s.cell, s.exceptions, s.text, s.why) for s in plan.tests.stops]


def test_the_plan_expects_run_to_stop_at_the_first_such_statement_only() -> None:
    cells = (
        ("markdown", "## One"), "line = 'a fox'\nline.index('bear')",
        ("markdown", "## Two"), "assert 1 == 2",
    )  # fmt: skip
    why = "cell 2 line 2: line.index('bear') raises ValueError on its literals alone (substring not found)"
    assert _stops(*cells) == [("one", 2, ("ValueError",), "substring not found", why)]


def test_no_stop_after_a_step_that_stops_on_hidden_state_first() -> None:
    stops = _stops("total = count + 1", "assert 1 == 2")
    assert [s[2] for s in stops] == [("PipelineError",)]


def test_no_stop_where_a_literal_becomes_a_path_under_data_dir() -> None:
    cells = ("import pandas as pd\npath = 'data.csv'\ndf = pd.read_csv(path)", "assert path == 'x'")
    assert _raises(*cells) == [(2, 1, "AssertionError", "")]  # the package reads data_dir/data.csv
    assert not any(s[2] == ("AssertionError",) for s in _stops(*cells))


def test_the_generated_suite_expects_the_raise_and_fails_when_it_does_not_happen(
    tmp_path: Path,
) -> None:
    notebook = write_notebook(tmp_path / "strings.ipynb", "line = 'a fox'", "line.index('bear')")
    out = tmp_path / "out"
    convert(str(notebook)).write(out)
    code, output = run_generated_tests(out, "-rsx")
    assert code == 0 and "1 xfailed" in output, output
    assert "line.index('bear') raises ValueError on its literals alone" in output
    report = (out / "CONVERSION.md").read_text(encoding="utf-8")
    assert "## Where run() stops" in report and "it raises `ValueError`" in report
    pipeline = next(out.glob("*/pipeline.py"))
    text = pipeline.read_text(encoding="utf-8")
    pipeline.write_text(text.replace("'bear'", "'fox'").replace('"bear"', '"fox"'), "utf-8")
    code, output = run_generated_tests(out, "-rsx")  # it does not raise: strict xfail fails
    assert code == 1 and "XPASS(strict)" in output, output
    pipeline.write_text(text.replace('index("bear")', 'index("bear", 1, "x")'), "utf-8")
    code, output = run_generated_tests(out, "-rsx")  # it raises otherwise (TypeError): fails
    assert code == 1 and "TypeError" in output and "xfailed" not in output, output


def test_no_config_test_where_run_surely_stops_before_the_read_it_breaks() -> None:
    read = "import pandas as pd\ndf = pd.read_csv('data.csv')\nprint(df.shape)"
    stopped = plan_conversion(analyze(read_notebook(make_notebook("assert 1 == 2", read))))
    assert stopped.tests.broken_input is None  # run() never gets to the read
    after = plan_conversion(analyze(read_notebook(make_notebook(read, "assert 1 == 2"))))
    assert after.tests.broken_input is not None and after.tests.stops  # the read comes first
    hidden = plan_conversion(analyze(read_notebook(make_notebook("total = count + 1", read))))
    assert hidden.tests.broken_input is None  # the step starts by raising for hidden state
