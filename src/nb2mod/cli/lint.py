"""`nb2mod lint`: report notebook-only logic with cell:line locations (the pre-commit hook)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from nb2mod.cli.common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    echo_error,
    expand_notebooks,
    finish,
    jobs_option,
    settings_for,
)

if TYPE_CHECKING:
    from nb2mod.batch import Failure
    from nb2mod.diagnostics import Diagnostic
    from nb2mod.linter import Linter

FORMATS = ("text", "json", "github", "sarif")


def _codes(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...] | None:
    """``--select NB101,NB103 --select NB105`` -> ('NB101', 'NB103', 'NB105'); None if absent."""
    codes = tuple(c.strip().upper() for item in value for c in item.split(",") if c.strip())
    return codes or None


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--select",
    multiple=True,
    callback=_codes,
    metavar="CODES",
    help="Only these rule codes or prefixes (comma-separated; replaces `select` in pyproject).",
)
@click.option(
    "--ignore",
    multiple=True,
    callback=_codes,
    metavar="CODES",
    help="Skip these rule codes or prefixes (comma-separated; replaces `ignore` in pyproject).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: path:cell N:LINE:COL: CODE message; json: a list of objects; "
    "github: workflow annotations; sarif: a SARIF 2.1.0 log for code scanning.",
)
@click.option("--statistics", is_flag=True, help="Also print how many findings each rule made.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option(
    "--skip-plain-py",
    is_flag=True,
    help="Skip, silently, .py files that are not jupytext percent notebooks "
    "(the nb2mod-lint-py pre-commit hook passes every Python file).",
)
@click.option(
    "--fix",
    is_flag=True,
    help="Edit the notebooks in place to fix what is safe to fix without running code: remove "
    "committed error outputs (NB110) and clear out-of-order execution counts (NB102); every "
    "other byte of the file stays as it was, and code is never changed.",
)
@jobs_option("analysed")
def lint(
    paths: tuple[str, ...],
    select: tuple[str, ...] | None,
    ignore: tuple[str, ...] | None,
    output_format: str,
    statistics: bool,
    no_cache: bool,
    skip_plain_py: bool,
    fix: bool,
    jobs: int | None,
) -> None:
    """Lint each notebook in PATHS with the registered rules (`nb2mod rules` lists them).

    A notebook is an .ipynb file (folders are searched for *.ipynb) or a jupytext
    percent-format .py script (needs nb2mod[jupytext]); of a pair x.ipynb / x.py only the
    .ipynb is linted.

    Suppress a finding with `# noqa: NB103` on its line, or a whole cell with
    `# nb2mod: noqa[: CODES]` among its first comment lines. Notebooks are only read, except
    with --fix. Exit 0: no findings (left); 1: findings; 2: a usage or configuration error, or
    a notebook that could not be read or fixed safely (reported on one line; the others are
    still linted).
    """
    from nb2mod.errors import ConfigError
    from nb2mod.linter import Linter

    files = _selected(expand_notebooks(paths), skip_plain_py)
    cache = False if no_cache else None
    settings = settings_for(files, select=select, ignore=ignore, cache=cache, jobs=jobs)
    try:
        linter = Linter.for_paths(files, settings)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    if linter.cache.warning:
        click.echo(f"warning: {linter.cache.warning}; linting without the cache", err=True)
    diagnostics, failures = _lint_all(linter, files, settings.jobs)
    if fix:
        from nb2mod.cli.fixing import fix_findings

        diagnostics, unfixed = fix_findings(diagnostics)
        failures += unfixed
    _report(diagnostics, output_format, statistics, failures)
    if len(files) > 1:
        _summary(len(files), diagnostics, len(failures))
    finish(EXIT_ERROR if failures else EXIT_FINDINGS if diagnostics else EXIT_OK)


def _selected(files: list[str], skip_plain_py: bool) -> list[str]:
    """The files to lint; a paired script left out is noted on standard error."""
    from nb2mod.pairs import select_files

    chosen, skipped = select_files(files, skip_plain_py)
    for skip in skipped:
        if not skip.silent:
            click.echo(f"note: {skip.path}: skipped, {skip.reason}", err=True)
    return chosen


def _lint_all(
    linter: Linter, files: list[str], jobs: int
) -> tuple[list[Diagnostic], list[Failure]]:
    """Sorted findings and the unreadable notebooks (each reported on one line).

    Cached results are read first, cheaply; the rest are analysed across cores."""
    from nb2mod.batch import Failure, run_batch
    from nb2mod.diagnostics import sort_diagnostics

    found, misses = [], []
    for path in files:
        hit = linter.cached(path)
        if hit is None:
            misses.append(path)
        else:
            found.extend(hit)
    misses.sort(key=_size, reverse=True)  # largest first: workers finish at about the same time
    failures: list[Failure] = []
    for outcome in run_batch(misses, linter.lint, jobs=jobs, label="linting"):
        if isinstance(outcome.value, Failure):
            echo_error(outcome.value.message)
            failures.append(outcome.value)
        else:
            found.extend(outcome.value)
    return sort_diagnostics(found), failures


def _sarif(diagnostics: list[Diagnostic], failures: list[Failure]) -> str:
    """The SARIF log; each file with findings is read again to place them in its text."""
    from pathlib import Path

    from nb2mod.file_positions import positions_for_file
    from nb2mod.rules import rule_for
    from nb2mod.sarif import format_sarif, sarif_log

    positions = {path: positions_for_file(path) for path in sorted({d.path for d in diagnostics})}
    unread = [(f.path, f.message) for f in failures]
    return format_sarif(sarif_log(diagnostics, rule_for, positions, Path.cwd(), unread))


def _summary(count: int, diagnostics: list[Diagnostic], errors: int) -> None:
    """One closing line on standard error, so piped output stays machine-readable."""
    notebooks = len({d.path for d in diagnostics})
    line = f"{count} notebooks linted: {len(diagnostics)} findings in {notebooks}"
    if errors:
        line += f"; {errors} could not be read"
    click.echo(line, err=True)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _report(
    diagnostics: list[Diagnostic], output_format: str, statistics: bool, failures: list[Failure]
) -> None:
    from nb2mod.diagnostics import format_github, format_json, format_text
    from nb2mod.rules import rule_for

    if output_format == "sarif":
        click.echo(_sarif(diagnostics, failures), nl=False)
    else:
        formatter = {"text": format_text, "json": format_json, "github": format_github}
        click.echo(formatter[output_format](diagnostics), nl=False)
    if statistics:
        counts: dict[str, int] = {}
        for d in diagnostics:
            counts[d.code] = counts.get(d.code, 0) + 1
        for code, count in sorted(counts.items()):
            rule = rule_for(code)
            line = f"{count:>6}  {code}  {rule.name if rule else ''}".rstrip()
            click.echo(line, err=output_format != "text")
