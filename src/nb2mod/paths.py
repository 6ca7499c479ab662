"""What path arguments mean (folders stand for the notebooks below them), and reading only
regular files, so a FIFO or a device given as a notebook is an error, never a hang."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Sequence

SKIPPED_FOLDERS = frozenset(
    {".ipynb_checkpoints", ".git", "node_modules", "__pycache__", ".venv", ".tox"}
)


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class NotARegularFileError(OSError):
    """The path names something other than a regular file; ``strerror`` says what it is."""


def expand_notebooks(paths: Iterable[str]) -> list[str]:
    """Files as given; folders become the ``*.ipynb`` entries below them, sorted, skipping
    checkpoints, virtual environments and version-control folders. A folder with no
    notebook below it stays in the list as itself, so that reading it reports it."""
    out: list[str] = []
    for path in paths:
        found = notebooks_below(path) if os.path.isdir(path) else [path]
        out.extend(found or [path])
    return out


def notebooks_below(top: str) -> list[str]:
    """The ``*.ipynb`` entries below the folder ``top`` (any file type: reading judges it)."""
    out: list[str] = []
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_FOLDERS)
        out.extend(os.path.join(folder, f) for f in sorted(files) if f.endswith(".ipynb"))
    return out


def read_regular_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of the regular file ``path`` (symlinks followed). Anything else raises
    NotARegularFileError without blocking: the file is opened non-blocking and checked
    with fstat before a byte is read, so a FIFO without a writer cannot hang the read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    handle = os.open(path, flags)
    try:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
            raise NotARegularFileError(errno.EINVAL, f"is {kind}, not a regular file", path)
        os.set_blocking(handle, True)
        with os.fdopen(handle, "rb", closefd=True) as stream:
            handle = -1
            return stream.read()
    finally:
        if handle != -1:
            os.close(handle)


def common_folder(paths: Sequence[str]) -> str | None:
    """The deepest folder holding every path (where settings and the cache are looked up)."""
    if not paths:
        return None
    try:
        common = os.path.commonpath([os.path.abspath(p) for p in paths])
    except ValueError:
        return None
    return common if os.path.isdir(common) else os.path.dirname(common)
