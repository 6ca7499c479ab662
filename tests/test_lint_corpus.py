"""`nb2mod lint` over every corpus notebook: no tracebacks, every location inside its cell."""

from __future__ import annotations

import pytest
from conftest import corpus_notebooks, needs_corpus

from nb2mod.batch import attempt
from nb2mod.linter import Linter
from nb2mod.notebook import read_notebook
from nb2mod.settings import Settings

pytestmark = [needs_corpus, pytest.mark.corpus, pytest.mark.slow]


def test_corpus_lints_without_internal_errors_and_locations_are_real() -> None:
    paths = [str(p) for p in corpus_notebooks()]
    linter = Linter.for_paths(paths, Settings(cache=False))
    failures, found = [], 0
    for path in paths:
        outcome = attempt(path, linter.lint)
        if outcome.failed:
            failures.append(outcome.value)
            continue
        notebook = read_notebook(path)
        for diagnostic in outcome.value:  # type: ignore[union-attr]
            found += 1
            cell = notebook.cells[diagnostic.cell - 1]
            lines = max(len(cell.source.splitlines()), 1)
            assert 1 <= diagnostic.line <= lines, diagnostic.format()
            assert diagnostic.col >= 1, diagnostic.format()
    assert [f for f in failures if "internal error" in f.message] == []  # type: ignore[union-attr]
    assert found > 100
