"""The public scikit-learn (or imbalanced-learn) callables that take ``random_state``, read from
the installed library's own signatures.

``python tests/random_state_table.py [sklearn|imblearn]`` prints the names, sorted, to freeze in
nb2mod/analysis/random_state_table.py; tests/test_random_state_table.py compares that table
with the installed scikit-learn both ways.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
import warnings
from collections.abc import Callable, Iterator
from typing import Any

_SKIPPED_PARTS = ("tests", "externals", "conftest")


def public_callables(package: str) -> Iterator[tuple[str, Callable[..., Any]]]:
    """(qualified name, object) for every name in the ``__all__`` of each public module of
    ``package`` (a module part starting with ``_``, tests or vendored code is not public), and
    scikit-learn's estimators (``all_estimators()``)."""
    root = importlib.import_module(package)
    if package == "sklearn":
        from sklearn.utils import all_estimators

        for name, cls in all_estimators():
            yield f"{cls.__module__}.{name}", cls
    for info in pkgutil.walk_packages(root.__path__, f"{package}."):
        parts = info.name.split(".")[1:]
        if any(p.startswith("_") or p in _SKIPPED_PARTS for p in parts):
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional dependency (matplotlib, pandas...) is missing
            continue
        for name in getattr(module, "__all__", ()):
            found = getattr(module, name, None)
            if callable(found) and not name.startswith("_"):
                yield f"{info.name}.{name}", found


def random_state_answers(package: str) -> dict[str, bool]:
    """Last name -> whether the callable takes ``random_state`` (True when any public
    callable of that last name does)."""
    answers: dict[str, bool] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for qualified, found in public_callables(package):
            try:
                parameters = inspect.signature(found).parameters
            except (TypeError, ValueError):
                continue
            last = qualified.rpartition(".")[2]
            answers[last] = answers.get(last, False) or "random_state" in parameters
    return answers


if __name__ == "__main__":
    answers = random_state_answers(sys.argv[1] if len(sys.argv) > 1 else "sklearn")
    print(" ".join(sorted(name for name, takes in answers.items() if takes)))
