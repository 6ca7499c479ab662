"""The state of an object without value equality: what pickling keeps of it, as a mapping.

A fitted estimator, a statsmodels result or an instance of a notebook's own class has no
``==`` that compares values, but pickle knows what makes it what it is: the state that
``__reduce_ex__`` gives (``__dict__``, or ``__getstate__``, or what a C type such as a
scikit-learn ``Tree`` or numpy's ``RandomState`` hands to pickle), the constructor's
arguments, and the items of a list or dict subclass. ``object_state`` returns that as a
dict, and the comparison walks it like any dict.

Instances of classes defined in the notebook (``__main__``) or in the generated package do
not load outside their own process, so the capture code pickles them as a ``Placeholder``
(a SimpleNamespace holding the class name and the parts of its reduce tuple);
``placeholder_parts`` reads one back.

Private caches fill up as a value is used, not as it is computed, so they may differ
legitimately: an attribute that caches (``_cache``, ``*_cache``, ``_cached*``, ``_memo*``,
or a ``functools.cached_property``) is compared only on the entries both sides hold.
Durations a library measures while it runs (``refit_time_``, ``mean_fit_time``,
``fit_time``) differ between runs that compute the same; they are noted, not compared.
"""

from __future__ import annotations

import copyreg
import functools
import re
from types import SimpleNamespace
from typing import Any

CLASS_KEY = "__nb2mod_class__"  # keys of a placeholder (the capture code writes them)
STATE_KEY = "__nb2mod_state__"
CACHED_KEY = "__nb2mod_cached__"
CODE_KEY = "__nb2mod_code__"
# what pickle calls to make an instance before setting its state: its class is args[0]
_NEW_OBJECT = (getattr(copyreg, "__newobj__", None), getattr(copyreg, "__newobj_ex__", None))
# durations libraries measure: scikit-learn's refit_time_, cv_results_'s mean_fit_time, ...,
# cross_validate's fit_time and score_time
DURATION_PATTERN = r"^(mean_|std_)?(fit|refit|score|predict|train)_times?_?$"
_DURATION_NAME = re.compile(DURATION_PATTERN)
_CACHE_NAME = re.compile(r"^_+(\w*_)?(cache|cached|memo)(_?\w*)?$", re.IGNORECASE)


def object_state(value: Any) -> dict[str, Any] | None:
    """What pickling keeps of ``value``, or None when it cannot tell (``__reduce_ex__``
    fails or names a global)."""
    try:
        reduced = value.__reduce_ex__(4)
    except Exception:  # an object pickle cannot handle has no state to compare
        return None
    if not isinstance(reduced, tuple) or len(reduced) < 2:
        return None
    function, args, *rest = (*reduced, None, None, None)[:5]
    if function is getattr(copyreg, "__newobj__", None) or function is getattr(
        copyreg, "__newobj_ex__", None
    ):
        args = args[1:]  # the class itself, already compared
    items = list(rest[1]) if rest[1] is not None else None
    entries = dict(rest[2]) if rest[2] is not None else None
    return state_from(tuple(args or ()), rest[0], items, entries)


def state_from(args: tuple[Any, ...], state: Any, items: Any, entries: Any) -> dict[str, Any]:
    """The parts of a reduce tuple as one mapping: attributes by name, and the constructor's
    arguments, a non-dict state and list or dict items under ``<…>`` keys."""
    found: dict[str, Any] = {}
    if args:
        found["<arguments>"] = tuple(args)
    _add_state(found, state)
    if items is not None:
        found["<items>"] = list(items)
    if entries is not None:
        found["<entries>"] = dict(entries)
    return found


def _add_state(state: dict[str, Any], part: Any) -> None:
    """``__dict__`` style state spreads out as attributes; ``(dict, slots)`` too."""
    if part is None:
        return
    if (
        isinstance(part, tuple)
        and len(part) == 2
        and all(p is None or isinstance(p, dict) for p in part)
    ):
        for half in part:
            _add_state(state, half)
        return
    if isinstance(part, dict) and all(isinstance(k, str) for k in part):
        state.update(part)
    else:
        state["<state>"] = part


def placeholder_parts(value: Any) -> tuple[str, dict[str, Any], frozenset[str]] | None:
    """(class name, state, cached-property names) of a placeholder; None for anything else."""
    if type(value) is not SimpleNamespace:
        return None
    fields = vars(value)
    if CLASS_KEY not in fields:
        return None
    parts = fields.get(STATE_KEY)
    if isinstance(parts, tuple) and len(parts) == 4:
        state = state_from(*parts)
    else:
        state = {"<state>": parts}
    return str(fields[CLASS_KEY]), state, frozenset(fields.get(CACHED_KEY) or ())


def code_placeholder(value: Any) -> str | None:
    """The name of a function or class of the notebook or package, pickled by name."""
    if type(value) is SimpleNamespace and CODE_KEY in vars(value):
        return str(vars(value)[CODE_KEY])
    return None


def cached_names(kind: type) -> frozenset[str]:
    """Attributes of ``kind`` that are ``functools.cached_property`` (set once read)."""
    names = set()
    for klass in getattr(kind, "__mro__", ()):
        for name, member in vars(klass).items():
            if isinstance(member, functools.cached_property):
                names.add(name)
    return frozenset(names)


def is_duration(name: str) -> bool:
    """An attribute or key that holds how long something took (it differs between runs)."""
    return bool(_DURATION_NAME.match(name))


def is_cache(name: str) -> bool:
    """A private attribute whose name says it caches."""
    return bool(_CACHE_NAME.match(name))
