"""The pipeline of input.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import importlib
import logging
from typing import Any

from local_modules import helpers
from local_modules import helpers as h
from local_modules import lib, units
from local_modules.config import Config
from local_modules.lib import stats
from local_modules.lib.stats import mean

importlib.import_module("local_modules.lib.text")  # as the notebook's import did

logger = logging.getLogger(__name__)


class PipelineError(Exception):
    """A step failed on its input; the message names the config field or the path."""


# cell 7
def describe(x):
    from local_modules.helpers import scale

    return scale([x], 1)[0]


def local_modules() -> None:
    """Local modules (notebook cell 2).

    A notebook that imports a helper module, a helper package and a module from a folder it
    adds to sys.path.
    """
    # cell 2
    # sys.path edit dropped: the local modules it made importable are in the package
    # sys.path.insert(0, "vendor")
    pass


def scale() -> Any:
    """Scale (notebook cell 4)."""
    # cell 4
    values = helpers.scale([1, 2, 3], 2)
    metres = h.scale(values, units.KM)
    return metres


def summarise(metres) -> tuple[Any, ...]:
    """Summarise (notebook cells 6, 7)."""
    # cell 6
    average = mean(metres)
    spread = stats.mean([abs(v - average) for v in metres])
    summary = lib.text.label(average)
    logger.info("%s", summary)
    # cell 7
    first = describe(average)
    return spread, summary, first


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    local_modules()
    metres = scale()
    spread, summary, first = summarise(metres)
    return {"spread": spread, "summary": summary, "first": first}
