"""File line and column of a notebook location (cell, line, col), for SARIF regions.

In an ``.ipynb`` file a cell's line sits inside a JSON string: the position is the
character of the notebook's JSON text that holds it (escapes counted), so a viewer that
opens the file shows the right line. In a percent ``.py`` notebook it is the script's own
line, found by matching each cell line (as jupytext read it) to the file's lines in order.
Lines and columns are 1-based and count Unicode code points.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Sequence
from typing import Protocol

from nb2mod.errors import NotebookError
from nb2mod.notebook import Cell, is_script
from nb2mod.notebook_json import CellLayout, NotebookLayout, notebook_layout, raw_offset

Position = tuple[int, int]
_SEARCH_WINDOW = 2000  # lines searched for one cell line before giving up on it


class FilePositions(Protocol):
    def position(self, cell: int, line: int, col: int) -> Position | None: ...


def positions_for_file(path: str) -> FilePositions | None:
    """Read ``path`` again to place its findings; None when it cannot be read or laid out."""
    from nb2mod.notebook import read_notebook, read_text

    try:
        text = read_text(path)
        cells = read_notebook(path).cells if is_script(path) else ()
    except NotebookError:
        return None
    return file_positions(text, cells, script=is_script(path))


def file_positions(text: str, cells: Sequence[Cell], script: bool) -> FilePositions | None:
    """Positions in ``text``, a notebook's JSON or (``script``) a percent script whose cells
    jupytext read as ``cells``; None when the JSON cannot be laid out."""
    if script:
        return ScriptPositions(text, cells)
    try:
        return JsonPositions(notebook_layout(text))
    except ValueError:
        return None


class JsonPositions:
    """Cell locations in the JSON text of an ``.ipynb`` file."""

    def __init__(self, layout: NotebookLayout) -> None:
        self.layout = layout
        self.newlines = [i for i, char in enumerate(layout.text) if char == "\n"]

    def position(self, cell: int, line: int, col: int) -> Position | None:
        if not 1 <= cell <= len(self.layout.cells):
            return None
        return self._text_position(self._offset(self.layout.cells[cell - 1], line, col))

    def _offset(self, cell: CellLayout, line: int, col: int) -> int:
        text = self.layout.text
        literals = [text[start:end] for start, end in cell.source]
        decoded = [json.loads(literal) for literal in literals]
        if not literals:
            return cell.span[0]
        target = source_offset(cell.joiner.join(decoded), line, col)
        seen = 0
        last = len(literals) - 1
        for number, ((start, _), literal, value) in enumerate(
            zip(cell.source, literals, decoded, strict=True)
        ):
            if target < seen + len(value) or number == last:
                return start + raw_offset(literal, target - seen)
            seen += len(value) + len(cell.joiner)
        return cell.span[0]  # not reached: the last literal always answers

    def _text_position(self, offset: int) -> Position:
        line = bisect.bisect_left(self.newlines, offset)
        line_start = self.newlines[line - 1] + 1 if line else 0
        return line + 1, offset - line_start + 1


def source_offset(source: str, line: int, col: int) -> int:
    """Character offset of (line, col) in ``source``, clamped to that line's end."""
    lines = source.splitlines(keepends=True)
    if not lines:
        return 0
    line = min(max(line, 1), len(lines))
    start = sum(len(text) for text in lines[: line - 1])
    length = len(lines[line - 1].rstrip("\r\n"))
    return start + min(max(col, 1) - 1, length)


class ScriptPositions:
    """Cell locations in a percent-format script, by matching cell lines to file lines."""

    def __init__(self, text: str, cells: Sequence[Cell]) -> None:
        self.lines = text.splitlines()
        self.found = _align(self.lines, cells)

    def position(self, cell: int, line: int, col: int) -> Position | None:
        matches = self.found.get(cell)
        if not matches:
            return None
        match = matches[line - 1] if 1 <= line <= len(matches) else None
        if match is not None:
            index, indent, width = match
            col = col if col <= indent else col + width  # past the comment jupytext added
            return index + 1, min(col, len(self.lines[index]) + 1)
        first = next((m for m in matches if m is not None), None)
        return (first[0] + 1, 1) if first is not None else None


Match = tuple[int, int, int]  # file line index; where and how wide a comment mark was added


def _align(lines: list[str], cells: Sequence[Cell]) -> dict[int, list[Match | None]]:
    """For each cell, where each of its lines is in the file (None: nowhere)."""
    at = 0
    out: dict[int, list[Match | None]] = {}
    for cell in cells:
        found: list[Match | None] = []
        # jupytext comments out a whole cell under a cell magic, and writes a non-Python one
        # (%%spark, %%bash) into the cell marker: that first line has no line of its own
        whole = cell.kind != "code" or cell.source.startswith("%%")
        continued = False  # the line before was a commented magic ending in a backslash
        for content in cell.source.splitlines():
            commented = whole or continued or _magic_like(content)
            match = _find(lines, at, content, commented)
            found.append(match)
            if match is not None:
                at = match[0] + 1
            continued = match is not None and match[2] > 0 and content.endswith("\\")
        out[cell.index] = found
    return out


def _magic_like(content: str) -> bool:
    """jupytext comments out magics (``# %matplotlib inline``, ``# x = !ls``, ``# f?``)."""
    stripped = content.strip()
    help_request = stripped.startswith("?") or stripped.endswith("?")
    return "%" in stripped or "!" in stripped or help_request


def _find(lines: list[str], at: int, content: str, commented: bool) -> Match | None:
    marks = _comment_forms(content) if commented else {}
    for index in range(at, min(len(lines), at + _SEARCH_WINDOW)):
        text = lines[index]
        if text == content:
            return index, 0, 0
        added = marks.get(text.rstrip() if not content.strip() else text)
        if added is not None:
            return index, *added
    return None


def _comment_forms(content: str) -> dict[str, tuple[int, int]]:
    """The ways jupytext comments a line out, each with where and how wide the mark is: at
    the start for markdown (``#     indented``), after the indentation for a magic."""
    rest = content.lstrip()
    indent = len(content) - len(rest)
    forms: dict[str, tuple[int, int]] = {}
    for at, head, tail in ((indent, content[:indent], rest), (0, "", content)):
        for mark in ("# ", "#"):
            forms.setdefault(
                (head + mark + tail).rstrip() if not rest else head + mark + tail, (at, len(mark))
            )
    return forms


__all__ = [
    "FilePositions",
    "JsonPositions",
    "ScriptPositions",
    "file_positions",
    "positions_for_file",
    "source_offset",
]
