"""Step parameters, returns and run()'s results, from per-statement defines/uses/mutations."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    """One statement kept in a step, reduced to the names it reads and writes."""

    step: int
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    deletes: tuple[str, ...] = ()
    is_definition: bool = False  # a def/class kept inside its step
    only_shows: bool = False  # a print or a displayed value: its reads do not consume results


@dataclass(frozen=True)
class StepFlow:
    params: tuple[str, ...]
    returns: tuple[str, ...]
    undefined: tuple[str, ...]


def step_flows(units: Sequence[Unit], steps: int, outside: set[str]) -> list[StepFlow]:
    """Parameters: names read before the step writes them that an earlier step wrote.
    Returns: names written that a later step reads, plus the results. ``outside`` holds the
    names that need no dataflow (module level, builtins)."""
    params: list[list[str]] = [[] for _ in range(steps)]
    undefined: list[list[str]] = [[] for _ in range(steps)]
    written_before: set[str] = set()
    for step in range(steps):
        mine = [u for u in units if u.step == step]
        in_step = {name for u in mine for name in u.writes}
        local: set[str] = set()
        for unit in mine:
            for name in unit.reads:
                if name in outside or name in local or name in params[step]:
                    continue
                if name in written_before:
                    params[step].append(name)
                elif unit.is_definition and name in in_step:
                    continue  # a function body runs later, when the name exists
                elif name not in undefined[step]:
                    undefined[step].append(name)
            local.update(unit.writes)
            local.difference_update(unit.deletes)
        written_before.update(local)
    wanted = final_results(units, outside)
    last_writer = {name: u.step for u in units for name in u.writes}  # the last one wins
    flows = []
    for step in range(steps):
        writes = _ordered(name for u in units if u.step == step for name in u.writes)
        last = {n for n in wanted if last_writer.get(n) == step}
        returns = [n for n in writes if n in last or _read_later(n, params, step)]
        flows.append(StepFlow(tuple(params[step]), tuple(returns), tuple(undefined[step])))
    return flows


def _read_later(name: str, params: list[list[str]], step: int) -> bool:
    return any(name in later for later in params[step + 1 :])


def final_results(units: Sequence[Unit], outside: set[str]) -> list[str]:
    """Names whose last write no later statement reads (nor deletes): the notebook's results."""
    last_write: dict[str, int] = {}
    last_read: dict[str, int] = {}
    deleted: dict[str, int] = {}
    definitions: set[str] = set()
    for position, unit in enumerate(units):
        for name in unit.reads if not unit.only_shows else ():
            last_read[name] = position
        for name in unit.writes:
            last_write[name] = position
            if unit.is_definition:
                definitions.add(name)
            deleted.pop(name, None)
        for name in unit.deletes:
            deleted[name] = position
    return [
        name
        for name, position in last_write.items()
        if last_read.get(name, -1) <= position
        and name not in deleted
        and name not in outside
        and name not in definitions
        and not name.startswith("_")
    ]


def _ordered(names: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for name in names:
        seen.setdefault(name, None)
    return list(seen)
