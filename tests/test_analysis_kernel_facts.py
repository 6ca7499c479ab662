"""The facts behind NB111-NB114: history reads and the cells they name, discarded expensive
results, working-directory paths, interactive input effects, a notebook's repository depth."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_notebook, write_notebook

from nb2mod.analysis import analyze
from nb2mod.analysis.cwd_paths import levels_up
from nb2mod.analysis.facts import Analysis
from nb2mod.notebook import project_depth, read_notebook


def facts(*cells: str, counts: tuple[int | None, ...] | None = None) -> Analysis:
    data = make_notebook(*cells)
    for cell, count in zip(data["cells"], counts or (), strict=False):
        cell["execution_count"] = count
    return analyze(read_notebook(data, path="nb.ipynb"))


def reads(analysis: Analysis) -> list[tuple[int, str, str, int | None, str]]:
    return [(h.cell, h.name, h.kind, h.refers_to, h.basis) for h in analysis.history_reads]


def test_numbered_history_names_the_cell_with_that_stored_count() -> None:
    analysis = facts("a = 1\na", "b = 2\nb", "x = _5 + Out[2]\ny = In[9]", counts=(5, 2, 7))
    assert reads(analysis) == [
        (3, "_5", "output", 1, "stored count"),
        (3, "Out[2]", "output", 2, "stored count"),
        (3, "In[9]", "input", None, "unknown"),
    ]
    assert [(h.line, h.col) for h in analysis.history_reads] == [(1, 5), (1, 10), (2, 5)]


def test_without_stored_counts_a_number_is_the_nth_cell_of_a_run_from_the_top() -> None:
    analysis = facts("a = 1", "", "a", "print(_3, _i1, _, __, _ii)", counts=(None,) * 4)
    assert reads(analysis) == [
        (4, "_3", "output", None, "unknown"),  # the 3rd non-empty code cell is cell 4 itself
        (4, "_i1", "input", 1, "top-to-bottom run"),
        (4, "_", "output", 3, "top-to-bottom run"),  # cell 3 shows a result
        (4, "__", "output", None, "unknown"),  # no second one
        (4, "_ii", "input", 1, "top-to-bottom run"),
    ]


def test_a_name_the_notebook_binds_is_its_own_variable_not_history() -> None:
    analysis = facts(
        "for _ in range(2):\n    pass", "print(_)", "_i = 3\n_i", "def f():\n    return _5"
    )
    assert reads(analysis) == []  # a function body's reads are not the cell's


@pytest.mark.parametrize(
    ("cell", "call"),
    [
        ('pd.read_csv("a.csv")', "pandas.read_csv"),
        ('pd.read_csv("a.csv").describe()', "pandas.read_csv"),
        ("LogisticRegression().fit(X, y)", ".fit()"),
        ("cross_val_score(m, X, y)", "sklearn.model_selection.cross_val_score"),
    ],
)
def test_a_lone_expression_doing_expensive_work_is_discarded(cell: str, call: str) -> None:
    imports = (
        "import pandas as pd\nfrom sklearn.linear_model import LogisticRegression\n"
        "from sklearn.model_selection import cross_val_score"
    )
    (found,) = facts(imports, cell).discarded_results
    assert (found.cell, found.line, found.call) == (2, 1, call)


@pytest.mark.parametrize(
    "cell",
    [
        'df = pd.read_csv("a.csv")',
        "model.fit(X, y)",
        'x = 1\npd.read_csv("a.csv")',
        'print(pd.read_csv("a.csv"))',
        'pd.read_csv("a.csv").plot()',
        'frames.append(pd.read_csv("a.csv"))',
        "df.groupby('a').sum()",
    ],
)
def test_kept_or_purposeful_work_is_not_discarded(cell: str) -> None:
    assert facts("import pandas as pd", cell).discarded_results == ()


@pytest.mark.parametrize(
    ("text", "up"),
    [
        ("../data/x.csv", 1),
        ("../../x.csv", 2),
        ("..\\..\\x.csv", 2),
        ("../a/../../b", 2),
        ("data/../x.csv", 0),
        ("./data/x.csv", 0),
        ("/abs/../x", 0),
        ("~/x", 0),
        ("https://h/../x", 0),
        ("C:/../x", 0),
    ],
)
def test_levels_up(text: str, up: int) -> None:
    assert levels_up(text) == up


def test_working_directory_paths_relative_literals_and_cwd_built_paths() -> None:
    analysis = facts(
        "import os\nfrom pathlib import Path",
        'a = open("../../x.txt")\nb = os.path.join(os.getcwd(), "m")\nprint(os.getcwd())',
        "here = Path.cwd()\nfiles = list(here.glob('*'))\nroot = os.getcwd()",
        "names = os.listdir(root)",
    )
    found = [
        (p.cell, p.line, p.kind, p.detail, p.levels_up) for p in analysis.working_directory_paths
    ]
    assert found == [
        (2, 1, "relative", "../../x.txt", 2),
        (2, 2, "cwd", "os.getcwd()", 0),
        (3, 3, "cwd", "os.getcwd()", 0),  # named root, listed in cell 4
    ]


def test_input_getpass_and_interact_are_input_effects() -> None:
    analysis = facts(
        "import getpass\nimport ipywidgets as w",
        'a = input("?")\nb = getpass.getpass()\nw.interact(f, x=1)\nc = getpass.getuser()',
    )
    effects = [(e.line, e.call) for e in analysis.cells[1].effects if e.kind == "input"]
    assert effects == [(1, "input"), (2, "getpass.getpass"), (3, "ipywidgets.interact")]


def test_project_depth_is_counted_from_the_nearest_git_folder(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    deep = tmp_path / "repo" / "notebooks" / "eda"
    deep.mkdir(parents=True)
    assert project_depth(write_notebook(deep / "a.ipynb", "x = 1")) == 2
    assert read_notebook(deep / "a.ipynb").project_depth == 2
    assert project_depth(write_notebook(tmp_path / "repo" / "b.ipynb", "x = 1")) == 0
    assert read_notebook(make_notebook("x = 1")).project_depth is None
