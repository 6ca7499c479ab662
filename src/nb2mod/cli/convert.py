"""`nb2mod convert`: write each notebook as a package (or show what would change)."""

from __future__ import annotations

import difflib
import functools
import os
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import click

from nb2mod.batch import Failure, run_batch
from nb2mod.cli.common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    check_interpreters,
    echo_error,
    expand_notebooks,
    finish,
    jobs_option,
    settings_for,
)
from nb2mod.redaction import redact
from nb2mod.settings import Settings

if TYPE_CHECKING:
    from nb2mod.conversion import Conversion


@click.command()
@click.argument("notebooks", nargs=-1, type=click.Path())
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
@click.option(
    "--seeds",
    type=click.Choice(["apply", "keep"]),
    help="apply: seed every random draw the notebook leaves unseeded (Config.seed); keep: "
    "add no seed, as the notebook did (the package is then not reproducible) [default: apply].",
)
@click.option("--dry-run", is_flag=True, help="List the files that would be written.")
@click.option(
    "--diff", "show_diff", is_flag=True, help="Show a diff; exit 1 if files would change."
)
@click.option("--force", is_flag=True, help="Overwrite existing files with other content.")
@click.option(
    "--update",
    is_flag=True,
    help="Merge the notebook's changes into the package it was converted into, keeping your "
    "edits; conflicts are marked in the files and exit 1.",
)
@click.option(
    "--check",
    is_flag=True,
    help="Exit 1, naming each stale file, if the package is not what converting the notebook "
    "now writes; with no --out, the packages are found by their manifests under the current "
    "folder (with no NOTEBOOK, every one of them is checked).",
)
@click.option(
    "--capture",
    is_flag=True,
    help="Run the notebook once to store each step's inputs and outputs as test fixtures.",
)
@click.option(
    "--kernel",
    metavar="NAME",
    help="With --capture: the Jupyter kernel that runs the notebook [default: the one the "
    "notebook names, when installed, else nb2mod's own].",
)
@click.option(
    "--python",
    metavar="PATH",
    help="The interpreter the notebook runs in: the package's dependencies are resolved and "
    "pinned there (and with --capture the generated tests run there; a fixture that does not "
    "load there is skipped) [default: the active virtual environment's, else the interpreter "
    "of the kernel the notebook names, else nb2mod's own].",
)
@click.option("--no-format", is_flag=True, help="Do not run black on the generated code.")
@jobs_option("converted")
def convert(
    notebooks: tuple[str, ...],
    out: str | None,
    name: str | None,
    split: str | None,
    heading_level: int | None,
    seeds: str | None,
    dry_run: bool,
    show_diff: bool,
    force: bool,
    update: bool,
    check: bool,
    capture: bool,
    kernel: str | None,
    python: str | None,
    no_format: bool,
    jobs: int | None,
) -> None:
    """Convert each NOTEBOOK into a package: config, pipeline, CLI, tests, report.

    The notebook is never executed nor modified. With --capture it is run once, in a
    scratch copy of its folder, to store each step's inputs and outputs as test fixtures
    (needs nb2mod[verify]). A notebook that cannot be converted is reported on one line and
    the others are still converted.
    """
    _refuse_combinations(dry_run, show_diff, force, update, check, bool(notebooks))
    paths = expand_notebooks(notebooks)
    if name is not None and len(paths) > 1:
        raise click.UsageError("--name needs a single notebook")
    given = {
        "name": name,
        "split": split,
        "heading_level": heading_level,
        "format": False if no_format else None,
        "capture": True if capture else None,
        "seeds": seeds,
    }
    settings = settings_for(
        paths or ["."], out=out, jobs=jobs, kernel=kernel, python=python, **given
    )
    if kernel and not settings.capture:
        raise click.UsageError("--kernel needs --capture")
    if settings.python:
        check_interpreters(settings)
    if settings.capture:
        _check_capture(settings)
    if update or check:
        from nb2mod.cli.update import refresh

        given = {k: v for k, v in given.items() if v is not None}
        with _stoppable(update):
            finish(refresh(paths, out, settings, given, check, dry_run, show_diff))
    delivery = _Delivery(settings.out or ".", len(paths) > 1, dry_run, show_diff, force)
    failed, changed = _convert_all(paths, settings, delivery)
    _summary(len(paths), failed)
    if failed:
        finish(EXIT_ERROR)
    finish(EXIT_FINDINGS if show_diff and changed else EXIT_OK)


def _summary(count: int, failed: int) -> None:
    """A batch ends with one line: how many notebooks converted and how many failed."""
    if count > 1:
        click.echo(f"{count} notebooks: {count - failed} converted, {failed} failed", err=True)


def _check_capture(settings: Settings) -> None:
    """--capture needs the verify extra and the interpreters it names: else exit 2."""
    from nb2mod.capture import check_capture_extra
    from nb2mod.verification.extra import VerifyUnavailableError

    try:
        check_capture_extra()
    except VerifyUnavailableError as exc:
        echo_error(str(exc))
        finish(EXIT_ERROR)
    check_interpreters(settings)


