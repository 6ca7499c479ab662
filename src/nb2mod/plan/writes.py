"""File writes: which call writes which path, so that a failed write (``to_csv``,
``savefig``, ``pickle.dump``, ``open(..., "w")``...) raises PipelineError naming the config
field and the path, as a failed read does.

A write on a line that also reads a file (``pd.read_csv(a).to_csv(b)``) is left to the read's
wrapper (a failed read there must not be called a failed write); so are writes by magics.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from nb2mod.analysis.facts import Analysis, Effect, StatementFacts
from nb2mod.plan.model import ConfigField, Plan, WriteSite
from nb2mod.plan.paths import read_field


def plan_writes(plan: Plan, analysis: Analysis) -> Plan:
    """The plan with a WriteSite for each file write the notebook's code makes."""
    sites = [
        _site(plan, e, at_cell_level=True)
        for c in analysis.cells
        for e in c.effects
        if _wrapped(e) and not _reads_too(analysis, e, c.statements)
    ]
    sites += [
        _site(plan, e, at_cell_level=False)
        for f in analysis.functions
        for e in f.effects
        if _wrapped(e) and not _reads_too(analysis, e, ())
    ]
    unique = {(s.cell, s.line): s for s in reversed(sites)}  # the first write of a line
    return dataclasses.replace(plan, write_sites=tuple(sorted(unique.values(), key=_order)))


def _order(site: WriteSite) -> tuple[int, int]:
    return site.cell, site.line


def _wrapped(effect: Effect) -> bool:
    return (
        effect.kind == "file_write"
        and not effect.call.startswith("magic ")
        and effect.detail != "assignment"
    )


def _reads_too(analysis: Analysis, effect: Effect, statements: Sequence[StatementFacts]) -> bool:
    """A file read on the write's line or, for a simple statement, in that statement."""
    span = (effect.line, effect.line)
    for statement in statements:
        if statement.line <= effect.line <= statement.end_line and statement.kind not in (
            "control",
            "def",
            "class",
        ):
            span = (statement.line, statement.end_line)
    reads = _file_reads(analysis, effect.cell)
    return any(span[0] <= line <= span[1] for line in reads)


def _file_reads(analysis: Analysis, cell: int) -> set[int]:
    effects: Iterable[Effect] = [e for c in analysis.cells if c.cell == cell for e in c.effects]
    effects = [*effects, *(e for f in analysis.functions for e in f.effects if e.cell == cell)]
    return {e.line for e in effects if e.kind == "file_read"}


def _site(plan: Plan, effect: Effect, at_cell_level: bool) -> WriteSite:
    """What a failure names: the path field the call is given, else the name holding its
    path, else the call; and the code of the path where the call runs, when there is one."""
    call = effect.call.removeprefix("<expr>.")
    if effect.call in _OBJECT_FIRST:  # the first argument is what is written, not where
        effect = dataclasses.replace(effect, path=None, path_name=None)
    field, _ = read_field(plan.config_fields, effect)
    field = field or _literal_on_line(plan.config_fields, effect)
    path = effect.path_name
    if field is not None:
        what = f"config field {field.name}"
        if path is None and at_cell_level:
            path = f"{plan.config_name}.{field.name}"
    else:
        what = path or f"the file {call}() writes"
    return WriteSite(effect.cell, effect.line, what, path)


def _literal_on_line(fields: Sequence[ConfigField], effect: Effect) -> ConfigField | None:
    """The path field whose literal the notebook wrote on the write's line, if one."""
    for f in fields:
        if f.path is not None and (effect.cell, effect.line) in [(f.cell, f.line), *f.sites]:
            return f
    return None


# Writers given the object first and the file second (``pickle.dump(obj, handle)``).
_OBJECT_FIRST = frozenset({"pickle.dump", "json.dump", "joblib.dump", "torch.save"})
