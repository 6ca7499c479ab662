"""What path arguments mean: folders stand for the notebooks below them; their common folder."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

SKIPPED_FOLDERS = frozenset(
    {".ipynb_checkpoints", ".git", "node_modules", "__pycache__", ".venv", ".tox"}
)


def expand_notebooks(paths: Iterable[str]) -> list[str]:
    """Files as given; folders become the ``*.ipynb`` files below them, sorted, skipping
    checkpoints, virtual environments and version-control folders."""
    out: list[str] = []
    for path in paths:
        if not os.path.isdir(path):
            out.append(path)
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED_FOLDERS)
            out.extend(os.path.join(folder, f) for f in sorted(files) if f.endswith(".ipynb"))
    return out


def common_folder(paths: Sequence[str]) -> str | None:
    """The deepest folder holding every path (where settings and the cache are looked up)."""
    if not paths:
        return None
    try:
        common = os.path.commonpath([os.path.abspath(p) for p in paths])
    except ValueError:
        return None
    return common if os.path.isdir(common) else os.path.dirname(common)
