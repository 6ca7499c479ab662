"""Pure comparison: an equal and a deliberately different pair for every kind of value."""

from __future__ import annotations

import math
import pickle
import threading

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nb2mod.verification.captured import Captured, decode_record
from nb2mod.verification.compare import compare_captured, compare_values
from nb2mod.verification.dump import _nb2mod_record


class Point:
    def __init__(self, x: float, y: float) -> None:
        self.x, self.y = x, y


class Money:
    def __init__(self, cents: int) -> None:
        self.cents = cents

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Money) and other.cents == self.cents

    def __repr__(self) -> str:
        return f"Money({self.cents})"


EQUAL = [
    pytest.param(3, 3, id="int"),
    pytest.param(True, True, id="bool"),
    pytest.param("churn", "churn", id="str"),
    pytest.param(b"\x00", b"\x00", id="bytes"),
    pytest.param(None, None, id="none"),
    pytest.param(0.1 + 0.2, 0.3, id="float-within-rtol"),
    pytest.param(float("nan"), float("nan"), id="float-nan"),
    pytest.param(math.inf, math.inf, id="float-inf"),
    pytest.param(1 + 2j, 1 + 2j, id="complex"),
    pytest.param(
        np.array([1.0, np.nan, 3.0]), np.array([1.0, np.nan, 3.0 + 1e-12]), id="array-nan"
    ),
    pytest.param(np.array([[1, 2], [3, 4]]), np.array([[1, 2], [3, 4]]), id="array-int"),
    pytest.param(np.array(["a", "b"]), np.array(["a", "b"]), id="array-str"),
    pytest.param(
        np.array([{"a": 1}, None], dtype=object),
        np.array([{"a": 1}, None], dtype=object),
        id="array-object",
    ),
    pytest.param(np.float64(0.5), np.float64(0.5 + 1e-12), id="numpy-scalar"),
    pytest.param(
        pd.DataFrame({"a": [1, 2], "b": [0.1, 0.2]}),
        pd.DataFrame({"a": [1, 2], "b": [0.1, 0.2 + 1e-12]}),
        id="frame",
    ),
    pytest.param(
        pd.Series([1.5, None], name="s"), pd.Series([1.5, None], name="s"), id="series-nan"
    ),
    pytest.param(pd.Index(["x", "y"]), pd.Index(["x", "y"]), id="index"),
    pytest.param([1, (2.0, "x"), {"k": [3]}], [1, (2.0, "x"), {"k": [3]}], id="nested"),
    pytest.param({"b": 1, "a": 2}, {"a": 2, "b": 1}, id="dict-order"),
    pytest.param({1, 2, 3}, {3, 2, 1}, id="set"),
    pytest.param(frozenset({"a"}), frozenset({"a"}), id="frozenset"),
    pytest.param(Point(1.0, 2.0), Point(1.0, 2.0), id="object-state"),
    pytest.param(Money(5), Money(5), id="object-eq"),
]

