"""What a top-level statement binds, by kind of certainty: the one home of "surely bound".

The walk records each module-scope binding with the compound statements around it
(records.BindSite); these rules turn the sites into the facts the planner uses. A change
to what counts as surely bound (both branches of an if/else, a try and all its handlers)
is made in ``surely_bound`` alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from nb2mod.analysis.records import BindSite

_NOT_ASSIGNMENTS = frozenset({"except", "match"})


def surely_bound(kind: str, defines: Sequence[str], sites: Iterable[BindSite]) -> tuple[str, ...]:
    """Names the statement binds whenever it completes without an exception.

    A simple statement binds what it defines (a called function's ``global`` writes too);
    a ``def`` or ``class`` its name; a compound statement the names its own syntax binds
    outside every block but ``with`` (a loop that never runs, a branch not taken or an
    ``except`` that is skipped binds nothing)."""
    if kind not in ("def", "class", "control"):
        return tuple(defines)
    if kind in ("def", "class"):
        return _names(s for s in sites if s.how == "def" and not s.blocks)
    return _names(
        s for s in sites if s.how not in _NOT_ASSIGNMENTS and all(b == "with" for b in s.blocks)
    )


def assigned(sites: Iterable[BindSite]) -> tuple[str, ...]:
    """Names the statement's syntax binds in some branch (except and match names aside)."""
    return _names(s for s in sites if s.how not in _NOT_ASSIGNMENTS)


def handler_names(sites: Iterable[BindSite]) -> tuple[str, ...]:
    """Names ``except E as name`` binds (Python deletes them when the handler ends)."""
    return _names(s for s in sites if s.how == "except")


def _names(sites: Iterable[BindSite]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s.name for s in sites))
