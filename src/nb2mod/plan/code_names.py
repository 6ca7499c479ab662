"""The names pipeline.py's code will hold, worked out from the facts and the plan's rewrites.

pipeline.py keeps an import only if its code names it, and keeps a star import only if its
code reads a name nothing binds; a step declares ``global`` the module state it assigns.
These are decisions about code that codegen has not written yet: each statement's names
(from the analysis walk) are changed here exactly as the rewriting passes change its code
(a ``plt.show()`` line becomes ``save_figure(...)``, ``print`` becomes ``logger.info``...),
and the names of nb2mod's own code are added. ``CodeNames`` accumulates them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from nb2mod.analysis.facts import Analysis, StatementFacts
from nb2mod.analysis.names import IMPORTED_FOR_EFFECT
from nb2mod.plan.helpers import HELPERS
from nb2mod.plan.magics import TIMED
from nb2mod.plan.model import Definition, Plan, StatementRef, Step


@dataclass
class CodeNames:
    """Names read (with how often), stored, and bound otherwise; the helpers the code calls."""

    reads: Counter[str] = field(default_factory=Counter)
    writes: set[str] = field(default_factory=set)
    binds: set[str] = field(default_factory=set)
    helpers: set[str] = field(default_factory=set)

    def add(
        self, reads: Iterable[str] = (), writes: Iterable[str] = (), binds: Iterable[str] = ()
    ) -> None:
        self.reads.update(reads)
        self.writes.update(writes)
        self.binds.update(binds)

    def use(self, helper: str) -> None:
        self.helpers.add(helper)

    @property
    def mentioned(self) -> set[str]:
        """Every name the code holds as a name (what an import is kept for)."""
        return {n for n, count in self.reads.items() if count > 0} | self.writes

    def unbound(self, bound: Iterable[str]) -> set[str]:
        """Names read that neither the code nor ``bound`` binds."""
        known = self.writes | self.binds | set(bound)
        return {n for n, count in self.reads.items() if count > 0 and n not in known}


def statement_names(
    names: CodeNames,
    plan: Plan,
    analysis: Analysis,
    cell: int,
    index: int,
    ref: StatementRef | None = None,
) -> None:
    """Add what a statement a step keeps (``ref``), or a lifted definition, will hold."""
    statement = analysis.statement(cell, index)
    if statement is None or (ref is not None and (ref.action == "drop" or ref.as_comment)):
        return  # a dropped magic, or a statement kept as a comment
    if (cell, statement.line) in plan.path_edits:
        return  # a sys.path edit commented out (its local modules are in the package)
    if is_magic_line(statement):
        _magic_line(names, plan, cell, statement)
        return
    reads = Counter(dict(statement.reads))
    reads.pop("get_ipython", None)  # a magic inside a block becomes a comment too
    binds = set(statement.binders)
    _timed_magics(names, plan, statement)
    _figures(names, plan, cell, statement, reads)
    _writes(names, plan, cell, statement)
    if statement.log_prints:
        reads["print"] -= statement.log_prints
        reads[plan.name("logger")] += 1
    if statement.effect_import:
        binds -= set(IMPORTED_FOR_EFFECT)
        reads[plan.name("importlib")] += 1
        names.use("importlib")
    _renamed(plan, cell, reads)
    _lifted_calls(names, plan, statement, reads)
    names.reads.update(reads)
    names.add(writes=statement.writes, binds=binds)
    if ref is not None:
        _wrappers(names, plan, ref)


def definition_names(
    names: CodeNames, plan: Plan, analysis: Analysis, definition: Definition
) -> None:
    """Add what a lifted function or class will hold: its statement's names, its new
    keyword-only parameters, without the imports it drops."""
    inner = CodeNames()
    statement_names(inner, plan, analysis, definition.cell, definition.index)
    names.reads.update(inner.reads)
    names.add(writes=inner.writes, binds=inner.binds - set(definition.unused_imports))
    names.add(binds=definition.added_params)
    names.helpers |= inner.helpers


def is_magic_line(statement: StatementFacts) -> bool:
    """A top-level line that calls get_ipython(): codegen replaces the whole line."""
    return statement.kind not in ("def", "class", "control") and "get_ipython" in dict(
        statement.reads
    )


def _magic_line(names: CodeNames, plan: Plan, cell: int, statement: StatementFacts) -> None:
    magic = plan.magic_at(cell, statement.line)
    if magic is None or statement.kind != "expression":
        names.add(writes=statement.writes)  # a TODO comment; ``x = !ls`` keeps ``x = None``
        return
    if magic.action == "timed":
        _timed_magics(names, plan, statement)
    elif (
        magic.action == "writefile" and len([w for w in magic.detail.split() if w[:1] != "-"]) == 1
    ):
        names.add(reads=[plan.name("write_asset")])
        names.use("write_asset")


def _timed_magics(names: CodeNames, plan: Plan, statement: StatementFacts) -> None:
    """``%timeit f(x)`` becomes ``with timed(...): f(x)``: the names of its code appear."""
    for method, magic, read in statement.magics:
        if method in ("run_line_magic", "run_cell_magic") and magic in TIMED:
            names.add(reads=[plan.name("timed"), *read])
            names.use("timed")


def _figures(
    names: CodeNames, plan: Plan, cell: int, statement: StatementFacts, reads: Counter[str]
) -> None:
    """``plt.show()`` lines become ``figures.shown(...)`` (or a comment when figures are
    not saved)."""
    if cell not in plan.show_cells:
        return
    for alias, _ in statement.shows:
        if alias not in plan.plot_aliases:
            continue
        reads[alias] -= 1
        if plan.save_plots:
            reads.update([plan.name("figures")])
            names.use("figures")


def _writes(names: CodeNames, plan: Plan, cell: int, statement: StatementFacts) -> None:
    """A line that writes a file goes under ``with writing(what, path):``."""
    for site in plan.write_sites:
        if site.cell == cell and statement.line <= site.line <= statement.end_line:
            names.add(
                reads=[plan.name("writing"), *([site.path.split(".")[0]] if site.path else [])]
            )
            names.use("writing")


def _renamed(plan: Plan, cell: int, reads: Counter[str]) -> None:
    """Names a star import supplied, read qualified in this cell (``numpy.sum``)."""
    for where, name, qualified in plan.renames:
        if where == cell and reads.get(name):
            del reads[name]
            reads[qualified.split(".")[0]] += 1


def _lifted_calls(
    names: CodeNames, plan: Plan, statement: StatementFacts, reads: Counter[str]
) -> None:
    """A call of a lifted function passes the globals it now takes; passing the function
    itself becomes ``functools.partial(f, name=name)``."""
    for d in plan.definitions:
        if not d.added_params or not reads.get(d.name):
            continue
        reads.update(d.added_params)
        if d.name in statement.arguments:
            reads[plan.name("functools")] += 1
            names.use("functools")


def _wrappers(names: CodeNames, plan: Plan, ref: StatementRef) -> None:
    if ref.shown_as:
        names.add(reads=[ref.shown_as], writes=[ref.shown_as])
    if ref.action == "debug":
        names.add(reads=[plan.name("logger")])
    if ref.shows_figure:
        names.add(reads=[plan.name("figures")])
        names.use("figures")
    if ref.reads_file:
        names.add(reads=[plan.name("reading")])
    if ref.read_field:
        names.add(reads=[ref.read_name or plan.config_name])
    if ref.timed:
        names.add(reads=[plan.name("timed")])


def generated_names(names: CodeNames, plan: Plan) -> None:
    """The names of the code nb2mod writes around the notebook's: PipelineError, set_seeds,
    each step's signature and return, run()."""
    n = plan.name
    names.add(reads=["Exception"], binds=[n("PipelineError")])
    c = plan.config_name
    if plan.seed_libraries:
        names.add(reads=[n("Config"), c, *plan.seed_libraries])
        names.add(binds=[n("set_seeds"), c, *plan.seed_libraries])
    for step in plan.steps:
        _step_names(names, plan, step)
    names.add(reads=[n("Config"), "dict", "str", n("Any"), "config", n("Config")])
    names.add(binds=[n("run"), "config"])
    if plan.saves_figures:
        names.add(reads=[n("figures")])
        names.use("figures")
    names.add(writes=[c])
    if plan.seed_libraries:
        names.add(reads=[n("set_seeds"), c])
    for step in plan.steps:
        names.add(reads=[step.name, *([c] if step.uses_config else []), *step.params])
        names.add(writes=step.returns)
    names.add(reads=[*plan.results, *([n("bound_results")] if plan.unbound_results else [])])


