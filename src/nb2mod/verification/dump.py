"""Standalone capture code run INSIDE the kernel and the package subprocess (stdlib only).

Its source is sent as is, so it must not import nb2mod. ``dump_values`` writes one pickle
file: name -> record (type, kind, repr, the pickled value or why it cannot be pickled).
"""

from __future__ import annotations

import pickle
from typing import Any

_FIGURE_MODULES = ("matplotlib.", "seaborn.", "plotly.", "bokeh.", "altair.")
_FIGURE_WORDS = ("Figure", "Axes", "Grid", "Chart", "Plot", "Artist", "Line2D", "Legend")
_CODE_TYPES = ("function", "module", "builtin_function_or_method", "method", "partial")


def _nb2mod_is_figure(value: Any, depth: int) -> bool:
    """A plot object, or a short container (``fig, axes = plt.subplots()``) holding one."""
    kind = type(value)
    if (kind.__module__ or "").startswith(_FIGURE_MODULES):
        return any(word in kind.__qualname__ for word in _FIGURE_WORDS)
    if depth < 2 and isinstance(value, (list, tuple)) and value:
        return _nb2mod_is_figure(value[0], depth + 1)
    if (
        depth < 2
        and kind.__name__ == "ndarray"
        and getattr(getattr(value, "dtype", None), "kind", "") == "O"
    ):
        return value.size > 0 and _nb2mod_is_figure(value.flat[0], depth + 1)
    return False


def _nb2mod_record(value: Any, local_prefixes: tuple[str, ...]) -> dict[str, Any]:
    kind = type(value)
    module = getattr(kind, "__module__", "") or ""
    record: dict[str, Any] = {"type": f"{module}.{kind.__qualname__}"}
    record["local"] = module == "__main__" or module.startswith(local_prefixes)
    if _nb2mod_is_figure(value, 0):
        record["kind"] = "figure"
        return record
    if isinstance(value, type) or type(value).__name__ in _CODE_TYPES:
        record["kind"] = "code"
    try:
        record["repr"] = repr(value)[:4000]
    except Exception as exc:  # a failing repr is reported, not raised
        record["repr"] = f"<repr failed: {type(exc).__name__}>"
    try:
        record["pickle"] = pickle.dumps(value, protocol=4)
    except Exception as exc:  # unpicklable values are reported as not compared
        record["pickle_error"] = f"{type(exc).__name__}: {exc}"[:300]
    if record["local"] and hasattr(value, "__dict__") and not isinstance(value, type):
        try:
            record["state"] = pickle.dumps(dict(vars(value)), protocol=4)
        except Exception:  # the state is only a fallback for comparing by value
            pass
    return record


def pin_random_state(seed: int = 0) -> None:
    """Seed the global generators of random and numpy (when installed) before either side
    runs, so values that draw from them unseeded agree when both draw in the same order."""
    import random

    random.seed(seed)
    try:
        import numpy
    except ImportError:
        return
    numpy.random.seed(seed)


def dump_values(
    namespace: dict[str, Any], names: list[str], path: str, local_prefixes: tuple[str, ...] = ()
) -> None:
    """Write the record of each of ``names`` found in ``namespace`` to ``path``."""
    records: dict[str, Any] = {}
    for name in names:
        if name not in namespace:
            records[name] = {"missing": True}
            continue
        records[name] = _nb2mod_record(namespace[name], tuple(local_prefixes))
    with open(path, "wb") as handle:
        pickle.dump(records, handle, protocol=4)
