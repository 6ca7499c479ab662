"""The planner: steps from headings/tags/cells, dataflow between steps, magics, names."""

from __future__ import annotations

import pytest
from conftest import make_notebook

from nb2mod.analysis import analyze
from nb2mod.errors import ConfigError
from nb2mod.identifiers import snake_identifier as identifier
from nb2mod.ipython_syntax import Magic
from nb2mod.notebook import read_notebook
from nb2mod.plan import package_name, plan_conversion
from nb2mod.plan.flows import Unit, final_results, step_flows
from nb2mod.plan.magics import install_packages, plan_magic, timed_statement
from nb2mod.plan.naming import unique_names
from nb2mod.plan.steps import group_cells, step_level
from nb2mod.settings import Settings


def plan_of(*cells, **settings):  # type: ignore[no-untyped-def]
    notebook = read_notebook(make_notebook(*cells), path="demo.ipynb")
    return plan_conversion(analyze(notebook), Settings(**settings))


# -- dataflow on hand-built units (no analyzer involved) -------------------------------


def test_a_step_that_mutates_returns_the_mutated_name() -> None:
    units = [
        Unit(0, reads=(), writes=("df",)),
        Unit(1, reads=("df",), writes=("df",)),  # df.dropna(inplace=True)
        Unit(2, reads=("df",), writes=("rows",)),
    ]
    flows = step_flows(units, 3, outside=set())
    assert [f.params for f in flows] == [(), ("df",), ("df",)]
    assert [f.returns for f in flows] == [("df",), ("df",), ("rows",)]


def test_names_read_before_any_definition_are_undefined() -> None:
    units = [Unit(0, reads=("ghost",), writes=("x",)), Unit(0, reads=("x",), writes=())]
    (flow,) = step_flows(units, 1, outside=set())
    assert flow.undefined == ("ghost",)
    assert flow.params == ()


def test_a_name_read_before_its_first_write_is_undefined_even_in_one_statement() -> None:
    (flow,) = step_flows([Unit(0, reads=("total",), writes=("total",))], 1, outside=set())
    assert flow.undefined == ("total",)


def test_a_function_body_may_read_a_name_its_step_writes_later() -> None:
    units = [Unit(0, ("later",), ("f",), is_definition=True), Unit(0, (), ("later",))]
    (flow,) = step_flows(units, 1, outside=set())
    assert flow.undefined == ()


def test_a_name_a_branch_may_rebind_comes_in_as_a_parameter() -> None:
    units = [
        Unit(0, (), ("a",)),
        Unit(1, ("c",), ("a",), maybe_writes=("a",)),  # if c > 3: a = 0
        Unit(2, ("a",), ("total",)),
    ]
    flows = step_flows(units, 3, outside={"c"})
    assert flows[1].params == ("a",)  # its value when the branch does not run
    assert flows[1].returns == ("a",)


def test_a_maybe_bound_name_with_a_maybe_bound_earlier_value_comes_in_as_a_parameter() -> None:
    units = [
        Unit(0, (), ("k",), maybe_writes=("k",)),  # for k in range(n): ...
        Unit(1, (), ("k",), maybe_writes=("k",)),
    ]
    flows = step_flows(units, 2, outside=set())
    assert flows[0].returns == ("k",)  # bound or UNBOUND (plan.returns settles which)
    assert flows[1].params == ("k",)  # step 0's value when step 1's loop does not run


def test_a_maybe_bound_name_nothing_binds_before_is_not_a_parameter() -> None:
    units = [Unit(0, (), ("a",)), Unit(1, (), ("k",), maybe_writes=("k",))]
    flows = step_flows(units, 2, outside=set())
    assert flows[1].params == ()
    assert flows[1].returns == ("k",)


def test_outside_names_are_not_parameters() -> None:
    units = [Unit(0, (), ("x",)), Unit(1, ("x", "np", "len"), ("y",))]
    flows = step_flows(units, 2, outside={"np", "len"})
    assert flows[1].params == ("x",)


def test_results_are_names_whose_last_write_is_never_read() -> None:
    units = [
        Unit(0, (), ("a", "b")),
        Unit(1, ("a",), ("c",)),
        Unit(1, (), ("_hidden", "f"), is_definition=True),
        Unit(2, ("b",), ("b",)),
    ]
    assert final_results(units, outside=set()) == ["b", "c"]  # in order of first write


# -- steps ------------------------------------------------------------------------------


def test_step_level_is_the_most_common_level_below_a_lone_title() -> None:
    notebook = read_notebook(
        make_notebook(("markdown", "# Title"), ("markdown", "## A"), ("markdown", "## B\n### x"))
    )
    assert step_level(notebook) == 2


def test_headings_group_cells_and_code_before_them_is_setup() -> None:
    notebook = read_notebook(
        make_notebook(
            "a = 1", ("markdown", "## Load data"), "b = a", "c = b", ("markdown", "## Fit"), "d = c"
        )
    )
    groups = group_cells(notebook, "headings", 0)
    assert [(g.title, g.cells) for g in groups] == [
        ("setup", (1,)),
        ("Load data", (3, 4)),
        ("Fit", (6,)),
    ]


def test_split_by_cells_and_no_headings_give_one_step_per_cell() -> None:
    notebook = read_notebook(make_notebook("a = 1", "b = a"))
    assert [g.cells for g in group_cells(notebook, "headings", 0)] == [(1,), (2,)]
    assert [g.title for g in group_cells(notebook, "cells", 2)] == ["cell 1", "cell 2"]


