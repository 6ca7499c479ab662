"""The pipeline of input.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

import matplotlib.pyplot as plt

from prints_display_plots.config import Config

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


def data() -> Any:
    """Data (notebook cell 2)."""
    # cell 2
    values = [1, 4, 9, 16]
    logger.info("loaded %s values", len(values))
    logger.debug("%r", values)
    return values


def plot(values) -> tuple[Any, ...]:
    """Plot (notebook cell 4)."""
    # cell 4
    fig, ax = plt.subplots()
    ax.plot(values)
    figures.shown("plot")
    return fig, ax


def report(values) -> Any:
    """Report (notebook cell 6)."""
    # cell 6
    best = max(values)
    logger.info("best value: %.2f of %s (100%%)", best, len(values))
    logger.info("sep | %s", best)
    logger.debug("%r", best)
    return best


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    figures.start(config.output_dir)
    values = data()
    fig, ax = plot(values)
    best = report(values)
    return {"fig": fig, "ax": ax, "best": best}
