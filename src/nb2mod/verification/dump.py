"""Standalone capture code run INSIDE the kernel and the package subprocess (stdlib only).

Its source is sent as is, so it must not import nb2mod. ``dump_values`` writes one pickle
file: name -> record (type, kind, repr, the pickled value or why it cannot be pickled).
Instances of the notebook's and the package's own classes are pickled as placeholders.
"""

from __future__ import annotations

import copyreg
import functools
import io
import pickle
import types
from typing import Any

_FIGURE_MODULES = ("matplotlib.", "seaborn.", "plotly.", "bokeh.", "altair.")
_FIGURE_WORDS = ("Figure", "Axes", "Grid", "Chart", "Plot", "Artist", "Line2D", "Legend")
_CODE_TYPES = ("function", "module", "builtin_function_or_method", "method", "partial")
# the placeholder keys nb2mod's state.py reads back (this code cannot import nb2mod)
_CLASS_KEY = "__nb2mod_class__"
_STATE_KEY = "__nb2mod_state__"
_CACHED_KEY = "__nb2mod_cached__"
_CODE_KEY = "__nb2mod_code__"
_NB2MOD_NEW_OBJECT = (getattr(copyreg, "__newobj__", None), getattr(copyreg, "__newobj_ex__", None))


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
        record["pickle"] = _nb2mod_dumps(value, local_prefixes)
    except Exception as exc:  # unpicklable values are reported as not compared
        record["pickle_error"] = f"{type(exc).__name__}: {exc}"[:300]
    return record


def _nb2mod_dumps(value: Any, local_prefixes: tuple[str, ...]) -> bytes:
    buffer = io.BytesIO()
    _Nb2modPickler(buffer, local_prefixes).dump(value)
    return buffer.getvalue()


class _Nb2modPickler(pickle.Pickler):
    """Pickles instances of the notebook's (``__main__``) and the package's own classes as
    placeholders holding their class name and their reduce parts, and those functions and
    classes as placeholders holding their name: nb2mod's state.py reads them back where
    the classes themselves do not exist."""

    def __init__(self, file: Any, local_prefixes: tuple[str, ...]) -> None:
        super().__init__(file, protocol=4)
        self._local_prefixes = tuple(local_prefixes)

    def _is_local(self, module: str) -> bool:
        return module == "__main__" or any(
            module == p or module.startswith(p + ".") for p in self._local_prefixes
        )

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, (type, types.FunctionType)):
            if not self._is_local(getattr(obj, "__module__", "") or ""):
                return NotImplemented
            kind = "class" if isinstance(obj, type) else "function"
            return types.SimpleNamespace, (), {_CODE_KEY: f"{kind} {_local_name(obj)}"}
        klass = type(obj)
        if not self._is_local(getattr(klass, "__module__", "") or ""):
            return NotImplemented
        try:
            reduced = obj.__reduce_ex__(4)
        except Exception:  # pickle then fails the usual way, and says why
            return NotImplemented
        if not isinstance(reduced, tuple):
            return NotImplemented
        function, args, state, items, entries = (*reduced, None, None, None)[:5]
        if function in (
            getattr(copyreg, "__newobj__", None),
            getattr(copyreg, "__newobj_ex__", None),
        ):
            args = args[1:]
        parts = (
            tuple(args or ()),
            state,
            None if items is None else list(items),
            None if entries is None else dict(entries),
        )
        cached = sorted(
            name
            for base in klass.__mro__
            for name, member in vars(base).items()
            if isinstance(member, functools.cached_property)
        )
        fields = {_CLASS_KEY: _local_name(klass), _STATE_KEY: parts, _CACHED_KEY: cached}
        return types.SimpleNamespace, (), fields


def _local_name(definition: Any) -> str:
    """The qualified name without the functions it is local to: a notebook definition the
    package keeps inside its step function (``load.<locals>.register``) is ``register``."""
    return str(definition.__qualname__).rpartition("<locals>.")[2]


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
