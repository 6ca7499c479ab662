"""Properties over generated notebooks: analysis never fails and its facts agree with each other."""

from __future__ import annotations

from conftest import make_notebook
from hypothesis import given, settings
from hypothesis import strategies as st

from nb2mod.analysis import analyze
from nb2mod.notebook import read_notebook

NAMES = st.sampled_from(["a", "b", "df", "items", "model", "np", "f", "x"])
STATEMENTS = st.one_of(
    st.builds("{} = {} + 1".format, NAMES, NAMES),
    st.builds("{} += {}".format, NAMES, NAMES),
    st.builds("{}.append({})".format, NAMES, NAMES),
    st.builds("{}['k'] = {}".format, NAMES, NAMES),
    st.builds("for {} in {}:\n    {} = {}".format, NAMES, NAMES, NAMES, NAMES),
    st.builds("def {}(p):\n    {}.append(p)\n    return {}".format, NAMES, NAMES, NAMES),
    st.builds("{} = [v * {} for v in {}]".format, NAMES, NAMES, NAMES),
    st.builds("del {}".format, NAMES),
    st.builds("import numpy as {}".format, NAMES),
    st.builds("{} = np.random.rand(3)".format, NAMES),
    st.just("np.random.seed(0)"),
    st.builds("print({})".format, NAMES),
    st.builds("%timeit {}({})".format, NAMES, NAMES),
    st.builds("!echo ${}".format, NAMES),
    st.builds("{}({})".format, NAMES, NAMES),
    st.just("print 'py2'"),
    st.just("if x:\n  pass\n else:"),
)
CELLS = st.lists(st.lists(STATEMENTS, min_size=0, max_size=4).map("\n".join), max_size=6)


@settings(max_examples=80, deadline=None)
@given(CELLS)
def test_facts_are_consistent(cells: list[str]) -> None:
    notebook = read_notebook(make_notebook(*cells))
    analysis = analyze(notebook)
    lines = {c.index: max(len(c.source.splitlines()), 1) for c in notebook.cells}
    defined_before: set[str] = set()
    hidden = {(h.cell, h.name) for h in analysis.hidden_state}
    for facts in analysis.cells:
        for statement in facts.statements:
            assert 1 <= statement.line <= statement.end_line <= lines[facts.cell]
        assert set(facts.mutates) <= {m.name for m in facts.mutations}
        for name in facts.uses:
            if name not in defined_before and name != "display":
                assert (
                    (facts.cell, name) in hidden
                    or not facts.parsed
                    or any(not c.parsed for c in analysis.cells if c.cell < facts.cell)
                )
        defined_before.update(facts.defines)
    for edge in analysis.dataflow:
        assert edge.from_cell < edge.to_cell
    for use in analysis.randomness:
        assert use.seeded == any(
            (s.cell, s.line, s.col) < (use.cell, use.line, use.col) for s in analysis.seeds
        )
