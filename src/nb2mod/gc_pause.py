"""The cycle collector paused around work that builds many short-lived, acyclic objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Parsing and code generation allocate hundreds of thousands of tree nodes that form no
    cycles; the collector would walk them again and again (about a sixth of the time).
    Reference counting still frees them; any cycles wait for the collector's next run."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
