"""The plan's decisions about pipeline.py as a module: imports, helpers, globals, returns,
tests; all from the facts, before any code is written."""

from __future__ import annotations

import ast

import pytest
from conftest import make_notebook

from nb2mod.analysis import analyze
from nb2mod.notebook import read_notebook
from nb2mod.plan import plan_conversion
from nb2mod.plan.generated_names import ROLES
from nb2mod.plan.helpers import HELPERS
from nb2mod.plan.model import Plan


def plan_of(*cells: str | tuple[str, str]) -> Plan:
    return plan_conversion(analyze(read_notebook(make_notebook(*cells))))


_RENAMED = tuple((role, f"{role}_2") for role in ROLES)


@pytest.mark.parametrize("renamed", [(), _RENAMED], ids=["own names", "all renamed"])
@pytest.mark.parametrize("name", [n for n, h in HELPERS.items() if h.code])
def test_each_helper_lists_the_names_its_code_holds(
    name: str, renamed: tuple[tuple[str, str], ...]
) -> None:
    plan = Plan("p", "n.ipynb", (), renamed_generated=renamed)
    tree = ast.parse(HELPERS[name].render(plan))
    nodes = list(ast.walk(tree))
    reads = {n.id for n in nodes if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    writes = {n.id for n in nodes if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    defs = (ast.FunctionDef, ast.ClassDef, ast.ExceptHandler)
    binds = {n.name for n in nodes if isinstance(n, defs)}
    binds |= {n.arg for n in nodes if isinstance(n, ast.arg)}
    binds |= {(n.asname or n.name) for n in nodes if isinstance(n, ast.alias)}
    assert HELPERS[name].names(plan) == (reads, writes, binds - {None})


def test_an_import_stays_when_the_code_names_it_and_a_shown_figure_does_not_count() -> None:
    plan = plan_of(
        "import os\nimport matplotlib.pyplot as plt\nimport seaborn as sns\nimport json",
        "sns.histplot([1, 2])\nplt.show()",
        "print(os.sep)",
    )
    assert plan.pipeline_imports == (
        "import logging",
        "import os",
        "import sys",
        "from typing import Any",
        "",
        "import seaborn as sns",
        "",
        "from notebook.config import Config",
    )  # json is unused; plt.show() became figures.shown(): plt is unused too; isort's groups
    assert plan.helpers == ("figures",)
    assert "matplotlib.pyplot" in plan.imported_modules  # figures saves what it draws


def test_from_imports_of_one_module_share_a_line() -> None:
    plan = plan_of("from math import sqrt\nfrom math import pi\nx = sqrt(pi)")
    assert "from math import pi, sqrt" in plan.pipeline_imports  # names sorted, as isort does


def test_a_print_imported_from_a_library_goes_when_every_print_is_logged() -> None:
    assert (
        "from rich import print"
        not in plan_of("from rich import print\nprint('x')").pipeline_imports
    )
    kept = plan_of("from rich import print\nprint('x', end='')").pipeline_imports
    assert "from rich import print" in kept


def test_a_step_declares_global_only_the_module_state_it_assigns() -> None:
    plan = plan_of(
        "counter = 0\ndef bump():\n    global counter\n    counter += 1",
        "bump()\ntotal = counter",
        "counter = 10",
    )
    assert [s.globals for s in plan.steps] == [("counter",), (), ("counter",)]


def test_returns_are_limited_to_names_surely_bound() -> None:
    plan = plan_of(
        "for i in range(0):\n    last = i\ntry:\n    v = 1\nexcept ValueError as e:\n    pass",
        "print(v)",
    )
    first = plan.steps[0]
    assert "last" not in first.returns and "e" not in first.returns and "v" in first.returns
    assert "last" not in plan.results


def test_a_pure_function_is_tested_on_the_literal_calls_of_the_notebook() -> None:
    plan = plan_of("def double(x):\n    return 2 * x", "double(3)\ndouble(y)")
    (definition,) = plan.definitions
    assert [(c.args, c.value) for c in definition.test_calls] == [("3", "6")]


def test_a_statement_that_cannot_run_in_a_function_is_planned_as_a_comment() -> None:
    plan = plan_of("import asyncio", "await asyncio.sleep(0)\nx = 1")
    refs = [r for s in plan.steps for r in s.statements]
    assert [r.as_comment for r in refs] == [True, False]


def test_an_except_name_inside_a_function_deletes_no_module_name() -> None:
    plan = plan_of(
        "e = 2.718",
        "for i in range(2):\n    def f():\n        try:\n            pass\n"
        "        except OSError as e:\n            pass",
        "print(e)",
    )
    assert plan.steps[2].params == ("e",)  # the first cell's e, still bound
