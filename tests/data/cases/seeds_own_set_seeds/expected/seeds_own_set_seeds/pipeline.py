"""The pipeline of input.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import logging
import random
from typing import Any

import numpy as np

from seeds_own_set_seeds.config import Config

logger = logging.getLogger(__name__)


class PipelineError(Exception):
    """A step failed on its input; the message names the config field or the path."""


# cell 4
def set_seeds(seed=42):
    random.seed(seed)
    np.random.seed(seed)


def set_pipeline_seeds(config: Config) -> None:
    """Seed every random number generator the notebook used, once, before any step."""
    import random

    random.seed(config.seed_2)
    import numpy

    numpy.random.seed(config.seed_2)


def draw() -> tuple[Any, ...]:
    """Draw (notebook cell 6)."""
    # cell 6
    set_seeds()
    values = np.random.rand(4)
    pick = random.randint(0, 100)
    return values, pick


def again_step(config: Config) -> Any:
    """Again (notebook cell 8)."""
    # cell 8
    set_seeds(seed=config.seed)
    again = float(np.random.rand())
    return again


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    set_pipeline_seeds(config)
    values, pick = draw()
    again = again_step(config)
    return {"values": values, "pick": pick, "again": again}
