"""Locations on real notebooks: every fact points at a line of its cell that shows it."""

from __future__ import annotations

import pytest
from conftest import CORPUS, corpus_notebooks, needs_corpus

from nb2mod.analysis import analyze
from nb2mod.errors import NotebookError
from nb2mod.notebook import read_notebook

NOTEBOOKS = corpus_notebooks()


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(CORPUS)) for p in NOTEBOOKS])
def test_fact_locations_point_at_their_text(path) -> None:
    try:
        notebook = read_notebook(path)
    except NotebookError:
        return
    analysis = analyze(notebook)
    sources = {c.index: c.source.splitlines() or [""] for c in notebook.cells}

    def text_at(cell: int, line: int, col: int) -> str:
        """The text from (line, col) on, or the whole line when it is a magic (IPython syntax
        rewritten to a call keeps its line but not its columns) and the column is 1."""
        lines = sources[cell]
        assert 1 <= line <= len(lines) and col >= 1, (cell, line, col)
        text = lines[line - 1]
        if col == 1 and text.lstrip().startswith(("%", "!")):
            return "\n".join(lines[line - 1 :])
        return text[col - 1 :]

    for cell in analysis.cells:
        for effect in cell.effects:
            if not effect.call.startswith("magic "):
                name = effect.call.rsplit(".", 1)[-1]
                assert name in text_at(effect.cell, effect.line, effect.col), effect
        for mutation in cell.mutations:
            caller = mutation.how.startswith(("call of ", "argument of "))
            shown = mutation.how.rsplit(" ", 1)[-1].rsplit(".", 1)[-1] if caller else mutation.name
            assert shown in text_at(mutation.cell, mutation.line, mutation.col), mutation
        for statement in cell.statements:
            assert 1 <= statement.line <= statement.end_line <= len(sources[cell.cell])
    for hidden in analysis.hidden_state:
        assert (
            hidden.name in text_at(hidden.cell, hidden.line, hidden.col)[: len(hidden.name) + 200]
        )
    for seed in analysis.seeds:
        assert seed.call.rsplit(".", 1)[-1] in text_at(seed.cell, seed.line, seed.col)
    for candidate in analysis.config_candidates:
        shown = text_at(candidate.cell, candidate.line, candidate.col)
        assert (candidate.variable or candidate.code.lstrip("-")[:1]) in shown, candidate