DIFFERENT = [
    pytest.param(3, 4, "x: 3 != 4", id="int"),
    pytest.param(True, False, "x: True != False", id="bool"),
    pytest.param("churn", "churm", "x: 'churn' != 'churm'", id="str"),
    pytest.param(
        1.0, 1.001, "x: 1.0 != 1.001 (relative difference 0.001)", id="float-outside-rtol"
    ),
    pytest.param(float("nan"), 1.0, "x: nan != 1.0", id="float-nan"),
    pytest.param(1, 1.0, "x: type int != float", id="int-vs-float"),
    pytest.param(
        np.array([1.0, 2.0]), np.array([1.0, 2.0, 3.0]), "x: shape (2,) != (3,)", id="array-shape"
    ),
    pytest.param(
        np.array([1.0, np.nan]),
        np.array([1.0, 2.0]),
        "x[1]: np.float64(nan) != np.float64(2.0) (1 of 2 elements differ)",
        id="array-nan-vs-number",
    ),
    pytest.param(
        np.array([[1, 2], [3, 4]]),
        np.array([[1, 2], [3, 5]]),
        "x[1, 1]: np.int64(4) != np.int64(5) (1 of 4 elements differ)",
        id="array-int",
    ),
    pytest.param(
        np.array([1, 2]), np.array([1.0, 2.0]), "x: dtype int64 != float64", id="array-dtype"
    ),
    pytest.param(
        np.array(["a", "b"]),
        np.array(["a", "c"]),
        "x[1]: np.str_('b') != np.str_('c') (1 of 2 elements differ)",
        id="array-str",
    ),
    pytest.param(
        np.float32(1.0),
        np.float64(1.0),
        "x: type numpy.float32 != numpy.float64",
        id="numpy-scalar-type",
    ),
    pytest.param(
        pd.DataFrame({"a": [1, 2]}),
        pd.DataFrame({"a": [1.0, 2.0]}),
        'x: Attributes of DataFrame.iloc[:, 0] (column name="a") are different; Attribute "dtype" are different; [left]: int64; [right]: float64',
        id="frame-dtype",
    ),
    pytest.param(
        pd.DataFrame({"a": [1, 2]}),
        pd.DataFrame({"a": [1, 2]}, index=[1, 2]),
        "x: DataFrame.index are different",
        id="frame-index",
    ),
    pytest.param(
        pd.DataFrame({"a": [1.0, 2.0]}),
        pd.DataFrame({"a": [1.0, 2.5]}),
        'x: DataFrame.iloc[:, 0] (column name="a") are different',
        id="frame-values",
    ),
    pytest.param(
        pd.DataFrame({"a": [1]}),
        pd.DataFrame({"b": [1]}),
        "x: DataFrame.columns are different",
        id="frame-columns",
    ),
    pytest.param(
        pd.Series([1.0, 2.0], name="s"),
        pd.Series([1.0, 2.0], name="t"),
        'x: Series are different; Attribute "name" are different',
        id="series-name",
    ),
    pytest.param(
        pd.Series([1.0, 2.0]), pd.Series([1.0, 3.0]), "x: Series are different", id="series-values"
    ),
    pytest.param([1, [2, {"a": 3}]], [1, [2, {"a": 4}]], "x[1][1]['a']: 3 != 4", id="nested"),
    pytest.param([1, 2], [1, 2, 3], "x: length 2 != 3", id="list-length"),
    pytest.param((1, 2), [1, 2], "x: type tuple != list", id="tuple-vs-list"),
    pytest.param(
        {"a": 1, "b": 2},
        {"a": 1, "c": 2},
        "x: keys ['b'] only in the notebook, ['c'] only in the package",
        id="dict-keys",
    ),
    pytest.param(
        {1, 2, 3}, {1, 2, 4}, "x: {3} only in the notebook, {4} only in the package", id="set"
    ),
    pytest.param(Point(1.0, 2.0), Point(1.0, 2.5), "x.y: 2.0 != 2.5", id="object-state"),
    pytest.param(Money(5), Money(6), "x: Money(5) != Money(6)", id="object-eq"),
]


@pytest.mark.parametrize(("expected", "actual"), EQUAL)
def test_equal_pairs(expected: object, actual: object) -> None:
    assert compare_values(expected, actual, path="x") is None


@pytest.mark.parametrize(("expected", "actual", "message"), DIFFERENT)
def test_different_pairs_say_where(expected: object, actual: object, message: str) -> None:
    found = compare_values(expected, actual, path="x")
    assert found is not None
    assert found.startswith(message), found


def test_sparse_matrices_compare_by_value() -> None:
    from scipy import sparse

    base = sparse.csr_matrix(np.array([[0.0, 1.5], [2.0, 0.0]]))
    assert compare_values(base, sparse.csr_matrix(base.toarray()), path="m") is None
    changed = sparse.csr_matrix(np.array([[0.0, 1.5], [2.5, 0.0]]))
    assert compare_values(base, changed, path="m") == (
        "m.data[1]: np.float64(2.0) != np.float64(2.5) (1 of 2 elements differ)"
    )
    moved = sparse.csr_matrix(np.array([[1.5, 0.0], [2.0, 0.0]]))
    assert compare_values(base, moved, path="m").startswith("m.indices[0]: ")
    assert compare_values(base, sparse.csr_matrix((3, 2)), path="m") == "m: shape (2, 2) != (3, 2)"


def test_rtol_and_atol_are_settable() -> None:
    assert compare_values(1.0, 1.001, rtol=1e-2) is None
    assert compare_values(0.0, 1e-9) is not None
    assert compare_values(0.0, 1e-9, atol=1e-8) is None
    assert compare_values(np.array([1.0]), np.array([1.001]), rtol=1e-2) is None
    assert compare_values(pd.Series([1.0]), pd.Series([1.001]), rtol=1e-2) is None


