"""The order of pipeline.py's import lines: grouped and sorted as isort's black profile does.

Standard library, third party, then first party (the package), a blank line between groups,
names inside ``from`` imports sorted: isort decides, with no configuration read from disk and
no folder searched, so the order is the same wherever nb2mod runs. Imports inside notebook
functions are the notebook's code and stay as written.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=64)
def isort_config(first_party: tuple[str, ...]) -> Any:
    import isort

    return isort.Config(
        profile="black",
        line_length=100,
        src_paths=(),  # never classify by what happens to lie in the current folder
        known_first_party=first_party,
        py_version="3",  # the standard library of every Python 3
        quiet=True,
    )


def ordered_imports(lines: Iterable[str], first_party: Iterable[str]) -> tuple[str, ...]:
    """``lines`` (one import statement each) as isort orders them; blank strings separate
    the groups."""
    import isort

    text = "".join(f"{line}\n" for line in lines)
    if not text:
        return ()
    done = isort.code(text, config=isort_config(tuple(sorted(set(first_party)))))
    return tuple(done.rstrip("\n").split("\n"))
