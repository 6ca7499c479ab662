"""The table of the figures a package saves and where they come from (CONVERSION.md, README)."""

from __future__ import annotations

from nb2mod.plan.model import Plan
from nb2mod.plan.paths import FIGURES_FOLDER


def figures_section(plan: Plan) -> list[str]:
    """A ``## Figures`` section (no lines when the package saves none)."""
    if not plan.saves_figures:
        return []
    lines = [
        "## Figures",
        "",
        f"Each figure the notebook showed is saved as `output_dir/{FIGURES_FOLDER}/NAME-N.png`: "
        "NAME is the step, or the notebook function whose `plt.show()` showed it; N counts "
        "from 1 per NAME in the order a run shows them (a function called twice saves "
        "`NAME-1.png` and `NAME-2.png`). Figures left open when a cell ended are saved there "
        "and closed, as the notebook's inline backend showed and closed them. matplotlib "
        'draws without a display (`MPLBACKEND` defaults to "Agg").',
        "",
        "| files | cell | shown by |",
        "|---|---|---|",
    ]
    lines += [
        f"| `{FIGURES_FOLDER}/{s.name}-N.png` | {s.cell} | {s.how} |" for s in plan.figure_sources
    ]
    return [*lines, ""]
