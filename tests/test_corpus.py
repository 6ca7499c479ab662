"""Every notebook of the shared corpus is read and analysed, or refused on one line."""

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
def test_corpus_notebook_reads_and_analyses(path) -> None:
    try:
        notebook = read_notebook(path)
    except NotebookError as exc:
        assert str(path) in str(exc)
        assert "\n" not in str(exc)
        return
    analysis = analyze(notebook)
    cells = {c.index: c for c in notebook.cells}
    for diagnostic in analysis.diagnostics:
        assert diagnostic.code == "NB001"
        cell = cells[diagnostic.cell]
        assert cell.kind == "code"
        assert 1 <= diagnostic.line <= max(len(cell.source.splitlines()), 1)


@needs_corpus
def test_corpus_is_the_one_described() -> None:
    assert len(NOTEBOOKS) >= 181
