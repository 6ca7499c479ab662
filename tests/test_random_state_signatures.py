"""The installed scikit-learn's own signatures decide where random_state goes (issue 14): the
analysis records candidate calls, nb2mod.signatures asks the interpreter the dependencies
resolve in, the plan seeds what takes random_state and refuses what does not, the table
deciding what could not be asked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest
from conftest import make_notebook

from nb2mod.analysis import analyze
from nb2mod.analysis.facts import Analysis
from nb2mod.analysis.serialize import analysis_to_json
from nb2mod.codegen.seeds_report import source_sentence
from nb2mod.conversion import convert
from nb2mod.linter import lint_analysis
from nb2mod.notebook import read_notebook
from nb2mod.plan import plan_conversion
from nb2mod.plan.model import RandomStateSource
from nb2mod.signatures import RandomStateSignatures, random_state_signatures

_CELLS = (
    "import numpy as np\n"
    "from sklearn.linear_model import LogisticRegression\n"
    "from sklearn.metrics import accuracy_score\n"
    "from sklearn.model_selection import KFold, train_test_split",
    "X = np.arange(40).reshape(20, 2) * 1.0\ny = np.arange(20) % 2",
    "X_train, X_test, y_train, y_test = train_test_split(X, y)\n"
    "model = LogisticRegression().fit(X_train, y_train)\n"
    "folds = KFold(3)\n"
    "score = accuracy_score(y_test, model.predict(X_test))",
)
_LOGISTIC = "sklearn.linear_model.LogisticRegression"
_SPLIT = "sklearn.model_selection.train_test_split"
_METRIC = "sklearn.metrics.accuracy_score"


def _analysis(*cells: str) -> Analysis:
    return analyze(read_notebook(make_notebook(*cells)))


def test_the_analysis_records_scikit_learn_calls_it_cannot_classify_as_candidates() -> None:
    analysis = _analysis(*_CELLS, "LogisticRegression(random_state=1)\nLogisticRegression(*a)")
    found = [(c.cell, c.line, c.col, c.call, c.seeded) for c in analysis.random_candidates]
    assert found == [(3, 2, 9, _LOGISTIC, False), (3, 4, 9, _METRIC, False)]
    assert [u.call for u in analysis.randomness] == [_SPLIT]  # the table's, as before
    data = analysis_to_json(analysis)  # not a fact of the JSON
    assert "random_candidates" not in data and len(data["randomness"]) == 1
    codes = [(d.cell, d.line) for d in lint_analysis(analysis) if d.code == "NB103"]
    assert codes == [(3, 1)]  # NB103 stays the table's: LogisticRegression() is not random


def test_a_candidate_after_a_numpy_seed_is_seeded_by_the_notebook() -> None:
    analysis = _analysis(
        "import numpy as np\nnp.random.seed(1)\nfrom sklearn.svm import SVC", "SVC()"
    )
    assert [c.seeded for c in analysis.random_candidates] == [True]
    plan = plan_conversion(analysis)
    assert [s.call for s in plan.random_sites] == []  # nothing to do: NumPy was seeded


def _sites(signatures: RandomStateSignatures | None) -> dict[str, tuple[str, str, bool]]:
    plan = plan_conversion(_analysis(*_CELLS), signatures=signatures)
    return {s.call: (s.how, s.keyword, s.draws) for s in plan.random_sites}


def test_a_candidate_the_installed_library_says_takes_random_state_is_seeded() -> None:
    answers = {_LOGISTIC: True, _METRIC: False, _SPLIT: True}
    sites = _sites(RandomStateSignatures(answers, {"sklearn": "scikit-learn 9.9"}))
    assert sites == {
        _SPLIT: ("argument", "random_state", True),
        _LOGISTIC: ("argument", "random_state", False),
    }


def test_a_table_entry_the_installed_library_says_takes_no_random_state_is_not_given_one() -> None:
    answers = {_LOGISTIC: False, _METRIC: False, _SPLIT: False}
    signatures = RandomStateSignatures(answers, {"sklearn": "scikit-learn 0.1"})
    assert _sites(signatures) == {_SPLIT: ("global", "", True)}  # NumPy's generator, set_seeds
    plan = plan_conversion(_analysis(*_CELLS), signatures=signatures)
    assert plan.seed_libraries == ("numpy",)
    source = plan.random_state_source
    assert source is not None and (source.libraries, source.from_table) == (
        ("scikit-learn 0.1",),
        (),
    )


def test_unknown_answers_leave_it_to_the_table() -> None:
    expected = {
        _SPLIT: ("argument", "random_state", True),
        _LOGISTIC: ("argument", "random_state", False),  # in the table; accuracy_score is not
    }
    assert _sites(None) == expected
    assert _sites(RandomStateSignatures(problem="timed out")) == expected


def test_the_report_sentence_says_where_the_knowledge_came_from() -> None:
    table = "nb2mod's table (scikit-learn 1.9.1, imbalanced-learn 0.14.2)"
    read = RandomStateSource(("scikit-learn 1.9.1",), (), table, True)
    assert source_sentence(read) == (
        "Which of these scikit-learn calls take `random_state` was read from scikit-learn "
        "1.9.1's signatures, as installed where the dependencies were resolved."
    )
    both = RandomStateSource(
        ("scikit-learn 1.9.1",), ("imblearn.over_sampling.SMOTE",), table, True
    )
    assert source_sentence(both).endswith(
        "; for `imblearn.over_sampling.SMOTE` it comes from nb2mod's table (scikit-learn 1.9.1, "
        "imbalanced-learn 0.14.2)."
    )
    asked = RandomStateSource((), (_SPLIT,), table, True)
    assert source_sentence(asked) == (
        "Which of these scikit-learn calls take `random_state` comes from nb2mod's table "
        "(scikit-learn 1.9.1, imbalanced-learn 0.14.2); the interpreter the dependencies were "
        "resolved in did not say."
    )


def test_the_probe_asks_the_installed_scikit_learn() -> None:
    pytest.importorskip("sklearn")
    import sklearn

    names = [_LOGISTIC, _METRIC, "sklearn.no_such_module.Thing", "sklearn.svm.SVC"]
    found = random_state_signatures(sys.executable, names)
    assert dict(found.answers) == {_LOGISTIC: True, _METRIC: False, "sklearn.svm.SVC": True}
    assert dict(found.libraries) == {"sklearn": f"scikit-learn {sklearn.__version__}"}
    assert found.problem == ""


def test_an_interpreter_that_cannot_be_run_is_unknown_not_an_error(tmp_path: Path) -> None:
    found = random_state_signatures(str(tmp_path / "python"), [_LOGISTIC])
    assert dict(found.answers) == {} and "cannot run" in found.problem


def test_convert_seeds_logistic_regression_and_lists_it_in_the_seeds_section() -> None:
    pytest.importorskip("sklearn")
    import sklearn

    conversion = convert(read_notebook(make_notebook(*_CELLS)))
    files = {str(path): text for path, text in conversion.files.items()}
    pipeline = next(text for path, text in files.items() if path.endswith("/pipeline.py"))
    flat = " ".join(pipeline.split())
    assert "LogisticRegression(random_state=config.seed + " in flat
    assert ".fit(X_train, y_train)" in flat  # the call on its result is left alone
    assert "KFold(3)" in flat and "accuracy_score(y_test" in flat  # neither given one
    report = files["CONVERSION.md"]
    row = f"| 3 | 2 | `{_LOGISTIC}` | given `random_state=config.seed + "
    assert row in report
    assert f"read from scikit-learn {sklearn.__version__}'s signatures" in report
    warned = [w.message for w in conversion.warnings if w.code == "NB103"]
    assert len(warned) == 1 and _SPLIT in warned[0]  # LogisticRegression() is not 'random'


def test_a_notebook_whose_only_seeded_call_is_a_candidate_gets_the_seed_field(
    tmp_path: Path,
) -> None:
    # packt-dspp2 chapter03-activity01: SVC() given random_state=config.seed, Config had no seed
    pytest.importorskip("sklearn")
    cells = (
        "import numpy as np\nfrom sklearn.svm import SVC",
        "X = np.arange(20.0).reshape(10, 2)\ny = np.arange(10) % 2",
        "model = SVC(probability=True).fit(X, y)\np = model.predict_proba(X)[:, 1].round(6).tolist()",
    )
    notebook = tmp_path / "only.ipynb"
    notebook.write_text(json.dumps(make_notebook(*cells)), encoding="utf-8")
    conversion = convert(read_notebook(str(notebook)))
    report = conversion.files[PurePosixPath("CONVERSION.md")]
    assert "the package gives them one from `config.seed` (default `0`)." in report
    assert "Every draw is seeded by the notebook itself" not in report
    conversion.write(tmp_path / "out")
    code = "import json, only.pipeline as p\nprint(json.dumps(p.run()['p']))"
    outputs = []
    for _ in range(2):
        env = {**os.environ, "PYTHONPATH": str(tmp_path / "out")}
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]  # SVC(probability=True) draws: seeded, so reproducible
