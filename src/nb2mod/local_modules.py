"""Which modules a notebook imports from beside it: files and folders next to the notebook.

Read from disk at the edge (``nb2mod.convert`` asks it before planning): a top-level module
``m`` is local when the notebook's folder holds ``m.py`` or a folder ``m/`` with Python files
in it (a regular or a namespace package), as Jupyter, which starts the kernel in the
notebook's folder, would import it. Nothing is imported or executed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LocalModule:
    """A module the notebook imports from its own folder."""

    name: str  # the top-level import name
    path: str  # the file or folder, relative to the notebook's folder ("helpers.py", "lib")


def local_modules(notebook_path: str, modules: Iterable[str]) -> tuple[LocalModule, ...]:
    """The top-level names among ``modules`` that the notebook's folder provides, sorted."""
    folder = Path(notebook_path).parent
    if not Path(notebook_path).is_file():
        return ()  # a notebook not read from a file has no folder
    found = []
    for name in sorted({m.split(".")[0] for m in modules if m and not m.startswith(".")}):
        path = _provider(folder, name)
        if path is not None:
            found.append(LocalModule(name, path))
    return tuple(found)


def _provider(folder: Path, name: str) -> str | None:
    if not name.isidentifier():
        return None
    module = folder / f"{name}.py"
    if module.is_file():
        return module.name
    package = folder / name
    if package.is_dir() and _holds_python(package):
        return name
    return None


def _holds_python(folder: Path) -> bool:
    try:
        return any(entry.endswith(".py") for _, _, files in os.walk(folder) for entry in files)
    except OSError:
        return False


__all__ = ["LocalModule", "local_modules"]
