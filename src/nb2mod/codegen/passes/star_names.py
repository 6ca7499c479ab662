"""Names a star import supplied are read qualified (``sum`` -> ``np.sum``) where the plan says
they mean two things."""

from __future__ import annotations

import libcst as cst

from nb2mod.codegen.passes.base import CellContext, RewritePass

# The field of each node type that holds a Name which is not a read (a target, a keyword).
_NOT_READ_FIELDS: dict[type[cst.CSTNode], str] = {
    cst.Attribute: "attr",
    cst.Arg: "keyword",
    cst.Param: "name",
    cst.FunctionDef: "name",
    cst.ClassDef: "name",
    cst.AsName: "name",
    cst.NameItem: "name",
    cst.AssignTarget: "target",
    cst.AnnAssign: "target",
    cst.AugAssign: "target",
    cst.For: "target",
    cst.CompFor: "target",
    cst.NamedExpr: "target",
    cst.Del: "target",
}


class StarNames(RewritePass):
    def __init__(self, context: CellContext) -> None:
        super().__init__(context)
        self.renames = {name: ref for c, name, ref in self.plan.renames if c == self.cell}
        self.not_reads: set[int] = set()  # ids of Name nodes that are not reads

    @classmethod
    def wanted(cls, context: CellContext) -> bool:
        return any(c == context.cell for c, _, _ in context.plan.renames)

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.ImportAlias):
            return False  # nothing in an import is a read
        field_name = _NOT_READ_FIELDS.get(type(node))
        if field_name is not None:
            self.not_reads.update(id(n) for n in _names_within(getattr(node, field_name)))
        return super().on_visit(node)

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
        ref = self.renames.get(original.value)
        if ref is None or id(original) in self.not_reads:
            return updated
        module, _, member = ref.rpartition(".")
        return cst.Attribute(cst.parse_expression(module), cst.Name(member))


def _names_within(node: cst.CSTNode | None) -> list[cst.Name]:
    """The Name nodes a target is made of (``a``, ``a, (b, *c)``), or the node itself."""
    if isinstance(node, cst.Name):
        return [node]
    if isinstance(node, (cst.Tuple, cst.List)):
        return [n for element in node.elements for n in _names_within(element.value)]
    if isinstance(node, cst.StarredElement):
        return _names_within(node.value)
    return []
