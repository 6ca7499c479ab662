"""What --capture runs for a cell: the notebook's code with the seeds the package gives it.

The package seeds what the notebook left unseeded (plan/random_sites.py): ``set_seeds()`` seeds
the global generators with ``config.seed`` before the first step, and a call such as
``RandomForestClassifier()`` gets ``random_state=config.seed + N``. A fixture must hold what
the package computes, so the capture run does the same with Config's default seed: it seeds
random's and NumPy's global generators with that value first, and runs each cell that holds
such a call as its plain-Python form (IPython syntax as IPython itself turns it into calls)
with the seed arguments given, ``config.seed`` written as the number. It also runs joblib's
parallel work in the kernel's own process (``pin_source``), as the step tests do.
"""

from __future__ import annotations

from dataclasses import replace

from nb2mod.analysis.facts import Analysis
from nb2mod.codegen.seed_arguments import give_seed_arguments
from nb2mod.plan.model import Plan


def capture_seed(plan: Plan) -> int:
    """The seed the package's Config has by default (0 when it has no seed field)."""
    field = plan.field_named(plan.seed_field)
    default = field.default if field is not None else 0
    return default if isinstance(default, int) and not isinstance(default, bool) else 0


def seeded_sources(plan: Plan, analysis: Analysis) -> dict[int, str]:
    """Cell -> the code the capture runs instead of the cell's source: only cells where the
    package gives a call its seed argument."""
    seed = f"{plan.config_name}.{plan.seed_field}"
    sites = [
        replace(site, value=site.value.replace(seed, str(capture_seed(plan)), 1))
        for site in plan.random_sites
        if site.how == "argument"
    ]
    cells = {site.cell for site in sites}
    return {
        parsed.index: give_seed_arguments(parsed.module, parsed.normalised, sites).code
        for parsed in analysis.parsed
        if parsed.index in cells and parsed.module is not None
    }


# The capture run seeds random's and numpy's global generators before the first cell, with
# the seed the package's set_seeds() uses (Config's default), and runs
# joblib's parallel work in the kernel's own process (its "sequential" backend, as the step
# tests do: capture_formats._sequential), where an estimator nothing seeds draws from that
# generator instead of a worker's: the fixtures hold what the package computes and a second
# capture changes no file.
_PIN_RANDOM = """
import random as _nb2mod_random
_nb2mod_random.seed({seed})
try:
    import numpy as _nb2mod_numpy
except ImportError:
    pass
else:
    _nb2mod_numpy.random.seed({seed})
    del _nb2mod_numpy
del _nb2mod_random
try:
    import joblib as _nb2mod_joblib
except ImportError:
    pass
else:
    getattr(_nb2mod_joblib, "parallel_config", _nb2mod_joblib.parallel_backend)(
        backend="sequential"
    ).__enter__()
    del _nb2mod_joblib
"""


def pin_source(plan: Plan) -> str:
    """The code the capture kernel runs before the first cell (``_PIN_RANDOM``)."""
    return _PIN_RANDOM.format(seed=capture_seed(plan))
