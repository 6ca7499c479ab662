"""Keeping edits attached to their step when the notebook's steps move: the base and the user's
file are put in the new conversion's order of top-level functions and classes before the
line merge, each matched by its name or by the notebook cells its ``# cell N`` comments name.

A moved step then merges as an edit in place instead of a deletion (which would conflict
with the user's edits inside it) and an insertion. The cells are matched by their nbformat
4.5 id, or by their text when the notebook has no ids; a renamed step keeps its cells, so it
is found again; a step the notebook no longer has stays where it was (the merge removes it,
or, when the user edited it, marks it as a conflict). Only Python files that parse are
realigned, and only when an order changed; anything else is merged line by line as it is.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from nb2mod.update.manifest import CellRecord

_CELL = re.compile(r"^\s*# cell (\d+)\b")
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


@dataclass(frozen=True)
class Block:
    """A top-level definition (or, without a name, the module's head before the first one)
    with the lines after it up to the next; ``cells`` are the identities of its cells."""

    lines: tuple[str, ...]
    name: str | None
    cells: frozenset[str]


def cell_identities(cells: Sequence[CellRecord]) -> dict[int, str]:
    """Cell number -> what stays the same when the cell moves: its id, else its text."""
    return {c.index: f"id:{c.cell_id}" if c.cell_id else f"text:{c.digest}" for c in cells}


def aligned(
    base: Sequence[str],
    ours: Sequence[str],
    theirs: Sequence[str],
    then: Mapping[int, str],
    now: Mapping[int, str],
) -> tuple[list[str], list[str]] | None:
    """Base and ours in the order of theirs' blocks, or None when nothing moved (or a text
    does not parse, or its names are not unique). ``then``/``now``: cell identities of the
    notebook base was generated from, and of the notebook theirs was."""
    split = [blocks(base, then), blocks(ours, then), blocks(theirs, now)]
    if any(found is None for found in split):
        return None
    was, mine, new = (found or [] for found in split)
    to_new = _matches(was[1:], new[1:])
    if _in_order([to_new[i] for i in sorted(to_new)]):
        return None
    keys = _keys(len(was) - 1, {i: (j,) for i, j in to_new.items()})
    to_was = _matches(mine[1:], was[1:])
    ours_keys = _keys(len(mine) - 1, {i: keys[j] for i, j in to_was.items()})
    return _ordered(was, keys), _ordered(mine, ours_keys)


def blocks(lines: Sequence[str], cells: Mapping[int, str]) -> list[Block] | None:
    """The head and the top-level definitions of ``lines``; None if it does not parse or
    two definitions share a name."""
    try:
        tree = ast.parse("".join(lines))
    except (SyntaxError, ValueError):
        return None
    starts = [
        min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1
        for node in tree.body
        if isinstance(node, _DEFINITIONS)
    ]
    names = [node.name for node in tree.body if isinstance(node, _DEFINITIONS)]
    if len(set(names)) != len(names):
        return None
    bounds = [0, *starts, len(lines)]
    found = []
    for index, (start, end) in enumerate(zip(bounds, bounds[1:], strict=False)):
        part = tuple(lines[start:end])
        numbers = {int(m[1]) for m in map(_CELL.match, part) if m}
        identities = frozenset(cells[n] for n in numbers if n in cells)
        found.append(Block(part, names[index - 1] if index else None, identities))
    return found


def _matches(side: Sequence[Block], other: Sequence[Block]) -> dict[int, int]:
    """Index in ``side`` -> index in ``other`` of the same step: the same name, else the
    one block sharing the most cells (each block matched once)."""
    by_name = {b.name: j for j, b in enumerate(other)}
    found = {i: by_name[b.name] for i, b in enumerate(side) if b.name in by_name}
    taken = set(found.values())
    for i, block in enumerate(side):
        if i in found or not block.cells:
            continue
        shared = [
            (len(block.cells & b.cells), j)
            for j, b in enumerate(other)
            if j not in taken and block.cells & b.cells
        ]
        if shared:
            _count, j = max(shared)
            found[i] = j
            taken.add(j)
    return found


def _in_order(indices: Sequence[int]) -> bool:
    return all(a < b for a, b in zip(indices, indices[1:], strict=False))


def _keys(count: int, matched: Mapping[int, tuple[int, ...]]) -> list[tuple[int, ...]]:
    """A sort key per block: a matched one goes where its match is (``matched``), the others
    right after the block before them."""
    keys: list[tuple[int, ...]] = []
    previous: tuple[int, ...] = (-1,)
    for i in range(count):
        key = matched[i] if i in matched else (*previous, 1, i)
        keys.append(key)
        previous = key
    return keys


def _ordered(found: Sequence[Block], keys: Sequence[tuple[int, ...]]) -> list[str]:
    order = sorted(range(len(keys)), key=lambda i: (keys[i], i))
    lines = list(found[0].lines)
    for i in order:
        lines.extend(found[i + 1].lines)
    return lines
