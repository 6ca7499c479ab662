"""What CONVERSION.md reports: the warnings of a conversion and what it dropped, and why."""

from __future__ import annotations

from collections.abc import Iterable

from nb2mod.analysis.facts import Analysis
from nb2mod.diagnostics import Diagnostic
from nb2mod.plan.model import Dropped, MagicPlan, Step


def conversion_warnings(
    analysis: Analysis,
    magics: Iterable[MagicPlan],
    made_explicit: set[tuple[int, int]],
) -> list[Diagnostic]:
    """Unparsable cells, magics kept as TODOs, hidden state and the
    places the analysis is unsure of; ``made_explicit`` holds the (cell, line) of star
    imports the plan replaced with explicit names, of which it no longer needs to warn."""
    path = analysis.notebook.path
    out = [
        Diagnostic(
            d.path, d.cell, d.line, d.col, d.code, f"{d.message}; kept as a comment", "warning"
        )
        for d in analysis.diagnostics
        if d.code == "NB001"
    ]
    for m in magics:
        if m.action in ("todo", "run_todo"):
            what = "%run" if m.action == "run_todo" else _magic_name(m)
            message = f"{what} has no module equivalent; kept as a TODO comment"
            out.append(Diagnostic(path, m.cell, m.line, 1, "NB106", message))
    for hidden in analysis.hidden_state:
        message = f"'{hidden.name}' is read before any earlier cell defines it"
        out.append(Diagnostic(path, hidden.cell, hidden.line, hidden.col, "NB102", message))
    for unsure in analysis.unsure:
        explicit = unsure.reason.startswith(("star import", "%pylab imports"))
        if (unsure.cell, unsure.line) in made_explicit and explicit:
            continue
        message = f"analysis unsure: {unsure.reason}"
        out.append(Diagnostic(path, unsure.cell, unsure.line, unsure.col, "NB000", message))
    return sorted(set(out))


def _magic_name(magic: MagicPlan) -> str:
    return "shell command" if magic.name == "!" else f"%{magic.name}"


def state_warnings(analysis: Analysis) -> list[Diagnostic]:
    """Each name a notebook function rebinds through ``global`` (kept as module state)."""
    out = []
    for function in analysis.functions:
        for name in function.writes_globals:
            message = (
                f"{function.name}() rebinds '{name}' through 'global': the package keeps "
                f"'{name}' as module state, declared global in the steps that use it"
            )
            path = analysis.notebook.path
            out.append(Diagnostic(path, function.cell, function.line, 1, "NB000", message))
    return out


def dropped(
    analysis: Analysis, steps: Iterable[Step], magics: Iterable[MagicPlan]
) -> list[Dropped]:
    """Magics the package does without, and display-only expressions (logged at DEBUG)."""
    out = []
    for m in magics:
        if m.action == "drop":
            out.append(Dropped(m.cell, m.line, f"%{m.name}" if m.name != "!" else "!", m.detail))
        elif m.action == "requirement":
            out.append(Dropped(m.cell, m.line, f"{m.name} install", "moved to requirements.txt"))
    for step in steps:
        for ref in step.statements:
            statement = analysis.statement(ref.cell, ref.index)
            line = statement.line if statement else 1
            if ref.action == "debug":  # "drop" is a magic, listed above
                out.append(Dropped(ref.cell, line, "display-only expression", "logged at DEBUG"))
    return sorted(out, key=lambda d: (d.cell, d.line))