def test_tags_start_steps() -> None:
    data = make_notebook("a = 1", "b = 2", "c = 3")
    data["cells"][1]["metadata"]["tags"] = ["step:train"]
    groups = group_cells(read_notebook(data), "tags", 0)
    assert [(g.title, g.cells) for g in groups] == [("setup", (1,)), ("train", (2, 3))]


def test_step_names_are_identifiers_and_unique() -> None:
    assert identifier("2. Load the Data!", "step") == "load_the_data"
    assert identifier("???", "step") == "step"
    names = unique_names(["Plot", "Plot", "Plot!", "list"], taken={"df"})
    assert names == ["plot", "plot_step", "plot_2", "list_step"]


def test_duplicate_headings_give_distinct_step_names() -> None:
    plan = plan_of(("markdown", "## Go"), "a = 1", ("markdown", "## Go"), "b = a")
    assert [s.name for s in plan.steps] == ["go", "go_step"]
    assert plan.steps[1].params == ("a",)


# -- decisions on real analysis ---------------------------------------------------------


def test_function_reading_a_global_gets_it_as_a_keyword_parameter() -> None:
    plan = plan_of("k = [2]", "def f(x):\n    return x * k[0]", "y = f(3)")
    (definition,) = plan.definitions
    assert (definition.name, definition.added_params, definition.pure) == ("f", ("k",), False)
    assert plan.steps[-1].params == ("k",)


def test_function_redefined_later_stays_in_its_steps() -> None:
    plan = plan_of("def f():\n    return 1", "a = f()", "def f():\n    return 2", "b = f()")
    assert plan.definitions == ()


def test_seeds_cover_every_random_library_used() -> None:
    plan = plan_of("import random\nimport numpy as np\nnp.random.seed(7)", "x = random.random()")
    assert plan.seed_libraries == ("random", "numpy")
    assert plan.field_named(plan.seed_field).default == 7  # type: ignore[union-attr]


def test_a_seed_given_by_a_lifted_constant_uses_that_field() -> None:
    plan = plan_of("import numpy as np\nSEED = 42\nnp.random.seed(SEED)", "x = np.random.rand()")
    assert plan.seed_field == "seed"
    assert plan.field_named("seed").default == 42  # type: ignore[union-attr]
    assert [f.name for f in plan.config_fields if "seed" in f.name] == ["seed"]


def test_imports_are_module_level_and_deduplicated() -> None:
    plan = plan_of("import numpy as np", "import numpy as np\nx = np.zeros(2)")
    assert [i.statement() for i in plan.imports] == ["import numpy as np"]


def test_package_name() -> None:
    assert package_name(None, "My Analysis (v2)", []) == "my_analysis_v2"
    assert package_name(None, "json", []) == "json_pipeline"
    assert package_name(None, "pandas", ["pandas"]) == "pandas_pipeline"
    assert (
        package_name(None, "2021 report", []) == "nb_2021_report"
        or package_name(None, "2021 report", []).isidentifier()
    )
    with pytest.raises(ConfigError):
        package_name("not a name", "x", [])


# -- magics -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "name", "args", "action"),
    [
        ("line_magic", "matplotlib", "inline", "drop"),
        ("line_magic", "load_ext", "autoreload", "drop"),
        ("line_magic", "autoreload", "2", "drop"),
        ("line_magic", "config", "InlineBackend.x = 1", "drop"),
        ("line_magic", "pip", "install requests", "requirement"),
        ("shell", "!", "pip install -q tabulate==0.9", "requirement"),
        ("line_magic", "time", "x = 1", "timed"),
        ("line_magic", "timeit", "-n 10 f(x)", "timed"),
        ("cell_magic", "writefile", "out.txt", "writefile"),
        ("line_magic", "run", "other.ipynb", "run_todo"),
        ("line_magic", "cd", "/tmp", "todo"),
        ("shell", "!", "ls", "todo"),
        ("cell_magic", "bash", "", "todo"),
        ("help", "pinfo", "len", "drop"),
    ],
)
def test_magic_actions(kind: str, name: str, args: str, action: str) -> None:
    assert plan_magic(Magic(kind, name, args, 1, 1)).action == action  # type: ignore[arg-type]


def test_install_arguments_and_timeit_options() -> None:
    assert install_packages("-q -r reqs.txt numpy pandas>=2 --upgrade") == ("numpy", "pandas>=2")
    assert timed_statement("-n 10 -r 3 f(x)") == "f(x)"
    assert timed_statement("-q sum(range(9))") == "sum(range(9))"


def test_a_displayed_constant_is_logged_like_any_display() -> None:
    plan = plan_of("x = 1", "1 + 2")
    actions = [ref.action for step in plan.steps for ref in step.statements if ref.cell == 2]
    assert actions == ["debug"]
    assert not [d for d in plan.dropped if d.cell == 2 and d.what != "display-only expression"]


def test_an_except_name_is_gone_after_its_handler() -> None:
    plan = plan_of(
        ("markdown", "# T\n## One"),
        "e = 5",
        ("markdown", "## Two"),
        "try:\n    x = 1 // 0\nexcept ZeroDivisionError as e:\n    x = -1",
        "y = x + 1",
    )
    two = plan.steps[1]
    assert "e" not in two.params  # no earlier value is needed: the handler deletes it
    assert "e" not in plan.results
