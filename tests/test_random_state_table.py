"""nb2mod's tables of scikit-learn callables against the installed scikit-learn's own
signatures: the fallback table (which take ``random_state``) both ways, and the callables the
analysis knows to draw (NB103) all take it."""

from __future__ import annotations

import pytest
from random_state_table import random_state_answers

from nb2mod.analysis.random_state_table import SKLEARN_TAKES_RANDOM_STATE, SKLEARN_VERSION
from nb2mod.analysis.randomness import _SHUFFLE_SPLITTERS, _SKLEARN_RANDOM


@pytest.fixture(scope="module")
def answers() -> dict[str, bool]:
    pytest.importorskip("sklearn")
    return random_state_answers("sklearn")


def test_the_table_is_what_the_installed_scikit_learn_says_both_ways(
    answers: dict[str, bool],
) -> None:
    import sklearn

    taking = {name for name, takes in answers.items() if takes}
    assert len(answers) > 400  # the enumeration found scikit-learn's public callables
    if sklearn.__version__ != SKLEARN_VERSION:
        pytest.skip(f"the table was read from scikit-learn {SKLEARN_VERSION}")
    assert sorted(taking - SKLEARN_TAKES_RANDOM_STATE) == []  # nothing missing
    assert sorted(SKLEARN_TAKES_RANDOM_STATE - taking) == []  # nothing extra


def test_every_callable_the_analysis_knows_to_draw_takes_random_state(
    answers: dict[str, bool],
) -> None:
    imblearn = {"RandomOverSampler", "RandomUnderSampler", "SMOTE", "ADASYN"}  # not installed
    known = (_SKLEARN_RANDOM | _SHUFFLE_SPLITTERS) - imblearn
    assert sorted(n for n in known if not answers.get(n)) == []
    generators = {n for n, takes in answers.items() if n.startswith("make_") and takes}
    assert sorted(generators - _SKLEARN_RANDOM) == []  # every dataset generator draws
