"""The planner: analysis facts + settings -> Plan. Every conversion decision is made here."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from nb2mod.analysis.facts import Analysis
from nb2mod.analysis.names import MODULE_GLOBALS
from nb2mod.environment import Environment
from nb2mod.local_modules import LocalModule
from nb2mod.plan.commented import commented_binders, commented_cells, commented_warnings
from nb2mod.plan.config_fields import definition_lines, plan_config_fields
from nb2mod.plan.definitions import dropped_local_imports, plan_definitions
from nb2mod.plan.dependencies import resolve_dependencies
from nb2mod.plan.documentation import notebook_title, opening_paragraph, step_description
from nb2mod.plan.figures import plan_figures, plot_aliases
from nb2mod.plan.flows import Unit, final_results, statement_unit, step_flows
from nb2mod.plan.generated_names import name_of, plan_generated_names
from nb2mod.plan.generated_tests import known_outcomes, plan_tests, unrepeatable_tests
from nb2mod.plan.history import HistoryPlan, history_warnings, plan_history
from nb2mod.plan.imports import plan_imports
from nb2mod.plan.local_modules import plan_local_modules
from nb2mod.plan.magics import plan_magic
from nb2mod.plan.model import (
    ConfigField,
    Definition,
    ImportPlan,
    MagicPlan,
    Plan,
    RandomSite,
    StatementRef,
    Step,
)
from nb2mod.plan.module_code import plan_module_code
from nb2mod.plan.module_state import module_state, state_in
from nb2mod.plan.naming import GENERATED_NAMES, package_name, unique_names
from nb2mod.plan.paths import folder_fields
from nb2mod.plan.random_sites import plan_random_sites, site_warnings
from nb2mod.plan.random_uses import random_state_source, seeds_candidates
from nb2mod.plan.returns import bound_returns
from nb2mod.plan.secrets import (
    redactions,
    secret_fields,
    secret_sites,
    secret_warnings,
    without_secret_calls,
    without_secret_titles,
    without_secrets,
)
from nb2mod.plan.seeds import seed_default, seed_libraries, with_seed_field
from nb2mod.plan.star_imports import StarResolution, resolve_star_imports
from nb2mod.plan.statements import statement_refs
from nb2mod.plan.steps import CellGroup, group_cells
from nb2mod.plan.warnings import conversion_warnings, dropped, state_warnings
from nb2mod.plan.writes import plan_writes
from nb2mod.settings import Settings
from nb2mod.signatures import RandomStateSignatures


@dataclass(frozen=True)
class _Layout:
    """What the steps are planned from: module-level names, definitions, magics, config."""

    imports: tuple[ImportPlan, ...]
    state: tuple[str, ...]
    definitions: tuple[Definition, ...]
    magics: tuple[MagicPlan, ...]
    fields: tuple[ConfigField, ...]
    seed_field: str
    libraries: tuple[str, ...]
    history: HistoryPlan
    generated: tuple[tuple[str, str], ...]  # nb2mod's names the notebook uses, renamed
    signatures: RandomStateSignatures | None = None  # which scikit-learn calls take a seed

    @property
    def module_names(self) -> set[str]:
        return {i.bound for i in self.imports if i.bound != "*"} | set(self.state)


def plan_conversion(
    analysis: Analysis,
    settings: Settings | None = None,
    star_exports: Mapping[str, frozenset[str]] | None = None,
    environments: tuple[Environment, Environment] | None = None,
    local: tuple[LocalModule, ...] = (),
    signatures: RandomStateSignatures | None = None,
) -> Plan:
    """Decide the package layout, steps, dataflow, config, seeds, magic translations and
    the module code of pipeline.py (its helpers, imports and each step's globals).

    ``star_exports`` maps each module named by a star import to the names it exports
    (``nb2mod.star_exports`` gathers them); without it star imports are kept as written.
    ``environments`` are where the dependencies resolve and nb2mod's own (without them the
    plan lists none); ``local`` are the modules the notebook imports from its folder
    (``nb2mod.local_modules``), never listed as dependencies; ``signatures``: which calls
    take ``random_state`` by the installed scikit-learn (without it, by nb2mod's table)."""
    settings = settings or Settings()
    stars = resolve_star_imports(
        analysis, plan_imports(analysis), star_exports or {}, MODULE_GLOBALS
    )
    layout = _layout(analysis, settings, stars.imports, signatures)
    steps, results, display, sites = _steps(analysis, settings, layout)
    steps, results, unbound = bound_returns(analysis, steps, results, layout.state)
    plan = _plan(analysis, settings, layout, stars, steps, results, display)
    plan = dataclasses.replace(
        plan,
        unbound_results=unbound,
        seeds=settings.seeds,
        random_sites=sites,
        notebook_seeded=any(s.global_state for s in analysis.seeds),
        random_state_source=random_state_source(analysis, sites, signatures, settings.seeds),
    )
    warnings = {*plan.warnings, *site_warnings(analysis, sites, plan)}
    plan = dataclasses.replace(
        plan, warnings=tuple(sorted(warnings)), tests=unrepeatable_tests(plan)
    )
    plan = dataclasses.replace(plan, tests=known_outcomes(plan, analysis))
    plan = plan_module_code(
        plan_writes(plan_figures(plan_local_modules(plan, analysis, local), analysis), analysis),
        analysis,
    )
    if environments is None:
        return plan
    modules = third_party(plan.imported_modules, plan.package)
    names = [m.name for m in local]
    needed = {m: why for c in analysis.cells for m, why in c.needs}
    found = resolve_dependencies(
        modules, plan.requirements, *environments, local=names, needed=needed
    )
    return dataclasses.replace(plan, dependencies=found)


def _layout(
    analysis: Analysis,
    settings: Settings,
    imports: tuple[ImportPlan, ...],
    signatures: RandomStateSignatures | None,
) -> _Layout:
    state = module_state(analysis)
    module_names = {i.bound for i in imports if i.bound != "*"} | set(state)
    definitions = plan_definitions(analysis, module_names, set(state))
    definitions = without_secret_calls(definitions, analysis.secrets)
    libraries = seed_libraries(analysis, settings.seeds)
    fields = without_secrets(plan_config_fields(analysis, definitions), analysis.secrets)
    wanted = bool(libraries) or seeds_candidates(analysis, settings.seeds, signatures)
    fields, seed_field = with_seed_field(analysis, fields, wanted, definitions)
    package = _package(analysis, settings, imports)
    fields = (*fields, *secret_fields(analysis, fields, package), *folder_fields())
    magics = tuple(plan_magic(m) for c in analysis.cells for m in c.magics)
    history = plan_history(analysis, all_names(analysis) | GENERATED_NAMES)
    generated = plan_generated_names(analysis)
    return _Layout(
        imports,
        state,
        definitions,
        magics,
        fields,
        seed_field,
        libraries,
        history,
        generated,
        signatures,
    )


def _steps(
    analysis: Analysis, settings: Settings, layout: _Layout
) -> tuple[tuple[Step, ...], tuple[str, ...], bool, tuple[RandomSite, ...]]:
    """The steps (params and returns by dataflow), run()'s results before settling,
    whether IPython's display() is read where the module does not define it, and what seeds
    each random draw."""
    lifted = {d.name: d for d in layout.definitions}
    groups = without_secret_titles(
        group_cells(analysis.notebook, settings.split, settings.heading_level), analysis.secrets
    )
    refs, units = _refs_and_units(analysis, groups, layout)
    outside = set(MODULE_GLOBALS) | layout.module_names | set(lifted)
    display = reads_display(analysis) and "display" not in layout.module_names | set(lifted)
    display = display and not any("display" in u.writes for u in units)
    if display:
        outside.add("display")
    flows = step_flows(units, len(groups), outside)
    sites = _random_sites(analysis, settings, layout, [r for g in refs for r in g])
    seeded_cells = {s.cell for s in sites if s.how == "argument"}
    own = set(name_of(layout.generated).values()) | GENERATED_NAMES
    names = unique_names((g.title for g in groups), all_names(analysis) | outside | own)
    star = any(i.bound == "*" for i in layout.imports)
    commented = commented_cells(analysis, layout.magics)
    steps = []
    for group, name, flow, group_refs in zip(groups, names, flows, refs, strict=True):
        unparsed = tuple(c for c in group.cells if analysis.module(c) is None)
        if all(ref.action == "drop" for ref in group_refs) and not unparsed:
            continue
        undefined = () if star else flow.undefined
        binders = commented_binders(analysis, commented, group.cells, undefined)
        unknown = [n for c in group.cells for n in layout.history.unknown.get(c, [])]
        undefined = tuple(dict.fromkeys([*undefined, *unknown]))
        steps.append(
            Step(
                name=name,
                title=group.title,
                cells=group.cells,
                statements=tuple(group_refs),
                params=flow.params,
                returns=flow.returns,
                uses_config=uses_config(analysis, group_refs, layout.fields)
                or bool(seeded_cells & set(group.cells)),
                undefined=tuple(n for n in undefined if n not in dict(binders)),
                commented=binders,
                history=tuple(
                    (c, n, code)
                    for c in group.cells
                    for n, code in layout.history.bindings.get(c, [])
                ),
                unparsed=unparsed,
                module_state=state_in(analysis, group_refs, layout.state),
                description=_description(analysis, group),
            )
        )
    todo = todo_targets(analysis) | {n for b in layout.history.bindings.values() for n, _ in b}
    results = [n for n in final_results(units, outside - set(layout.state)) if n not in todo]
    return tuple(steps), tuple(results), display, sites


def _random_sites(
    analysis: Analysis, settings: Settings, layout: _Layout, refs: Sequence[StatementRef]
) -> tuple[RandomSite, ...]:
    names = name_of(layout.generated)
    inside = definition_lines(analysis, layout.definitions)
    field = next((f for f in layout.fields if f.name == layout.seed_field), None)
    in_code = field is not None and field.cell > 0
    return plan_random_sites(
        analysis, settings.seeds, refs, inside, names["config"], layout.seed_field,
        names["set_seeds"], in_code, layout.signatures,
    )  # fmt: skip


def _refs_and_units(
    analysis: Analysis, groups: Sequence[CellGroup], layout: _Layout
) -> tuple[list[list[StatementRef]], list[Unit]]:
    """Each group's statements, and the units of the dataflow: a cell that reads IPython's
    output history first binds it from the values earlier cells displayed."""
    lifted = {d.name: d for d in layout.definitions}
    history = layout.history
    refs = [
        [
            dataclasses.replace(r, shown_as=history.shown.get((r.cell, r.index)))
            for cell in g.cells
            for r in statement_refs(analysis, cell, lifted, layout.magics, layout.fields)
        ]
        for g in groups
    ]
    units = []
    for number, (group, group_refs) in enumerate(zip(groups, refs, strict=True)):
        for cell in group.cells:
            if cell in history.bindings:
                bound = tuple(n for n, _ in history.bindings[cell])
                units.append(Unit(number, tuple(history.reads[cell]), bound))
            units += [
                statement_unit(number, analysis, r, lifted) for r in group_refs if r.cell == cell
            ]
    return refs, units


def _plan(
    analysis: Analysis,
    settings: Settings,
    layout: _Layout,
    stars: StarResolution,
    steps: Sequence[Step],
    results: Sequence[str],
    display: bool,
) -> Plan:
    aliases = plot_aliases(analysis)
    made_explicit = {(d.cell, d.line) for d in stars.replaced}
    named = dict(layout.generated)  # the names pipeline.py gives nb2mod's own
    config_names = (named.get("config", "config"), named.get("Config", "Config"))
    warnings = {
        *conversion_warnings(analysis, layout.magics, made_explicit),
        *stars.warnings,
        *state_warnings(analysis),
        *commented_warnings(analysis, steps, layout.magics),
        *history_warnings(analysis, layout.history),
        *secret_warnings(analysis, layout.fields),
    }
    replaced = _hidden_warnings_replaced(steps)
    warnings = {w for w in warnings if w.code != "NB102" or (w.cell, w.message) not in replaced}
    return Plan(
        package=_package(analysis, settings, layout.imports),
        notebook=analysis.notebook.path,
        steps=tuple(steps),
        definitions=layout.definitions,
        imports=layout.imports,
        config_fields=layout.fields,
        seed_libraries=layout.libraries,
        seed_default=seed_default(analysis),
        results=tuple(results),
        magics=layout.magics,
        requirements=_requirements(layout.magics),
        dropped=(
            *dropped(analysis, steps, layout.magics),
            *stars.replaced,
            *dropped_local_imports(analysis, layout.definitions),
        ),
        warnings=tuple(sorted(warnings)),
        plot_aliases=aliases,
        save_plots=settings.plots == "save",
        ipython_display=display,
        format=settings.format,
        renamed_generated=layout.generated,
        seed_field=layout.seed_field,
        renames=stars.renames,
        module_state=layout.state,
        title=notebook_title(analysis.notebook),
        summary=opening_paragraph(analysis.notebook),
        tests=plan_tests(steps, layout.fields),
        secret_sites=secret_sites(analysis, layout.fields, *config_names),
        redactions=redactions(analysis),
    )


def _package(analysis: Analysis, settings: Settings, imports: Iterable[ImportPlan]) -> str:
    return package_name(settings.name, analysis.notebook.stem, {i.module for i in imports})


def _description(analysis: Analysis, group: CellGroup) -> str:
    if group.heading_cell is None:
        return ""
    cells = [c for c in analysis.notebook.cells if c.index >= group.heading_cell]
    return step_description(cells, group.title)


def third_party(modules: Iterable[str], package: str) -> list[str]:
    """Top-level module names that are neither stdlib, relative, nor the package, sorted."""
    tops = {m.split(".")[0] for m in modules if m and not m.startswith(".")}
    own = {"__future__", package}
    return sorted(t for t in tops if t not in sys.stdlib_module_names and t not in own)


def _hidden_warnings_replaced(steps: Iterable[Step]) -> set[tuple[int, str]]:
    """(cell, message) of the NB102 'read before any earlier cell defines it' warnings of
    names a commented cell may bind (commented_warnings says so instead)."""
    return {
        (cell, f"'{name}' is read before any earlier cell defines it")
        for step in steps
        for name, _ in step.commented
        for cell in step.cells
    } | {
        (cell, f"'{name}' is read before any earlier cell defines it")
        for step in steps
        for cell, name, _ in step.history
    }


def _requirements(magics: Iterable[MagicPlan]) -> tuple[str, ...]:
    return tuple(p for m in magics if m.action == "requirement" for p in m.detail.split())


def all_names(analysis: Analysis) -> set[str]:
    """Every name the notebook's cells bind, read or change."""
    names: set[str] = set()
    for cell in analysis.cells:
        names.update(cell.defines, cell.uses, cell.mutates)
        for statement in cell.statements:
            names.update(statement.defines, statement.uses)
    return names


def reads_display(analysis: Analysis) -> bool:
    """IPython's display() builtin is read by a cell or a notebook function."""
    return any("display" in c.uses for c in analysis.cells) or any(
        "display" in f.reads_globals for f in analysis.functions
    )


def todo_targets(analysis: Analysis) -> set[str]:
    """Names bound by magics the package cannot run (``x = !ls``): they are not results."""
    return {m.target for c in analysis.cells for m in c.magics if m.target}


def uses_config(
    analysis: Analysis, refs: Iterable[StatementRef], fields: Iterable[ConfigField]
) -> bool:
    """Some statement holds a literal lifted into Config."""
    fields = list(fields)
    for ref in refs:
        if ref.read_field is not None and ref.read_name is None:
            return True  # reading(..., config.FIELD)
        statement = analysis.statement(ref.cell, ref.index)
        if statement is None:
            continue
        for f in fields:
            sites = [(f.cell, f.line), *f.sites]
            if any(c == ref.cell and statement.line <= n <= statement.end_line for c, n in sites):
                return True
    return False
