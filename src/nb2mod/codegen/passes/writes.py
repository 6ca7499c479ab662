"""A line that writes a file (``df.to_csv(config.out)``, ``pickle.dump(...)``), or a
``with open(path, "w") as f:`` block, goes under ``with writing("config field out",
config.out):`` as the plan's WriteSite says: a failed write names the field and the path."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

from nb2mod.codegen.passes.base import CellContext, RewritePass
from nb2mod.plan.model import WriteSite


class Writes(RewritePass):
    """Each statement line holding a planned write, at any depth; a ``with`` whose header
    writes is wrapped whole (the lines in its body are not wrapped again)."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, context: CellContext) -> None:
        super().__init__(context)
        self.sites = {s.line: s for s in context.plan.write_sites if s.cell == context.cell}
        self.headers: list[WriteSite | None] = []  # per enclosing ``with``: the write it opens

    @classmethod
    def wanted(cls, context: CellContext) -> bool:
        return not context.snippet and any(s.cell == context.cell for s in context.plan.write_sites)

    def visit_With(self, node: cst.With) -> None:
        lines = [n for item in node.items for n in self._lines(item)]
        self.headers.append(self._site(lines))

    def leave_With(self, original: cst.With, updated: cst.With) -> cst.BaseStatement:
        site = self.headers.pop()
        return updated if site is None or self._covered() else self._wrapped(updated, site)

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.BaseStatement:
        site = self._site(self._lines(original))
        if site is None or self._covered():
            return updated
        return self._wrapped(updated, site)

    def _covered(self) -> bool:
        """Inside a ``with`` that is wrapped already (its header writes)."""
        return any(site is not None for site in self.headers)

    def _lines(self, node: cst.CSTNode) -> range:
        position = self.get_metadata(PositionProvider, node, None)
        if position is None:
            return range(0)
        start = self.context.normalised.original_line(position.start.line)
        end = self.context.normalised.original_line(position.end.line)
        return range(start, end + 1)

    def _site(self, lines: range | list[int]) -> WriteSite | None:
        return next((self.sites[n] for n in lines if n in self.sites), None)

    def _wrapped(self, node: cst.BaseStatement, site: WriteSite) -> cst.With:
        writing = self.plan.name("writing")
        args = repr(site.what) + (f", {site.path}" if site.path else "")
        template = cst.parse_statement(f"with {writing}({args}):\n    pass\n")
        assert isinstance(template, cst.With)
        assert isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement))
        inner = node.with_changes(leading_lines=[])
        return template.with_changes(
            body=cst.IndentedBlock(body=[inner]), leading_lines=node.leading_lines
        )
