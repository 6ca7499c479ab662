"""Scratch copies of a notebook's folder, so runs resolve relative files but write nothing back."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from nb2mod.errors import NotebookError
from nb2mod.verification.copying import copy_without_links, tree_size

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
    """Copy ``folder`` to the new folder ``into``, skipping VCS and cache folders (and
    ``into`` itself, when the temporary folder lies inside ``folder``); symlinks are
    resolved as copying.py says."""
    ignore = _ignore(folder, into)
    used = folder_size(folder, MAX_BYTES, into)
    if used > MAX_BYTES:
        raise NotebookError(
            str(folder), f"the folder to copy holds more than {MAX_BYTES // 1024**3} GB"
        )
    copy_without_links(folder, into, ignore, MAX_BYTES, used, SKIPPED_FOLDERS)
    return into


def _ignore(folder: Path, into: Path) -> Callable[[str, list[str]], set[str]]:
    skip = shutil.ignore_patterns(*SKIPPED_FOLDERS)
    inside = _temporary_root(folder, into)

    def ignore(directory: str, names: list[str]) -> set[str]:
        found = set(skip(directory, names))
        if inside is not None and os.path.realpath(directory) == str(inside.parent):
            found.add(inside.name)
        return found

    return ignore


def _temporary_root(folder: Path, into: Path) -> Path | None:
    """The top folder of ``into`` below ``folder``, when the copy is made inside the folder
    it copies (a TMPDIR inside the notebook's folder)."""
    source, target = Path(os.path.realpath(folder)), Path(os.path.realpath(into.parent)) / into.name
    if source not in target.parents:
        return None
    return source / target.relative_to(source).parts[0]


def folder_size(folder: Path, limit: int, into: Path | None = None) -> int:
    """Bytes below ``folder`` (links not followed, ``into`` left out), counting stops once
    past ``limit``."""
    inside = _temporary_root(folder, into) if into is not None else None
    return tree_size(folder, limit, SKIPPED_FOLDERS, inside)


def run_workdir(folder: Path | None, levels: int, root: Path) -> Path:
    """Where each run works: run_folder makes its copy of ``folder`` there."""
    if folder is None:
        return root / "work"
    return root / "work" / folder.relative_to(copy_root(folder, levels))


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
