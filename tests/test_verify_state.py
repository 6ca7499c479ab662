"""Objects without value equality compare by their state: fitted scikit-learn estimators,
statsmodels results, numpy generators and the notebook's own classes (each through the same
pickles the runs write)."""

from __future__ import annotations

import functools
import pickle

import numpy as np

from nb2mod.verification.captured import Captured, decode_record
from nb2mod.verification.compare import compare_captured, compare_values
from nb2mod.verification.dump import _CACHED_KEY, _CLASS_KEY, _CODE_KEY, _STATE_KEY, _nb2mod_record
from nb2mod.verification.state import CACHED_KEY, CLASS_KEY, CODE_KEY, STATE_KEY, is_cache

LOCAL = ("test_verify_state",)  # this module stands in for the notebook's __main__


def captured(name: str, value: object) -> Captured:
    """The value as the verifier sees it: recorded in 'a run', pickled, read back."""
    record = pickle.loads(pickle.dumps(_nb2mod_record(value, LOCAL)))
    return decode_record(name, record, LOCAL)


def verdict(left: object, right: object) -> tuple[str, str]:
    result = compare_captured(captured("x", left), captured("x", right))
    return result.status, result.detail


def data(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.RandomState(seed)
    features = rng.rand(60, 3)
    return features, (features[:, 0] + 0.1 * rng.rand(60) > 0.5).astype(int)


def test_the_placeholder_keys_agree_with_the_dump_code() -> None:
    assert (CLASS_KEY, STATE_KEY, CACHED_KEY, CODE_KEY) == (
        _CLASS_KEY,
        _STATE_KEY,
        _CACHED_KEY,
        _CODE_KEY,
    )


def test_random_forests_compare_down_to_their_trees() -> None:
    from sklearn.ensemble import RandomForestClassifier

    X, y = data()
    fit = functools.partial(RandomForestClassifier, n_estimators=5, max_depth=3)
    assert verdict(fit(random_state=1).fit(X, y), fit(random_state=1).fit(X, y)) == ("equal", "")
    status, detail = verdict(fit(random_state=1).fit(X, y), fit(random_state=2).fit(X, y))
    assert status == "different"
    assert detail.startswith("x.random_state: 1 != 2")
    seeded = fit(random_state=1).fit(X, y)
    other = fit(random_state=1).fit(X, 1 - y)  # same parameters, other trees inside
    status, detail = verdict(seeded, other)
    assert status == "different" and ".estimators_[0].tree_." in detail, detail


def test_an_estimators_coefficients_compare_with_the_tolerance() -> None:
    from sklearn.linear_model import LinearRegression

    X, y = data()
    left = LinearRegression().fit(X, y)
    right = LinearRegression().fit(X, y)
    right.coef_ = right.coef_ * (1 + 1e-12)
    assert verdict(left, right) == ("equal", "")
    right.coef_ = right.coef_ * 1.01
    status, detail = verdict(left, right)
    assert status == "different" and detail.startswith("x.coef_[0]: ")


def test_a_pipeline_compares_by_its_steps() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = data()

    def build(c: float) -> object:
        return make_pipeline(StandardScaler(), LogisticRegression(C=c)).fit(X, y)

    assert verdict(build(1.0), build(1.0)) == ("equal", "")
    status, detail = verdict(build(1.0), build(0.5))
    assert status == "different" and detail.startswith("x.steps[1][1].C: 1.0 != 0.5")


def test_statsmodels_results_compare_by_state_and_cached_values_do_not_count() -> None:
    import statsmodels.api as sm

    X, y = data()
    exog = sm.add_constant(X)
    left = sm.OLS(y, exog).fit()
    right = sm.OLS(y, exog).fit()
    read = (left.rsquared, left.bse)  # read in the notebook only: statsmodels caches them
    assert verdict(left, right) == ("equal", "")
    read += (right.rsquared,)  # now both hold rsquared: those entries are compared
    assert verdict(left, right) == ("equal", "")
    other = sm.OLS(1 - y, exog).fit()
    status, detail = verdict(left, other)
    assert status == "different" and detail.startswith("x._results.params[0]: "), detail


def test_numpy_generators_compare_by_their_state() -> None:
    assert verdict(np.random.default_rng(1), np.random.default_rng(1)) == ("equal", "")
    assert verdict(np.random.default_rng(1), np.random.default_rng(2))[0] == "different"
    drawn = np.random.RandomState(5)
    drawn.rand()
    assert verdict(np.random.RandomState(5), drawn)[0] == "different"


class Node:
    """A user class with a cycle, a cached property and a private cache."""

    def __init__(self, value: float, parent: Node | None = None) -> None:
        self.value = value
        self.parent = parent
        self.children: list[Node] = []
        self._cache: dict[str, float] = {}
        if parent is not None:
            parent.children.append(self)

    @functools.cached_property
    def doubled(self) -> float:
        return self.value * 2

    def lookup(self, key: str) -> float:
        return self._cache.setdefault(key, self.value + len(key))


def tree(leaf: float = 2.0) -> Node:
    root = Node(1.0)
    Node(leaf, root)
    return root


def test_user_classes_compare_by_attributes_through_cycles() -> None:
    assert verdict(tree(), tree()) == ("equal", "")
    status, detail = verdict(tree(), tree(leaf=2.5))
    assert status == "different"
    assert detail == "x.children[0].value: 2.0 != 2.5 (relative difference 0.25)"


def test_caches_filled_on_one_side_only_are_not_differences() -> None:
    left, right = tree(), tree()
    left.doubled, left.lookup("ab")  # used in the notebook, never in the package
    assert verdict(left, right) == ("equal", "")
    right.lookup("ab")
    right._cache["ab"] = 99.0  # an entry both hold must agree
    status, detail = verdict(left, right)
    assert status == "different" and detail.startswith("x._cache['ab']: 3.0 != 99.0")


def test_a_missing_attribute_that_is_not_a_cache_is_a_difference() -> None:
    left, right = tree(), tree()
    right.extra = 1  # type: ignore[attr-defined]
    assert verdict(left, right) == ("different", "x.extra: only in the package")


def test_functions_of_the_notebook_inside_values_compare_by_name() -> None:
    holder = {"f": tree, "g": captured}
    assert verdict(holder, dict(holder)) == ("equal", "")
    status, detail = verdict(holder, {"f": tree, "g": data})
    assert status == "different" and detail == "x['g']: function captured != function data"


def test_cache_names() -> None:
    for name in ("_cache", "_results_cache", "__cache", "_cached_value", "_memo"):
        assert is_cache(name), name
    for name in ("cache", "coef_", "_coef", "_data", "cache_"):
        assert not is_cache(name), name


def chain(length: int, last: float = 0.0) -> Node:
    node = Node(last)
    for i in range(length):
        node = Node(float(i), node)
    return node


def test_deeply_linked_objects_compare_or_say_they_are_too_deep() -> None:
    assert compare_values(chain(300), chain(300)) is None
    assert compare_values(chain(300), chain(300, last=1.0)) == (
        "value" + ".parent" * 300 + ".value: 0.0 != 1.0"
    )
    found = compare_values(chain(1000), chain(1000))
    assert found is not None and found.endswith("nested more than 400 levels deep, not compared")


def test_verify_compares_a_notebook_class_and_an_estimator_by_state(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from conftest import write_notebook

    from nb2mod.verification.verifier import verify

    code = (
        "import numpy as np\n"
        "from sklearn.linear_model import LinearRegression\n\n\n"
        "class Standardizer:\n"
        "    def fit(self, x):\n"
        "        self.mean_, self.scale_ = x.mean(0), x.std(0)\n"
        "        return self\n\n\n"
        "X = np.arange(20.0).reshape(10, 2) ** 1.5\n"
        "y = X @ np.array([1.0, 2.0])\n"
        "scaler = Standardizer().fit(X)\n"
        "model = LinearRegression().fit((X - X.mean(0)) / X.std(0), y)"
    )
    result = verify(write_notebook(tmp_path / "fit.ipynb", code))
    rows = {v.name: (v.status, v.detail) for v in result.verdicts}
    assert rows["scaler"] == ("equal", "") and rows["model"] == ("equal", ""), rows


def test_durations_a_search_measured_are_noted_not_compared() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV, cross_validate

    X, y = data()

    def search() -> GridSearchCV:
        return GridSearchCV(LogisticRegression(), {"C": [0.5, 1.0]}, cv=3).fit(X, y)

    left, right = search(), search()
    right.refit_time_ = left.refit_time_ + 1.0  # as a slower second run would measure
    status, detail = verdict(left, right)
    assert status == "equal"
    assert detail.startswith("durations measured while running differ and are not compared: ")
    assert "x.refit_time_" in detail
    right.best_params_ = {"C": 0.5}
    assert verdict(left, right)[0] == "different"
    scores = cross_validate(LogisticRegression(), X, y, cv=3)
    slower = {**scores, "fit_time": scores["fit_time"] * 2}
    assert verdict(scores, slower)[0] == "equal"
    assert verdict(scores, {**slower, "test_score": scores["test_score"] + 0.1})[0] == "different"
