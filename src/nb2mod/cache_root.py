"""The lint cache's root folder: created and tagged by nb2mod, or refused; never a user's folder.

nb2mod only keeps its cache in a folder that is marked as a cache with a ``CACHEDIR.TAG``
(the Cache Directory Tagging convention, https://bford.info/cachedir/): one it created
itself, or one another tool tagged. It creates the folder when it is missing (tag and a
``.gitignore`` of ``*`` inside it, so git and backup tools skip it) and refuses, with a
one-line reason, an existing folder without the tag, a file, or a folder it cannot write:
those may hold the user's files, and a cache there could hide or delete them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from nb2mod.paths import read_regular_file

SIGNATURE = b"Signature: 8a477f597d28d172789f06886806bc55"
TAG_NAME = "CACHEDIR.TAG"
TAG_TEXT = (
    SIGNATURE.decode()
    + "\n# This file is a cache directory tag created by nb2mod (its lint cache).\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)
GITIGNORE_TEXT = "# Created by nb2mod automatically: this folder is its lint cache.\n*\n"
_NEW_PREFIX = ".nb2mod-cache-new-"  # the folder being set up, renamed into place when ready


@dataclass(frozen=True)
class CacheRoot:
    """A usable cache root (``folder``), or why there is none (``warning``, one line)."""

    folder: Path | None
    warning: str | None = None


def is_tagged(folder: Path) -> bool:
    """Whether ``folder`` holds a CACHEDIR.TAG that starts with the convention's signature."""
    try:
        return read_regular_file(folder / TAG_NAME).startswith(SIGNATURE)
    except OSError:
        return False


def open_root(folder: Path) -> CacheRoot:
    """``folder`` as a cache root: created and tagged when missing, used when tagged,
    refused (with the reason) otherwise."""
    if not os.path.lexists(folder):
        problem = _create(folder)
        if problem is not None:
            return CacheRoot(None, f"cannot create the lint cache folder {folder}: {problem}")
    if not folder.is_dir():
        return CacheRoot(None, f"the lint cache folder {folder} is not a folder")
    if not is_tagged(folder):
        return CacheRoot(
            None,
            f"{folder} exists and is not a cache folder (no {TAG_NAME}); nb2mod keeps its cache "
            "only in a folder it creates: point cache-dir or NB2MOD_CACHE_DIR to a new one",
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        return CacheRoot(None, f"the lint cache folder {folder} is not writable")
    return CacheRoot(folder)


def _create(folder: Path) -> str | None:
    """Make ``folder`` with its tag and .gitignore in one rename, so that no other process
    ever sees it half set up; None on success (or when another process made it first)."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=_NEW_PREFIX, dir=folder.parent))
    except OSError as exc:
        return exc.strerror or str(exc)
    try:
        (fresh / TAG_NAME).write_text(TAG_TEXT, encoding="utf-8")
        (fresh / ".gitignore").write_text(GITIGNORE_TEXT, encoding="utf-8")
        os.chmod(fresh, 0o777 & ~_umask())  # mkdtemp makes 0700; give a plain folder's mode
        os.rename(fresh, folder)
    except OSError as exc:
        if not os.path.lexists(folder):
            return exc.strerror or str(exc)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)  # gone already when the rename worked
    return None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
