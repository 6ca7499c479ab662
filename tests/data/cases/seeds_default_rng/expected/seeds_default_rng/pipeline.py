"""The pipeline of input.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from seeds_default_rng.config import Config

logger = logging.getLogger(__name__)


class PipelineError(Exception):
    """A step failed on its input; the message names the config field or the path."""


def set_seeds(config: Config) -> None:
    """Seed every random number generator the notebook used, once, before any step."""
    import numpy

    numpy.random.seed(config.seed)


def draw(config: Config) -> tuple[Any, ...]:
    """Draw (notebook cell 4)."""
    # cell 4
    rng = np.random.default_rng(config.seed + 1970)
    noise = rng.normal(size=5)
    fixed = np.random.default_rng(config.seed).integers(0, 10, size=3)
    return noise, fixed


def use(noise, fixed) -> Any:
    """Use (notebook cell 6)."""
    # cell 6
    total = float(noise.sum()) + int(fixed.sum())
    return total


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    set_seeds(config)
    noise, fixed = draw(config)
    total = use(noise, fixed)
    return {"total": total}
