"""The passes together, in registry order: nodes two passes change, and cells none wants."""

from __future__ import annotations

from dataclasses import replace

import libcst as cst
from pass_cases import PLAN, assert_rewrites

from nb2mod.codegen.passes.registry import PASSES, rewrite_cell
from nb2mod.ipython_syntax import normalise_cell
from nb2mod.plan.model import ConfigField, Definition, MagicPlan

LR = ConfigField("lr", "float", 0.1, 1, 1, 10, "0.1", "keyword", keyword="lr")
PLANNED = replace(
    PLAN,
    config_fields=(LR,),
    definitions=(Definition("scale", "function", 1, 0, added_params=("factor",)),),
    magics=(MagicPlan(1, 2, "timeit", "timed"),),
    plot_aliases=("plt",),
    show_cells=(1,),
)


def test_every_pass_applies_where_several_meet() -> None:
    assert_rewrites(
        PASSES,
        "fit(scale, lr=0.1)\n%timeit print(scale(1))\nplt.show()\n",
        "fit(functools.partial(scale, factor=factor), lr=config.lr)\n"
        "with timed('print(scale(1))'):\n    logger.info(\"%s\", scale(1, factor=factor))\n"
        "figures.shown('load')\n",
        PLANNED,
    )


def test_a_cell_no_pass_wants_is_not_walked() -> None:
    normalised = normalise_cell("x = 1\nplt.show()\n", 2)  # the plan names cell 1
    module = cst.parse_module(normalised.code)
    assert rewrite_cell(module, normalised, PLANNED, "load") is module
    assert rewrite_cell(module, normalised, replace(PLANNED, show_cells=(2,)), "load") is not module
