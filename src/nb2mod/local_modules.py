"""Which modules a notebook imports from beside it, and their files: read from disk at the edge.

``nb2mod.convert`` asks it before planning. A top-level module ``m`` is local when the
notebook's folder holds ``m.py`` or a folder ``m/`` with Python files in it (a regular or a
namespace package), as Jupyter, which starts the kernel in the notebook's folder, imports
it; or when a folder the notebook adds to ``sys.path`` by a literal (``sys.path.insert(0,
"lib")``, relative to the notebook's folder) holds it. A module inside the notebook's folder
tree (its repository when it is in one, else its own folder) comes with the text of its
Python files, to be carried into the package; one outside it is marked ``outside``. Nothing
is imported or executed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

LIMIT = 2_000_000  # bytes of Python carried per module; a larger one is not carried
_SKIPPED = frozenset({"__pycache__", ".ipynb_checkpoints", "node_modules"})


@dataclass(frozen=True)
class LocalModule:
    """A module the notebook imports from its folder tree (or from outside it)."""

    name: str  # the top-level import name
    path: str  # the file or folder, relative to the notebook's folder ("helpers.py", "lib/t")
    # (path below the folder the module was found in, text) of each Python file, sorted
    files: tuple[tuple[str, str], ...] = ()
    outside: bool = False  # outside the notebook's folder tree (``path`` is then absolute)
    problem: str = ""  # why its files cannot be carried (too large, not UTF-8, unreadable)

    @property
    def shown(self) -> str:
        """Its path as CONVERSION.md shows it: a package folder ends with ``/``."""
        return self.path if self.path.endswith(".py") else f"{self.path}/"


def local_modules(
    notebook_path: str,
    modules: Iterable[str],
    search: Iterable[str] = (),
    depth: int | None = None,
) -> tuple[LocalModule, ...]:
    """The top-level names among ``modules`` that the notebook's folder or the ``search``
    folders (literal ``sys.path`` additions, relative to the notebook's folder) provide,
    sorted by name; ``depth``: how far below its repository's root the notebook sits."""
    if not Path(notebook_path).is_file():
        return ()  # a notebook not read from a file has no folder
    folder = Path(os.path.abspath(notebook_path)).parent
    tree = folder.parents[depth - 1] if depth else folder
    roots = [folder, *(Path(os.path.normpath(folder / s)) for s in search if s)]
    found = []
    for name in sorted({m.split(".")[0] for m in modules if m and not m.startswith(".")}):
        for root in roots:
            entry = _provider(root, name)
            if entry is not None:
                found.append(_module(folder, tree, root, name, entry))
                break
    return tuple(found)


def _module(folder: Path, tree: Path, root: Path, name: str, entry: str) -> LocalModule:
    where = root / entry
    if not _inside(where, tree):
        return LocalModule(name, where.as_posix(), outside=True)
    path = os.path.relpath(where, folder).replace(os.sep, "/")
    files, problem = _read(root, entry)
    return LocalModule(name, path, files, problem=problem)


def _inside(path: Path, tree: Path) -> bool:
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(tree))
    except ValueError:
        return False
    return True


def _provider(folder: Path, name: str) -> str | None:
    if not name.isidentifier():
        return None
    module = folder / f"{name}.py"
    if module.is_file():
        return module.name
    package = folder / name
    if package.is_dir() and _python_files(folder, name):
        return name
    return None


def _python_files(root: Path, entry: str) -> list[str]:
    """The ``.py`` files of the module ``entry`` below ``root`` (posix paths), sorted;
    caches, checkpoints, hidden folders, folders that are no package names and links left out."""
    if entry.endswith(".py"):
        return [entry]
    found = []
    for here, folders, files in os.walk(root / entry):
        folders[:] = sorted(f for f in folders if f not in _SKIPPED and f.isidentifier())
        for file in files:
            path = Path(here, file)
            if file.endswith(".py") and file[:-3].isidentifier() and not path.is_symlink():
                found.append(path.relative_to(root).as_posix())
    return sorted(found)


def _read(root: Path, entry: str) -> tuple[tuple[tuple[str, str], ...], str]:
    files = []
    size = 0
    for relative in _python_files(root, entry):
        try:
            data = (root / relative).read_bytes()
            text = data.decode("utf-8")
        except OSError as exc:
            return (), f"cannot read {relative}: {exc.strerror or exc}"
        except UnicodeDecodeError:
            return (), f"{relative} is not UTF-8 text"
        size += len(data)
        if size > LIMIT:
            return (), f"its Python files pass {LIMIT // 1_000_000} MB"
        files.append((relative, text))
    return tuple(files), ""


__all__ = ["LocalModule", "local_modules"]
