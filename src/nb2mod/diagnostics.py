"""The one Diagnostic type, its location format, noqa handling and the output formatters."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]

_NOQA_LINE = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.I)
_NOQA_CELL = re.compile(
    r"^\s*#\s*nb2mod:\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?\s*$", re.I
)


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A finding at ``path:cell N:LINE:COL`` (cell counts all cells from 1; line/col from 1)."""

    path: str
    cell: int
    line: int
    col: int
    code: str
    message: str
    severity: Severity = "warning"

    def format(self) -> str:
        return f"{self.path}:cell {self.cell}:{self.line}:{self.col}: {self.code} {self.message}"

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by path, then cell, then line and column, then code."""
    return sorted(diagnostics, key=lambda d: (d.path, d.cell, d.line, d.col, d.code, d.message))


def line_noqa(line: str) -> frozenset[str] | None:
    """Codes suppressed by ``# noqa[: CODES]`` on ``line``; empty set means all; None: none."""
    match = _NOQA_LINE.search(line)
    if match is None:
        return None
    return _codes(match["codes"])


def cell_noqa(source: str) -> frozenset[str] | None:
    """Codes suppressed by ``# nb2mod: noqa[: CODES]`` among the cell's leading comment lines."""
    for line in source.splitlines():
        if not line.strip():
            continue
        if not line.lstrip().startswith("#"):
            return None
        match = _NOQA_CELL.match(line)
        if match is not None:
            return _codes(match["codes"])
    return None


def _codes(text: str | None) -> frozenset[str]:
    if not text:
        return frozenset()
    return frozenset(code.upper() for code in re.split(r"[\s,]+", text.strip()) if code)


def is_suppressed(code: str, suppressed: frozenset[str] | None) -> bool:
    return suppressed is not None and (not suppressed or code in suppressed)


def format_text(diagnostics: Sequence[Diagnostic]) -> str:
    return "".join(d.format() + "\n" for d in diagnostics)


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps([d.to_json() for d in diagnostics], indent=2) + "\n"


def format_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands; the notebook has no real line, so the cell is named."""
    out = []
    for d in diagnostics:
        level = "error" if d.severity == "error" else "warning"
        message = f"cell {d.cell}:{d.line}:{d.col}: {d.message}".replace("%", "%25")
        message = message.replace("\r", "%0D").replace("\n", "%0A")
        out.append(f"::{level} file={d.path},title={d.code}::{message}\n")
    return "".join(out)
