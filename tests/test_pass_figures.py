"""Figures: plt.show() saves the figure (named after the step) or is dropped."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pass_cases import PLAN, assert_rewrites, assert_unchanged

from nb2mod.codegen.passes.figures import Figures

PASS = (Figures,)
SHOWS = replace(PLAN, plot_aliases=("plt",), show_cells=(1,))


def test_each_show_saves_one_figure_named_after_the_step() -> None:
    assert_rewrites(
        PASS,
        "plt.plot(x)\nplt.show()\nplt.hist(y)\nplt.show()\n",
        "plt.plot(x)\nsave_figure(config.output_dir, 'load')\n"
        "plt.hist(y)\nsave_figure(config.output_dir, 'load_2')\n",
        SHOWS,
    )


def test_a_show_is_dropped_when_figures_are_not_saved_or_inside_a_function() -> None:
    dropped = "# plt.show() dropped: figures are not shown in a package\npass\n"
    assert_rewrites(PASS, "plt.show()\n", dropped, replace(SHOWS, save_plots=False))
    assert_rewrites(
        PASS,
        "def draw(x):\n    plt.plot(x)\n    plt.show()\n",
        "def draw(x):\n    plt.plot(x)\n"
        "    # plt.show() dropped: figures are not shown in a package\n    pass\n",
        SHOWS,
    )


@pytest.mark.parametrize(
    "source", ["fig.show()\n", "plt.show(); plt.close()\n", "plt.savefig('a.png')\n", "show()\n"]
)
def test_other_lines_stay(source: str) -> None:
    assert_unchanged(PASS, source, SHOWS)


def test_a_cell_the_plan_does_not_name_keeps_its_show() -> None:
    assert_unchanged(PASS, "plt.show()\n", SHOWS, cell=2)
