"""The pipeline of input.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import logging
import random
from typing import Any

import numpy as np

from seeds_and_randomness.config import Config

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
    """Seed (notebook cell 3)."""
    # cell 3
    np.random.seed(config.seed)
    random.seed(42)


def parameters(config: Config) -> tuple[Any, ...]:
    """Parameters (notebook cell 5)."""
    # cell 5
    n_samples = config.n_samples
    noise = config.noise
    return n_samples, noise


def simulate(n_samples, noise) -> tuple[Any, ...]:
    """Simulate (notebook cell 7)."""
    # cell 7
    x = np.random.normal(size=n_samples)
    y = 2 * x + noise * np.random.normal(size=n_samples)
    pick = random.choice([1, 2, 3])
    return x, y, pick


def fit(x, y) -> Any:
    """Fit (notebook cell 9)."""
    # cell 9
    slope = float(np.polyfit(x, y, 1)[0])
    return slope


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    set_seeds(config)
    seed(config)
    n_samples, noise = parameters(config)
    x, y, pick = simulate(n_samples, noise)
    slope = fit(x, y)
    return {"pick": pick, "slope": slope}
