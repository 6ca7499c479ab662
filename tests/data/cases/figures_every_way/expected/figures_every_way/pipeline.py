"""The pipeline of input.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from figures_every_way.config import Config

logger = logging.getLogger(__name__)


class PipelineError(Exception):
    """A step failed on its input; the message names the config field or the path."""


class FigureFiles:
    """The figures the notebook's inline backend showed, saved as output_dir/figures/NAME-N.png:
    NAME is the step (or the notebook function) that showed them, N counts per NAME from 1
    over one run(), which calls start()."""

    def __init__(self) -> None:
        self.folder = os.path.join("outputs", "figures")
        self.numbers: dict[str, int] = {}

    def start(self, output_dir: str) -> None:
        self.folder = os.path.join(output_dir, "figures")
        self.numbers = {}

    def save(self, name: str, figure: Any) -> None:
        self.numbers[name] = number = self.numbers.get(name, 0) + 1
        path = os.path.join(self.folder, f"{name}-{number}.png")
        try:
            os.makedirs(self.folder, exist_ok=True)
            figure.savefig(path, bbox_inches="tight")
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise PipelineError(f"cannot write figure {os.path.abspath(path)}: {reason}") from exc

    def shown(self, name: str) -> None:
        """plt.show(), or the end of a cell that drew: each open figure with something drawn
        is saved, then all are closed (as the inline backend shows and closes them)."""
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is None:
            return  # pyplot was never imported: no figure is open
        for number in pyplot.get_fignums():
            figure = pyplot.figure(number)
            if figure.axes or figure.lines:
                self.save(name, figure)
        pyplot.close("all")

    def displayed(self, name: str, value: Any) -> Any:
        """A cell's last value, returned: saved first when it is a Figure (the notebook
        showed it as an image)."""
        module = sys.modules.get("matplotlib.figure")
        if module is not None and isinstance(value, module.Figure):
            self.save(name, value)
        return value


figures = FigureFiles()


# cell 18
def draw(series):
    plt.plot(series)
    figures.shown("draw")


def data() -> tuple[Any, ...]:
    """Data (notebook cell 4)."""
    # cell 4
    values = [1, 4, 9, 16]
    frame = pd.DataFrame({"x": values, "y": [v * 2 for v in values]})
    return values, frame


def shown(values) -> None:
    """Shown (notebook cell 6).

    Two figures shown by plt.show() in one cell.
    """
    # cell 6
    plt.plot(values)
    figures.shown("shown")
    plt.hist(values)
    figures.shown("shown")


def left_open(frame, values) -> Any:
    """Left open (notebook cells 8, 9, 10, 11).

    Figures the inline backend shows because the cell leaves them open.
    """
    # cell 8
    frame.plot(x="x", y="y")
    figures.shown("left_open")  # the figures still open as the cell ended
    # cell 9
    sns.histplot(values)
    figures.shown("left_open")  # the figures still open as the cell ended
    # cell 10
    plt.plot(values)
    figures.shown("left_open")  # the figures still open as the cell ended
    # cell 11
    fig, ax = plt.subplots()
    ax.bar(["a", "b"], [1, 2])
    ax.set_title("bars")
    figures.shown("left_open")  # the figures still open as the cell ended
    return fig


def figure_objects(values) -> tuple[Any, ...]:
    """Figure objects (notebook cells 13, 14, 15, 16).

    A Figure as a cell's last value: closed first, it shows once; still open, twice.
    """
    # cell 13
    closed, axes = plt.subplots()
    axes.scatter(values, values)
    plt.close(closed)
    figures.shown("figure_objects")  # the figures still open as the cell ended
    # cell 14
    logger.debug("%r", figures.displayed("figure_objects", closed))
    # cell 15
    still_open, axes = plt.subplots()
    axes.plot(values)
    logger.debug("%r", figures.displayed("figure_objects", still_open))
    figures.shown("figure_objects")  # the figures still open as the cell ended
    # cell 16
    plt.figure()
    plt.close()
    figures.shown("figure_objects")  # the figures still open as the cell ended
    return closed, axes, still_open


def in_a_function(values) -> None:
    """In a function (notebook cells 18, 19).

    A notebook function that shows its figure, called twice.
    """
    # cell 19
    draw(values)
    logger.debug("%r", draw(values[::-1]))
    figures.shown("in_a_function")  # the figures still open as the cell ended


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    figures.start(config.output_dir)
    values, frame = data()
    shown(values)
    fig = left_open(frame, values)
    closed, axes, still_open = figure_objects(values)
    in_a_function(values)
    return {"frame": frame, "fig": fig, "closed": closed, "axes": axes, "still_open": still_open}
