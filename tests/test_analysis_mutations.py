"""Mutations: each form changes the named outside object; rebinding and reading do not."""

from __future__ import annotations

import textwrap

import pytest
from conftest import make_notebook

from nb2mod.analysis import analyze
from nb2mod.analysis.facts import Analysis
from nb2mod.notebook import read_notebook


def analysis_of(*cells: str) -> Analysis:
    return analyze(read_notebook(make_notebook(*(textwrap.dedent(c) for c in cells))))


@pytest.mark.parametrize(
    ("source", "name", "how"),
    [
        ('df["a"] = 1', "df", "subscript store"),
        ("df.loc[0, 'a'] = 1", "df", "subscript store"),
        ("obj.x = 2", "obj", "attribute store"),
        ("obj.inner.x = 2", "obj", "attribute store"),
        ("counts['k'] += 1", "counts", "subscript augmented store"),
        ("del cache['k']", "cache", "subscript delete"),
        ("df.dropna(inplace=True)", "df", "method dropna(inplace=True)"),
        ("df['a'].fillna(0, inplace=True)", "df", "method fillna(inplace=True)"),
        ("items.append(3)", "items", "method append"),
        ("items.extend([3])", "items", "method extend"),
        ("seen.add(3)", "seen", "method add"),
        ("d.update(x=1)", "d", "method update"),
        ("lst.sort()", "lst", "method sort"),
        ("model.fit(X, y)", "model", "method fit"),
        ("scaler.fit_transform(X)", "scaler", "method fit_transform"),
        ("t.add_(1)", "t", "in-place method add_"),
        ("optimizer.step()", "optimizer", "method step"),
        ("net.load_weights(path)", "net", "method load_weights"),
        ("import random\nrandom.shuffle(deck)", "deck", "argument of random.shuffle"),
        ("[items.append(i) for i in range(3)]", "items", "method append"),
    ],
)
def test_mutation_forms(source: str, name: str, how: str) -> None:
    facts = analysis_of(source).cells[0]
    assert name in facts.mutates
    assert [(m.name, m.how) for m in facts.mutations] == [(name, how)]


@pytest.mark.parametrize(
    "source",
    [
        "df = df.dropna()",
        "df.dropna(inplace=False)",
        "x = items[0]",
        "n = len(items)",
        "items = []\nitems.append(1)",
        "import sys\nsys.path.append('..')",
        "def f(a):\n    local = []\n    local.append(a)",
        "df.groupby('a').sum()",
    ],
)
def test_not_mutations_of_outside_names(source: str) -> None:
    assert analysis_of(source).cells[0].mutates == ()


def test_mutation_inside_same_cell_is_still_a_statement_fact() -> None:
    facts = analysis_of("items = []\nitems.append(1)").cells[0]
    assert facts.statements[1].mutates == ("items",)
    assert facts.mutates == ()


def test_calling_a_function_that_mutates_its_parameter_mutates_the_argument() -> None:
    analysis = analysis_of(
        """
        def clean(frame, how="any"):
            frame.dropna(how=how, inplace=True)
        """,
        "clean(df)\nclean(frame=other)\nclean(df.copy())",
    )
    assert analysis.functions[0].mutates_params == ("frame",)
    assert analysis.cells[1].mutates == ("df", "other")


def test_calling_a_function_that_mutates_a_global_mutates_it() -> None:
    analysis = analysis_of(
        "log = []",
        "def note(x):\n    log.append(x)",
        "note(1)",
    )
    assert analysis.functions[0].mutates_globals == ("log",)
    assert analysis.cells[2].mutates == ("log",)
    assert "log" in analysis.cells[2].uses


def test_mutation_locations_are_original_cell_lines() -> None:
    analysis = analysis_of("%matplotlib inline\nx = 1\n\nitems.append(x)")
    (mutation,) = analysis.cells[0].mutations
    assert (mutation.cell, mutation.line, mutation.col) == (1, 4, 1)


def test_a_notebook_variable_named_like_a_stdlib_module_is_still_mutated() -> None:
    analysis = analysis_of("queue = []", "queue.append(1)", "sys.path.append('..')")
    assert analysis.cells[1].mutates == ("queue",)
    assert analysis.cells[2].mutates == ()  # sys from nowhere (a star import): a module
