"""Star imports made explicit: which names each ``from M import *`` supplies, in notebook order.

A notebook runs top to bottom, so ``from numpy import *`` in cell 18 rebinds ``sum`` only for
the cells after it; a module's imports all run first. Given the names each star module
exports (gathered before planning), this walks the notebook in order, tracks where every name
was last bound, and decides:

* a name a star import supplies, and that means the same object everywhere it is read,
  becomes an explicit ``from M import name``;
* a name that means something else elsewhere (``sum`` is the builtin before the star import
  and numpy's after it) is read as ``M.name`` (or ``alias.name``) in the cells where the star
  import supplies it;
* a star import whose module could not be inspected stays as it is, with a warning.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from nb2mod.analysis.facts import Analysis, CellFacts, ImportFact, StatementFacts
from nb2mod.diagnostics import Diagnostic
from nb2mod.plan.model import Dropped, ImportPlan

Origin = tuple[str, str]  # (module, member) for imports and builtins; ("", name) for notebook


@dataclass(frozen=True)
class StarResolution:
    imports: tuple[ImportPlan, ...]  # the plan's imports, star imports replaced where known
    renames: tuple[tuple[int, str, str], ...] = ()  # (cell, name, qualified reference)
    warnings: tuple[Diagnostic, ...] = ()
    replaced: tuple[Dropped, ...] = ()  # each star import made explicit, and how


def resolve_star_imports(
    analysis: Analysis,
    imports: tuple[ImportPlan, ...],
    exports: Mapping[str, frozenset[str]],
    builtins: frozenset[str],
) -> StarResolution:
    stars = [i for i in imports if i.bound == "*"]
    if not stars:
        return StarResolution(imports)
    walk = _Walk(exports, builtins)
    for cell in analysis.cells:
        if cell.parsed:
            walk.cell(cell, analysis)
    path = analysis.notebook.path
    warnings = []
    replaced: dict[str, list[ImportPlan]] = {}
    renames: list[tuple[int, str, str]] = []
    notes: list[Dropped] = []
    taken = set(walk.origins) | builtins | {n for c in analysis.cells for n in c.defines}
    ambiguous = set(walk.mixed)  # one cell reads the name with two meanings: no rename fits
    for star in stars:
        if star.level or star.module not in exports:
            fact = walk.star_facts.get(star.module)
            warnings.append(_kept(path, fact, star.module))
            continue
        explicit, qualified = [], []
        used = walk.supplied.get(star.module, {})
        for name in sorted(used):
            origin = (star.module, name)
            if walk.origins[name] == {origin}:
                explicit.append(ImportPlan(star.module, name, name))
            else:
                qualified.append(name)
        alias = _module_alias(star.module, imports, walk, taken) if qualified else None
        mixed = any((where, name) in ambiguous for name in qualified for where in used[name])
        if qualified and (alias is None or mixed):
            warnings.append(_kept(path, walk.star_facts.get(star.module), star.module))
            continue
        if alias is not None:
            bound = alias.split(".")[0]
            if not any(i.bound == bound and i.name is None for i in imports):
                explicit.append(ImportPlan(star.module, None, bound))
            for name in qualified:
                for where in sorted(used[name]):
                    renames.append((where, name, f"{alias}.{name}"))
        replaced[star.statement()] = explicit
        notes.append(
            _made_explicit(walk.star_facts.get(star.module), star, explicit, alias, qualified)
        )
    out = _with_stars_replaced(imports, replaced)
    return StarResolution(out, tuple(sorted(set(renames))), tuple(warnings), tuple(notes))


def _made_explicit(
    fact: ImportFact | None,
    star: ImportPlan,
    explicit: list[ImportPlan],
    alias: str | None,
    qualified: list[str],
) -> Dropped:
    """The report's note for a star import replaced by explicit imports or qualified reads."""
    how = [i.statement() for i in explicit if i.name is not None] + [
        f"{alias}.{name}" for name in qualified
    ]
    return Dropped(
        fact.cell if fact else 0,
        fact.line if fact else 0,
        star.statement(),
        "made explicit: " + (", ".join(how) if how else "no name it binds is read"),
    )


