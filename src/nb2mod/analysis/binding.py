"""What a top-level statement binds, by kind of certainty: the one home of "surely bound".

The walk records each module-scope binding with the blocks around it (records.BindSite,
records.Block) and the blocks around each ``raise``; these rules turn them into the facts
the planner uses. A change to what counts as surely bound is made here alone.

A name is surely bound after a block when the block binds it directly, or a compound
statement in it surely binds it: through a part that always runs (an ``if`` or ``while``
test, a ``for`` iterable, a ``with`` statement, a ``finally`` block), or through every one of
its alternatives (an ``if`` body and its ``else``; a ``try`` body with its ``else`` and each
``except`` handler). A block that raises never completes, so it binds everything vacuously.
Loop bodies, ``else`` blocks of loops, match cases, comprehensions, the right operand of
``and``/``or``, the values of ``x if c else y`` and the body of ``with suppress(...)`` may
not run (a ``with`` body otherwise counts as run: the analysis cannot know which other
context managers swallow exceptions).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from nb2mod.analysis.records import BindSite, Block

_NOT_ASSIGNMENTS = frozenset({"except", "match"})
_ALWAYS = frozenset({"if-test", "while-test", "for-iter", "with-item", "with", "match", "finally"})
_ALTERNATIVES = frozenset({"if", "else", "try", "try-else", "except"})
_LOOPS = frozenset({"for", "while", "comprehension"})

Path = tuple[Block, ...]
_Sure = frozenset[str] | None  # None: the block never completes (it raises)


def surely_bound(
    kind: str,
    defines: Sequence[str],
    sites: Iterable[BindSite],
    raises: Iterable[Path] = (),
    deletes: Iterable[str] = (),
) -> tuple[str, ...]:
    """Names the statement binds whenever it completes without an exception.

    A simple statement binds what it defines (a called function's ``global`` writes too)
    unless a conditional expression holds the binding; a ``def``, a ``class`` or a compound
    statement the names its own syntax binds by the rules above. A name the statement also
    deletes is never sure."""
    sites = [s for s in sites if s.how not in _NOT_ASSIGNMENTS]
    sure = _sure(sites, list(raises), 0)
    gone = set(deletes)
    if kind not in ("def", "class", "control"):
        sited = {s.name for s in sites}
        names = [n for n in defines if n not in sited or sure is None or n in sure]
    else:
        names = [n for n in _names(sites) if sure is None or n in sure]
    return tuple(n for n in names if n not in gone)


def partly_bound(sites: Iterable[BindSite], sure: Iterable[str]) -> tuple[str, ...]:
    """Names the statement's syntax binds on some paths, not surely, and not only inside a
    loop body or a comprehension (``if c: x = 1``; the handler of a try that may fail)."""
    certain = set(sure)
    return _names(
        s
        for s in sites
        if s.how not in _NOT_ASSIGNMENTS
        and s.name not in certain
        and not any(b.kind in _LOOPS for b in s.blocks)
    )


def assigned(sites: Iterable[BindSite]) -> tuple[str, ...]:
    """Names the statement's syntax binds in some branch (except and match names aside)."""
    return _names(s for s in sites if s.how not in _NOT_ASSIGNMENTS)


def handler_names(sites: Iterable[BindSite]) -> tuple[str, ...]:
    """Names ``except E as name`` binds (Python deletes them when the handler ends)."""
    return _names(s for s in sites if s.how == "except")


def _names(sites: Iterable[BindSite]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s.name for s in sites))


def _sure(sites: Sequence[BindSite], raises: Sequence[Path], depth: int) -> _Sure:
    """What the block at ``depth`` (holding these sites and raises) surely binds."""
    if any(len(path) == depth for path in raises):
        return None
    bound = {s.name for s in sites if len(s.blocks) == depth}
    owners = dict.fromkeys(
        [s.blocks[depth].owner for s in sites if len(s.blocks) > depth]
        + [path[depth].owner for path in raises if len(path) > depth]
    )
    for owner in owners:
        inner = [s for s in sites if len(s.blocks) > depth and s.blocks[depth].owner == owner]
        exits = [p for p in raises if len(p) > depth and p[depth].owner == owner]
        compound = _compound(inner, exits, depth)
        if compound is None:
            return None
        bound |= compound
    return frozenset(bound)


def _compound(sites: Sequence[BindSite], raises: Sequence[Path], depth: int) -> _Sure:
    """What one compound statement, whose blocks are at ``depth``, surely binds."""

    def within(kinds: frozenset[str], branch: int | None = None) -> _Sure:
        def inside(block: Block) -> bool:
            return block.kind in kinds and (branch is None or block.branch == branch)

        return _sure(
            [s for s in sites if inside(s.blocks[depth])],
            [p for p in raises if inside(p[depth])],
            depth + 1,
        )

    always = within(_ALWAYS)
    blocks = [s.blocks[depth] for s in sites] + [p[depth] for p in raises]
    alternatives = [b for b in blocks if b.kind in _ALTERNATIVES]
    if not alternatives:
        return always
    every: _Sure = None
    for branch in range(alternatives[0].branches):
        every = _meet(every, within(_ALTERNATIVES, branch))
    return None if always is None or every is None else always | every


def _meet(first: _Sure, second: _Sure) -> _Sure:
    if first is None:
        return second
    if second is None:
        return first
    return first & second
