"""A generated file as chunks: text nb2mod wrote in black's style, or text black must format."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nb2mod.codegen.black_style import fits
from nb2mod.codegen.format import format_or_none


@dataclass(frozen=True)
class Chunk:
    """Whole top-level statements; ``styled``: already exactly as black writes them (nb2mod's
    own code built with codegen/black_style.py), so black need not run over it."""

    text: str
    styled: bool


def styled(text: str, exact: bool = True) -> Chunk:
    """Text nb2mod wrote in black's style (``exact``: every value in it written exactly);
    a line over the length black keeps makes it a chunk black formats."""
    return Chunk(text, exact and fits(text))


def unstyled(text: str) -> Chunk:
    """Text holding the notebook's own code (or values black may write otherwise)."""
    return Chunk(text, False)


def join_chunks(chunks: Sequence[Chunk], format: bool) -> str:
    """The chunks two blank lines apart, ending with one newline; with ``format`` each
    unstyled chunk is black-formatted on its own (black formats a file as its top-level
    statements, so this is the file black would make). If black cannot format one, the
    chunks are joined as written."""
    texts = [c.text.strip("\n") for c in chunks]
    if format:
        formatted = [c.text if c.styled else format_or_none(c.text) for c in chunks]
        if all(f is not None for f in formatted):
            texts = [f.strip("\n") for f in formatted if f is not None]
    return "\n\n\n".join(t for t in texts if t) + "\n"
