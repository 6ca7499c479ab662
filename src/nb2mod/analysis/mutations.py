"""Which calls change an existing object: known mutating methods, ``inplace=True``, shuffles."""

from __future__ import annotations

from nb2mod.analysis.records import NO_VALUE, CallSite

# Methods that change their receiver (lists, dicts, sets, deques, estimators, torch modules).
MUTATING_METHODS = frozenset(
    {
        "append",
        "appendleft",
        "extend",
        "extendleft",
        "insert",
        "update",
        "pop",
        "popitem",
        "popleft",
        "remove",
        "discard",
        "clear",
        "sort",
        "reverse",
        "setdefault",
        "add",
        "fit",
        "partial_fit",
        "fit_transform",
        "fit_predict",
        "fit_resample",
        "fit_on_texts",
        "fit_generator",
        "build",
        "build_vocab",
        "load_weights",
        "set_weights",
        "step",
        "rotate",
        "compile",
        "train",
        "zero_grad",
        "load_state_dict",
        "set_params",
        "fill",
        "itemset",
        "setflags",
    }
)
# Functions that shuffle or fill their first argument in place (qualified names).
MUTATING_FUNCTIONS = frozenset(
    {
        "random.shuffle",
        "numpy.random.shuffle",
        "numpy.copyto",
        "numpy.put",
        "numpy.place",
        "numpy.fill_diagonal",
        "heapq.heappush",
        "heapq.heappop",
        "heapq.heapify",
        "heapq.heapreplace",
        "heapq.heappushpop",
        "setattr",
        "delattr",
    }
)


def method_mutation(call: CallSite) -> str | None:
    """How a method call changes its receiver, or None when it does not (as far as we know)."""
    if call.method is None or call.receiver is None:
        return None
    inplace = call.keywords.get("inplace")
    if inplace is not None and inplace.value is True:
        return f"method {call.method}(inplace=True)"
    if call.method in MUTATING_METHODS:
        return f"method {call.method}"
    if call.method.endswith("_") and not call.method.startswith("_"):
        return f"in-place method {call.method}"  # torch convention: add_, zero_, clamp_
    return None


def argument_mutation(qualified: str | None, call: CallSite) -> tuple[str, str] | None:
    """(name, how) when a known function mutates the name passed as its first argument."""
    if qualified not in MUTATING_FUNCTIONS or not call.args:
        return None
    first = call.args[0]
    if first.base is None or first.value is not NO_VALUE:
        return None
    return first.base, f"argument of {qualified}"
