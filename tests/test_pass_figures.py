"""Figures: plt.show() saves the open figures under the step's name (a notebook function's
own name inside it), or is dropped when figures are not saved."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pass_cases import PLAN, assert_rewrites, assert_unchanged

from nb2mod.codegen.passes.figures import Figures

PASS = (Figures,)
SHOWS = replace(PLAN, plot_aliases=("plt",), show_cells=(1,))


def test_each_show_saves_the_open_figures_under_the_step_name() -> None:
    assert_rewrites(
        PASS,
        "plt.plot(x)\nplt.show()\nplt.hist(y)\nplt.show()\n",
        "plt.plot(x)\nfigures.shown('load')\nplt.hist(y)\nfigures.shown('load')\n",
        SHOWS,
    )


def test_a_show_in_a_loop_or_a_branch_saves_too() -> None:
    assert_rewrites(
        PASS,
        "for v in vs:\n    plt.plot(v)\n    plt.show()\n",
        "for v in vs:\n    plt.plot(v)\n    figures.shown('load')\n",
        SHOWS,
    )


def test_inside_a_function_figures_are_named_after_the_function() -> None:
    assert_rewrites(
        PASS,
        "def draw(x):\n    def inner():\n        plt.show()\n    plt.plot(x)\n    plt.show()\n",
        "def draw(x):\n    def inner():\n        figures.shown('draw')\n"
        "    plt.plot(x)\n    figures.shown('draw')\n",
        SHOWS,
    )
    assert_rewrites(
        PASS,
        "class Plotter:\n    def show(self):\n        plt.show()\n",
        "class Plotter:\n    def show(self):\n        figures.shown('Plotter')\n",
        SHOWS,
    )


def test_the_helper_takes_the_name_the_plan_gives_it() -> None:
    renamed = replace(SHOWS, renamed_generated=(("figures", "pipeline_figures"),))
    assert_rewrites(PASS, "plt.show()\n", "pipeline_figures.shown('load')\n", renamed)


def test_a_show_is_dropped_when_figures_are_not_saved() -> None:
    dropped = "# plt.show() dropped: figures are not shown in a package\npass\n"
    assert_rewrites(PASS, "plt.show()\n", dropped, replace(SHOWS, save_plots=False))
    assert_rewrites(
        PASS,
        "def draw(x):\n    plt.plot(x)\n    plt.show()\n",
        "def draw(x):\n    plt.plot(x)\n"
        "    # plt.show() dropped: figures are not shown in a package\n    pass\n",
        replace(SHOWS, save_plots=False),
    )


@pytest.mark.parametrize(
    "source", ["fig.show()\n", "plt.show(); plt.close()\n", "plt.savefig('a.png')\n", "show()\n"]
)
def test_other_lines_stay(source: str) -> None:
    assert_unchanged(PASS, source, SHOWS)


def test_a_cell_the_plan_does_not_name_keeps_its_show() -> None:
    assert_unchanged(PASS, "plt.show()\n", SHOWS, cell=2)
