"""Grouping code cells into steps: by markdown headings, by ``step:NAME`` tags, or per cell."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from nb2mod.notebook import Cell, Notebook

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_HTML_HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.I | re.S)


@dataclass(frozen=True)
class CellGroup:
    """Consecutive code cells that become one step; ``title`` is the heading text."""

    title: str
    cells: tuple[int, ...]
    heading_cell: int | None = None  # the markdown cell whose heading starts the group


def headings(cell: Cell) -> list[tuple[int, str]]:
    """(level, text) of each markdown heading in a markdown cell, outside code fences."""
    found, fenced = [], False
    for line in cell.source.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        match = _HEADING.match(line.strip()) if not fenced else None
        if match:
            found.append((len(match[1]), _plain(match[2])))
    for level, text in _HTML_HEADING.findall(cell.source):
        found.append((int(level), _plain(re.sub(r"<[^>]+>", "", text))))
    return [(level, text) for level, text in found if text]


def _plain(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links keep their text
    return re.sub(r"[*_`]+", "", text).strip()


def step_level(notebook: Notebook) -> int:
    """The most common heading level below the title (a lone level-1 heading)."""
    levels = [lvl for c in notebook.cells if c.kind == "markdown" for lvl, _ in headings(c)]
    counts = Counter(levels)
    if counts.get(1) == 1 and len(counts) > 1:
        del counts[1]
    if not counts:
        return 0
    return min(counts, key=lambda level: (-counts[level], level))


def group_cells(notebook: Notebook, split: str, level: int) -> list[CellGroup]:
    """The code cells of ``notebook`` in steps, in notebook order."""
    if split == "tags":
        return _by_tags(notebook.cells)
    level = level or step_level(notebook)
    if split == "cells" or level == 0:
        return [CellGroup(f"cell {c.index}", (c.index,)) for c in notebook.code_cells]
    return _by_headings(notebook.cells, level)


def _by_headings(cells: Iterable[Cell], level: int) -> list[CellGroup]:
    groups: list[CellGroup] = []
    title, members, start = "setup", list[int](), None
    for cell in cells:
        if cell.kind == "markdown":
            found = [text for lvl, text in headings(cell) if lvl <= level]
            if found:
                if members:
                    groups.append(CellGroup(title, tuple(members), start))
                title, members, start = found[-1], [], cell.index
        elif cell.kind == "code":
            members.append(cell.index)
    if members:
        groups.append(CellGroup(title, tuple(members), start))
    return groups


def _by_tags(cells: Iterable[Cell]) -> list[CellGroup]:
    groups: list[CellGroup] = []
    title, members = "setup", list[int]()
    for cell in cells:
        if cell.kind != "code":
            continue
        tag = next((t[5:] for t in cell.tags if t.startswith("step:") and t[5:].strip()), None)
        if tag is not None:
            if members:
                groups.append(CellGroup(title, tuple(members)))
            title, members = tag.strip(), []
        members.append(cell.index)
    if members:
        groups.append(CellGroup(title, tuple(members)))
    return groups
