"""Node handlers registered by type: ``@handles(cst.Assign)`` on a handler function.

A handler is a plain function ``(walker, node) -> None``. The decorator only marks it; the
table the walk dispatches through is built once, from the handler modules, by ``collect``
(an immutable mapping: nothing is registered at run time).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

import libcst as cst

if TYPE_CHECKING:
    from nb2mod.analysis.walk.walker import Walker

Handler = Callable[["Walker", Any], None]
F = TypeVar("F", bound=Callable[..., None])
_MARK = "_nb2mod_handles"


def handles(*node_types: type[cst.CSTNode]) -> Callable[[F], F]:
    """Mark a function as the walk's handler of ``node_types``."""

    def mark(function: F) -> F:
        setattr(function, _MARK, node_types)
        return function

    return mark


def collect(modules: Iterable[ModuleType]) -> Mapping[type, Handler]:
    """Node type -> handler, from the marked functions of ``modules``; one handler a type."""
    table: dict[type, Handler] = {}
    for module in modules:
        for value in vars(module).values():
            if getattr(value, "__module__", None) != module.__name__:
                continue  # a handler imported from another module is registered there
            for node_type in getattr(value, _MARK, ()):
                if node_type in table:
                    raise TypeError(f"two walk handlers for {node_type.__name__}")
                table[node_type] = value
    return MappingProxyType(table)
