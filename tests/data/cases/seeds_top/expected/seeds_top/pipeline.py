"""The pipeline of input.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import logging
import random
from typing import Any

import numpy as np
from sklearn.model_selection import train_test_split

from seeds_top.config import Config

logger = logging.getLogger(__name__)


class PipelineError(Exception):
    """A step failed on its input; the message names the config field or the path."""


def set_seeds(config: Config) -> None:
    """Seed every random number generator the notebook used, once, before any step."""
    import random

    random.seed(config.seed)
    import numpy

    numpy.random.seed(config.seed)


def seed(config: Config) -> None:
    """Seed (notebook cell 4)."""
    # cell 4
    np.random.seed(config.seed)
    random.seed(42)


def draw(config: Config) -> tuple[Any, ...]:
    """Draw (notebook cell 6)."""
    # cell 6
    values = np.random.normal(size=20)
    pick = random.choice([1, 2, 3])
    train, test = train_test_split(values, test_size=config.test_size)
    return pick, train, test


def summary(train, pick) -> Any:
    """Summary (notebook cell 8)."""
    # cell 8
    mean = float(train.mean())
    logger.info("%s %s", mean, pick)
    return mean


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    set_seeds(config)
    seed(config)
    pick, train, test = draw(config)
    mean = summary(train, pick)
    return {"pick": pick, "test": test, "mean": mean}
