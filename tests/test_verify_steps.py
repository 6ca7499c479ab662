"""Which values run() passes between steps are compared: the step that binds a name last in
run() must hold the notebook cell that writes it last (pure: the conversion's values + facts)."""

from __future__ import annotations

from nb2mod.analysis.facts import Analysis, CellFacts
from nb2mod.conversion import ConvertedStep
from nb2mod.notebook import Notebook
from nb2mod.sourcemap import CellMark, FileMap, Region
from nb2mod.verification.steps import comparable_step_names, step_bindings

# pipeline.py's steps in run() order, and its map: train's cell 6, a step "empty" that holds
# no cell (all its code was dropped) and unbinds what it returns
STEPS = (
    ConvertedStep("load", (3, 4), ("config",), ("df",)),
    ConvertedStep("train", (6,), ("df",), ("model", "scores")),
    ConvertedStep("report", (8,), ("scores",)),
    ConvertedStep("empty", (9,), (), ("scores",)),
)
MAP = FileMap(
    "demo/pipeline.py",
    (
        Region("definition", "helper", 1, 3, (CellMark(2, 1),)),
        Region("step", "load", 6, 12, (CellMark(3, 8), CellMark(4, 10))),
        Region("step", "train", 15, 19, (CellMark(6, 16),)),
        Region("step", "report", 22, 24, (CellMark(8, 23),)),
        Region("step", "empty", 27, 28),
    ),
)


def test_step_bindings_follow_run_in_order() -> None:
    assert step_bindings(STEPS, MAP) == {
        "df": frozenset({3, 4}),
        "model": frozenset({6}),
    }


def facts(*cells: CellFacts) -> Analysis:
    notebook = Notebook(path="n.ipynb", cells=(), nbformat=(4, 5))
    return Analysis(notebook=notebook, parsed=(), cells=cells)


def test_only_names_whose_last_write_is_in_their_step_are_comparable() -> None:
    bindings = {"df": frozenset({3, 4}), "model": frozenset({6}), "gone": frozenset({6})}
    analysis = facts(
        CellFacts(cell=3, parsed=True, defines=("df",)),
        CellFacts(cell=4, parsed=True, defines=("df",)),
        CellFacts(cell=6, parsed=True, defines=("model", "gone")),
        CellFacts(cell=9, parsed=True, deletes=("gone",)),
    )
    assert comparable_step_names(bindings, analysis) == ("df", "model")
    rebound = facts(
        CellFacts(cell=3, parsed=True, defines=("df",)),
        CellFacts(cell=6, parsed=True, defines=("model",)),
        CellFacts(cell=10, parsed=True, mutates=("df",)),
    )
    assert comparable_step_names(bindings, rebound, exclude=("model",)) == ()
