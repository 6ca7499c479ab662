"""nb2mod: turn exploratory Jupyter notebooks into tested, configurable Python packages.

The public API is re-exported here and imported lazily, so `import nb2mod` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from nb2mod._version import __version__

if TYPE_CHECKING:
    from nb2mod.analysis import analyze
    from nb2mod.analysis.facts import Analysis
    from nb2mod.diagnostics import Diagnostic
    from nb2mod.errors import NotebookError
    from nb2mod.notebook import Cell, Notebook, read_notebook
    from nb2mod.settings import Settings

_EXPORTS = {
    "read_notebook": "nb2mod.notebook",
    "Notebook": "nb2mod.notebook",
    "Cell": "nb2mod.notebook",
    "analyze": "nb2mod.analysis",
    "Analysis": "nb2mod.analysis.facts",
    "Diagnostic": "nb2mod.diagnostics",
    "NotebookError": "nb2mod.errors",
    "Settings": "nb2mod.settings",
    "lint": "nb2mod.linter",
    "convert": "nb2mod.conversion",
    "Conversion": "nb2mod.conversion",
    "verify": "nb2mod.verification.verifier",
    "Verification": "nb2mod.verification.verifier",
}

__all__ = [
    "Analysis",
    "Cell",
    "Conversion",
    "Diagnostic",
    "Notebook",
    "NotebookError",
    "Settings",
    "Verification",
    "__version__",
    "analyze",
    "convert",
    "lint",
    "read_notebook",
    "verify",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'nb2mod' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
