"""Pure comparison: the notebook's value and the package's value in, a Verdict out."""

from __future__ import annotations

import math
import re
import sys
from typing import Any

from nb2mod.verification.captured import Captured
from nb2mod.verification.kinds import (
    canonical_csr,
    has_default_eq,
    is_index,
    is_numpy_array,
    is_numpy_scalar,
    is_pandas,
    is_sparse,
    pandas_message,
    relative,
    safe_equal,
    safe_repr,
    short,
    short_type,
    sorted_reprs,
    type_name,
)
from nb2mod.verification.outcome import Verdict
from nb2mod.verification.state import (
    cached_names,
    code_placeholder,
    is_cache,
    is_duration,
    object_state,
    placeholder_parts,
)

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_LOCALS = re.compile(r"(?:\w+\.<locals>\.)+")
_ATOMS = (bool, int, float, complex, str, bytes, type(None))
_MAX_DEPTH = 400  # levels of nesting compared; deeper values are not compared


def compare_captured(
    expected: Captured, actual: Captured, *, rtol: float = 1e-7, atol: float = 0.0
) -> Verdict:
    """Compare what the notebook left in ``expected`` with what ``run`` returned in ``actual``."""
    name = expected.name
    if not expected.present and not actual.present:
        return Verdict(name, "not compared", "defined on neither side (a loop that never ran?)")
    if not expected.present:
        return Verdict(name, "missing", "not defined in the notebook after its last cell")
    if not actual.present:
        return Verdict(name, "missing", "not in the dict run() returns")
    if "figure" in (expected.kind, actual.kind):
        kind = expected.type_name if expected.kind == "figure" else actual.type_name
        return Verdict(
            name, "not compared", f"a figure ({short_type(kind)}): plots are not compared"
        )
    if expected.kind == "code" and actual.kind == "code":
        same = _plain_repr(expected.repr) == _plain_repr(actual.repr)
        detail = "" if same else f"{name}: {expected.repr} != {actual.repr}"
        return Verdict(name, "equal" if same else "different", detail)
    for side, captured in (("notebook", expected), ("package", actual)):
        if captured.unpicklable:
            return Verdict(
                name, "not compared", f"cannot be pickled in the {side}: {captured.unpicklable}"
            )
    if _type_key(expected) != _type_key(actual):
        return Verdict(
            name,
            "different",
            f"type {expected.type_name} in the notebook, {actual.type_name} in the package",
        )
    return _compare_captured_values(expected, actual, rtol, atol)


def _compare_captured_values(e: Captured, a: Captured, rtol: float, atol: float) -> Verdict:
    if e.loaded and a.loaded:
        comparer = _Comparer(rtol, atol)
        try:
            difference = comparer.run(e.value, a.value, e.name)
        except TooDeep as exc:
            return Verdict(e.name, "not compared", str(exc))
        if difference is not None:
            return Verdict(e.name, "different", difference)
        return Verdict(e.name, "equal", comparer.skipped_note())
    left, right = _plain_repr(e.repr), _plain_repr(a.repr)
    why = e.unloadable or a.unloadable or "it cannot be loaded"
    if left == right:  # the same text does not prove the same value
        detail = f"{short_type(e.type_name)} cannot be loaded to compare ({why}); same repr"
        return Verdict(e.name, "not compared", detail)
    detail = f"{e.name}: repr {short(left)} != {short(right)} (compared by repr: {why})"
    return Verdict(e.name, "different", detail)


def _type_key(captured: Captured) -> str:
    """Classes defined by the notebook (``__main__``) or the package match by their name."""
    if captured.local:
        return captured.type_name.rsplit(".", 1)[-1]
    return captured.type_name


def _plain_repr(text: str) -> str:
    """The repr without addresses, ``__main__.`` and the functions a definition is local to
    (the package keeps some notebook definitions inside their step function)."""
    return _LOCALS.sub("", _ADDRESS.sub("", text).replace("__main__.", ""))


def compare_values(
    expected: Any, actual: Any, *, rtol: float = 1e-7, atol: float = 0.0, path: str = "value"
) -> str | None:
    """None when equal, else a short description of the first difference, naming its path
    (``x[3]['a']``), or of why the values could not be compared (nested too deeply).
    Floats compare with ``rtol``/``atol``; NaN equals NaN."""
    try:
        return _Comparer(rtol, atol).run(expected, actual, path)
    except TooDeep as exc:
        return str(exc)


class TooDeep(Exception):
    """The values nest deeper than the comparison goes."""


