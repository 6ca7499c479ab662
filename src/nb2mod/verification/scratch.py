"""Scratch copies of a notebook's folder, so runs resolve relative files but write nothing back."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from nb2mod.errors import NotebookError

SKIPPED_FOLDERS = (
    ".git",
    ".ipynb_checkpoints",
    "__pycache__",
    "node_modules",
    ".venv",
    ".tox",
    ".mypy_cache",
)
MAX_BYTES = 2 * 1024**3
MAX_LEVELS = 3
_LEADING_UP = re.compile(r"""[rbuRBU]?['"]((?:\.\.[/\\]{1,2})+)""")
_UP_ITEM = re.compile(r"""['"]\.\.['"]""")


def notebook_folder(path: str) -> Path | None:
    """The folder a notebook file lives in; None for a notebook that is not a file."""
    file = Path(path)
    return file.resolve().parent if file.is_file() else None


def parent_levels(sources: Iterable[str]) -> int:
    """How many folders above its own the code reaches with relative paths: ``'../../d.csv'``
    is 2, ``os.path.join('..', 'data')`` is 1 (at most MAX_LEVELS)."""
    levels = 0
    for source in sources:
        for line in source.splitlines():
            for match in _LEADING_UP.finditer(line):
                levels = max(levels, match.group(1).count(".."))
            levels = max(levels, len(_UP_ITEM.findall(line)))
    return min(levels, MAX_LEVELS)


def working_copy(folder: Path | None, levels: int, into: Path) -> Path:
    """Copy ``folder`` (with ``levels`` folders above it, so ``../`` paths resolve) to the new
    folder ``into``; return the copy of ``folder`` itself, the working directory of a run."""
    if folder is None:
        into.mkdir(parents=True)
        return into
    root = copy_root(folder, levels)
    scratch_copy(root, into)
    return into / folder.relative_to(root)


def copy_root(folder: Path, levels: int) -> Path:
    """The folder a working copy starts at: ``folder`` and ``levels`` folders above it."""
    for _ in range(levels):
        folder = folder.parent
    return folder


def scratch_copy(folder: Path, into: Path) -> Path:
    """Copy ``folder`` to the new folder ``into``, skipping VCS and cache folders."""
    if folder_size(folder, MAX_BYTES) > MAX_BYTES:
        raise NotebookError(
            str(folder), f"the folder to copy holds more than {MAX_BYTES // 1024**3} GB"
        )
    shutil.copytree(folder, into, symlinks=True, ignore=shutil.ignore_patterns(*SKIPPED_FOLDERS))
    return into


def folder_size(folder: Path, limit: int) -> int:
    """Bytes below ``folder``, counting stops once past ``limit``."""
    total = 0
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in SKIPPED_FOLDERS]
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                continue
        if total > limit:
            break
    return total


@contextmanager
def run_folder(folder: Path | None, levels: int, root: Path, label: str) -> Iterator[Path]:
    """A fresh working copy at the SAME path for every run (``root/work``), so values that
    hold absolute paths (``os.getcwd()``) agree; moved to ``root/label`` afterwards."""
    shared = root / "work"
    try:
        yield working_copy(folder, levels, shared)
    finally:
        if shared.exists():
            shared.rename(root / label)
