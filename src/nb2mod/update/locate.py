"""Finding the packages converted from a notebook, by the manifests below a folder."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from nb2mod.paths import SKIPPED_FOLDERS
from nb2mod.update.manifest import MANIFEST, ManifestError
from nb2mod.update.record import Record, read_record


def package_folders(top: Path) -> list[Path]:
    """Every folder at or below ``top`` that holds an nb2mod manifest, sorted; hidden
    folders, virtual environments and version-control folders are not searched."""
    found = []
    for root, folders, _files in os.walk(top):
        here = Path(root)
        if (here / MANIFEST).is_file():
            found.append(here)
        folders[:] = sorted(
            f
            for f in folders
            if f not in SKIPPED_FOLDERS
            and not f.startswith(".")
            and not (here / f / "pyvenv.cfg").exists()
        )
    return found


def records_below(top: Path) -> list[Record]:
    """The records of every package below ``top``; one that cannot be read is skipped."""
    records = []
    for folder in package_folders(top):
        try:
            record = read_record(folder)
        except ManifestError:
            continue
        if record is not None:
            records.append(record)
    return records


def converted_from(notebook: str, records: list[Record]) -> list[Record]:
    """The records whose manifest names ``notebook`` (the same file)."""
    return [r for r in records if same_file(r.notebook_path(), Path(notebook))]


def same_file(recorded: Path | None, given: Path) -> bool:
    if recorded is None:
        return False
    try:
        return os.path.samefile(recorded, given)
    except OSError:
        return os.path.abspath(recorded) == os.path.abspath(given)


@dataclass(frozen=True)
class Target:
    """A package to update or check: its folder's record and the notebook to convert."""

    notebook: str
    record: Record


def find_targets(
    notebooks: Sequence[str], out: str | None
) -> tuple[list[Target], list[str], list[str]]:
    """The packages converted from ``notebooks`` (every package, when none is given) below
    ``out`` (default: the working directory): targets, errors and notes (one line each).

    With ``out`` naming a package folder and one notebook, that folder is the target even if
    the notebook has moved since; a notebook with no package below ``out`` is an error when
    ``out`` was given; otherwise such notebooks are counted in one note (a pre-commit hook
    is given every notebook committed, converted or not)."""
    top = Path(out or ".")
    try:
        own = read_record(top) if out is not None else None
    except ManifestError as exc:
        return [], [str(exc)], []
    if own is not None and len(notebooks) == 1:
        return _own_target(notebooks[0], own)
    records = records_below(top)
    if not notebooks:
        return _recorded_targets(records, top)
    targets: list[Target] = []
    missing: list[str] = []
    for notebook in notebooks:
        found = converted_from(notebook, records)
        targets.extend(Target(notebook, r) for r in found)
        if not found:
            missing.append(notebook)
    if out is not None:
        why = "no .nb2mod/manifest.json names it"
        return (
            targets,
            [f"{n}: no package below {top} was converted from it ({why})" for n in missing],
            [],
        )
    count = f"{len(missing)} notebook{'s' if len(missing) > 1 else ''}"
    note = f"{count} with no package converted by nb2mod below {top}: not checked"
    return targets, [], [note] if missing else []


def _own_target(notebook: str, record: Record) -> tuple[list[Target], list[str], list[str]]:
    recorded = record.notebook_path()
    if recorded is not None and recorded.exists() and not same_file(recorded, Path(notebook)):
        return [], [f"{record.folder} was converted from {recorded}, not from {notebook}"], []
    return [Target(notebook, record)], [], []


def _recorded_targets(
    records: list[Record], top: Path
) -> tuple[list[Target], list[str], list[str]]:
    targets, errors = [], []
    for record in records:
        path = record.notebook_path()
        if path is None or not path.exists():
            errors.append(f"{record.folder}: the notebook it was converted from ({path}) is gone")
        else:
            targets.append(Target(str(path), record))
    notes = [] if records else [f"no package converted by nb2mod below {top}"]
    return targets, errors, notes
