"""Where each part of a generated file came from: its regions and the cells they hold.

Codegen builds the map while it joins a file from pieces (a step function, a notebook
definition, a helper...): each piece is a ``Region`` with its first and last line, and
``CellMark`` s where a cell's code starts (the line of its ``# cell N`` comment). The map is a
value: CONVERSION.md's cell table, verify (which line printed what, which cells a step
holds) and ``--update`` (which user edits belong to which step) read it, never the text.
``to_json``/``from_json`` store it beside the package.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CellMark:
    """A cell's code starts at ``line`` (its ``# cell N`` comment); ``code``: statements of
    the cell follow (False when all it left is comments, e.g. a dropped ``%matplotlib``)."""

    cell: int
    line: int
    code: bool = True


@dataclass(frozen=True)
class Region:
    """One top-level piece of a file, lines ``start`` to ``end`` (1-based, inclusive).

    ``kind`` is module (docstring and imports), helper, definition (a notebook function or
    class), seeds, step or run; ``name`` the function or class it defines."""

    kind: str
    name: str
    start: int
    end: int
    marks: tuple[CellMark, ...] = ()

    @property
    def cells(self) -> tuple[int, ...]:
        """The cells whose code the region holds, in order."""
        return tuple(dict.fromkeys(m.cell for m in self.marks))


@dataclass(frozen=True)
class FileMap:
    """The regions of one generated file, in order."""

    path: str
    regions: tuple[Region, ...] = ()

    def region(self, name: str) -> Region | None:
        return next((r for r in self.regions if r.name == name), None)

    def first_marks(self) -> dict[int, tuple[str, int]]:
        """Cell -> (function or class, line) where its code first appears."""
        found: dict[int, tuple[str, int]] = {}
        for region in self.regions:
            for mark in region.marks:
                found.setdefault(mark.cell, (region.name, mark.line))
        return found

    def cells_with_code(self) -> set[int]:
        """Cells of which the file holds code (not only a comment)."""
        return {m.cell for r in self.regions for m in r.marks if m.code}

    def step_lines(self) -> dict[int, int]:
        """Line -> cell, for each line of a step function after one of its cell marks (the
        marks' own lines and the lines before a step's first mark have none)."""
        found: dict[int, int] = {}
        for region in self.regions:
            if region.kind != "step":
                continue
            marks = {m.line: m.cell for m in region.marks}
            cell = None
            for line in range(region.start, region.end + 1):
                if line in marks:
                    cell = marks[line]
                elif cell is not None:
                    found[line] = cell
        return found


@dataclass(frozen=True)
class SourceMap:
    """The maps of the generated files that have regions (today pipeline.py)."""

    files: tuple[FileMap, ...] = ()

    def file(self, path: str) -> FileMap | None:
        return next((f for f in self.files if f.path == path), None)

    def to_json(self) -> dict[str, Any]:
        return {"files": [_file_json(f) for f in self.files]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SourceMap:
        return cls(tuple(_file_from_json(f) for f in data.get("files", ())))


def _file_json(file: FileMap) -> dict[str, Any]:
    return {
        "path": file.path,
        "regions": [
            {
                "kind": r.kind,
                "name": r.name,
                "start": r.start,
                "end": r.end,
                "marks": [[m.cell, m.line, m.code] for m in r.marks],
            }
            for r in file.regions
        ],
    }


def _file_from_json(data: Mapping[str, Any]) -> FileMap:
    regions = tuple(
        Region(
            str(r["kind"]),
            str(r["name"]),
            int(r["start"]),
            int(r["end"]),
            tuple(CellMark(int(c), int(n), bool(k)) for c, n, k in r.get("marks", ())),
        )
        for r in data.get("regions", ())
    )
    return FileMap(str(data["path"]), regions)
