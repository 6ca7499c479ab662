"""The rewriting pass that gives a call the seed argument the plan chose for it.

``train_test_split(X, y)`` -> ``train_test_split(X, y, random_state=config.seed + 12)``; an
explicit ``random_state=None`` is replaced; ``np.random.default_rng()`` ->
``np.random.default_rng(config.seed)``. Calls are found by the (line, column) the analysis gave
and the callable's name (``Model().fit(X, y)`` starts where ``Model()`` does), the pass
running on the cell as parsed, before any other rewriting moves a column.
"""

from __future__ import annotations

from collections.abc import Iterable

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from nb2mod.ipython_syntax import NormalisedCell
from nb2mod.plan.model import RandomSite


def give_seed_arguments(
    module: cst.Module, normalised: NormalisedCell, sites: Iterable[RandomSite]
) -> cst.Module:
    """The module with each ``argument`` site of this cell given its seed."""
    wanted = {
        (s.line, s.col): s for s in sites if s.how == "argument" and s.cell == normalised.cell
    }
    if not wanted:
        return module
    return MetadataWrapper(module).visit(_SeedArguments(normalised, wanted))


class _SeedArguments(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, normalised: NormalisedCell, wanted: dict[tuple[int, int], RandomSite]):
        super().__init__()
        self.normalised = normalised
        self.wanted = wanted

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        position = self.get_metadata(PositionProvider, original, None)
        if position is None:
            return updated
        line = self.normalised.original_line(position.start.line)
        site = self.wanted.get((line, position.start.column + 1))
        if site is None or not _names(original.func, site.call.rpartition(".")[2]):
            return updated  # not the site, or a call on its result: Model().fit(X, y)
        return with_seed(updated, site.keyword, site.value)


def _names(func: cst.BaseExpression, last: str) -> bool:
    """Whether ``func`` may be the site's callable: a plain name (perhaps an alias, and only
    the innermost call at a position has one) or an attribute of that last name."""
    if isinstance(func, cst.Attribute):
        return func.attr.value == last
    return isinstance(func, cst.Name)


def with_seed(call: cst.Call, keyword: str, value: str) -> cst.Call:
    """``call`` with ``keyword=value`` set (replacing the keyword's value when it is given),
    or, for keyword ``"0"``, with ``value`` as its only argument."""
    expression = cst.parse_expression(value)
    if keyword == "0":
        return call.with_changes(args=[cst.Arg(expression)])
    args = list(call.args)
    for i, arg in enumerate(args):
        if arg.keyword is not None and arg.keyword.value == keyword:
            args[i] = arg.with_changes(value=expression)
            return call.with_changes(args=args)
    args.append(cst.Arg(expression, keyword=cst.Name(keyword)))
    return call.with_changes(args=args)
