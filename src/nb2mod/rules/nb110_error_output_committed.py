"""NB110 error-output-committed: a code cell whose stored outputs include an error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from nb2mod.rules import Finding, Rule, register

if TYPE_CHECKING:
    from nb2mod.analysis.facts import Analysis


def check(analysis: Analysis) -> Iterator[Finding]:
    for cell in analysis.notebook.code_cells:
        if cell.outputs.has_error:
            names = ", ".join(n for n in dict.fromkeys(cell.outputs.error_names) if n)
            yield Finding(cell.index, 1, 1, f" ({names})" if names else "")


RULE = register(
    Rule(
        code="NB110",
        name="error-output-committed",
        message="cell output holds an error{detail}: fix the cell or clear its outputs before "
        "committing",
        what="Reports a code cell whose stored outputs contain an error (a traceback). "
        "`nb2mod lint --fix` removes the error outputs (the cell's other outputs stay).",
        why="A committed traceback means the notebook did not run cleanly from top to bottom "
        "when it was saved: readers cannot trust its other outputs, and the conversion has "
        "no working run to compare against.",
        example='df = pd.read_csv("data.csv")\n# Out: FileNotFoundError: data.csv',
        instead='df = pd.read_csv("data.csv")  # re-run after fixing, or clear the outputs',
        check=check,
    )
)
