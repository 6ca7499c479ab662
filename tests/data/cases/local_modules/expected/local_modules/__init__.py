"""local_modules: the notebook converted into a package by nb2mod."""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Config": "config",
    "describe": "pipeline",
    "load_config": "config",
    "run": "pipeline",
}

__all__ = [
    "Config",
    "describe",
    "load_config",
    "run",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
