"""Import names that differ from the distribution that installs them (``sklearn`` ->
``scikit-learn``), for modules installed nowhere nb2mod can see.

The table is pipreqs' maintained mapping, vendored unchanged in ``resources/`` with its
licence; see ``resources/README.md``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

# Pairs issue 15 names that pipreqs' list lacks.
_ADDED = {"skimage": "scikit-image", "Bio": "biopython"}


@lru_cache(maxsize=1)
def import_names() -> dict[str, str]:
    """Top-level import name -> distribution name, spelled with dashes (``python-dateutil``)."""
    text = resources.files("nb2mod").joinpath("resources/pipreqs-mapping.txt").read_text("utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        module, sep, distribution = line.strip().partition(":")
        if sep and module and distribution:
            table.setdefault(module, distribution.replace("_", "-"))
    for module, distribution in _ADDED.items():
        table.setdefault(module, distribution)
    return table


def distribution_for(module: str) -> str | None:
    return import_names().get(module)
