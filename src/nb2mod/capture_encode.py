"""Standalone fixture writer run INSIDE the kernel by ``convert --capture`` (stdlib; numpy
and pandas only for values of theirs): each value in the most readable form that gives it
back exactly (read back with capture_formats and compared), else pickled.

Its source is sent as is, with capture_formats' and capture_snapshot's, so it must not
import nb2mod there.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path
from typing import Any


def _nb2mod_write_fixture(
    folder: Path,
    inputs: dict[str, Any],
    outputs: dict[str, Any],
    state: dict[str, Any],
    figures: list[str] | None = None,
) -> None:
    """The step's fixture folder: values.json (with the digests of the ``figures`` the step
    showed, when there are any), random.json and the files values need."""
    import json

    folder.mkdir()
    values: dict[str, Any] = {"inputs": {}, "outputs": {}}
    for part, named in (("inputs", inputs), ("outputs", outputs)):
        for name, value in named.items():
            values[part][name] = _nb2mod_encode(value, folder, f"{part}.{name}")
    if figures:
        values["figures"] = list(figures)
    text = json.dumps(values, indent=1, ensure_ascii=False, allow_nan=True)
    (folder / "values.json").write_text(text + "\n", encoding="utf-8")
    text = json.dumps(_nb2mod_random_json(state), separators=(",", ":"))
    (folder / "random.json").write_text(text + "\n", encoding="utf-8")


def _nb2mod_random_json(state: dict[str, Any]) -> dict[str, Any]:
    version, internal, gauss = state["random"]
    stored: dict[str, Any] = {"random": [version, list(internal), gauss]}
    if "numpy" in state:
        name, keys, position, has_gauss, cached = state["numpy"]
        numbers = [int(key) for key in keys]
        stored["numpy"] = [name, numbers, int(position), int(has_gauss), float(cached)]
    return stored


def _nb2mod_encode(value: Any, folder: Path, stem: str) -> dict[str, Any]:
    """The values.json entry of ``value``: a readable form when it gives the value back
    exactly (checked by reading it back), else a pickle."""
    import base64

    entry = _nb2mod_readable(value, folder, stem)
    if entry is not None:
        try:
            load = _nb2mod_function("_load_value", "capture_formats")
            same = _nb2mod_exact(load(folder, entry), value)
        except Exception:  # a readable form that does not read back: pickled instead
            same = False
        if not same:
            for key in ("array", "csv", "dtypes"):
                if key in entry:
                    (folder / entry[key]).unlink()
            entry = None
    if entry is None:
        text = base64.encodebytes(pickle.dumps(value, protocol=4)).decode("ascii")
        (folder / f"{stem}.pkl.b64").write_text(text, encoding="ascii")
        entry = {"pickle": f"{stem}.pkl.b64"}
    return {**_nb2mod_describe(value), **entry}


def _nb2mod_describe(value: Any) -> dict[str, Any]:
    kind = type(value)
    name = (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )
    shape = getattr(value, "shape", None)
    if isinstance(shape, tuple) and all(isinstance(n, int) for n in shape):
        return {"type": name, "shape": list(shape)}
    if isinstance(value, (list, tuple, dict, set, frozenset, str, bytes)):
        return {"type": name, "shape": [len(value)]}
    return {"type": name, "shape": None}


def _nb2mod_plain(value: Any, depth: int = 0) -> bool:
    """Whether JSON holds ``value`` as it is: None, bool, int, float, str, lists of them and
    dicts of them with str keys."""
    if depth > 100:
        return False
    if value is None or type(value) in (bool, int, float, str):
        return True
    if type(value) is list:
        return all(_nb2mod_plain(v, depth + 1) for v in value)
    if type(value) is dict:
        return all(type(k) is str and _nb2mod_plain(v, depth + 1) for k, v in value.items())
    return False


def _nb2mod_readable(value: Any, folder: Path, stem: str) -> dict[str, Any] | None:
    """A readable entry for ``value`` (writing the files it names), or None."""
    import json

    numpy, pandas = sys.modules.get("numpy"), sys.modules.get("pandas")
    if _nb2mod_plain(value):
        return {"json": json.loads(json.dumps(value))}
    if numpy is not None and isinstance(value, (numpy.generic, numpy.ndarray)):
        if value.dtype.kind not in "biufU":
            return None
        dtype = value.dtype.name if value.dtype.kind in "biuf" else value.dtype.str
        if isinstance(value, numpy.generic):
            return {"scalar": dtype, "value": value.item()}
        spec = {"dtype": dtype, "shape": list(value.shape), "values": value.tolist()}
        (folder / f"{stem}.array.json").write_text(json.dumps(spec) + "\n", encoding="utf-8")
        return {"array": f"{stem}.array.json"}
    if pandas is not None and isinstance(value, (pandas.DataFrame, pandas.Series)):
        return _nb2mod_write_pandas(pandas, value, folder, stem)
    return None


def _nb2mod_field(pandas: Any, name: Any, dtype: Any) -> dict[str, Any]:
    field = {"name": name, "dtype": str(dtype)}
    if isinstance(dtype, pandas.CategoricalDtype):
        categories = dtype.categories
        field.update(dtype="category", categories=categories.tolist())
        field.update(categories_dtype=str(categories.dtype), ordered=bool(dtype.ordered))
    return field


def _nb2mod_write_pandas(pandas: Any, value: Any, folder: Path, stem: str) -> dict[str, Any]:
    """A frame or series as CSV and the dtypes sidecar that reads it back."""
    import json

    series = isinstance(value, pandas.Series)
    frame = value.to_frame() if series else value
    spec: dict[str, Any] = {"kind": "series" if series else "frame"}
    index = frame.index
    plain_index = isinstance(index, pandas.RangeIndex) and index.name is None
    if plain_index:
        spec.update(index=None, range=[index.start, index.stop, index.step])
    else:
        spec["index"] = [
            _nb2mod_field(pandas, index.names[i], index.get_level_values(i).dtype)
            for i in range(index.nlevels)
        ]
    columns = list(frame.columns) if not series else [value.name]
    spec["columns"] = [
        _nb2mod_field(pandas, columns[i], frame.iloc[:, i].dtype) for i in range(frame.shape[1])
    ]
    spec["columns_dtype"] = "object" if series else str(frame.columns.dtype)
    text = json.dumps(spec, indent=1, ensure_ascii=False)
    csv, sidecar = f"{stem}.csv", f"{stem}.dtypes.json"
    frame.to_csv(folder / csv, index=not plain_index, lineterminator="\n")
    (folder / sidecar).write_text(text + "\n", encoding="utf-8")
    return {"csv": csv, "dtypes": sidecar}


def _nb2mod_exact(decoded: Any, value: Any) -> bool:
    """Whether ``decoded`` is ``value`` exactly: type, dtypes, index, names and every item."""
    if type(decoded) is not type(value):
        return False
    numpy, pandas = sys.modules.get("numpy"), sys.modules.get("pandas")
    if pandas is not None and isinstance(value, (pandas.DataFrame, pandas.Series)):
        from pandas import testing

        options = {"check_exact": True, "check_index_type": True, "check_flags": True}
        try:
            if isinstance(value, pandas.DataFrame):
                testing.assert_frame_equal(decoded, value, check_column_type=True, **options)
            else:
                testing.assert_series_equal(decoded, value, **options)
        except AssertionError:
            return False
        return True
    if numpy is not None and isinstance(value, (numpy.ndarray, numpy.generic)):
        nan = value.dtype.kind == "f"
        return (
            decoded.dtype == value.dtype
            and decoded.shape == value.shape
            and bool(numpy.array_equal(decoded, value, equal_nan=nan))
        )
    return _nb2mod_identical(decoded, value)


def _nb2mod_identical(left: Any, right: Any) -> bool:
    if type(left) is not type(right):
        return False
    if type(left) is float:
        return repr(left) == repr(right)
    if type(left) is list:
        return len(left) == len(right) and all(map(_nb2mod_identical, left, right))
    if type(left) is dict:
        same = list(left) == list(right)
        return same and all(_nb2mod_identical(left[k], right[k]) for k in left)
    return bool(left == right)


def _nb2mod_function(name: str, module: str) -> Any:
    """A function of another capture module: run first in the same namespace (in the
    kernel), or imported (in nb2mod's own process)."""
    found = globals().get(name)
    if found is None:
        import importlib

        found = getattr(importlib.import_module(f"nb2mod.{module}"), name)
    return found
