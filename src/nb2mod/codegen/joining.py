"""Join a file from rendered pieces, format each piece with black, and map the result.

A piece's renderer tags each ``# cell N`` comment it writes with an anchor (private-use
characters), so the join knows the line of every cell mark in the piece's own text without
looking for comments; the anchors are stripped before black sees the text. Black moves lines
but keeps comments and their order, so a mark's line in the formatted piece is found as the
same occurrence of the same comment line. Pieces are formatted one by one (black formats a
file as its top-level statements, so the joined result is the file black would make) and
joined with two blank lines; if black fails on any piece the whole file stays unformatted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nb2mod.codegen.format import format_or_none
from nb2mod.sourcemap import CellMark, FileMap, Region

_OPEN, _CLOSE = "\ue000", "\ue001"


def anchored(text: str, index: int) -> str:
    """``text`` (a cell comment) tagged as the piece's mark number ``index``."""
    return f"{text}{_OPEN}{index}{_CLOSE}"


@dataclass(frozen=True)
class Piece:
    """Rendered text with anchored marks; ``marks`` holds (cell, code follows) by index;
    ``styled``: nb2mod's own code, already as black writes it (codegen/black_style.py)."""

    kind: str
    name: str
    text: str
    marks: tuple[tuple[int, bool], ...] = ()
    styled: bool = False


@dataclass(frozen=True)
class _Placed:
    """A piece without its anchors: its text and the line (1-based) of each mark."""

    piece: Piece
    text: str
    lines: tuple[int, ...]


def join_file(path: str, pieces: Sequence[Piece], format: bool) -> tuple[str, FileMap]:
    """The file's text and its map: the pieces (each ending with a newline) two blank lines
    apart; the first piece is the module's header and has no region."""
    placed = [_place(piece) for piece in pieces]
    formatted = [_formatted(p) for p in placed] if format else []
    if format and all(f is not None for f in formatted):
        return _join([f for f in formatted if f is not None], path, "")
    return _join(placed, path, "\n")  # as written: the last piece keeps a blank line after


def _place(piece: Piece) -> _Placed:
    lines = piece.text.split("\n")
    found: dict[int, int] = {}
    for number, line in enumerate(lines, start=1):
        if _OPEN in line:
            head, _, rest = line.partition(_OPEN)
            index, _, tail = rest.partition(_CLOSE)
            found[int(index)] = number
            lines[number - 1] = head + tail
    return _Placed(piece, "\n".join(lines), tuple(found[i] for i in range(len(piece.marks))))


def _formatted(placed: _Placed) -> _Placed | None:
    """The piece black-formatted, its marks moved with their comment lines (None: black
    cannot format it); a styled piece is as black would write it already."""
    if placed.piece.styled:
        return placed
    text = format_or_none(placed.text)
    if text is None:
        return None
    lines = _moved(placed.text.split("\n"), text.split("\n"), placed.lines)
    if lines is None:  # black changed the comment lines: follow the anchors through it
        anchored_text = format_or_none(placed.piece.text)
        if anchored_text is None:
            return None
        moved = _place(
            Piece(placed.piece.kind, placed.piece.name, anchored_text, placed.piece.marks)
        )
        return _Placed(placed.piece, moved.text, moved.lines)
    return _Placed(placed.piece, text, lines)


def _moved(before: list[str], after: list[str], lines: Sequence[int]) -> tuple[int, ...] | None:
    """Where each marked line of ``before`` is in ``after``: the same occurrence of the same
    (stripped) line; None when black did not keep those lines one for one."""
    wanted = {before[line - 1].strip() for line in lines}
    was = {w: [n for n, b in enumerate(before, start=1) if b.strip() == w] for w in wanted}
    now = {w: [n for n, a in enumerate(after, start=1) if a.strip() == w] for w in wanted}
    if any(len(was[w]) != len(now[w]) for w in wanted):
        return None
    return tuple(now[w][was[w].index(line)] for line in lines for w in [before[line - 1].strip()])


def _join(placed: Sequence[_Placed], path: str, end: str) -> tuple[str, FileMap]:
    regions, line = [], 1
    for number, p in enumerate(placed):
        count = p.text.count("\n")
        if number:
            marks = tuple(
                CellMark(cell, line + at - 1, code)
                for (cell, code), at in zip(p.piece.marks, p.lines, strict=True)
            )
            regions.append(Region(p.piece.kind, p.piece.name, line, line + count - 1, marks))
        line += count + 2
    return "\n\n".join(p.text for p in placed) + end, FileMap(path, tuple(regions))