def _convert_all(paths: list[str], settings: Settings, delivery: _Delivery) -> tuple[int, int]:
    """Convert and deliver each notebook, printing as each finishes: (failed, changed)."""
    work = functools.partial(_convert_one, settings=settings)
    failed = changed = 0
    with _stoppable(settings.capture):
        for outcome in run_batch(paths, work, jobs=settings.jobs, label="converting"):
            converted = outcome.value
            result = (
                converted
                if isinstance(converted, Failure)
                else delivery.attempt(outcome.path, converted)
            )
            if isinstance(result, Failure):
                echo_error(result.message)
                failed += 1
                continue
            file_changed, text = result
            click.echo(text, nl=False)
            changed += file_changed
    return failed, changed


def _refuse_combinations(
    dry_run: bool, show_diff: bool, force: bool, update: bool, check: bool, notebooks: bool
) -> None:
    if dry_run and show_diff:
        raise click.UsageError("--dry-run and --diff cannot be used together")
    if update and check:
        raise click.UsageError("--update and --check cannot be used together")
    if force and (update or check):
        raise click.UsageError("--force cannot be used with --update or --check")
    if check and (dry_run or show_diff):
        raise click.UsageError("--check cannot be used with --dry-run or --diff")
    if not notebooks and not check:
        raise click.UsageError("Missing argument 'NOTEBOOKS...'.")


def _stoppable(capture: bool) -> AbstractContextManager[None]:
    """--capture runs notebooks: Ctrl-C and SIGTERM then kill their kernels and clean up."""
    if not capture:
        return nullcontext()
    from nb2mod.verification.stopping import stop_on_signals

    return stop_on_signals()


def _convert_one(path: str, *, settings: Settings) -> Conversion:
    """Convert one notebook in memory (in a worker process); files are written by the main
    process, which sees every notebook's target and so never lets two share one."""
    from nb2mod.conversion import convert
    from nb2mod.errors import ConfigError, NotebookError

    try:
        return convert(path, settings)
    except ConfigError as exc:
        raise NotebookError(path, str(exc)) from None


@dataclass
class _Delivery:
    """Writes (or lists, or diffs) each conversion; with several notebooks each gets its own
    folder below the target, and a second notebook whose folder is taken is refused."""

    target: str
    several: bool
    dry_run: bool
    show_diff: bool
    force: bool
    claimed: dict[str, str] = field(default_factory=dict)  # folder -> notebook

    def attempt(self, path: str, conversion: Conversion) -> tuple[bool, str] | Failure:
        from nb2mod.errors import NotebookError, OutputError

        try:
            return self.deliver(path, conversion)
        except OutputError as exc:
            return Failure(path, str(NotebookError(path, str(exc))))
        except NotebookError as exc:
            return Failure(path, str(exc))
        except OSError as exc:
            return Failure(path, f"{path}: cannot write the package: {exc.strerror or exc}")

    def deliver(self, path: str, conversion: Conversion) -> tuple[bool, str]:
        """Whether any file differs from what is on disk, and the text to print."""
        target = self._folder(path, conversion)
        changes = conversion.changes(target)
        if self.dry_run:
            lines = [
                f"{Path(target, *file.parts)}  ({_state(file, changes)})\n"
                for file in conversion.files
            ]
            return bool(changes), "".join(lines)
        if self.show_diff:
            diffs = [
                _diff(Path(target, *file.parts), current, conversion.files[file])
                for file, current in changes.items()
            ]
            # what is on disk may hold a secret an older conversion copied: never shown
            return bool(changes), redact("".join(diffs), conversion.secrets)
        written = conversion.write(target, force=self.force)
        where = os.path.join(target, conversion.package)
        warnings = f", {len(conversion.warnings)} warnings" if conversion.warnings else ""
        text = (
            f"{path} -> {where} ({len(conversion.files)} files, {len(written)} written"
            f"{warnings}; see {os.path.join(target, 'CONVERSION.md')})\n"
        )
        return bool(written), text

    def _folder(self, path: str, conversion: Conversion) -> str:
        from nb2mod.errors import NotebookError
        from nb2mod.output_tree import refuse_unsafe

        if not self.several:
            return self.target
        folder = os.path.join(self.target, conversion.package)
        key = os.path.abspath(folder)
        if key in self.claimed:
            raise NotebookError(
                path,
                f"its package would go to {folder}, like that of {self.claimed[key]}: convert "
                "one of them on its own, with another --out (nothing written for this one)",
            )
        self.claimed[key] = path
        refuse_unsafe(
            Path(self.target),
            [PurePosixPath(conversion.package, *f.parts) for f in conversion.files],
        )
        return folder


def _state(file: PurePosixPath, changes: dict[PurePosixPath, str | None]) -> str:
    if file not in changes:
        return "unchanged"
    return "new" if changes[file] is None else "changed"


def _diff(path: Path, current: str | None, new: str) -> str:
    before = (current or "").splitlines(keepends=True)
    after = new.splitlines(keepends=True)
    old_name = str(path) if current is not None else "/dev/null"
    return "".join(difflib.unified_diff(before, after, old_name, str(path)))
