"""Local modules in the package: which are carried into it, under what name, and the imports,
``sys.path`` edits and warnings that follow.

A module the notebook imports from its folder tree is copied into the package unchanged
(``helpers.py`` -> ``PKG/helpers.py``, a folder ``lib/`` -> ``PKG/lib/``), and every import of
it points there (``import helpers`` -> ``from PKG import helpers``, ``from lib.t import f`` ->
``from PKG.lib.t import f``; ``import lib.t``, which binds ``lib`` and loads ``lib.t``, ->
``from PKG import lib`` and ``importlib.import_module("PKG.lib.t")`` after the imports, or
``import PKG.lib.t; lib = PKG.lib`` inside a function). One named like a module nb2mod writes (``config``, ``pipeline``...) is
carried as ``local_NAME``, imported under its own name. A top-level ``sys.path`` edit whose
literal folder only provided carried modules is commented out. A module outside the
notebook's folder tree or whose files cannot be carried stays imported as written, with a
warning and a TODO; none is ever a requirement.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Iterable

from nb2mod.analysis.facts import Analysis
from nb2mod.diagnostics import Diagnostic
from nb2mod.local_modules import LocalModule
from nb2mod.plan.model import CarriedModule, Dropped, ImportPlan, Plan

# modules nb2mod writes in the package: a local module of one of these names is renamed
RESERVED = frozenset({"config", "pipeline", "__main__", "__init__"})


def plan_local_modules(plan: Plan, analysis: Analysis, local: tuple[LocalModule, ...]) -> Plan:
    """The plan with the carried modules, the notebook's imports of them rewritten, the
    ``sys.path`` edits they make useless commented out, and a warning per module left out."""
    if not local:
        return plan
    carried = carried_modules(local)
    targets = {m.name: m.target for m in carried}
    edits = path_edits(analysis, local, carried)
    dropped = [
        Dropped(cell, line, "sys.path edit", "its local modules are carried into the package")
        for cell, line in edits
    ]
    warnings = (*plan.warnings, *local_module_warnings(analysis, local, carried, plan.package))
    return dataclasses.replace(
        plan,
        local_modules=local,
        carried=carried,
        imports=carried_imports(plan.imports, plan.package, targets),
        path_edits=edits,
        dropped=tuple(sorted((*plan.dropped, *dropped), key=lambda d: (d.cell, d.line))),
        warnings=tuple(sorted(warnings)),
    )


def carried_modules(local: Iterable[LocalModule]) -> tuple[CarriedModule, ...]:
    """The local modules copied into the package, each with its name there."""
    chosen = [m for m in local if not m.outside and not m.problem and m.files]
    taken = {m.name for m in chosen if m.name not in RESERVED}
    out = []
    for module in chosen:
        target = module.name
        if target in RESERVED:
            target = _free(f"local_{module.name.strip('_')}", taken)
            taken.add(target)
        out.append(CarriedModule(module.name, module.shown, target, _moved(module, target)))
    return tuple(out)


def _free(name: str, taken: set[str]) -> str:
    number = 2
    found = name
    while found in taken:
        found, number = f"{name}_{number}", number + 1
    return found


def _moved(module: LocalModule, target: str) -> tuple[tuple[str, str], ...]:
    """The module's files as paths inside the package folder, under ``target``."""
    out = []
    for path, text in module.files:
        _, _, rest = path.partition("/")
        out.append((f"{target}.py" if not rest else f"{target}/{rest}", text))
    return tuple(out)


def carried_imports(
    imports: Iterable[ImportPlan], package: str, targets: dict[str, str]
) -> tuple[ImportPlan, ...]:
    """``imports`` with those of the carried modules (top-level name -> name in the
    package) pointing into ``package``."""
    return tuple(
        (
            carried_import(i, package, targets[i.module.split(".")[0]])
            if not i.level and i.module.split(".")[0] in targets
            else i
        )
        for i in imports
    )


