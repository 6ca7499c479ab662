"""A string literal holding a secret becomes the plan's replacement for it (an environment
variable read through Config): ``key = "AKIA..."`` -> ``key = config.api_key``."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

from nb2mod.codegen.passes.base import CellContext, RewritePass


class Secrets(RewritePass):
    """Found by the literal's position in the cell's normalised code (the plan's
    ``secret_sites``); a magic's snippet has no positions of its own and is left alone."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, context: CellContext) -> None:
        super().__init__(context)
        self.sites = _sites_of(context)

    @classmethod
    def wanted(cls, context: CellContext) -> bool:
        return bool(_sites_of(context))

    def leave_SimpleString(
        self, original: cst.SimpleString, updated: cst.SimpleString
    ) -> cst.BaseExpression:
        return self._secret(original) or updated

    def leave_ConcatenatedString(
        self, original: cst.ConcatenatedString, updated: cst.ConcatenatedString
    ) -> cst.BaseExpression:
        return self._secret(original) or updated

    def _secret(self, node: cst.BaseExpression) -> cst.BaseExpression | None:
        position = self.get_metadata(PositionProvider, node, None)
        code = self.sites.get((position.start.line, position.start.column)) if position else None
        return cst.parse_expression(code) if code is not None else None


def _sites_of(context: CellContext) -> dict[tuple[int, int], str]:
    if context.snippet:
        return {}
    return {(s.line, s.col): s.code for s in context.plan.secret_sites if s.cell == context.cell}
