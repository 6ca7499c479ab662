"""Names the conversion chooses: the package's, the steps', generated ones it must not reuse."""

from __future__ import annotations

import keyword
import sys
from collections.abc import Iterable

from nb2mod.analysis.names import BUILTINS, MODULE_GLOBALS
from nb2mod.errors import ConfigError
from nb2mod.identifiers import snake_identifier, unique_name

# Names pipeline.py defines itself: a step must not be called so.
GENERATED_NAMES = frozenset(
    {"run", "set_seeds", "config", "Config", "load_config", "logger", "timed", "reading", "writing"}
    | {"figures", "FigureFiles", "PipelineError", "display", "undefined_in_notebook", "results"}
    | {"Unbound", "UNBOUND", "bound_results", "bound_in_commented_cell"}
)


def package_name(given: str | None, stem: str, imported: Iterable[str]) -> str:
    """A valid, importable package name that shadows neither the stdlib nor an import."""
    if given is not None:
        if not given.isidentifier() or keyword.iskeyword(given):
            raise ConfigError(f"--name {given!r} is not a valid Python package name")
        return given
    name = snake_identifier(stem, "notebook")
    if name[0].isdigit():
        name = f"nb_{name}"
    clashes = set(sys.stdlib_module_names) | {m.split(".")[0] for m in imported} | MODULE_GLOBALS
    return f"{name}_pipeline" if name in clashes or keyword.iskeyword(name) else name


def unique_names(titles: Iterable[str], taken: set[str], fallback: str = "step") -> list[str]:
    """Identifiers for ``titles``, never in ``taken`` (nor keywords or builtins), de-duplicated
    (``load``, then ``load_step``, ``load_2``...)."""
    used = set(taken) | BUILTINS | set(keyword.kwlist)
    names = []
    for title in titles:
        base = snake_identifier(title, fallback)
        name = unique_name(base, used, first=f"{base}_step")
        used.add(name)
        names.append(name)
    return names
