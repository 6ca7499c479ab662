"""`nb2mod lint --fix`: fix in place what is safe to fix (NB110, NB102's execution counts) and
keep the rest of the findings to report."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import click

from nb2mod.cli.common import echo_error

if TYPE_CHECKING:
    from nb2mod.batch import Failure
    from nb2mod.diagnostics import Diagnostic


def fix_findings(diagnostics: list[Diagnostic]) -> tuple[list[Diagnostic], list[Failure]]:
    """The findings that remain after fixing each notebook, and the notebooks that could not
    be fixed safely (each reported on one line; their findings remain)."""
    from nb2mod.batch import Failure, attempt

    remaining: list[Diagnostic] = []
    failures: list[Failure] = []
    fixed = 0
    notebooks = 0
    for path, group in itertools.groupby(diagnostics, key=lambda d: d.path):
        found = list(group)
        outcome = attempt(path, lambda p, f=found: _fix_one(p, f))  # type: ignore[misc]
        if isinstance(outcome.value, Failure):
            echo_error(outcome.value.message)
            failures.append(outcome.value)
            remaining.extend(found)
            continue
        left = outcome.value
        remaining.extend(left)
        fixed += len(found) - len(left)
        notebooks += len(found) > len(left)
    if fixed:
        plural = "s" if fixed > 1 else ""
        click.echo(f"fixed {fixed} finding{plural} in {notebooks} notebook(s)", err=True)
    return remaining, failures


def _fix_one(path: str, found: list[Diagnostic]) -> list[Diagnostic]:
    """Fix ``path`` for its fixable findings; the findings still there afterwards."""
    from nb2mod.fix import fix_file
    from nb2mod.notebook import is_script
    from nb2mod.rules.nb102_hidden_state import is_order_finding

    error_cells = {d.cell for d in found if d.code == "NB110"}
    order = any(is_order_finding(d.code, d.message) for d in found)
    if is_script(path) or not (error_cells or order):
        return found  # a script stores neither outputs nor counts
    kinds: set[str] = {edit.kind for edit in fix_file(path, error_cells, order).edits}
    return [d for d in found if not _fixed_by(d, kinds)]


def _fixed_by(d: Diagnostic, kinds: set[str]) -> bool:
    from nb2mod.rules.nb102_hidden_state import is_order_finding

    if d.code == "NB110":
        return "error-output" in kinds
    return is_order_finding(d.code, d.message) and "execution-count" in kinds


__all__ = ["fix_findings"]
