"""--capture fixtures people can read: each value is stored as JSON, a JSON array file or
CSV plus a dtypes sidecar when that gives it back exactly, and as a pickle when not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nb2mod.capture_encode import _nb2mod_encode, _nb2mod_exact
from nb2mod.capture_formats import _load_value

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")


def _readable() -> dict[str, object]:
    index = pd.MultiIndex.from_tuples([("a", 1), ("b", 2)], names=["key", "n"])
    return {
        "json": {"n": 3, "x": 0.1, "nan": float("nan"), "items": [1, "a", None, True]},
        "scalar": np.float32(0.25),
        "array": np.array([[0.1, np.nan], [-0.0, 1e300]]),
        "csv": pd.DataFrame(
            {
                "count": [1, 2, 3],
                "ratio": [0.1, 1 / 3, np.nan],
                "name": ["x", "y, z", None],
                "kind": pd.Categorical(["u", "v", "u"], categories=["v", "u"], ordered=True),
                "day": pd.to_datetime(["2020-01-01", "2021-02-03", "2022-03-04"]),
                "flag": [True, False, True],
                "maybe": pd.array([1, None, 3], dtype="Int64"),
            },
            index=pd.Index([10, 20, 30], name="row"),
        ),
        "multi": pd.DataFrame({"v": [1.5, 2.5]}, index=index),
        "int_columns": pd.DataFrame([[1, 2]], columns=[10, 20]).iloc[0:1],
        "series": pd.Series(pd.to_timedelta(["1 day", "2 hours"]), name=7),
        "unnamed": pd.Series([1, 2], index=pd.RangeIndex(5, 9, 2)),
    }


@pytest.mark.parametrize("name", list(_readable()))
def test_each_value_is_stored_readably_and_read_back_exactly(tmp_path: Path, name: str) -> None:
    value = _readable()[name]
    entry = _nb2mod_encode(value, tmp_path, f"outputs.{name}")
    assert "pickle" not in entry
    kind = "csv" if name in ("multi", "int_columns", "series", "unnamed") else name
    assert kind in entry
    assert _nb2mod_exact(_load_value(tmp_path, json.loads(json.dumps(entry))), value)
    for path in tmp_path.iterdir():  # text a reviewer can read
        path.read_text(encoding="utf-8")


def test_the_csv_and_its_sidecar_say_what_the_frame_holds(tmp_path: Path) -> None:
    frame = pd.DataFrame({"kind": pd.Categorical(["u", "v"])}, index=pd.Index(["r1", "r2"]))
    entry = _nb2mod_encode(frame, tmp_path, "outputs.frame")
    assert entry == {
        "type": "pandas.DataFrame",
        "shape": [2, 1],
        "csv": "outputs.frame.csv",
        "dtypes": "outputs.frame.dtypes.json",
    }
    assert (tmp_path / "outputs.frame.csv").read_text(encoding="utf-8") == ",kind\nr1,u\nr2,v\n"
    sidecar = json.loads((tmp_path / "outputs.frame.dtypes.json").read_text(encoding="utf-8"))
    assert sidecar["columns"] == [
        {
            "name": "kind",
            "dtype": "category",
            "categories": ["u", "v"],
            "categories_dtype": str(frame["kind"].cat.categories.dtype),
            "ordered": False,
        }
    ]


@pytest.mark.parametrize(
    "value",
    [
        (1, 2),  # JSON has no tuples
        {1: "a"},  # nor int keys
        pd.DataFrame({"text": ["", "x"]}),  # an empty string reads back as missing
        pd.Series([1, "a"], dtype=object),  # mixed objects read back as strings
        np.array([1, "a"], dtype=object),
        np.array([1 + 2j]),
    ],
    ids=["tuple", "int-keys", "empty-string", "mixed-series", "object-array", "complex"],
)
def test_a_value_no_readable_form_gives_back_is_pickled(tmp_path: Path, value: object) -> None:
    entry = _nb2mod_encode(value, tmp_path, "inputs.value")
    assert entry["pickle"] == "inputs.value.pkl.b64"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inputs.value.pkl.b64"]  # no CSV left
    assert _nb2mod_exact(_load_value(tmp_path, entry), value)


def test_the_exactness_check_sees_dtype_index_and_value_changes() -> None:
    frame = pd.DataFrame({"v": [1, 2]})
    assert _nb2mod_exact(frame.copy(), frame)
    assert not _nb2mod_exact(frame.astype("int32"), frame)
    assert not _nb2mod_exact(frame.set_axis([1, 2]), frame)
    assert not _nb2mod_exact(frame + 1, frame)
    assert not _nb2mod_exact([1, 2], (1, 2))
    assert not _nb2mod_exact(np.float64(1.0), 1.0)
    assert not _nb2mod_exact(np.array([1.0, 2.0]), np.array([1.0, 2.000001]))
