"""The names nb2mod's own code binds in pipeline.py, chosen so none is one the notebook uses.

pipeline.py holds the notebook's code next to nb2mod's: ``run``, the ``Config`` it imports,
the ``config`` a step takes, ``logger``, ``PipelineError``, the seeding helper and the other
helpers, and the modules its rewrites call (``functools.partial``). A notebook that defines
its own ``run``, ``logger`` or ``set_seeds`` keeps it; nb2mod's takes another name. A name
the notebook binds only by the very import nb2mod would write (``import os``) is shared.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from nb2mod.analysis.facts import Analysis
from nb2mod.identifiers import unique_name

# Each name nb2mod's code binds (its role) -> the first other name it takes when the notebook
# uses it (then ``_2``, ``_3``...).
DEFINED: Mapping[str, str] = MappingProxyType(
    {
        "run": "run_pipeline",
        "Config": "PipelineConfig",
        "config": "pipeline_config",
        "logger": "pipeline_logger",
        "PipelineError": "PipelineStepError",
        "set_seeds": "set_pipeline_seeds",
        "reading": "reading_input",
        "writing": "writing_output",
        "timed": "timed_block",
        "FigureFiles": "PipelineFigureFiles",
        "figures": "pipeline_figures",
        "write_asset": "write_pipeline_asset",
        "undefined_in_notebook": "undefined_notebook_name",
        "bound_in_commented_cell": "bound_in_commented_notebook_cell",
        "Unbound": "PipelineUnbound",
        "UNBOUND": "PIPELINE_UNBOUND",
        "bound_results": "bound_pipeline_results",
    }
)
# Names nb2mod's imports bind: role -> (module, member) it imports.
IMPORTED: Mapping[str, tuple[str, str | None]] = MappingProxyType(
    {
        "logging": ("logging", None),
        "Any": ("typing", "Any"),
        "contextlib": ("contextlib", None),
        "Iterator": ("collections.abc", "Iterator"),
        "functools": ("functools", None),
        "importlib": ("importlib", None),
        "os": ("os", None),
        "sys": ("sys", None),
    }
)
ROLES = (*DEFINED, *IMPORTED)


def plan_generated_names(analysis: Analysis) -> tuple[tuple[str, str], ...]:
    """(role, name) for each of nb2mod's names the notebook also uses, with the name it
    takes instead; a role not listed keeps its own name."""
    used = notebook_names(analysis)
    shared = _shared_imports(analysis)
    taken = set(used) | set(ROLES)
    renamed: list[tuple[str, str]] = []
    for role in ROLES:
        if role not in used or role in shared:
            continue
        first = DEFINED.get(role, f"{role}_")
        name = unique_name(first, taken)
        taken.add(name)
        renamed.append((role, name))
    return tuple(renamed)


def notebook_names(analysis: Analysis) -> set[str]:
    """Every name the notebook's code holds anywhere: bound, read, stored, a parameter."""
    names: set[str] = set()
    for cell in analysis.cells:
        names.update(cell.defines, cell.uses, cell.mutates, cell.magic_uses)
        names.update(i.bound for i in cell.imports)
        for statement in cell.statements:
            names.update(statement.defines, statement.uses)
            names.update(n for n, _ in statement.reads)
            names.update(statement.writes, statement.binders)
    for function in analysis.functions:
        names.update((function.name, *function.params))
    return names


def _shared_imports(analysis: Analysis) -> set[str]:
    """Roles the notebook binds only by the same import nb2mod writes (``import os``)."""
    imports: dict[str, set[tuple[str, str | None]]] = {}
    for cell in analysis.cells:
        for fact in cell.imports:
            imports.setdefault(fact.bound, set()).add((fact.module, fact.name))
    other = _bound_otherwise(analysis)
    return {
        role
        for role, source in IMPORTED.items()
        if imports.get(role) == {source} and role not in other
    }


def _bound_otherwise(analysis: Analysis) -> set[str]:
    """Names stored, defined as a function or class, or taken as a parameter."""
    names: set[str] = set()
    for cell in analysis.cells:
        for statement in cell.statements:
            names.update(statement.writes)
    for function in analysis.functions:
        names.update((function.name, *function.params))
    return names


def name_of(renamed: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Role -> the name pipeline.py uses for it, for every role."""
    names = {role: role for role in ROLES}
    names.update(renamed)
    return names
