"""A literal the plan lifted into Config is read from it: ``lr = 0.1`` -> ``lr = config.lr``."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

from nb2mod.analysis.literals import literal_value
from nb2mod.codegen.passes.base import CellContext, RewritePass
from nb2mod.plan.model import ConfigField

_LITERALS = (cst.Integer, cst.Float, cst.SimpleString, cst.ConcatenatedString, cst.UnaryOperation)


class ConfigLiterals(RewritePass):
    """Each field at most once per line: the field's own place and its other ``sites``."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, context: CellContext) -> None:
        super().__init__(context)
        self.fields = _fields_of(context)
        self.applied: set[tuple[str, int]] = set()

    @classmethod
    def wanted(cls, context: CellContext) -> bool:
        return bool(_fields_of(context))

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.Assign:
        found = self._field_for(original.value)
        if found is not None and found[0].keyword is None:
            return updated.with_changes(value=self._config_ref(found))
        return updated

    def leave_AnnAssign(self, original: cst.AnnAssign, updated: cst.AnnAssign) -> cst.AnnAssign:
        if original.value is None:
            return updated
        found = self._field_for(original.value)
        if found is not None and found[0].keyword is None:
            return updated.with_changes(value=self._config_ref(found))
        return updated

    def leave_Arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
        found = self._field_for(original.value)
        if found is not None and (
            found[0].keyword is None
            or (original.keyword is not None and original.keyword.value == found[0].keyword)
        ):
            return updated.with_changes(value=self._config_ref(found))
        return updated

    def _field_for(self, node: cst.BaseExpression) -> tuple[ConfigField, int] | None:
        if not isinstance(node, _LITERALS + (cst.Name,)):
            return None
        if isinstance(node, cst.Name) and node.value not in ("True", "False"):
            return None
        line = self.original_line(node)
        code = cst.Module([]).code_for_node(node)
        for candidate in self.fields:
            if (candidate.name, line) in self.applied or not candidate.at(self.cell, line):
                continue
            if _same_literal(node, code, candidate):
                return candidate, line
        return None

    def _config_ref(self, found: tuple[ConfigField, int]) -> cst.Attribute:
        candidate, line = found
        self.applied.add((candidate.name, line))
        return cst.Attribute(cst.Name(self.plan.config_name), cst.Name(candidate.name))


def _fields_of(context: CellContext) -> list[ConfigField]:
    """The fields found in this cell (none in a magic's snippet: it has no line map)."""
    if context.snippet:
        return []
    cell = context.cell
    return [
        f
        for f in context.plan.config_fields
        if f.cell == cell or any(c == cell for c, _ in f.sites)
    ]


def _same_literal(node: cst.BaseExpression, code: str, candidate: ConfigField) -> bool:
    if code == candidate.code:
        return True
    value = literal_value(node)
    return type(value) is type(candidate.default) and value == candidate.default
