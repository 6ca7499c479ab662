"""Where each line of joined, generated code came from: (cell index, line in cell)."""

from __future__ import annotations

from dataclasses import dataclass, field

from nb2mod.ipython_syntax import NormalisedCell


@dataclass(frozen=True)
class Origin:
    """A line's origin in the notebook: 1-based cell index and 1-based line in that cell."""

    cell: int
    line: int


@dataclass
class SourceMap:
    """Built while joining code: one origin (or None for generated lines) per output line."""

    origins: list[Origin | None] = field(default_factory=list)

    def add_generated(self, text: str) -> None:
        """Record lines nb2mod wrote itself (no notebook origin)."""
        self.origins.extend([None] * _count_lines(text))

    def add_cell(self, cell: NormalisedCell) -> None:
        """Record the lines of a normalised cell, mapped through its own line map."""
        self.origins.extend(Origin(cell.cell, line) for line in cell.line_map)

    def origin(self, line: int) -> Origin | None:
        """The origin of 1-based output ``line``, or None for generated or unknown lines."""
        if 1 <= line <= len(self.origins):
            return self.origins[line - 1]
        return None

    def lines_of_cell(self, cell: int) -> list[int]:
        """Output lines (1-based) that came from ``cell``."""
        return [i for i, o in enumerate(self.origins, start=1) if o is not None and o.cell == cell]


def _count_lines(text: str) -> int:
    return len(text.splitlines())
