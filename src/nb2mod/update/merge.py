"""Three-way merge of one text (merge3 does the diffing), with git-style conflict markers.

merge3 marks as a conflict every place where both sides changed lines next to each other.
Three of those are not a change of the same lines, and are settled here instead: both sides
changed different lines of a block of the same length; one side only inserted lines next to
lines the other side replaced one for one (a renumbered ``# cell N`` comment beside a line
the user added); and, in Python, both sides changed only import lines (their union).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import merge3

from nb2mod.update.steps import aligned

StepCells = tuple[Mapping[int, str], Mapping[int, str]]  # cell number -> identity, then/now

START = "<<<<<<< yours"
MIDDLE = "======="
END = ">>>>>>> notebook"


@dataclass(frozen=True)
class Merged:
    """The merged text and the line (1-based) of each conflict's start marker in it."""

    text: str
    conflicts: tuple[int, ...] = ()


def has_markers(text: str) -> bool:
    """Whether ``text`` still holds the markers of a conflict an update wrote."""
    lines = text.split("\n")
    return any(line.startswith(START) for line in lines) and any(
        line.startswith(END) for line in lines
    )


def merge_texts(
    base: str, ours: str, theirs: str, python: bool = False, cells: StepCells | None = None
) -> Merged:
    """Merge the changes base -> ours (the user's) and base -> theirs (the notebook's).

    In Python, with ``cells`` (the cell identities of the notebook base and theirs were
    generated from), steps that moved are put back in place first (nb2mod.update.steps)."""
    if ours == theirs or theirs == base:
        return Merged(ours)
    if ours == base:
        return Merged(theirs)
    was, mine, new = _lines(base), _lines(ours), _lines(theirs)
    if python and cells is not None:
        moved = aligned(was, mine, new, *cells)
        if moved is not None:
            was, mine = moved
    return merge_lines(was, mine, new, python)


def merge_lines(
    base: Sequence[str], ours: Sequence[str], theirs: Sequence[str], python: bool = False
) -> Merged:
    """Like merge_texts, on lines that each end with a newline."""
    out: list[str] = []
    conflicts: list[int] = []
    for region in merge3.Merge3(base, ours, theirs).merge_regions():
        kind = region[0]
        if kind == "unchanged":
            out.extend(base[region[1] : region[2]])
        elif kind in ("a", "same"):
            out.extend(ours[region[1] : region[2]])
        elif kind == "b":
            out.extend(theirs[region[1] : region[2]])
        else:
            _, z1, z2, a1, a2, b1, b2 = region  # type: ignore[misc]  # "conflict": 7 values
            was, mine, new = base[z1:z2], ours[a1:a2], theirs[b1:b2]
            settled = settle(was, mine, new, python)
            if settled is None:
                conflicts.append(len(out) + 1)
                settled = [f"{START}\n", *mine, f"{MIDDLE}\n", *new, f"{END}\n"]
            out.extend(settled)
    return Merged("".join(out), tuple(conflicts))


def conflict_block(ours: Sequence[str], theirs: Sequence[str], note: str = "") -> list[str]:
    """A conflict written whole: ``ours`` against ``theirs`` (either may be empty)."""
    start = f"{START} ({note})\n" if note else f"{START}\n"
    return [start, *ours, f"{MIDDLE}\n", *theirs, f"{END}\n"]


def settle(
    base: Sequence[str], ours: Sequence[str], theirs: Sequence[str], python: bool
) -> list[str] | None:
    """The lines of a conflict region both sides' changes fit into, or None."""
    return (
        _line_by_line(base, ours, theirs)
        or _woven(base, ours, theirs)
        or _woven_back(base, ours, theirs)
        or (_imports(base, ours, theirs) if python else None)
    )


def _line_by_line(
    base: Sequence[str], ours: Sequence[str], theirs: Sequence[str]
) -> list[str] | None:
    """Blocks of one length where no line was changed by both sides (differently)."""
    if not len(base) == len(ours) == len(theirs):
        return None
    out = []
    for was, mine, new in zip(base, ours, theirs, strict=True):
        if mine != was and new != was and mine != new:
            return None
        out.append(new if mine == was else mine)
    return out


def _woven(base: Sequence[str], ours: Sequence[str], theirs: Sequence[str]) -> list[str] | None:
    """Ours only inserted lines into base; theirs replaced base's lines one for one."""
    if len(theirs) != len(base) or not base:
        return None
    placed = _insertions_only(base, ours)
    if placed is None:
        return None
    out = list(ours)
    for index, at in enumerate(placed):
        out[at] = theirs[index]
    return out


def _woven_back(
    base: Sequence[str], ours: Sequence[str], theirs: Sequence[str]
) -> list[str] | None:
    """Theirs only inserted lines into base; ours replaced base's lines one for one."""
    if len(ours) != len(base) or not base:
        return None
    placed = _insertions_only(base, theirs)
    if placed is None:
        return None
    out = list(theirs)
    for index, at in enumerate(placed):
        out[at] = ours[index]
    return out


def _insertions_only(base: Sequence[str], side: Sequence[str]) -> list[int] | None:
    """Where each base line is in ``side``, when ``side`` is base with lines inserted."""
    matcher = difflib.SequenceMatcher(None, list(base), list(side), autojunk=False)
    placed: list[int] = []
    for tag, i1, i2, j1, _j2 in matcher.get_opcodes():
        if tag == "equal":
            placed.extend(range(j1, j1 + i2 - i1))
        elif tag != "insert":
            return None
    return placed


def _imports(base: Sequence[str], ours: Sequence[str], theirs: Sequence[str]) -> list[str] | None:
    """Import lines only: the user's kept (less those the notebook dropped), and the
    notebook's new ones after them."""
    lines = [*base, *ours, *theirs]
    if not lines or not all(_is_import(line) for line in lines):
        return None
    dropped = {line for line in base if line not in theirs}
    kept = [line for line in ours if line not in dropped]
    return kept + [line for line in theirs if line not in ours and line not in base]


def _is_import(line: str) -> bool:
    text = line.strip()
    return not text or text.startswith(("import ", "from ")) and " import " in f" {text}"


def _lines(text: str) -> list[str]:
    """Lines that each end with a newline (a missing last one is added for the merge)."""
    parts = text.split("\n")
    lines = [f"{part}\n" for part in parts[:-1]]
    return [*lines, f"{parts[-1]}\n"] if parts[-1] else lines