def _with_stars_replaced(
    imports: tuple[ImportPlan, ...], replaced: Mapping[str, list[ImportPlan]]
) -> tuple[ImportPlan, ...]:
    """``imports`` with each replaced star import's explicit imports in its place, once each."""
    out: list[ImportPlan] = []
    for imp in imports:
        if imp.bound == "*" and imp.statement() in replaced:
            out.extend(i for i in replaced[imp.statement()] if i not in out)
        elif imp not in out:
            out.append(imp)
    return tuple(out)


class _Walk:
    """The notebook in execution order: where each read name was bound at that moment."""

    def __init__(self, exports: Mapping[str, frozenset[str]], builtins: frozenset[str]) -> None:
        self.exports = exports
        self.builtins = builtins
        self.bound: dict[str, tuple[Origin, str | None]] = {}  # name -> (origin, star module)
        self.origins: dict[str, set[Origin]] = defaultdict(set)  # every meaning a read had
        self.supplied: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.star_facts: dict[str, ImportFact] = {}
        self.cell_reads: dict[tuple[int, str], set[str | None]] = defaultdict(set)

    @property
    def mixed(self) -> list[tuple[int, str]]:
        """(cell, name) pairs where one cell reads a name with two meanings."""
        return [key for key, stars in self.cell_reads.items() if len(stars) > 1]

    def cell(self, cell: CellFacts, analysis: Analysis) -> None:
        for statement in cell.statements:
            for name in self._reads(statement, cell, analysis):
                self._read(cell.cell, name)
            pylab = any(
                m.name == "pylab" and statement.line <= m.line <= statement.end_line
                for m in cell.magics
            )  # %pylab imports numpy as np, pyplot as plt and everything from pylab
            if statement.kind == "import" or pylab:
                for fact in cell.imports:
                    if statement.line <= fact.line <= statement.end_line:
                        self._import(fact)
            for name in (*statement.defines, *statement.deletes):
                if statement.kind != "import":
                    self.bound[name] = (("", name), None)

    def _reads(
        self, statement: StatementFacts, cell: CellFacts, analysis: Analysis
    ) -> tuple[str, ...]:
        if statement.kind not in ("def", "class"):
            return statement.uses
        inside = tuple(
            name
            for f in analysis.functions
            if f.cell == cell.cell and statement.line <= f.line <= statement.end_line
            for name in f.reads_globals
        )
        return (*statement.uses, *inside)

    def _read(self, cell: int, name: str) -> None:
        if name in self.bound:
            origin, star = self.bound[name]
        elif name in self.builtins:
            origin, star = ("builtins", name), None
        else:
            return
        self.origins[name].add(origin)
        self.cell_reads[(cell, name)].add(star)
        if star is not None:
            self.supplied[star][name].add(cell)

    def _import(self, fact: ImportFact) -> None:
        if fact.bound != "*":
            origin = (fact.module, fact.name) if fact.name else (fact.module, "")
            self.bound[fact.bound] = (origin, None)
            return
        self.star_facts.setdefault(fact.module, fact)
        if fact.level:
            return
        for name in self.exports.get(fact.module, ()):
            self.bound[name] = ((fact.module, name), fact.module)


def _module_alias(
    module: str, imports: tuple[ImportPlan, ...], walk: _Walk, taken: set[str]
) -> str | None:
    """How the package can name ``module``: an alias the notebook already binds to it and
    never rebinds, or the module's own dotted name when its first part is free."""
    for imp in imports:
        if imp.module == module and imp.name is None and imp.level == 0 and imp.bound != "*":
            if imp.bound == module.split(".")[0] and "." in module:
                return module if walk.origins.get(imp.bound, set()) <= {(module, "")} else None
            if walk.origins.get(imp.bound, set()) <= {(module, "")}:
                return imp.bound
    top = module.split(".")[0]
    return module if top not in taken else None


def _kept(path: str, fact: ImportFact | None, module: str) -> Diagnostic:
    cell, line = (fact.cell, fact.line) if fact else (0, 0)
    return Diagnostic(
        path,
        cell,
        line,
        1,
        "NB000",
        f"'from {module} import *' kept: the names it binds could not be made explicit, and "
        "in a module they apply to every step, not only to the cells after it",
        "warning",
    )
