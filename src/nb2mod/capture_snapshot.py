"""Standalone snapshot code run INSIDE the kernel by ``convert --capture`` (stdlib only).

Its source is sent as is, so it must not import nb2mod. ``before`` stores a step's inputs
and the global random state; ``after`` adds the step's outputs and writes the step's
fixture (or the reason there is none) for nb2mod to read.
"""

from __future__ import annotations

import pickle
import random
import sys
from pathlib import Path
from typing import Any


def refers_to_main(blob: bytes) -> bool:
    """Whether a pickle names ``__main__``: it would not load outside the notebook."""
    import pickletools

    try:
        args = [arg for _, arg, _ in pickletools.genops(blob) if isinstance(arg, str)]
    except Exception:  # an odd pickle: treated as unusable rather than guessed at
        return True
    return any(arg == "__main__" or arg.startswith("__main__ ") for arg in args)


def _nb2mod_blobs(
    namespace: dict[str, Any], names: list[str], limit: int
) -> tuple[dict[str, Any], dict[str, str], str | None]:
    """The values of ``names`` that can be stored, why each other one cannot, and why none
    can be stored when they are too large together."""
    values: dict[str, Any] = {}
    left_out: dict[str, str] = {}
    total = 0
    for name in names:
        if name not in namespace:
            left_out[name] = "is not bound when the step runs in the notebook"
            continue
        try:
            blob = pickle.dumps(namespace[name], protocol=4)
        except Exception as exc:  # an unpicklable value is not stored
            left_out[name] = f"cannot be pickled ({type(exc).__name__}: {exc})"[:300]
            continue
        if refers_to_main(blob):
            left_out[name] = "holds classes or functions defined in the notebook"
            continue
        total += len(blob)
        if total > limit:
            return {}, left_out, f"its values exceed {limit / 1024**2:g} MB pickled ({name!r})"
        values[name] = namespace[name]
    return values, left_out, None


def _nb2mod_random_state() -> dict[str, Any]:
    state: dict[str, Any] = {"random": random.getstate()}
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        try:
            state["numpy"] = numpy.random.get_state()
        except Exception:  # an unusual numpy: its state is not restored
            pass
    return state


def before(namespace: dict[str, Any], names: list[str], path: str, limit: int) -> None:
    values, left_out, reason = _nb2mod_blobs(namespace, names, limit)
    if reason is None and left_out:
        name, why = next(iter(left_out.items()))
        reason = f"its input {name!r} {why}"
    record = {"inputs": values, "random": _nb2mod_random_state(), "reason": reason}
    with open(path, "wb") as handle:
        pickle.dump(record, handle, protocol=4)


def _nb2mod_how(value: Any) -> str | None:
    """How a test compares this value with its stored copy; None: it cannot."""
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.ndarray):
        return "array"
    pandas = sys.modules.get("pandas")
    if pandas is not None:
        for kind, how in (("DataFrame", "frame"), ("Series", "series"), ("Index", "index")):
            if isinstance(value, getattr(pandas, kind)):
                return how
    try:
        same = pickle.loads(pickle.dumps(value, protocol=4)) == value
        if type(same).__name__ in ("bool", "bool_") and bool(same):
            return "equal"
    except Exception:  # no value equality: compared by state, if it has one
        pass
    if type(value).__eq__ is object.__eq__ and _nb2mod_has_state(value):
        return "state"
    return None


def _nb2mod_has_state(value: Any) -> bool:
    """Whether the generated test's state comparison (_assert_same_state) has something to
    compare: a public attribute holding plain data, a numpy or a pandas value."""
    state = getattr(value, "__dict__", None)
    if not isinstance(state, dict):
        return False
    plain = (int, float, str, bytes, list, tuple, dict, type(None))
    return any(
        isinstance(v, plain) or type(v).__module__.split(".")[0] in ("numpy", "pandas")
        for k, v in state.items()
        if not k.startswith("_")
    )


def after(
    namespace: dict[str, Any], names: list[str], before_path: str, path: str, limit: int
) -> None:
    with open(before_path, "rb") as handle:
        record = pickle.load(handle)
    reason = record["reason"]
    folder = None
    how: dict[str, str | None] = {}
    left_out: dict[str, str] = {}
    if reason is None:
        outputs, left_out, reason = _nb2mod_blobs(namespace, names, limit)
        how = {name: _nb2mod_how(value) for name, value in outputs.items()}
    if reason is None:
        folder = path + ".fixture"
        try:
            _nb2mod_write_fixture(Path(folder), record["inputs"], outputs, record["random"])
        except Exception as exc:  # shared state that pickles alone but not together
            reason, folder = f"cannot be stored ({type(exc).__name__}: {exc})"[:300], None
    with open(path, "wb") as handle:
        record = {"folder": folder, "reason": reason, "how": how, "left_out": left_out}
        pickle.dump(record, handle, protocol=4)


def _nb2mod_write_fixture(
    folder: Path, inputs: dict[str, Any], outputs: dict[str, Any], state: dict[str, Any]
) -> None:
    """The step's fixture folder: values.json, random.json and the files values need."""
    import json

    folder.mkdir()
    values: dict[str, dict[str, Any]] = {"inputs": {}, "outputs": {}}
    for part, named in (("inputs", inputs), ("outputs", outputs)):
        for name, value in named.items():
            values[part][name] = _nb2mod_encode(value, folder, f"{part}.{name}")
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
            same = _nb2mod_exact(_nb2mod_loader()(folder, entry), value)
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


def _nb2mod_loader() -> Any:
    """capture_formats' _load_value: run first in the same namespace (in the kernel), or
    imported (in nb2mod's own process)."""
    found = globals().get("_load_value")
    if found is None:
        from nb2mod.capture_formats import _load_value as found
    return found


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
