"""Statements that only carry comments: what a pass leaves where it drops or cannot convert."""

from __future__ import annotations

import libcst as cst


def comment_only(line: cst.SimpleStatementLine, lines: list[str]) -> cst.SimpleStatementLine:
    """A ``pass`` carrying comments; codegen lifts top-level ones into plain comments."""
    return line.with_changes(
        body=[cst.Pass()],
        leading_lines=[*line.leading_lines, *_comments(lines)],
        trailing_whitespace=cst.TrailingWhitespace(),
    )


def todo(line: cst.SimpleStatementLine, code: str, why: str) -> cst.BaseStatement:
    """The statement kept as a comment under a TODO; names it assigned are set to None."""
    text = [f"TODO(nb2mod): {why}; kept as a comment"] + code.strip().splitlines()
    carrier = comment_only(line, [t.replace("\r", "") for t in text])
    assigned = _assigned_names(line)
    if not assigned:
        return carrier
    assignment = cst.parse_statement(" = ".join(assigned) + " = None\n")
    assert isinstance(assignment, cst.SimpleStatementLine)
    return carrier.with_changes(body=[assignment.body[0]])


def _comments(lines: list[str]) -> list[cst.EmptyLine]:
    return [
        cst.EmptyLine(comment=cst.Comment(("# " + text).rstrip() if text else "#"))
        for text in lines
    ]


def _assigned_names(line: cst.SimpleStatementLine) -> list[str]:
    names = []
    for statement in line.body:
        if isinstance(statement, cst.Assign):
            for target in statement.targets:
                if isinstance(target.target, cst.Name):
                    names.append(target.target.value)
    return names
