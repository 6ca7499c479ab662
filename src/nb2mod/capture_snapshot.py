"""Standalone snapshot code run INSIDE the kernel by ``convert --capture`` (stdlib only).

Its source is sent as is, so it must not import nb2mod. ``before`` stores a step's inputs
and the global random state; ``after`` adds the step's outputs and writes the step's
fixture (or the reason there is none) for nb2mod to read.
"""

from __future__ import annotations

import pickle
import random
import sys
from typing import Any


def _nb2mod_blobs(
    namespace: dict[str, Any], names: list[str], limit: int
) -> tuple[dict[str, Any], str | None]:
    """The values of ``names``, or why they cannot be a fixture."""
    values: dict[str, Any] = {}
    total = 0
    for name in names:
        if name not in namespace:
            return {}, f"{name!r} is not bound when the step runs in the notebook"
        try:
            blob = pickle.dumps(namespace[name], protocol=4)
        except Exception as exc:  # an unpicklable value: the step gets no fixture
            return {}, f"{name!r} cannot be pickled ({type(exc).__name__}: {exc})"[:300]
        total += len(blob)
        if total > limit:
            return {}, f"its values exceed {limit / 1024**2:g} MB pickled ({name!r})"
        values[name] = namespace[name]
    return values, None


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
    values, reason = _nb2mod_blobs(namespace, names, limit)
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
    except Exception:  # no value equality: not compared
        pass
    return None


def after(
    namespace: dict[str, Any], names: list[str], before_path: str, path: str, limit: int
) -> None:
    with open(before_path, "rb") as handle:
        record = pickle.load(handle)
    reason = record["reason"]
    fixture = None
    how: dict[str, str | None] = {}
    if reason is None:
        outputs, reason = _nb2mod_blobs(namespace, names, limit)
        how = {name: _nb2mod_how(value) for name, value in outputs.items()}
    if reason is None:
        data = {"inputs": record["inputs"], "outputs": outputs, "random": record["random"]}
        try:
            fixture = pickle.dumps(data, protocol=4)
        except Exception as exc:  # shared state that pickles alone but not together
            reason = f"cannot be pickled ({type(exc).__name__}: {exc})"[:300]
        else:
            if len(fixture) > limit:
                reason, fixture = f"its fixture would exceed {limit / 1024**2:g} MB pickled", None
    with open(path, "wb") as handle:
        pickle.dump({"fixture": fixture, "reason": reason, "how": how}, handle, protocol=4)
