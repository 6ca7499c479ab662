"""The pipeline of input.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from seeds_late.config import Config

logger = logging.getLogger(__name__)


class PipelineError(Exception):
    """A step failed on its input; the message names the config field or the path."""


def set_seeds(config: Config) -> None:
    """Seed every random number generator the notebook used, once, before any step."""
    import numpy

    numpy.random.seed(config.seed)


def before_the_seed() -> Any:
    """Before the seed (notebook cell 4)."""
    # cell 4
    early = np.random.rand(3)
    return early


def after_the_seed(config: Config, early) -> Any:
    """After the seed (notebook cell 6)."""
    # cell 6
    np.random.seed(config.seed)
    late = np.random.rand(3)
    total = float(early.sum() + late.sum())
    return total


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    set_seeds(config)
    early = before_the_seed()
    total = after_the_seed(config, early)
    return {"total": total}