def _step_names(names: CodeNames, plan: Plan, step: Step) -> None:
    params = [plan.config_name] if step.uses_config else []
    names.add(binds=[step.name, *params, *step.params])
    if step.uses_config:
        names.add(reads=[plan.name("Config")])
    if step.returns:
        many = ["tuple"] if len(step.returns) > 1 else []
        names.add(reads=[plan.name("Any"), *many, *step.returns])
    if step.undefined:
        names.add(reads=[plan.name("undefined_in_notebook")], writes=step.undefined)
        names.use("undefined_in_notebook")
    if step.unbound:
        names.add(reads=[plan.name("UNBOUND")], writes=step.unbound)
    for _, name, _ in step.history:
        names.add(writes=[name])
    if step.commented:
        helper = plan.name("bound_in_commented_cell")
        names.add(reads=[helper], writes=[n for n, _ in step.commented])
    closing = [c for c in step.cells if c in plan.close_figures and c not in step.unparsed]
    if closing and any(r.cell in closing for r in step.statements):
        if plan.save_plots:
            names.add(reads=[plan.name("figures")])
            names.use("figures")
        else:
            names.add(reads=[plan.plot_aliases[0]])


def helper_names(names: CodeNames, plan: Plan, helpers: Iterable[str]) -> None:
    for name in helpers:
        reads, writes, binds = HELPERS[name].names(plan)
        names.add(reads=reads, writes=writes, binds=binds)
