"""NB001 unparsable-cell: a code cell that is not Python even after magics are normalised."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from nb2mod.rules import Finding, Rule, register

if TYPE_CHECKING:
    from nb2mod.analysis.facts import Analysis


def check(analysis: Analysis) -> Iterator[Finding]:
    for diagnostic in analysis.diagnostics:
        if diagnostic.code == "NB001":
            yield Finding(diagnostic.cell, diagnostic.line, diagnostic.col, diagnostic.message)


RULE = register(
    Rule(
        code="NB001",
        name="unparsable-cell",
        message="{detail}; fix the syntax (Python 3) so the cell can be analysed and converted",
        what="Reports a code cell that is not valid Python 3, even after IPython magics and "
        "shell escapes are turned into ordinary calls.",
        why="nb2mod cannot see what the cell defines or reads, so every other rule and the "
        "conversion treat it as opaque text. Python 2 syntax is the usual cause.",
        example='print "accuracy:", accuracy',
        instead='print("accuracy:", accuracy)',
        check=check,
        severity="error",
    )
)
