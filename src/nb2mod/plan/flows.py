"""Step parameters, returns and run()'s results, from per-statement defines/uses/mutations."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from nb2mod.analysis.facts import Analysis
from nb2mod.plan.model import Definition, StatementRef
from nb2mod.plan.statements import only_shows


@dataclass(frozen=True)
class Unit:
    """One statement kept in a step, reduced to the names it reads and writes."""

    step: int
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    deletes: tuple[str, ...] = ()
    is_definition: bool = False  # a def/class kept inside its step
    only_shows: bool = False  # a print or a displayed value: its reads do not consume results
    maybe_writes: tuple[str, ...] = ()  # writes a branch or loop may skip (a subset of writes)


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
    wanted = final_results(units, outside)
    read_from: dict[str, int] = {}  # name -> the last step that reads it
    for unit in units:
        for name in unit.reads:
            read_from[name] = unit.step
    written_before: set[str] = set()
    for step in range(steps):
        mine = [u for u in units if u.step == step]
        in_step = {name for u in mine for name in u.writes}
        sure: set[str] = set()  # bound by this point of the step, whatever branches ran
        maybe: set[str] = set()  # bound only if a branch or loop body ran
        for unit in mine:
            for name in unit.reads:
                if name in outside or name in sure or name in params[step]:
                    continue
                if name in written_before:
                    params[step].append(name)
                elif name in maybe or (unit.is_definition and name in in_step):
                    continue  # maybe bound here (no earlier value), or read when called
                elif name not in undefined[step]:
                    undefined[step].append(name)
            for name in unit.maybe_writes:
                needed = read_from.get(name, -1) > step or name in wanted
                known = name in written_before and name not in outside
                if needed and known and name not in sure | set(params[step]):
                    params[step].append(name)  # the earlier value (maybe UNBOUND), kept if skipped
            sure.update(n for n in unit.writes if n not in unit.maybe_writes)
            maybe.update(unit.maybe_writes)
            sure.difference_update(unit.deletes)
            maybe.difference_update(unit.deletes)
        written_before.update(sure | maybe)
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


def statement_unit(
    step: int, analysis: Analysis, ref: StatementRef, lifted: Mapping[str, Definition]
) -> Unit:
    """One kept statement as the names it reads and writes (a call of a lifted function
    also reads the globals it now takes as parameters)."""
    facts = analysis.cell(ref.cell)
    statement = analysis.statement(ref.cell, ref.index)
    if facts is None or statement is None or ref.action == "drop":
        return Unit(step, (), ())  # a dropped magic (%pylab) binds nothing in the package
    if statement.kind == "import":  # imported for its effect: the package binds nothing
        return Unit(step, (), (), only_shows=True)
    reads = list(statement.uses) + list(statement.mutates)
    if ref.index == max(s.index for s in facts.statements):
        reads.extend(facts.magic_uses)
    if statement.kind in ("def", "class"):  # kept in the step: its body reads the step's names
        reads.extend(_body_globals(analysis, ref.cell, statement.defines))
    for name in list(reads):
        if name in lifted:
            reads.extend(lifted[name].added_params)
    writes = list(statement.defines) + list(statement.mutates)
    if ref.shown_as:  # a later cell reads the value it displayed (``_``, ``Out[N]``)
        writes.append(ref.shown_as)
    compound = statement.kind == "control"
    # Python deletes ``e`` when an ``except E as e`` handler ends (in the handler's scope)
    handlers = set(statement.handlers) if compound else set()
    return Unit(
        step=step,
        reads=tuple(dict.fromkeys(reads)),
        writes=tuple(dict.fromkeys(writes)),
        deletes=(*statement.deletes, *sorted(handlers)),
        is_definition=statement.kind in ("def", "class", "import"),
        only_shows=statement.is_print
        or ref.action in ("debug", "drop")
        or only_shows(facts, statement),
        # bindings that may not happen: a branch or loop that does not run, an exception a
        # handler or ``with contextlib.suppress(...)`` swallows (binding.surely_bound)
        maybe_writes=tuple(
            n for n in statement.defines if n not in handlers and n not in statement.surely_binds
        ),
    )


def _body_globals(analysis: Analysis, cell: int, defines: Sequence[str]) -> list[str]:
    """The globals the bodies of a def or class statement read (when they are called)."""
    return [
        name
        for f in analysis.functions
        if f.cell == cell and f.name in defines
        for name in f.reads_globals
    ]
