"""``--update``: what happens to each file of a converted package, decided from the merge
base (what nb2mod last wrote), the user's file (ours) and the fresh conversion (theirs).

Pure: the user's files come in as text, the outcome goes out as a value (``Update``) that the
caller shows (``--dry-run``, ``--diff``) or applies (``nb2mod.update.apply``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from nb2mod.output_tree import UNREADABLE
from nb2mod.update.history import cell_changes, with_history
from nb2mod.update.manifest import HistoryEntry, Manifest, text_digest
from nb2mod.update.merge import Merged, StepCells, has_markers, merge_texts
from nb2mod.update.record import Record, manifest_for, record_files
from nb2mod.update.steps import cell_identities

if TYPE_CHECKING:
    from nb2mod.conversion import Conversion

REPORT = PurePosixPath("CONVERSION.md")
CONFLICTS = frozenset({"conflict", "blocked", "unresolved", "clash", "unreadable"})
# nothing happens to the file (no history entry for it)
QUIET = frozenset({"unchanged", "kept", "gone", "deleted", "unresolved"})
Merger = Callable[[PurePosixPath, str, str, str], Merged]


@dataclass(frozen=True)
class FileUpdate:
    """One file's fate: ``outcome`` says what happens, ``text`` is what gets written
    (None: the file is left as it is, or removed when the outcome is "removed"), ``base``
    the merge base recorded for the next update (None: nb2mod no longer owns the file)."""

    path: PurePosixPath
    outcome: str
    text: str | None = None
    base: str | None = None
    conflicts: tuple[int, ...] = ()  # lines of the conflict markers in ``text``
    note: str = ""


@dataclass(frozen=True)
class Update:
    """The update of one package folder."""

    folder: Path
    files: tuple[FileUpdate, ...]
    record: Mapping[PurePosixPath, str] = field(default_factory=dict)  # .nb2mod/ files
    entry: HistoryEntry | None = None

    @property
    def has_conflicts(self) -> bool:
        return any(f.outcome in CONFLICTS for f in self.files)

    @property
    def writes(self) -> dict[PurePosixPath, str]:
        return {f.path: f.text for f in self.files if f.text is not None}

    @property
    def removals(self) -> tuple[PurePosixPath, ...]:
        return tuple(f.path for f in self.files if f.outcome == "removed")


def plan_update(
    conversion: Conversion,
    record: Record,
    current: Mapping[PurePosixPath, str | None],
    when: str,
    merger: Merger | None = None,
) -> Update:
    """Decide every file's update; ``current`` holds the user's files (None: missing)."""
    identities = (
        cell_identities(record.manifest.notebook.cells),
        cell_identities(conversion.source.cells),
    )
    merge = merger or functools.partial(_merge_file, cells=identities)
    theirs = dict(conversion.files)
    paths = sorted((set(theirs) | set(record.bases)) - {REPORT})
    files = [_decide(p, record.bases.get(p), current.get(p), theirs.get(p), merge) for p in paths]
    cells = cell_changes(record.manifest.notebook, conversion.source)
    history = record.manifest.history
    entry = None
    if any(cells.values()) or any(f.outcome not in QUIET for f in files):
        entry = HistoryEntry(when, cells, _outcomes(files))
        history = (*history, entry)
    if REPORT in theirs:
        theirs[REPORT] = with_history(theirs[REPORT], history)
    if REPORT in theirs or REPORT in record.bases:
        report = record.bases.get(REPORT)
        files.append(_decide(REPORT, report, current.get(REPORT), theirs.get(REPORT), merge))
    bases = {f.path: f.base for f in files if f.base is not None}
    manifest = _manifest(conversion, record, bases, history)
    own = {p: t for p, t in record_files(manifest, bases).items()}
    return Update(record.folder, tuple(sorted(files, key=lambda f: f.path)), own, entry)


def _manifest(
    conversion: Conversion,
    record: Record,
    bases: Mapping[PurePosixPath, str],
    history: tuple[HistoryEntry, ...],
) -> Manifest:
    fresh = manifest_for(conversion, record.folder, history)
    return replace(fresh, files={p.as_posix(): text_digest(t) for p, t in bases.items()})


def _outcomes(files: list[FileUpdate]) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for f in files:
        if f.outcome not in QUIET:
            outcome = "conflict" if f.outcome in CONFLICTS else f.outcome
            found.setdefault(outcome, []).append(f.path.as_posix())
    return {k: tuple(v) for k, v in found.items()}


def _decide(
    path: PurePosixPath,
    base: str | None,
    ours: str | None,
    theirs: str | None,
    merge: Merger,
) -> FileUpdate:
    if base is None:
        return _new_file(path, ours, theirs)
    if theirs is None:
        return _dropped_file(path, base, ours)
    if ours is None:
        if theirs == base:
            return FileUpdate(path, "deleted", base=theirs, note="you deleted it; left deleted")
        note = "you deleted it; the notebook's changes to it are not applied"
        return FileUpdate(path, "kept-deleted", base=theirs, note=note)
    if ours == UNREADABLE:
        note = "not a regular UTF-8 text file now; left as it is"
        return FileUpdate(path, "unreadable", base=base, note=note)
    if has_markers(ours):
        note = "it still holds the conflict markers of an update: resolve them first"
        return FileUpdate(path, "blocked" if theirs != base else "unresolved", base=base, note=note)
    if ours == theirs:
        return FileUpdate(path, "unchanged" if ours == base else "kept", base=theirs)
    if ours == base:
        return FileUpdate(path, "replaced", text=theirs, base=theirs)
    if theirs == base:
        return FileUpdate(path, "kept", base=theirs)
    merged = merge(path, base, ours, theirs)
    outcome = "conflict" if merged.conflicts else "merged"
    return FileUpdate(path, outcome, merged.text, theirs, merged.conflicts)


def _new_file(path: PurePosixPath, ours: str | None, theirs: str | None) -> FileUpdate:
    if theirs is None:
        return FileUpdate(path, "gone")
    if ours is None:
        return FileUpdate(path, "added", text=theirs, base=theirs)
    if ours == theirs:
        return FileUpdate(path, "unchanged", base=theirs)
    note = "a file nb2mod did not create is in the way of a new generated file; left as it is"
    return FileUpdate(path, "clash", note=note)


def _dropped_file(path: PurePosixPath, base: str, ours: str | None) -> FileUpdate:
    if ours is None:
        return FileUpdate(path, "gone")
    if ours == base:
        return FileUpdate(path, "removed")
    note = "no longer generated; kept because you edited it (it is yours now)"
    return FileUpdate(path, "kept-edited", note=note)


def _merge_file(
    path: PurePosixPath, base: str, ours: str, theirs: str, *, cells: StepCells
) -> Merged:
    return merge_texts(base, ours, theirs, python=path.suffix == ".py", cells=cells)