class _Comparer:
    def __init__(self, rtol: float, atol: float) -> None:
        self.rtol = rtol
        self.atol = atol
        # pairs compared already or being compared (a cycle): kept alive so ids stay unique
        self.seen: dict[tuple[int, int], tuple[Any, Any]] = {}
        self.durations: list[str] = []  # paths of differing durations, not compared

    def skipped_note(self) -> str:
        if not self.durations:
            return ""
        shown = ", ".join(self.durations[:3])
        more = f" and {len(self.durations) - 3} more" if len(self.durations) > 3 else ""
        return f"durations measured while running differ and are not compared: {shown}{more}"

    def entry(self, key: Any, e: Any, a: Any, where: str, depth: int) -> str | None:
        """One attribute or dict entry; a duration a library measured (a fit time) may
        differ between runs that compute the same, so it is noted instead."""
        found = self.compare(e, a, where, depth + 1)
        if found and isinstance(key, str) and is_duration(key):
            self.durations.append(where)
            return None
        return found

    def run(self, e: Any, a: Any, path: str) -> str | None:
        """Compare, with room on the stack for ``_MAX_DEPTH`` levels of objects."""
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, _MAX_DEPTH * 8 + 200))
        try:
            return self.compare(e, a, path, 0)
        except RecursionError:
            raise TooDeep(f"{path}: nested too deeply to compare") from None
        finally:
            sys.setrecursionlimit(limit)

    def compare(self, e: Any, a: Any, path: str, depth: int) -> str | None:
        if e is a:
            return None
        if not isinstance(e, _ATOMS):
            if (id(e), id(a)) in self.seen:
                return None  # equal so far, or a cycle: the first visit decides
            self.seen[(id(e), id(a))] = (e, a)
        if depth > _MAX_DEPTH:
            raise TooDeep(f"{path}: nested more than {_MAX_DEPTH} levels deep, not compared")
        if type(e) is not type(a):
            return f"{path}: type {type_name(e)} != {type_name(a)}"
        for matches, method in self._handlers():
            if matches(e):
                return method(e, a, path, depth)
        return self.objects(e, a, path, depth)

    def _handlers(self) -> list[tuple[Any, Any]]:
        return [
            (lambda v: isinstance(v, float), self.floats),
            (lambda v: isinstance(v, complex), self.complexes),
            (lambda v: isinstance(v, (bool, int, str, bytes, type(None))), self.exact),
            (lambda v: isinstance(v, (list, tuple)), self.sequences),
            (lambda v: isinstance(v, dict), self.mappings),
            (lambda v: isinstance(v, (set, frozenset)), self.sets),
            (is_numpy_array, self.arrays),
            (is_numpy_scalar, self.numpy_scalars),
            (is_pandas, self.pandas_objects),
            (is_sparse, self.sparse),
        ]

    def exact(self, e: Any, a: Any, path: str, depth: int) -> str | None:
        return None if e == a else f"{path}: {short(repr(e))} != {short(repr(a))}"

    def floats(self, e: float, a: float, path: str, depth: int) -> str | None:
        return None if self.close(e, a) else f"{path}: {e!r} != {a!r}{relative(e, a)}"

    def close(self, e: float, a: float) -> bool:
        if math.isnan(e) or math.isnan(a):
            return math.isnan(e) and math.isnan(a)
        return e == a or math.isclose(e, a, rel_tol=self.rtol, abs_tol=self.atol)

    def complexes(self, e: complex, a: complex, path: str, depth: int) -> str | None:
        same = self.close(e.real, a.real) and self.close(e.imag, a.imag)
        return None if same else f"{path}: {e!r} != {a!r}"

    def sequences(self, e: Any, a: Any, path: str, depth: int) -> str | None:
        if len(e) != len(a):
            return f"{path}: length {len(e)} != {len(a)}"
        for i in range(len(e)):  # not zip(strict=): this also runs in Python 3.8 (comparing.py)
            found = self.compare(e[i], a[i], f"{path}[{i}]", depth + 1)
            if found:
                return found
        return None

    def mappings(self, e: dict[Any, Any], a: dict[Any, Any], path: str, depth: int) -> str | None:
        only_e = [k for k in e if k not in a]
        only_a = [k for k in a if k not in e]
        if only_e or only_a:
            return f"{path}: keys {short(repr(only_e))} only in the notebook, {short(repr(only_a))} only in the package"
        for key, value in e.items():
            found = self.entry(key, value, a[key], f"{path}[{key!r}]", depth)
            if found:
                return found
        return None

    def sets(self, e: Any, a: Any, path: str, depth: int) -> str | None:
        if e == a:
            return None
        only_e, only_a = sorted_reprs(e - a), sorted_reprs(a - e)
        return f"{path}: {short(only_e)} only in the notebook, {short(only_a)} only in the package"

    def arrays(self, e: Any, a: Any, path: str, depth: int) -> str | None:
        import numpy as np

        if e.shape != a.shape:
            return f"{path}: shape {e.shape} != {a.shape}"
        if e.dtype != a.dtype:
            return f"{path}: dtype {e.dtype} != {a.dtype}"
        if e.dtype.kind == "O":
            return self.object_array(e, a, path, depth)
        if e.dtype.kind in "fc":
            same = np.isclose(e, a, rtol=self.rtol, atol=self.atol, equal_nan=True)
        else:
            same = e == a
            if e.dtype.kind == "m" or e.dtype.kind == "M":
                same = same | (np.isnat(e) & np.isnat(a))
        if bool(np.all(same)):
            return None
        index = tuple(int(i) for i in np.argwhere(~np.asarray(same))[0])
        count = int(np.size(same) - np.count_nonzero(same))
        where = f"[{', '.join(map(str, index))}]"
        return f"{path}{where}: {short(repr(e[index]))} != {short(repr(a[index]))} ({count} of {e.size} elements differ)"

    def object_array(self, e: Any, a: Any, path: str, depth: int) -> str | None:
        import numpy as np

        for index in np.ndindex(e.shape):
            found = self.compare(
                e[index], a[index], f"{path}[{', '.join(map(str, index))}]", depth + 1
            )
            if found:
                return found
        return None

    def numpy_scalars(self, e: Any, a: Any, path: str, depth: int) -> str | None:
        if e.dtype != a.dtype:
            return f"{path}: dtype {e.dtype} != {a.dtype}"
        if e.dtype.kind in "fc":
            return self.compare(
                complex(e) if e.dtype.kind == "c" else float(e),
                complex(a) if a.dtype.kind == "c" else float(a),
                path,
                depth + 1,
            )
        return self.exact(e, a, path, depth)

    def pandas_objects(self, e: Any, a: Any, path: str, depth: int) -> str | None:
        import pandas.testing as pdt

        options = {"check_exact": False, "rtol": self.rtol, "atol": self.atol}
        kind = type(e).__name__
        try:
            if kind == "DataFrame":
                pdt.assert_frame_equal(e, a, **options)
            elif kind == "Series":
                pdt.assert_series_equal(e, a, **options)
            elif is_index(e):
                pdt.assert_index_equal(e, a, check_exact=False, rtol=self.rtol, atol=self.atol)
            else:
                return self.objects(e, a, path, depth)
        except AssertionError as exc:
            return f"{path}: {pandas_message(exc)}"
        return None

    def sparse(self, e: Any, a: Any, path: str, depth: int) -> str | None:
        """scipy.sparse: shape, then the canonical CSR arrays (structure exact, data close)."""
        if e.shape != a.shape:
            return f"{path}: shape {e.shape} != {a.shape}"
        left, right = canonical_csr(e), canonical_csr(a)
        for part in ("indptr", "indices", "data"):
            found = self.compare(getattr(left, part), getattr(right, part), f"{path}.{part}", depth)
            if found:
                return found
        return None

    def objects(self, e: Any, a: Any, path: str, depth: int) -> str | None:
        """``==`` when it says equal; else the objects' state (state.py), with tolerances;
        the repr only when neither can tell."""
        if placeholder_parts(e) is not None:
            return self.placeholders(e, a, path, depth)
        name = code_placeholder(e)
        if name is not None:
            other = code_placeholder(a)
            return None if name == other else f"{path}: {name} != {other}"
        equal = safe_equal(e, a)
        if equal is True:
            return None
        left, right = object_state(e), object_state(a)
        found = None
        if left is not None and right is not None:
            found = self.states(left, right, path, depth, cached_names(type(e)))
            if found is None or has_default_eq(e):
                return found  # a custom == is exact; the state may agree within tolerance
        texts = _plain_repr(safe_repr(e)), _plain_repr(safe_repr(a))
        if texts[0] != texts[1]:
            how = "repr " if has_default_eq(e) or equal is None else ""
            return f"{path}: {how}{short(texts[0])} != {short(texts[1])}"
        if found or equal is None:
            return found  # nothing but the repr tells them apart, and it is the same
        return f"{path}: == says they differ ({short(texts[0])})"

    def placeholders(self, e: Any, a: Any, path: str, depth: int) -> str | None:
        """Instances of the notebook's and the package's own classes."""
        left, right = placeholder_parts(e), placeholder_parts(a)
        if left is None or right is None or left[0] != right[0]:
            names = (left or ("?",))[0], (right or ("?",))[0]
            return f"{path}: type {names[0]} != {names[1]}"
        return self.states(left[1], right[1], path, depth, left[2] | right[2])

    def states(
        self, e: dict[str, Any], a: dict[str, Any], path: str, depth: int, cached: frozenset[str]
    ) -> str | None:
        """Attribute by attribute; an attribute that caches is compared on what both hold."""
        for key in [*e, *(k for k in a if k not in e)]:
            where = f"{path}.{key}"
            if key not in e or key not in a:
                if key in cached or is_cache(key):
                    continue
                side = "notebook" if key in e else "package"
                return f"{where}: only in the {side}"
            left, right = e[key], a[key]
            if is_cache(key) and isinstance(left, dict) and isinstance(right, dict):
                shared = [k for k in left if k in right]
                left, right = {k: left[k] for k in shared}, {k: right[k] for k in shared}
            found = self.entry(key, left, right, where, depth)
            if found:
                return found
        return None
