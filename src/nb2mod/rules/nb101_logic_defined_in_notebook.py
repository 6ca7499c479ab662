"""NB101 logic-defined-in-notebook: a function or class defined in a notebook cell."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from nb2mod.rules import Finding, Rule, first_column, register, source_lines

if TYPE_CHECKING:
    from nb2mod.analysis.facts import Analysis


# nbdev's export directives (``#| export``, nbdev 1's ``# export``): the cell is written into
# a module by nbdev, so its functions already live in one.
_NBDEV_EXPORT = re.compile(r"^\s*#\s*\|?\s*export[is]?\b")


def check(analysis: Analysis) -> Iterator[Finding]:
    for function in analysis.functions:
        source = analysis.notebook.cells[function.cell - 1].source
        if exported_by_nbdev(source):
            continue
        col = first_column(source, function.line)
        yield Finding(function.cell, function.line, col, f"{function.kind} '{function.name}'")


def exported_by_nbdev(source: str) -> bool:
    """Whether a leading comment line of the cell is an nbdev export directive."""
    for line in source_lines(source):
        if line.strip() and not line.lstrip().startswith("#"):
            return False
        if _NBDEV_EXPORT.match(line):
            return True
    return False


RULE = register(
    Rule(
        code="NB101",
        name="logic-defined-in-notebook",
        message="{detail} is defined in a notebook cell: move it into a module and import it",
        what="Reports a function or class defined at the top level of a notebook cell, "
        "except in cells nbdev exports to a module (`#| export`).",
        why="Logic defined in a notebook cannot be imported, unit-tested or reused by other "
        "notebooks and pipelines, and it is easy to run an outdated version of it after "
        "editing the cell.",
        example="def clean(df):\n    return df.dropna()\n\ndf = clean(raw)",
        instead="# src/project/cleaning.py holds clean(); the notebook imports it\n"
        "from project.cleaning import clean\n\ndf = clean(raw)",
        check=check,
    )
)