def carried_import(imp: ImportPlan, package: str, target: str) -> ImportPlan:
    """One import of a carried module as an import from the package."""
    top, dot, rest = imp.module.partition(".")
    module = f"{package}.{target}{dot}{rest}"
    if imp.name is not None:  # from helpers import f, from lib.t import *
        return ImportPlan(module, imp.name, imp.bound)
    if not dot:  # import helpers [as h]
        return ImportPlan(package, target, imp.bound)
    if imp.bound != top:  # import lib.t as t
        parent, _, last = module.rpartition(".")
        return ImportPlan(parent, last, imp.bound)
    # import lib.t binds lib (with lib.t loaded): from PKG import lib, then PKG.lib.t loaded
    return ImportPlan(package, target, imp.bound, loads=module)


def path_edits(
    analysis: Analysis, local: Iterable[LocalModule], carried: Iterable[CarriedModule]
) -> tuple[tuple[int, int], ...]:
    """(cell, line) of each top-level ``sys.path`` edit to comment out: its literal folder
    (relative to the notebook's) provided carried modules and no module left out."""
    names = {m.name for m in carried}
    useful: dict[str, bool] = {}
    for module in local:
        if module.outside:
            continue  # its folder is outside the tree: no carried module came from there
        root = posixpath.dirname(module.path) or "."
        useful[root] = useful.get(root, True) and module.name in names
    out = []
    for cell in analysis.cells:
        starts = {s.line for s in cell.statements if s.kind == "expression"}
        for effect in cell.effects:
            folder = posixpath.normpath(effect.path) if effect.path else None
            if effect.kind == "sys_path" and effect.line in starts and useful.get(folder or ""):
                out.append((cell.cell, effect.line))
    return tuple(sorted(set(out)))


def local_module_warnings(
    analysis: Analysis,
    local: Iterable[LocalModule],
    carried: Iterable[CarriedModule],
    package: str,
) -> list[Diagnostic]:
    """One warning per local module at its first import: left out (why, with a TODO), or
    carried under another name, or carried with imports of local modules by their own name."""
    moved = {m.name: m for m in carried}
    messages = {m.name: _message(m, moved.get(m.name), package, set(moved)) for m in local}
    out: dict[str, Diagnostic] = {}
    for cell in analysis.cells:
        for fact in cell.imports:
            top = fact.module.split(".")[0]
            if fact.level or not messages.get(top) or top in out:
                continue
            out[top] = Diagnostic(
                analysis.notebook.path, fact.cell, fact.line, 1, "NB000", messages[top]
            )
    return list(out.values())


def _message(
    module: LocalModule, carried: CarriedModule | None, package: str, names: set[str]
) -> str:
    todo = "; TODO: make it an installable package and add it to the dependencies"
    if carried is None:
        where = "outside the notebook's folder tree" if module.outside else "beside the notebook"
        why = module.problem or "it holds no Python file"
        if module.outside:
            why = f"{module.shown} is {where}"
        return (
            f"the local module '{module.name}' is not carried into the package ({why}) and is "
            f"not a requirement{todo}, or copy it into the package"
        )
    found = sorted(
        name for path, text in module.files for name in names if _imports_by_name(text, name)
    )
    notes = []
    if carried.target != module.name:
        notes.append(
            f"'{module.name}' is the name of a module nb2mod writes: carried as "
            f"{package}.{carried.target} and imported from there under its own name"
        )
    if found:
        shown = ", ".join(f"'{n}'" for n in dict.fromkeys(found))
        notes.append(
            f"its code imports the local module(s) {shown} by their own name, which only "
            f"works beside the notebook; TODO: make those imports relative (from . import ...)"
        )
    return "; ".join(notes)


def _imports_by_name(text: str, name: str) -> bool:
    """Whether a line of ``text`` imports ``name`` absolutely (``import name``,
    ``from name import``, ``from name.x import``): a line-level look, not a parse."""
    for line in text.splitlines():
        words = line.strip().replace(",", " ").split()
        if len(words) >= 2 and words[0] in ("import", "from"):
            if words[1] == name or words[1].startswith(name + "."):
                return True
    return False
