"""Scratch copies of a notebook's folder, so runs resolve relative files but write nothing back."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from nb2mod.errors import NotebookError

_SKIP = (
    ".git",
    ".ipynb_checkpoints",
    "__pycache__",
    "node_modules",
    ".venv",
    ".tox",
    ".mypy_cache",
)
MAX_BYTES = 2 * 1024**3


def notebook_folder(path: str) -> Path | None:
    """The folder a notebook file lives in; None for a notebook that is not a file."""
    file = Path(path)
    return file.resolve().parent if file.is_file() else None


def scratch_copy(folder: Path | None, into: Path) -> Path:
    """Copy ``folder`` (or nothing) to the new folder ``into`` and return ``into``."""
    if folder is None:
        into.mkdir(parents=True)
        return into
    size = folder_size(folder)
    if size > MAX_BYTES:
        raise NotebookError(
            str(folder), f"the notebook's folder holds {size / 1024**3:.1f} GB: too large to copy"
        )
    shutil.copytree(folder, into, symlinks=True, ignore=shutil.ignore_patterns(*_SKIP))
    return into


def folder_size(folder: Path) -> int:
    total = 0
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in _SKIP]
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                continue
    return total
