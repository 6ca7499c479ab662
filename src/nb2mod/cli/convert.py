"""`nb2mod convert`: write each notebook as a package (or show what would change)."""

from __future__ import annotations

import difflib
import functools
import os
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import click

from nb2mod.batch import Failure, run_batch
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
from nb2mod.settings import Settings


@click.command()
@click.argument("notebooks", nargs=-1, required=True, type=click.Path())
@click.option("--out", type=click.Path(file_okay=False), help="Folder to write into [default: .]")
@click.option("--name", help="Package name [default: from the notebook's file name].")
@click.option(
    "--split",
    type=click.Choice(["headings", "cells", "tags"]),
    help="Steps from markdown headings, one per code cell, or from step:NAME cell tags.",
)
@click.option(
    "--heading-level",
    type=click.IntRange(1, 6),
    help="Heading level that starts a step [default: the most common one below the title].",
)
@click.option("--dry-run", is_flag=True, help="List the files that would be written.")
@click.option(
    "--diff", "show_diff", is_flag=True, help="Show a diff; exit 1 if files would change."
)
@click.option("--force", is_flag=True, help="Overwrite existing files with other content.")
@click.option(
    "--capture",
    is_flag=True,
    help="Run the notebook once to store each step's inputs and outputs as test fixtures.",
)
@click.option("--no-format", is_flag=True, help="Do not run black on the generated code.")
@jobs_option("converted")
def convert(
    notebooks: tuple[str, ...],
    out: str | None,
    name: str | None,
    split: str | None,
    heading_level: int | None,
    dry_run: bool,
    show_diff: bool,
    force: bool,
    capture: bool,
    no_format: bool,
    jobs: int | None,
) -> None:
    """Convert each NOTEBOOK into a package: config, pipeline, CLI, tests, report.

    The notebook is never executed nor modified. With --capture it is run once, in a
    scratch copy of its folder, to store each step's inputs and outputs as test fixtures
    (needs nb2mod[verify]). A notebook that cannot be converted is reported on one line and
    the others are still converted.
    """
    if dry_run and show_diff:
        raise click.UsageError("--dry-run and --diff cannot be used together")
    paths = expand_notebooks(notebooks)
    if name is not None and len(paths) > 1:
        raise click.UsageError("--name needs a single notebook")
    settings = settings_for(
        paths,
        name=name,
        split=split,
        heading_level=heading_level,
        out=out,
        format=False if no_format else None,
        capture=True if capture else None,
        jobs=jobs,
    )
    if settings.capture:
        from nb2mod.capture import check_capture_extra
        from nb2mod.verification.extra import VerifyUnavailableError

        try:
            check_capture_extra()
        except VerifyUnavailableError as exc:
            echo_error(str(exc))
            finish(EXIT_ERROR)
    target = settings.out or "."
    work = functools.partial(
        _convert_one,
        settings=settings,
        target=target,
        several=len(paths) > 1,
        dry_run=dry_run,
        show_diff=show_diff,
        force=force,
    )
    failed = changed = 0
    with _stoppable(settings.capture):
        for outcome in run_batch(paths, work, jobs=settings.jobs, label="converting"):
            if isinstance(outcome.value, Failure):
                echo_error(outcome.value.message)
                failed += 1
                continue
            file_changed, text = outcome.value
            click.echo(text, nl=False)
            changed += file_changed
    if len(paths) > 1:
        click.echo(
            f"{len(paths)} notebooks: {len(paths) - failed} converted, {failed} failed", err=True
        )
    if failed:
        finish(EXIT_ERROR)
    finish(EXIT_FINDINGS if show_diff and changed else EXIT_OK)


def _stoppable(capture: bool) -> AbstractContextManager[None]:
    """--capture runs notebooks: Ctrl-C and SIGTERM then kill their kernels and clean up."""
    if not capture:
        return nullcontext()
    from nb2mod.verification.stopping import stop_on_signals

    return stop_on_signals()


def _convert_one(
    path: str,
    *,
    settings: Settings,
    target: str,
    several: bool,
    dry_run: bool,
    show_diff: bool,
    force: bool,
) -> tuple[bool, str]:
    """Convert one notebook (in a worker process): whether any file differs from what is on
    disk, and the text to print. With several notebooks each gets its own folder."""
    from nb2mod.conversion import convert
    from nb2mod.errors import ConfigError, NotebookError, OutputExistsError

    try:
        conversion = convert(path, settings)
    except ConfigError as exc:
        raise NotebookError(path, str(exc)) from None
    if several:
        target = os.path.join(target, conversion.package)
    changes = conversion.changes(target)
    where = os.path.join(target, conversion.package)
    if dry_run:
        lines = []
        for file in conversion.files:
            state = (
                "unchanged"
                if file not in changes
                else "new" if changes[file] is None else "changed"
            )
            lines.append(f"{Path(target, *file.parts)}  ({state})\n")
        return bool(changes), "".join(lines)
    if show_diff:
        diffs = [
            _diff(Path(target, *file.parts), current, conversion.files[file])
            for file, current in changes.items()
        ]
        return bool(changes), "".join(diffs)
    try:
        written = conversion.write(target, force=force)
    except OutputExistsError as exc:
        raise NotebookError(path, str(exc)) from None
    warnings = f", {len(conversion.warnings)} warnings" if conversion.warnings else ""
    text = (
        f"{path} -> {where} ({len(conversion.files)} files, {len(written)} written{warnings}; "
        f"see {os.path.join(target, 'CONVERSION.md')})\n"
    )
    return bool(written), text


def _diff(path: Path, current: str | None, new: str) -> str:
    before = (current or "").splitlines(keepends=True)
    after = new.splitlines(keepends=True)
    old_name = str(path) if current is not None else "/dev/null"
    return "".join(difflib.unified_diff(before, after, old_name, str(path)))
