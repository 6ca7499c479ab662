"""Small LibCST building blocks of generated code: comments, ``pass`` carriers, ``with``."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

EMPTY = cst.Module([])
Statement = cst.SimpleStatementLine | cst.BaseCompoundStatement


def comment(text: str) -> cst.EmptyLine:
    return cst.EmptyLine(comment=cst.Comment(f"# {text}".rstrip()))


def strip_blank(lines: Sequence[cst.EmptyLine]) -> list[cst.EmptyLine]:
    return [line for line in lines if line.comment is not None]


def header_lines(module: cst.Module, index: int) -> list[cst.EmptyLine]:
    """The comments above a cell's first statement (they belong to it)."""
    return strip_blank(module.header) if index == 0 else []


def is_carrier(node: cst.BaseStatement) -> bool:
    """A bare ``pass`` that only carries comments (a dropped or commented statement)."""
    return (
        isinstance(node, cst.SimpleStatementLine)
        and len(node.body) == 1
        and isinstance(node.body[0], cst.Pass)
    )


def with_block(header: str, body: Sequence[cst.BaseStatement]) -> cst.With:
    """``with HEADER:`` around ``body``; the first statement's comments move above it."""
    template = cst.parse_statement(f"with {header}:\n    pass\n")
    assert isinstance(template, cst.With)
    first = body[0]
    assert isinstance(first, (cst.SimpleStatementLine, cst.BaseCompoundStatement))
    leading = first.leading_lines
    inner = [first.with_changes(leading_lines=[]), *body[1:]]
    return template.with_changes(body=cst.IndentedBlock(body=inner), leading_lines=leading)
