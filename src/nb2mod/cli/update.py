"""`nb2mod convert --update` and `--check`: merge a changed notebook into its package, or
say which generated files are stale. The packages are found by their manifests."""

from __future__ import annotations

import dataclasses
import difflib
import functools
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import click

from nb2mod.batch import Failure, run_batch
from nb2mod.cli.common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, echo_error
from nb2mod.settings import Settings
from nb2mod.update.locate import Target, find_targets

if TYPE_CHECKING:
    from nb2mod.conversion import Conversion
    from nb2mod.update.updating import FileUpdate, Update

SAID = {
    "unchanged": "unchanged",
    "kept": "kept (your edits; the notebook did not change it)",
    "deleted": "still deleted (you deleted it)",
    "replaced": "updated",
    "merged": "merged (your edits kept, the notebook's changes applied)",
    "conflict": "conflict",
    "blocked": "not updated",
    "unresolved": "unresolved conflicts",
    "added": "added",
    "clash": "not written",
    "removed": "removed (no longer generated)",
    "gone": "gone",
    "kept-deleted": "left deleted",
    "kept-edited": "kept",
    "unreadable": "not updated",
}


def refresh(
    notebooks: Sequence[str],
    out: str | None,
    settings: Settings,
    given: Mapping[str, Any],
    check: bool,
    dry_run: bool = False,
    show_diff: bool = False,
) -> int:
    """Update (or check) every package converted from ``notebooks``; the exit code."""
    targets, errors, notes = find_targets(notebooks, out)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    for error in errors:
        echo_error(error)
    worst = EXIT_ERROR if errors else EXIT_OK
    for target, converted in _conversions(targets, settings, given, check):
        if isinstance(converted, Failure):
            echo_error(converted.message)
            worst = EXIT_ERROR
            continue
        code = (
            _check(target, converted) if check else _update(target, converted, dry_run, show_diff)
        )
        worst = max(worst, code)
    return worst


def _conversions(
    targets: list[Target], settings: Settings, given: Mapping[str, Any], check: bool
) -> Iterator[tuple[Target, Conversion | Failure]]:
    """Each target's fresh conversion, with the settings its manifest recorded (options
    given on the command line win); notebooks are converted in parallel, once per batch."""
    waiting = list(targets)
    while waiting:
        batch: dict[str, Target] = {}
        for target in waiting:
            batch.setdefault(target.notebook, target)
        waiting = [t for t in waiting if batch[t.notebook] is not t]
        chosen = {p: _settings(settings, given, t, check) for p, t in batch.items()}
        packages = {p: t.record.manifest.package for p, t in batch.items()}
        work = functools.partial(_convert, settings=chosen, packages=packages)
        for outcome in run_batch(list(batch), work, jobs=settings.jobs, label="converting"):
            yield batch[outcome.path], outcome.value


def _settings(
    settings: Settings, given: Mapping[str, Any], target: Target, check: bool
) -> Settings:
    from nb2mod.update.record import recorded_settings

    chosen = settings.replace(**recorded_settings(target.record.manifest)).replace(**given)
    chosen = chosen.replace(out=str(target.record.folder))
    return dataclasses.replace(chosen, capture=False) if check else chosen


def _convert(path: str, *, settings: dict[str, Settings], packages: dict[str, str]) -> Conversion:
    """Convert in a worker; a notebook renamed since keeps its package's name."""
    from nb2mod.cli.convert import _convert_one

    conversion = _convert_one(path, settings=settings[path])
    if conversion.package != packages[path] and settings[path].name is None:
        return _convert_one(path, settings=settings[path].replace(name=packages[path]))
    return conversion


def _check(target: Target, conversion: Conversion) -> int:
    from nb2mod.update.check import stale_files

    record = target.record
    stale = stale_files(conversion.files, conversion.source, record.manifest, record.bases)
    for item in stale:
        click.echo(item.line(str(record.folder)))
    marked = _with_markers(record.folder, record.bases)
    for path in marked:
        click.echo(f"{_shown(record.folder, path)}: holds the conflict markers of an update")
    return EXIT_FINDINGS if stale or marked else EXIT_OK


