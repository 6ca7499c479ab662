"""Which top-level statements a step keeps, and how: kept, logged at DEBUG, or dropped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from nb2mod.analysis.facts import Analysis, CellFacts, Effect, Seed, StatementFacts
from nb2mod.analysis.names import IMPORTED_FOR_EFFECT
from nb2mod.plan.magics import plan_magic
from nb2mod.plan.model import ConfigField, Definition, MagicPlan, StatementAction, StatementRef
from nb2mod.plan.paths import read_field


def statement_refs(
    analysis: Analysis,
    cell: int,
    lifted: Mapping[str, Definition],
    magics: tuple[MagicPlan, ...],
    fields: Sequence[ConfigField] = (),
) -> list[StatementRef]:
    """The statements of ``cell`` a step holds: imports are hoisted (unless imported for
    what they do) and lifted definitions live at module level; a read names the path field
    it reads, if any."""
    facts = analysis.cell(cell)
    module = analysis.module(cell)
    if module is None or facts is None:
        return []
    count = len(module.body)
    whole_cell_timed = any(m.kind == "cell_magic" and m.name == "time" for m in facts.magics)
    refs = []
    for index in range(count):
        statement = analysis.statement(cell, index)
        if statement is not None and statement.kind == "import":
            if not _imported_for_effect(facts, statement):
                continue  # hoisted to the module's imports
        if statement is not None and any(
            d.cell == cell and d.index == index for d in lifted.values()
        ):
            continue
        read = _read(facts, statement)
        field, name = read_field(fields, read) if read is not None else (None, None)
        refs.append(
            StatementRef(
                cell=cell,
                index=index,
                action=_action(facts, statement, index == count - 1, analysis.seeds),
                reads_file=(read.path or read.call) if read is not None else None,
                read_field=field.name if field is not None else None,
                read_name=name,
                timed=_timed(facts, statement, whole_cell_timed),
                as_comment=statement is not None and not statement.runs_in_function,
            )
        )
    return refs


def _imported_for_effect(facts: CellFacts, statement: StatementFacts) -> bool:
    """``import this``: an import done for what it does, which stays where the notebook ran it
    (hoisted, it would run when the package is imported; unused, it would be dropped)."""
    found = [f for f in facts.imports if statement.line <= f.line <= statement.end_line]
    return bool(found) and all(
        f.name is None and f.level == 0 and f.module in IMPORTED_FOR_EFFECT for f in found
    )


def _action(
    facts: CellFacts, statement: StatementFacts | None, last: bool, seeds: tuple[Seed, ...]
) -> StatementAction:
    if statement is None or statement.kind != "expression" or statement.is_print:
        return "keep"
    if _dropped_magic(facts, statement):
        return "drop"
    if any(s.cell == facts.cell and s.line == statement.line for s in seeds):
        return "keep"
    if not (last and (statement.display_only or facts.display_only)) or statement.mutates:
        return "keep"
    effects = [
        e
        for e in facts.effects
        if statement.line <= e.line <= statement.end_line and e.kind not in ("display", "print")
    ]
    if effects:
        return "keep"
    return "debug"  # constants too: the log then shows what the notebook showed


def _dropped_magic(facts: CellFacts, statement: StatementFacts) -> bool:
    """A statement that is only a magic the package does without (%matplotlib, !pip)."""
    if statement.line != statement.end_line:
        return False
    for magic in facts.magics:
        if magic.line == statement.line and magic.kind in ("line_magic", "shell", "help"):
            action = plan_magic(magic).action
            return action in ("drop", "requirement")
    return False


def _read(facts: CellFacts, statement: StatementFacts | None) -> Effect | None:
    """The statement's first file or network read (its failure raises a PipelineError)."""
    if statement is None or statement.kind in ("def", "class"):
        return None
    for effect in facts.effects:
        if (
            effect.kind in ("file_read", "network")
            and statement.line <= effect.line <= statement.end_line
        ):
            return effect
    return None


def _timed(facts: CellFacts, statement: StatementFacts | None, whole_cell: bool) -> str | None:
    if whole_cell:
        return f"cell {facts.cell}"
    if statement is None:
        return None
    for magic in facts.magics:
        if magic.name == "time" and magic.kind == "line_magic" and magic.line == statement.line:
            return magic.args.strip()[:60]
    return None


def only_shows(facts: CellFacts | None, statement: StatementFacts) -> bool:
    """A statement that only plots, displays or prints what it reads (it binds nothing)."""
    if facts is None or statement.defines or statement.kind != "expression":
        return False
    kinds = {e.kind for e in facts.effects if statement.line <= e.line <= statement.end_line}
    return bool(kinds) and kinds <= {"plot", "display", "print"}
