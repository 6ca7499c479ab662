"""What a rewriting pass is: a LibCST transformer over one cell, and what it may read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import PositionProvider

from nb2mod.ipython_syntax import NormalisedCell
from nb2mod.plan.model import Plan


@dataclass(frozen=True)
class CellContext:
    """One cell's code as a pass sees it: the plan, the cell (normalised code and line map),
    the step its code goes into (figures are named after it) and the passes that run.

    ``snippet``: the code came from a magic's argument text (what ``%time`` times); it has
    no line map of its own, so passes that find things by notebook line leave it alone."""

    plan: Plan
    normalised: NormalisedCell
    step: str
    passes: Sequence[type[RewritePass]]
    code: str = ""  # the text the module was parsed from (the cell's normalised code)
    snippet: bool = False

    @property
    def cell(self) -> int:
        return self.normalised.cell


class RewritePass(cst.CSTTransformer):
    """One rewriting job, written as an ordinary LibCST transformer.

    The walk (walk.py) runs every wanted pass over the cell in one traversal: each pass's
    ``leave_X`` gets the node as the passes before it left it (``updated``) and the original
    node (for metadata). A pass that needs the notebook line of a node declares
    ``METADATA_DEPENDENCIES = (PositionProvider,)`` and calls ``original_line``."""

    def __init__(self, context: CellContext) -> None:
        super().__init__()
        self.context = context
        self.plan = context.plan
        self.cell = context.cell
        self.function_depth = 0  # kept by the walk: how many ``def`` the node is inside

    @classmethod
    def wanted(cls, context: CellContext) -> bool:
        """Whether the pass can change anything in this cell (cheap: the plan and the text);
        the walk leaves out passes that cannot, and skips cells no pass wants."""
        return True

    @property
    def in_function(self) -> bool:
        return self.function_depth > 0

    def original_line(self, node: cst.CSTNode) -> int:
        """The 1-based line of the notebook cell that ``node`` (an original node) is on."""
        position = self.get_metadata(PositionProvider, node, None)
        return self.context.normalised.original_line(position.start.line) if position else 0
