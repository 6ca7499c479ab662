"""Paths that depend on the kernel's working directory (WorkingDirectoryPath): relative path
literals that climb above the notebook's folder, and ``os.getcwd()``/``Path.cwd()`` results
that build or name a path. Whether a climb leaves the repository is the rule's to decide: it
needs the notebook's depth in its repository (``Notebook.project_depth``)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from nb2mod.analysis.cell_facts import GatheredCell
from nb2mod.analysis.effects import call_kind
from nb2mod.analysis.facts import CellFacts, ConfigCandidate, WorkingDirectoryPath
from nb2mod.analysis.imports import qualify
from nb2mod.analysis.records import CallSite

CWD_CALLS = frozenset({"os.getcwd", "os.getcwdb", "pathlib.Path.cwd", "pathlib.PurePath.cwd"})
_PATH_CALLS = frozenset(
    "os.path.join os.path.abspath os.path.realpath os.path.normpath os.path.relpath "
    "os.path.dirname os.path.exists os.path.isfile os.path.isdir os.listdir os.scandir "
    "os.walk os.makedirs os.mkdir glob.glob glob.iglob pathlib.Path pathlib.PurePath "
    "open io.open".split()
)
_PATH_METHODS = frozenset("joinpath glob rglob iterdir open read_text read_bytes exists".split())


def levels_up(text: str) -> int:
    """How many folders above its starting folder a relative path reaches (0: never above;
    absolute paths, home paths and URLs: 0)."""
    text = text.strip()
    if (
        not text
        or "://" in text
        or text.startswith(("/", "\\", "~"))
        or re.match(r"^[A-Za-z]:", text)
    ):
        return 0
    depth = lowest = 0
    for part in re.split(r"[\\/]+", text):
        if part == "..":
            depth -= 1
            lowest = min(lowest, depth)
        elif part not in ("", "."):
            depth += 1
    return -lowest


def working_directory_paths(
    cells: Sequence[CellFacts],
    candidates: Sequence[ConfigCandidate],
    gathered: Sequence[GatheredCell],
) -> tuple[WorkingDirectoryPath, ...]:
    found: dict[tuple[int, int, str], WorkingDirectoryPath] = {}
    for path in (*_climbing(cells, candidates), *_cwd_built(gathered)):
        key = (path.cell, path.line, path.detail)  # a literal both read and a candidate: once
        if key not in found or path.col < found[key].col:
            found[key] = path
    return tuple(sorted(found.values(), key=lambda p: (p.cell, p.line, p.col)))


def _climbing(
    cells: Sequence[CellFacts], candidates: Sequence[ConfigCandidate]
) -> Iterator[WorkingDirectoryPath]:
    """Literal paths given to file functions, and path literals worth a setting."""
    for facts in cells:
        for effect in facts.effects:
            if (
                effect.path
                and effect.kind in ("file_read", "file_write")
                and levels_up(effect.path)
            ):
                up = levels_up(effect.path)
                yield WorkingDirectoryPath(
                    effect.cell, effect.line, effect.col, "relative", effect.path, up
                )
    for candidate in candidates:
        value = candidate.value
        if candidate.type == "path" and isinstance(value, str) and levels_up(value):
            yield WorkingDirectoryPath(
                candidate.cell, candidate.line, candidate.col, "relative", value, levels_up(value)
            )


def _cwd_built(gathered: Sequence[GatheredCell]) -> Iterator[WorkingDirectoryPath]:
    """A cwd call inside a path-building call, or bound to a name a later path call reads."""
    named: dict[str, tuple[GatheredCell, CallSite]] = {}
    for cell in gathered:
        calls = cell.raw.calls
        for call in calls:
            if qualify(call.func, cell.aliases) not in CWD_CALLS:
                continue
            outer = calls[call.outer] if call.outer is not None else None
            if outer is not None and _builds_path(outer, cell):
                yield _cwd_fact(cell, call)
            elif call.target is not None:
                named[call.target] = (cell, call)
        for call in calls:
            bases = {a.base for a in (*call.args, *call.keywords.values()) if a.base}
            for name in sorted(bases & named.keys()):
                if _builds_path(call, cell):
                    yield _cwd_fact(*named.pop(name))


def _builds_path(call: CallSite, cell: GatheredCell) -> bool:
    qualified = qualify(call.func, cell.aliases)
    if qualified in _PATH_CALLS or call_kind(qualified) in ("file_read", "file_write"):
        return True
    return call.func is None and call.method in _PATH_METHODS


def _cwd_fact(cell: GatheredCell, call: CallSite) -> WorkingDirectoryPath:
    line, col = cell.locator.position(call.ref)
    name = qualify(call.func, cell.aliases) or "os.getcwd"
    return WorkingDirectoryPath(cell.facts.cell, line, col, "cwd", f"{name}()")


__all__ = ["CWD_CALLS", "levels_up", "working_directory_paths"]
