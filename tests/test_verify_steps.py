"""Which values run() passes between steps are compared: the step that binds a name last in
run() must hold the notebook cell that writes it last (pure: generated source + facts)."""

from __future__ import annotations

import textwrap

from nb2mod.analysis.facts import Analysis, CellFacts
from nb2mod.notebook import Notebook
from nb2mod.verification.steps import comparable_step_names, returned_names, step_bindings

PIPELINE = textwrap.dedent('''
    def helper(x):
        # cell 2
        return x


    def load(config):
        """Load (notebook cells 3, 4)."""
        # cell 3
        df = read(config.path)
        # cell 4
        df = df.dropna()
        return df


    def train(df):
        # cell 6
        model = fit(df)
        scores = score(model, df)
        return model, scores


    def report(scores):
        # cell 8
        print(scores)


    def run(config=None):
        config = config or Config()
        df = load(config)
        model, scores = train(df)
        report(scores)
        scores = sorted(scores)
        return {"model": model}
    ''')


def test_step_bindings_follow_run_in_order() -> None:
    assert step_bindings(PIPELINE) == {
        "df": frozenset({3, 4}),
        "model": frozenset({6}),
    }


def test_step_bindings_of_unparsable_source_are_empty() -> None:
    assert step_bindings("def run(:\n") == {}


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


def test_returned_names_are_the_keys_of_runs_dict() -> None:
    assert returned_names(PIPELINE) == ("model",)
    assert returned_names("def run(config=None):\n    return {}\n") == ()


def test_returned_names_unknown_when_not_a_literal_dict() -> None:
    assert returned_names("def run(config=None):\n    return dict(a=1)\n") is None
    assert returned_names("def run(config=None):\n    return {k: 1 for k in 'ab'}\n") is None
    assert (
        returned_names("def run(c):\n    if c:\n        return {'a': 1}\n    return {}\n") is None
    )
    assert returned_names("x = 1\n") is None
    assert returned_names("def run(:\n") is None


def test_the_entry_function_is_read_under_the_name_nb2mod_gave_it() -> None:
    # the notebook defines its own run(); nb2mod's is run_pipeline
    renamed = PIPELINE.replace("def run(", "def run_pipeline(")
    own_run = "\n\ndef run(n):\n    return {'own': n}\n"
    source = renamed + own_run
    assert returned_names(source, "run_pipeline") == ("model",)
    assert returned_names(source) == ("own",)
    assert step_bindings(source, "run_pipeline") == step_bindings(PIPELINE)
    assert step_bindings(source) == {}
