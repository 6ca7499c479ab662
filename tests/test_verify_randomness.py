"""Names that depend on unseeded randomness, traced through statements and cells (pure)."""

from __future__ import annotations

from nb2mod.analysis.facts import Analysis, CellFacts, RandomUse, StatementFacts
from nb2mod.notebook import Notebook
from nb2mod.verification.randomness import unseeded_names

NOTEBOOK = Notebook(path="n.ipynb", cells=(), nbformat=(4, 5))


def analysis(cells: tuple[CellFacts, ...], *uses: RandomUse) -> Analysis:
    return Analysis(notebook=NOTEBOOK, parsed=(), cells=cells, randomness=uses)


def statement(line: int, defines: tuple[str, ...], uses: tuple[str, ...] = ()) -> StatementFacts:
    return StatementFacts(
        index=line - 1, kind="assign", line=line, end_line=line, defines=defines, uses=uses
    )


def test_names_written_with_or_after_unseeded_randomness_are_marked() -> None:
    cells = (
        CellFacts(cell=1, parsed=True, defines=("n",)),
        CellFacts(
            cell=2,
            parsed=True,
            statements=(statement(1, ("noise",)), statement(2, ("size",), ("n",))),
        ),
        CellFacts(cell=3, parsed=True, defines=("total",), uses=("noise",)),
        CellFacts(cell=4, parsed=True, defines=("other",), uses=("size",)),
    )
    use = RandomUse(cell=2, line=1, col=9, library="numpy", call="numpy.random.rand", seeded=False)
    marked = unseeded_names(analysis(cells, use))
    assert set(marked) == {"noise", "total"}
    assert marked["total"] == "unseeded numpy.random.rand (cell 2, line 1)"


def test_seeded_randomness_marks_nothing() -> None:
    cells = (CellFacts(cell=1, parsed=True, defines=("x",)),)
    use = RandomUse(cell=1, line=1, col=1, library="random", call="random.random", seeded=True)
    assert unseeded_names(analysis(cells, use)) == {}


def test_mutations_are_marked_too() -> None:
    cells = (
        CellFacts(cell=1, parsed=True, defines=("items",)),
        CellFacts(cell=2, parsed=True, mutates=("items",), uses=("items",)),
    )
    use = RandomUse(cell=2, line=1, col=1, library="random", call="random.shuffle", seeded=False)
    assert set(unseeded_names(analysis(cells, use))) == {"items"}


def test_names_that_read_the_clock_are_marked_but_timing_magics_and_sleep_are_not() -> None:
    from nb2mod.analysis.facts import Effect

    cells = (
        CellFacts(
            cell=1,
            parsed=True,
            statements=(statement(1, ("started",)), statement(2, ("value",))),
            effects=(Effect("time", 1, 1, 10, "time.perf_counter"),),
        ),
        CellFacts(
            cell=2,
            parsed=True,
            statements=(statement(1, ("total",)), statement(2, ("elapsed",), ("started",))),
            effects=(Effect("time", 2, 1, 1, "magic time"), Effect("time", 2, 1, 1, "time.sleep")),
        ),
    )
    marked = unseeded_names(analysis(cells))
    assert set(marked) == {"started", "elapsed"}
    assert marked["started"] == "reads the time (time.perf_counter, cell 1, line 1)"
