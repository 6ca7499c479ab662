"""The pipeline of messy_experiment.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import contextlib
import logging
import os
import random
from collections.abc import Iterator
from typing import Any

import numpy as np

from messy_experiment.config import Config

logger = logging.getLogger(__name__)


class PipelineError(Exception):
    """A step failed on its input; the message names the config field or the path."""


@contextlib.contextmanager
def timed(label: str) -> Iterator[None]:
    """Log how long the block took (the notebook timed it with %time or %timeit)."""
    from time import perf_counter

    start = perf_counter()
    yield
    logger.info("%s took %.3f s", label, perf_counter() - start)


# cell 4
def noisy_mean(n, *, scale):
    # reads the global `scale`, defined in a later cell
    return float(np.mean(np.random.normal(0, scale, size=n)))


def set_seeds(config: Config) -> None:
    """Seed every random number generator the notebook used, once, before any step."""
    import random

    random.seed(config.seed)
    import numpy

    numpy.random.seed(config.seed)


def quick_experiment_messy_on_purpose(config: Config) -> tuple[Any, ...]:
    """Quick experiment (messy on purpose) (notebook cells 2, 3, 4, 5, 6, 7).

    The kind of notebook nb2mod lint is for: magics, hidden state, unseeded randomness, a
    hard-coded path and a secret.
    """
    # cell 2
    # %load_ext autoreload: dropped
    # %autoreload 2: dropped
    # !pip install -q tqdm: moved to requirements.txt
    # cell 3
    API_TOKEN = config.api_token
    DATA_DIR = config.data_dir_2
    os.environ["EXPERIMENT"] = "trial-3"
    # cell 5
    scale = config.scale
    results = []
    for trial in range(5):
        results.append(noisy_mean(100, scale=scale))
    random.shuffle(results)
    # cell 6
    with timed("cell 6"):
        summary = {"mean": sum(results) / len(results), "trials": len(results)}
        logger.debug("%r", summary)
    # cell 7
    # TODO(nb2mod): %cd /tmp has no module equivalent; kept as a comment
    # get_ipython().run_line_magic('cd', '/tmp')
    # TODO(nb2mod): %store summary has no module equivalent; kept as a comment
    # get_ipython().run_line_magic('store', 'summary')
    return API_TOKEN, DATA_DIR


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    set_seeds(config)
    API_TOKEN, DATA_DIR = quick_experiment_messy_on_purpose(config)
    return {"API_TOKEN": API_TOKEN, "DATA_DIR": DATA_DIR}
