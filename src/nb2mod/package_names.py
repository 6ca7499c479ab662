"""Whether a package name would shadow a module Python already finds: the standard library or
an installed top-level module (found the way ``import`` would, without importing it).

The working folder is not searched (``python -m nb2mod`` puts it on ``sys.path``), and a
module that lives inside the output folder is the package nb2mod wrote there before (perhaps
installed in editable mode), not a clash.
"""

from __future__ import annotations

import os
import sys
from importlib.machinery import ModuleSpec, PathFinder
from pathlib import Path


def shadowed_module(name: str, out: str | os.PathLike[str] | None = None) -> str | None:
    """What ``name`` would shadow, in words (``the standard library module os``), or None."""
    if name in sys.stdlib_module_names or name in sys.builtin_module_names:
        return f"the standard library module {name}"
    spec = _find_spec(name)
    if spec is None:
        return None
    where = spec.origin if spec.origin not in (None, "built-in", "frozen") else None
    if where is None and spec.submodule_search_locations:
        where = next(iter(spec.submodule_search_locations), None)
    if where is not None and _inside(where, Path(out or ".")):
        return None
    return f"the installed module {name}" + (f" ({where})" if where else "")


def _find_spec(name: str) -> ModuleSpec | None:
    """The spec ``import name`` would use, from every finder but with the working folder left
    out of the path; nothing is imported."""
    path = [p for p in sys.path if p and os.path.isabs(p) and p != os.getcwd()]
    for finder in sys.meta_path:
        try:
            if finder is PathFinder or isinstance(finder, type) and issubclass(finder, PathFinder):
                spec = PathFinder.find_spec(name, path)
            else:
                spec = finder.find_spec(name, None)
        except (AttributeError, ImportError, ValueError, OSError):
            continue
        if spec is not None:
            return spec
    return None


def _inside(location: str, folder: Path) -> bool:
    try:
        return Path(location).resolve().is_relative_to(folder.resolve())
    except OSError:
        return False
