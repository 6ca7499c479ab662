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
    fixture = None
    how: dict[str, str | None] = {}
    left_out: dict[str, str] = {}
    if reason is None:
        outputs, left_out, reason = _nb2mod_blobs(namespace, names, limit)
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
        record = {"fixture": fixture, "reason": reason, "how": how, "left_out": left_out}
        pickle.dump(record, handle, protocol=4)
