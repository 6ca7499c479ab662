"""The folder a ``sys.path.insert``/``sys.path.append`` call adds, when it is written literally.

``sys.path.insert(0, "lib")``, ``sys.path.append("../src")``, ``os.path.join("..", "src")``,
``os.path.abspath("lib")``, ``str(Path("..") / "src")``, ``Path.cwd() / "lib"`` and
``os.getcwd()``: the folder as a relative (or absolute) posix path, relative to the folder
the kernel starts in (the notebook's). Anything else (a name, an f-string, a call nb2mod
does not know) is None: the folder is not known.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

import libcst as cst

from nb2mod.analysis.imports import qualify
from nb2mod.analysis.literals import literal_value
from nb2mod.analysis.names import dotted_name
from nb2mod.analysis.records import CallSite

_JOIN = frozenset({"os.path.join", "posixpath.join"})
_SAME = frozenset(
    {"os.path.abspath", "os.path.normpath", "os.path.realpath", "os.fspath", "str"}
    | {"pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath"}
)
_CWD = frozenset({"os.getcwd", "pathlib.Path.cwd", "os.curdir"})
_SAME_METHODS = frozenset({"resolve", "absolute", "expanduser"})


def added_folder(call: CallSite, qualified: str | None, aliases: Mapping[str, str]) -> str | None:
    """The folder ``sys.path.insert(i, F)`` or ``sys.path.append(F)`` adds, normalised."""
    position = {"sys.path.insert": 1, "sys.path.append": 0}.get(qualified or "")
    if position is None or call.starred or call.keywords or len(call.args) != position + 1:
        return None
    folder = folder_value(call.args[position].node, aliases)
    return None if folder is None else posixpath.normpath(folder)


def folder_value(node: cst.BaseExpression, aliases: Mapping[str, str]) -> str | None:
    """The path ``node`` evaluates to when it is built from literals only."""
    value = literal_value(node)
    if isinstance(value, str):
        return value.replace("\\", "/") if "\x00" not in value else None
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
        left, right = folder_value(node.left, aliases), folder_value(node.right, aliases)
        return None if left is None or right is None else posixpath.join(left, right)
    if isinstance(node, cst.Attribute) and qualify(dotted_name(node), aliases) in _CWD:
        return "."
    if isinstance(node, cst.Call):
        return _called(node, aliases)
    return None


def _called(node: cst.Call, aliases: Mapping[str, str]) -> str | None:
    if any(a.keyword is not None or a.star for a in node.args):
        return None
    if isinstance(node.func, cst.Attribute) and node.func.attr.value in _SAME_METHODS:
        inner = folder_value(node.func.value, aliases) if not node.args else None
        if inner is not None:
            return inner
    name = qualify(dotted_name(node.func), aliases)
    parts = [folder_value(a.value, aliases) for a in node.args]
    if any(p is None for p in parts):
        return None
    given = [p for p in parts if p is not None]
    if name in _CWD and not given:
        return "."
    if name in _JOIN and given:
        return posixpath.join(*given)
    if name in _SAME and len(given) == 1:
        return given[0]
    if name in _SAME and name.startswith("pathlib.") and given:
        return posixpath.join(*given)
    if name == "os.path.dirname" and len(given) == 1:
        return _parent(posixpath.normpath(given[0]))
    return None


def _parent(path: str) -> str:
    """The folder above ``path`` (an absolute path of it, as ``abspath`` would have made)."""
    if path == "." or posixpath.basename(path) == "..":
        return posixpath.normpath(posixpath.join(path, ".."))
    return posixpath.dirname(path) or "."