def test_self_referencing_containers_terminate() -> None:
    left: list[object] = [1]
    left.append(left)
    right: list[object] = [1]
    right.append(right)
    assert compare_values(left, right) is None


def _captured(name: str, value: object, local: tuple[str, ...] = ()) -> Captured:
    record = _nb2mod_record(value, local)
    raw = pickle.loads(pickle.dumps(record))
    return decode_record(name, raw, local)


def test_unpicklable_values_are_not_compared_with_the_reason() -> None:
    lock = threading.Lock()
    verdict = compare_captured(_captured("lock", lock), _captured("lock", threading.Lock()))
    assert verdict.status == "not compared"
    assert "cannot be pickled in the notebook" in verdict.detail
    assert "lock" in verdict.detail


def test_figures_are_not_compared() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([1, 2])
    verdict = compare_captured(_captured("fig", fig), _captured("fig", fig))
    assert verdict.status == "not compared" and "plots are not compared" in verdict.detail
    pair = compare_captured(_captured("pair", (fig, ax)), _captured("pair", (fig, ax)))
    assert pair.status == "not compared"
    plt.close(fig)


def test_missing_names_on_either_side() -> None:
    present = _captured("x", 1)
    absent = decode_record("x", {"missing": True})
    assert compare_captured(absent, present).status == "missing"
    assert "run() returns" in compare_captured(present, absent).detail


def test_captured_values_compare_through_pickles() -> None:
    frame = pd.DataFrame({"a": [1.0, 2.0]})
    same = compare_captured(_captured("df", frame), _captured("df", frame.copy()))
    assert same.status == "equal"
    changed = compare_captured(_captured("df", frame), _captured("df", frame * 2))
    assert changed.status == "different" and changed.detail.startswith("df: ")


def test_notebook_classes_compare_by_state_across_module_names() -> None:
    """This module stands in for the notebook's ``__main__`` and the package's module: the
    dump pickles its instances as placeholders, which load where the class does not."""
    local = ("test_compare",)
    nb = _captured("p", Point(1.0, 2.0), local)
    assert nb.loaded and nb.local and nb.type_name == "test_compare.Point"
    assert compare_captured(nb, _captured("p", Point(1.0, 2.0), local)).status == "equal"
    other = compare_captured(nb, _captured("p", Point(1.0, 3.0), local))
    assert (other.status, other.detail) == (
        "different",
        "p.y: 2.0 != 3.0 (relative difference 0.5)",
    )


def test_a_value_that_cannot_be_loaded_is_not_compared_when_its_repr_agrees() -> None:
    record = {"type": "lib.Thing", "repr": "<lib.Thing object at 0x1>", "pickle": b"junk"}
    left = decode_record("s", record)
    right = decode_record("s", dict(record, repr="<lib.Thing object at 0x9>"))
    verdict = compare_captured(left, right)
    assert verdict.status == "not compared" and "cannot be loaded" in verdict.detail
    changed = decode_record("s", dict(record, repr="Thing(2)"))
    assert compare_captured(left, changed).status == "different"


def test_functions_compare_by_name() -> None:
    def helper() -> None: ...

    def other() -> None: ...

    assert compare_captured(_captured("f", helper), _captured("f", helper)).status == "equal"
    assert compare_captured(_captured("f", helper), _captured("f", other)).status == "different"


def test_type_mismatch_is_different() -> None:
    verdict = compare_captured(_captured("v", [1]), _captured("v", (1,)))
    assert verdict.status == "different" and "type builtins.list in the notebook" in verdict.detail


SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=5)
    | st.binary(max_size=5)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4)
    | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=3), inner, max_size=4)
    | st.frozensets(st.integers(), max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(VALUES)
def test_a_value_equals_its_pickled_copy(value: object) -> None:
    assert compare_values(value, pickle.loads(pickle.dumps(value))) is None


@settings(max_examples=200, deadline=None)
@given(VALUES)
def test_wrapping_a_value_changes_it(value: object) -> None:
    assert compare_values([value], [value, 0]) == "value: length 1 != 2"
    found = compare_values({"k": value}, {"k": [value]})
    assert found is not None and found.startswith("value['k']")
