"""Parse each normalised code cell once with LibCST; a cell that does not parse is NB001."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nb2mod.diagnostics import Diagnostic
from nb2mod.ipython_syntax import NormalisedCell, normalise_cell
from nb2mod.nesting import nesting_problem
from nb2mod.notebook import Notebook

if TYPE_CHECKING:
    import libcst as cst


@dataclass(frozen=True)
class ParsedCell:
    """A code cell: its normalised form and either its syntax tree or the NB001 diagnostic."""

    normalised: NormalisedCell
    module: cst.Module | None
    error: Diagnostic | None = None

    @property
    def index(self) -> int:
        return self.normalised.cell


def parse_notebook(notebook: Notebook) -> tuple[ParsedCell, ...]:
    """Normalise and parse every code cell, in notebook order."""
    return tuple(
        parse_cell(normalise_cell(cell.source, cell.index), notebook.path)
        for cell in notebook.code_cells
    )


def parse_cell(normalised: NormalisedCell, path: str) -> ParsedCell:
    """Parse one cell; code nested beyond what the parsers survive is NB001 unparsed (LibCST's
    native parser would kill the process on it)."""
    import libcst as cst

    problem = unencodable(normalised.code) or nesting_problem(normalised.code)
    if problem is not None:
        line, reason = problem
        line = normalised.original_line(line)
        message = f"cell is not valid Python: {reason}"
        return ParsedCell(
            normalised, None, Diagnostic(path, normalised.cell, line, 1, "NB001", message, "error")
        )
    try:
        module = cst.parse_module(normalised.code)
    except cst.ParserSyntaxError as exc:
        return ParsedCell(normalised, None, _nb001(normalised, path, exc))
    except (RecursionError, MemoryError, ValueError) as exc:
        message = f"cell could not be parsed ({type(exc).__name__}); kept as text"
        return ParsedCell(
            normalised, None, Diagnostic(path, normalised.cell, 1, 1, "NB001", message, "error")
        )
    return ParsedCell(normalised, module)


def unencodable(code: str) -> tuple[int, str] | None:
    """(line, reason) for a character no Python source can hold: NUL, or a lone surrogate
    (possible in notebook JSON, never in UTF-8 text); such a cell is NB001, not parsed."""
    if "\0" in code:
        return code.count("\n", 0, code.index("\0")) + 1, "it contains a NUL character"
    try:
        code.encode("utf-8")
    except UnicodeEncodeError as exc:
        line = code.count("\n", 0, exc.start) + 1
        return (
            line,
            f"it contains a lone surrogate (U+{ord(code[exc.start]):04X}), not Unicode text",
        )
    return None


def _nb001(normalised: NormalisedCell, path: str, exc: cst.ParserSyntaxError) -> Diagnostic:
    """Locate and word the error as CPython does (clearer than the CST parser's message)."""
    line, col, reason = _python_error(normalised.code) or (
        exc.raw_line,
        exc.raw_column + 1,
        _first_line(exc.message),
    )
    message = f"cell is not valid Python: {reason}{_python2_hint(normalised.code, line)}"
    return Diagnostic(
        path, normalised.cell, normalised.original_line(line), col, "NB001", message, "error"
    )


def _python_error(code: str) -> tuple[int, int, str] | None:
    flags = ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    try:
        compile(code, "<cell>", "exec", flags=flags)
    except SyntaxError as exc:
        return exc.lineno or 1, exc.offset or 1, _first_line(exc.msg)
    except ValueError as exc:
        return 1, 1, _first_line(str(exc))
    return None


def _python2_hint(code: str, line: int) -> str:
    lines = code.splitlines()
    text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    if text.startswith(("print ", "exec ")) or (text.startswith("raise ") and ", " in text):
        return " (Python 2 syntax?)"
    return ""


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0][:160] if lines else "syntax error"
