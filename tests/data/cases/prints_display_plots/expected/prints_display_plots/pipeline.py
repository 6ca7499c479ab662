"""The pipeline of input.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import logging
import os
from typing import Any

import matplotlib.pyplot as plt

from prints_display_plots.config import Config

logger = logging.getLogger(__name__)


class PipelineError(Exception):
    """A step failed on its input; the message names the config field or the path."""


def save_figure(output_dir: str, name: str) -> None:
    """Save the current figure (the notebook showed it) as output_dir/figures/name.png, then
    close it."""
    from matplotlib import pyplot

    folder = os.path.join(output_dir, "figures")
    os.makedirs(folder, exist_ok=True)
    pyplot.savefig(os.path.join(folder, f"{name}.png"))
    pyplot.close()


def data() -> Any:
    """Data (notebook cell 2)."""
    # cell 2
    values = [1, 4, 9, 16]
    logger.info("loaded %s values", len(values))
    logger.debug("%r", values)
    return values


def plot(config: Config, values) -> tuple[Any, ...]:
    """Plot (notebook cell 4)."""
    # cell 4
    fig, ax = plt.subplots()
    ax.plot(values)
    save_figure(config.output_dir, "plot")
    plt.close("all")  # the notebook's inline backend did
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
    values = data()
    fig, ax = plot(config, values)
    best = report(values)
    return {"fig": fig, "ax": ax, "best": best}
