"""The pipeline of input.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from sklearn.model_selection import train_test_split

from seeds_keep.config import Config

logger = logging.getLogger(__name__)


class PipelineError(Exception):
    """A step failed on its input; the message names the config field or the path."""


def split(config: Config) -> tuple[Any, ...]:
    """Split (notebook cell 4)."""
    # cell 4
    X = np.arange(20).reshape(10, 2)
    X_train, X_test = train_test_split(X, test_size=config.test_size)
    return X_train, X_test


def draw() -> Any:
    """Draw (notebook cell 6)."""
    # cell 6
    noise = np.random.normal(size=3)
    spread = float(noise.std())
    return spread


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    X_train, X_test = split(config)
    spread = draw()
    return {"X_train": X_train, "X_test": X_test, "spread": spread}
