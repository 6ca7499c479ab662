"""A folder copied so that nothing written in the copy reaches the original: links resolved.

A symlink in the folder (``data -> /real/data``) would let a run write into the user's real
files, so the copy holds no link that leads out of it: a link to a file or folder outside the
copied tree is replaced by a copy of its content (within a size limit), a link to something
inside the tree becomes a relative link to the copy of that thing, and a dangling link is
left out (a write then creates a plain file in the copy). The copies keep the files' times.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from nb2mod.errors import NotebookError

Ignore = Callable[[str, list[str]], Iterable[str]]


class _Budget:
    """Bytes the copy may still take."""

    def __init__(self, limit: int, used: int) -> None:
        self.limit = limit
        self.left = limit - used


def copy_without_links(
    folder: Path, into: Path, ignore: Ignore, limit: int, used: int, skipped: tuple[str, ...]
) -> None:
    """Copy ``folder`` to the new folder ``into``; ``used`` bytes are already counted against
    ``limit`` (the folder's own files). A link whose content would pass the limit is a
    NotebookError naming the link and the size."""
    shutil.copytree(folder, into, symlinks=True, ignore=ignore)
    copies = [(Path(os.path.realpath(folder)), into)]
    _resolve_links(folder, into, copies, ignore, _Budget(limit, used), skipped)


def _resolve_links(
    source: Path,
    copy: Path,
    copies: list[tuple[Path, Path]],
    ignore: Ignore,
    budget: _Budget,
    skipped: tuple[str, ...],
) -> None:
    """Replace every link below ``copy`` (made from ``source``), outermost first."""
    for root, dirs, files in os.walk(copy):
        links = sorted(n for n in [*dirs, *files] if os.path.islink(os.path.join(root, n)))
        dirs[:] = [d for d in dirs if d not in skipped and d not in links]
        for name in links:
            link = Path(root, name)
            original = source / link.relative_to(copy)
            _replace_link(original, link, copies, ignore, budget, skipped)


def _replace_link(
    original: Path,
    link: Path,
    copies: list[tuple[Path, Path]],
    ignore: Ignore,
    budget: _Budget,
    skipped: tuple[str, ...],
) -> None:
    target = Path(os.path.realpath(original))
    link.unlink()
    if not target.exists():
        return  # dangling: a write creates a plain file in the copy, never the target
    inside = _copy_of(target, copies)
    if inside is not None:
        link.symlink_to(os.path.relpath(inside, link.parent), target.is_dir())
        return
    size = tree_size(target, budget.left + 1, skipped) if target.is_dir() else target.stat().st_size
    if size > budget.left:
        raise NotebookError(
            str(original),
            f"a symlink to {target} ({_human(size)}): verify copies links as their content, "
            f"so the runs cannot write through them, and the scratch copy would pass its "
            f"{_human(budget.limit)} limit",
        )
    budget.left -= size
    if target.is_dir():
        shutil.copytree(target, link, symlinks=True, ignore=ignore)
        copies.append((target, link))
        _resolve_links(target, link, copies, ignore, budget, skipped)
    else:
        shutil.copy2(target, link)


def _copy_of(target: Path, copies: list[tuple[Path, Path]]) -> Path | None:
    """Where ``target`` is in the copy, when it lies in a tree already copied."""
    for source, copy in reversed(copies):
        if target == source or source in target.parents:
            return copy / target.relative_to(source)
    return None


def tree_size(
    folder: Path, limit: int, skipped: tuple[str, ...] = (), exclude: Path | None = None
) -> int:
    """Bytes below ``folder`` (links not followed, the folders named ``skipped`` and the
    folder ``exclude`` left out); counting stops once past ``limit``."""
    total = 0
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in skipped and Path(root, d) != exclude]
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                continue
        if total > limit:
            break
    return total


def _human(size: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("kB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"
