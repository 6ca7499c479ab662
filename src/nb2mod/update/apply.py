"""Applying an Update to its folder: the written files and the record in one atomic write
(see nb2mod.output_tree), then the removals of files nb2mod generated and no longer does."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from nb2mod.output_tree import current_text, write_files
from nb2mod.update.manifest import BASE, RECORD
from nb2mod.update.updating import Update


def apply_update(update: Update, expected: dict[PurePosixPath, str]) -> list[Path]:
    """Write the update; ``expected`` holds the text each removed file had when the update
    was decided (a file changed since is left alone). Returns the package files written."""
    folder = update.folder
    written = write_files(folder, {**update.writes, **update.record}, force=True)
    for path in update.removals:
        target = folder.joinpath(*path.parts)
        if current_text(target) == expected.get(path):
            target.unlink()
            _prune(target.parent, folder)
    _remove_stale_bases(folder, set(update.record))
    return [p for p in written if p.relative_to(folder).parts[0] != RECORD.name]


def _remove_stale_bases(folder: Path, kept: set[PurePosixPath]) -> None:
    """Merge bases of files nb2mod no longer owns (only ``NAME.base`` files, in its own
    folder)."""
    top = folder.joinpath(*BASE.parts)
    for root, _dirs, names in os.walk(top, topdown=False):
        for name in names:
            path = Path(root, name)
            relative = PurePosixPath(path.relative_to(folder).as_posix())
            if name.endswith(".base") and relative not in kept and not path.is_symlink():
                path.unlink()
        _prune(Path(root), folder)


def _prune(folder: Path, top: Path) -> None:
    """Remove ``folder`` and its parents up to ``top`` while they are empty."""
    while folder != top and top in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