def _with_markers(folder: Path, bases: Mapping[PurePosixPath, str]) -> list[PurePosixPath]:
    """The generated files that still hold conflict markers an update wrote."""
    from nb2mod.output_tree import UNREADABLE, current_text
    from nb2mod.update.merge import has_markers

    texts = {p: current_text(folder.joinpath(*p.parts)) for p in sorted(bases)}
    return [p for p, t in texts.items() if t not in (None, UNREADABLE) and has_markers(t or "")]


def _update(target: Target, conversion: Conversion, dry_run: bool, show_diff: bool) -> int:
    from nb2mod.output_tree import current_text
    from nb2mod.update.history import update_time
    from nb2mod.update.updating import plan_update

    folder = target.record.folder
    paths = set(conversion.files) | set(target.record.bases)
    current = {p: current_text(folder.joinpath(*p.parts)) for p in paths}
    update = plan_update(conversion, target.record, current, update_time())
    if dry_run:
        for f in update.files:
            click.echo(f"{_shown(folder, f.path)}  ({_said(f)})")
    elif show_diff:
        for f in update.files:
            if f.text is not None or f.outcome == "removed":
                click.echo(_diff(folder, f, current.get(f.path)), nl=False)
    else:
        from nb2mod.errors import OutputError

        try:
            _apply(target.notebook, update, current)
        except OutputError as exc:
            echo_error(f"{target.notebook}: {exc}")
            return EXIT_ERROR
        except OSError as exc:
            echo_error(f"{target.notebook}: cannot write the package: {exc.strerror or exc}")
            return EXIT_ERROR
    _report_conflicts(update)
    if update.has_conflicts:
        return EXIT_FINDINGS
    changes = any(f.text is not None or f.outcome == "removed" for f in update.files)
    return EXIT_FINDINGS if show_diff and changes else EXIT_OK


def _apply(notebook: str, update: Update, current: Mapping[PurePosixPath, str | None]) -> None:
    from nb2mod.update.apply import apply_update
    from nb2mod.update.updating import CONFLICTS, QUIET

    expected = {p: t for p, t in current.items() if t is not None}
    written = apply_update(update, expected)
    for f in update.files:
        if f.outcome not in QUIET | CONFLICTS or f.outcome == "conflict":
            click.echo(f"{_shown(update.folder, f.path)}: {_said(f)}")
    conflicted = sum(1 for f in update.files if f.outcome in CONFLICTS)
    more = f", {conflicted} with conflicts to resolve" if conflicted else ""
    click.echo(f"{notebook} -> {update.folder}: {len(written)} files written{more}")


def _report_conflicts(update: Update) -> None:
    for f in update.files:
        where = _shown(update.folder, f.path)
        for line in f.conflicts:
            click.echo(f"{where}:{line}: conflict: your edit and the notebook's overlap", err=True)
        if f.outcome in ("blocked", "unresolved", "clash", "unreadable"):
            click.echo(f"{where}: {f.note}", err=True)
        elif f.outcome in ("deleted", "kept-deleted", "kept-edited"):
            click.echo(f"note: {where}: {f.note}", err=True)


def _said(f: FileUpdate) -> str:
    said = SAID.get(f.outcome, f.outcome)
    if f.conflicts:
        lines = ", ".join(str(n) for n in f.conflicts)
        return f"{said} at line{'s' if len(f.conflicts) > 1 else ''} {lines}"
    return said


def _shown(folder: Path, path: PurePosixPath) -> str:
    return str(folder.joinpath(*path.parts))


def _diff(folder: Path, f: FileUpdate, current: str | None) -> str:
    shown = _shown(folder, f.path)
    before = (current or "").splitlines(keepends=True)
    after = (f.text or "").splitlines(keepends=True)
    old = shown if current is not None else "/dev/null"
    new = shown if f.text is not None else "/dev/null"
    return "".join(difflib.unified_diff(before, after, old, new))
