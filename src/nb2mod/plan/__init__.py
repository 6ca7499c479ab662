"""The planner: analysis facts + settings -> Plan. Every conversion decision lives here."""

from __future__ import annotations

import ast
import builtins
import dataclasses
import keyword
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping

from nb2mod.analysis.facts import Analysis, CellFacts, FunctionFacts, Seed, StatementFacts
from nb2mod.analysis.names import IMPORTED_FOR_EFFECT
from nb2mod.diagnostics import Diagnostic
from nb2mod.errors import ConfigError
from nb2mod.plan.dataflow import Unit, final_results, step_flows
from nb2mod.plan.magics import plan_magic
from nb2mod.plan.model import (
    ConfigField,
    Definition,
    Dropped,
    ImportPlan,
    MagicPlan,
    Plan,
    StatementAction,
    StatementRef,
    Step,
)
from nb2mod.plan.star_imports import resolve_star_imports
from nb2mod.plan.steps import group_cells, identifier, unique_names
from nb2mod.settings import Settings

BUILTINS = frozenset(dir(builtins)) | {"__file__", "__name__", "__doc__"}
SEEDED_LIBRARIES = ("random", "numpy", "torch", "tensorflow")
GENERATED_NAMES = frozenset(
    {"run", "set_seeds", "config", "Config", "load_config", "logger", "timed", "reading"}
    | {"save_figure", "PipelineError", "display", "undefined_in_notebook", "results"}
)
_CONFIG_TYPES = {"int": "int", "float": "float", "bool": "bool", "str": "str", "path": "str"}
_CONFIG_TYPES["url"] = "str"


def plan_conversion(
    analysis: Analysis,
    settings: Settings | None = None,
    star_exports: Mapping[str, frozenset[str]] | None = None,
) -> Plan:
    """Decide the package layout, steps, dataflow, config, seeds and magic translations.

    ``star_exports`` maps each module named by a star import to the names it exports
    (``nb2mod.star_exports`` gathers them); without it star imports are kept as written."""
    settings = settings or Settings()
    notebook = analysis.notebook
    stars = resolve_star_imports(analysis, plan_imports(analysis), star_exports or {}, BUILTINS)
    imports = stars.imports
    state = module_state(analysis)
    module_names = {i.bound for i in imports if i.bound != "*"} | set(state)
    definitions = plan_definitions(analysis, module_names, set(state))
    lifted = {d.name: d for d in definitions}
    outside = set(BUILTINS) | module_names | set(lifted)
    star = any(i.bound == "*" for i in imports)
    magics = tuple(plan_magic(m) for c in analysis.cells for m in c.magics)
    fields = plan_config_fields(analysis, definitions)
    libraries = seed_libraries(analysis)
    fields, seed_field = _with_seed_field(analysis, fields, libraries, definitions)
    shows = _show_cells(analysis)
    if shows and settings.plots == "save":
        fields = (*fields, _generated_field(fields, "figures_dir", "figures", "figure folder"))
    groups = group_cells(notebook, settings.split, settings.heading_level)
    refs = [
        [ref for cell in g.cells for ref in _statement_refs(analysis, cell, lifted, magics)]
        for g in groups
    ]
    units = [
        _unit(step, analysis, ref, lifted)
        for step, group_refs in enumerate(refs)
        for ref in group_refs
    ]
    display = _reads_display(analysis) and "display" not in module_names | set(lifted)
    display = display and not _defined(units, "display")
    if display:
        outside.add("display")
    flows = step_flows(units, len(groups), outside)
    taken = _all_names(analysis) | outside | GENERATED_NAMES
    names = unique_names((g.title for g in groups), taken)
    steps = []
    for group, name, flow, group_refs in zip(groups, names, flows, refs, strict=True):
        unparsed = tuple(c for c in group.cells if not _parsed(analysis, c))
        if all(ref.action == "drop" for ref in group_refs) and not unparsed:
            continue
        undefined = () if star else flow.undefined
        steps.append(
            Step(
                name=name,
                title=group.title,
                cells=group.cells,
                statements=tuple(group_refs),
                params=flow.params,
                returns=flow.returns,
                uses_config=_uses_config(analysis, group_refs, fields)
                or (settings.plots == "save" and bool(shows & set(group.cells))),
                undefined=undefined,
                unparsed=unparsed,
                module_state=_state_in(analysis, group_refs, state),
            )
        )
    plot_aliases = _plot_aliases(analysis)
    taken_names = _all_names(analysis)
    made_explicit = {(d.cell, d.line) for d in stars.replaced}
    return Plan(
        package=package_name(settings.name, notebook.stem, {i.module for i in imports}),
        notebook=notebook.path,
        steps=tuple(steps),
        definitions=definitions,
        imports=imports,
        config_fields=fields,
        seed_libraries=libraries,
        seed_default=seed_default(analysis),
        results=tuple(
            n
            for n in final_results(units, outside - set(state))
            if n not in _todo_targets(analysis)
        ),
        magics=magics,
        requirements=tuple(
            p for m in magics if m.action == "requirement" for p in m.detail.split()
        ),
        dropped=(
            *_dropped(analysis, steps, magics),
            *stars.replaced,
            *_dropped_local_imports(analysis, definitions),
        ),
        warnings=tuple(
            sorted(
                {
                    *_warnings(analysis, magics, libraries, made_explicit),
                    *stars.warnings,
                    *_state_warnings(analysis),
                }
            )
        ),
        plot_aliases=plot_aliases,
        save_plots=settings.plots == "save",
        ipython_display=display,
        format=settings.format,
        config_name="pipeline_config" if "config" in taken_names else "config",
        seed_field=seed_field,
        show_cells=tuple(sorted(shows)),
        close_figures=_plot_cells(analysis) if _module_alias(imports, plot_aliases) else (),
        renames=stars.renames,
        module_state=state,
    )


def module_state(analysis: Analysis) -> tuple[str, ...]:
    """Names notebook functions rebind through ``global``: the package keeps them as module
    globals (declared ``global`` in the steps that use them), as the notebook did."""
    return tuple(sorted({name for f in analysis.functions for name in f.writes_globals}))


def _state_in(
    analysis: Analysis, refs: Iterable[StatementRef], state: tuple[str, ...]
) -> tuple[str, ...]:
    """The module-state names a step's statements bind, read or change."""
    if not state:
        return ()
    touched: set[str] = set()
    for ref in refs:
        statement = _statement(_cell(analysis, ref.cell), ref.index)
        if statement is not None:
            touched.update(statement.defines, statement.uses, statement.mutates)
    return tuple(name for name in state if name in touched)


def _state_warnings(analysis: Analysis) -> list[Diagnostic]:
    out = []
    for function in analysis.functions:
        for name in function.writes_globals:
            message = (
                f"{function.name}() rebinds '{name}' through 'global': the package keeps "
                f"'{name}' as module state, declared global in the steps that use it"
            )
            path = analysis.notebook.path
            out.append(Diagnostic(path, function.cell, function.line, 1, "NB000", message))
    return out


def _module_alias(imports: tuple[ImportPlan, ...], aliases: tuple[str, ...]) -> bool:
    return bool(aliases) and aliases[0] in {i.bound for i in imports}


def _plot_cells(analysis: Analysis) -> tuple[int, ...]:
    """Cells that draw: Jupyter's inline backend closes their figures when they end."""
    return tuple(sorted({e.cell for c in analysis.cells for e in c.effects if e.kind == "plot"}))


def _todo_targets(analysis: Analysis) -> set[str]:
    """Names bound by magics the package cannot run (``x = !ls``): they are not results."""
    return {m.target for c in analysis.cells for m in c.magics if m.target}


def _with_seed_field(
    analysis: Analysis,
    fields: tuple[ConfigField, ...],
    libraries: tuple[str, ...],
    definitions: tuple[Definition, ...],
) -> tuple[tuple[ConfigField, ...], str]:
    """The Config field set_seeds() uses: the notebook's own seed literal when it is one."""
    if not libraries:
        return fields, "seed"
    for seed in analysis.seeds:
        for f in fields:
            if (f.cell, f.line) == (seed.cell, seed.line) and f.type == "int":
                return fields, f.name
            if f.type == "int" and f.variable and seed.value == f.variable:
                return fields, f.name  # np.random.seed(SEED) with SEED = 42 lifted into Config
    inside = _definition_lines(analysis, definitions)
    seeds = [s for s in analysis.seeds if (s.cell, s.line) not in inside]
    first = seeds[0] if seeds else None
    default = seed_default(analysis)
    where = (first.cell, first.line, first.col) if first else (0, 0, 0)
    field = ConfigField("seed", "int", default, *where, str(default), "random seed")
    if first is None or first.value is None or not first.value.strip().isdigit():
        field = ConfigField("seed", "int", default, 0, 0, 0, "", "random seed (none set)")
    field = _generated_field(fields, "seed", default, field.reason, field)
    return (*fields, field), field.name


def _generated_field(
    fields: Iterable[ConfigField],
    name: str,
    default: object,
    reason: str,
    template: ConfigField | None = None,
) -> ConfigField:
    taken = {f.name for f in fields}
    base, n = name, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    if template is not None:
        return ConfigField(name, *[getattr(template, a) for a in _FIELD_REST])
    kind = "int" if isinstance(default, int) else "str"
    return ConfigField(name, kind, default, 0, 0, 0, "", reason)


_FIELD_REST = ("type", "default", "cell", "line", "col", "code", "reason", "variable", "keyword")


def _show_cells(analysis: Analysis) -> set[int]:
    return {
        e.cell
        for c in analysis.cells
        for e in c.effects
        if e.kind == "plot" and e.call.endswith("pyplot.show")
    }


def package_name(given: str | None, stem: str, imported: Iterable[str]) -> str:
    """A valid, importable package name that shadows neither the stdlib nor an import."""
    if given is not None:
        if not given.isidentifier() or keyword.iskeyword(given):
            raise ConfigError(f"--name {given!r} is not a valid Python package name")
        return given
    name = identifier(stem, "notebook")
    if name[0].isdigit():
        name = f"nb_{name}"
    clashes = set(sys.stdlib_module_names) | {m.split(".")[0] for m in imported} | BUILTINS
    return f"{name}_pipeline" if name in clashes or keyword.iskeyword(name) else name


def plan_imports(analysis: Analysis) -> tuple[ImportPlan, ...]:
    """Imports from top-level import statements, de-duplicated by the name they bind."""
    chosen: dict[str, ImportPlan] = {}
    for cell in analysis.cells:
        lines = {
            line
            for s in cell.statements
            if s.kind == "import"
            for line in range(s.line, s.end_line + 1)
        } | {
            m.line for m in cell.magics if m.name == "pylab"
        }  # its imports, as the facts say
        for fact in cell.imports:
            if fact.line not in lines or fact.module == "__future__":
                continue
            plan = ImportPlan(fact.module, fact.name, fact.bound, fact.level)
            key = plan.statement() if fact.bound == "*" else fact.bound
            chosen.pop(key, None)
            chosen[key] = plan
    return tuple(chosen.values())


def plan_definitions(
    analysis: Analysis, module_names: set[str], state: set[str] | None = None
) -> tuple[Definition, ...]:
    """Functions and classes that can live at module level, with the globals they need.
    ``state`` (module state, among ``module_names``) exists only once run() binds it: a
    body may read it, a decorator, default or class body (run at import) may not."""
    state = state or set()
    counts = Counter(name for c in analysis.cells for s in c.statements for name in s.defines)
    candidates = {
        f.name: f
        for f in analysis.functions
        if counts[f.name] == 1 and not f.writes_globals and _def_statement(analysis, f)
    }
    while True:
        outside = set(BUILTINS) | module_names | set(candidates)
        added = _added_params(candidates, outside)
        keep = {
            name: f
            for name, f in candidates.items()
            if not (f.kind == "class" and added[name])
            and not set(added[name]) & set(f.params)
            and _def_time_names(analysis, f) <= outside - state
        }
        if len(keep) == len(candidates):
            break
        candidates = keep
    return tuple(
        Definition(
            name=f.name,
            kind=f.kind,
            cell=f.cell,
            index=_def_statement(analysis, f).index,  # type: ignore[union-attr]
            added_params=added[f.name],
            pure=f.pure and not added[f.name] and f.kind == "function",
            unused_imports=_unused_local_imports(analysis, f) if f.kind == "function" else (),
        )
        for f in sorted(candidates.values(), key=lambda f: (f.cell, f.line))
    )


def _dropped_local_imports(
    analysis: Analysis, definitions: tuple[Definition, ...]
) -> list[Dropped]:
    lines = {(f.cell, f.name): f.line for f in analysis.functions}
    return [
        Dropped(d.cell, lines.get((d.cell, d.name), 0), f"import {name} in {d.name}()", "unused")
        for d in definitions
        for name in d.unused_imports
    ]


def _unused_local_imports(analysis: Analysis, function: FunctionFacts) -> tuple[str, ...]:
    """Names a function's own top-level imports bind and its body never reads: the package
    drops those imports (pyflakes would report them), as it drops unused module imports."""
    statement = _def_statement(analysis, function)
    node = _statement_ast(analysis, function.cell, statement.index, "import") if statement else None
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return ()
    bound = [
        (alias.asname or alias.name).split(".")[0]
        for child in node.body
        if isinstance(child, (ast.Import, ast.ImportFrom))
        for alias in child.names
        if alias.name != "*"
    ]
    if not bound:
        return ()
    read = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    strings = " ".join(
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    )  # a name in a string annotation or __all__ counts as read
    return tuple(
        sorted({b for b in bound if b not in read and not re.search(rf"\b{b}\b", strings)})
    )


def _def_time_names(analysis: Analysis, function: FunctionFacts) -> set[str]:
    """Names a def statement reads when it runs (decorators, defaults, base classes)."""
    statement = _def_statement(analysis, function)
    return set(statement.uses) - {function.name} if statement else set()


def _added_params(
    functions: dict[str, FunctionFacts], outside: set[str]
) -> dict[str, tuple[str, ...]]:
    added = {
        name: [g for g in f.reads_globals if g not in outside and g != name]
        for name, f in functions.items()
    }
    changed = True
    while changed:
        changed = False
        for name, f in functions.items():
            for callee in dict.fromkeys([*f.calls, *f.reads_globals]):
                for extra in added.get(callee, []):
                    if extra not in added[name] and extra != name:
                        added[name].append(extra)
                        changed = True
    return {name: tuple(params) for name, params in added.items()}


def _def_statement(analysis: Analysis, function: FunctionFacts) -> StatementFacts | None:
    cell = _cell(analysis, function.cell)
    if cell is None:
        return None
    for statement in cell.statements:
        if (
            statement.kind in ("def", "class")
            and function.name in statement.defines
            and statement.line <= function.line <= statement.end_line
        ):
            return statement
    return None


def plan_config_fields(
    analysis: Analysis, definitions: Iterable[Definition]
) -> tuple[ConfigField, ...]:
    """Config fields from the analyzer's candidates that live in step code."""
    inside_defs = _definition_lines(analysis, definitions)
    fields: list[ConfigField] = []
    used: set[str] = set(GENERATED_NAMES) | set(keyword.kwlist) | {"replace"}
    for c in analysis.config_candidates:
        kind = _CONFIG_TYPES.get(c.type)
        if kind is None or not _tomlable(c.value) or (c.cell, c.line) in inside_defs:
            continue
        if not _parsed(analysis, c.cell):
            continue
        same = next(
            (
                i
                for i, f in enumerate(fields)
                if c.type in ("path", "url") and f.default == c.value and f.keyword is None
            ),
            None,
        )
        if same is not None:
            merged = fields[same]
            fields[same] = dataclasses.replace(merged, sites=(*merged.sites, (c.cell, c.line)))
            continue
        name = identifier(c.name, "value")
        base, n = name, 2
        while name in used:
            name, n = f"{base}_{n}", n + 1
        used.add(name)
        fields.append(
            ConfigField(
                name=name,
                type="bool" if isinstance(c.value, bool) else kind,
                default=c.value,
                cell=c.cell,
                line=c.line,
                col=c.col,
                code=c.code or repr(c.value),
                reason=c.reason,
                variable=c.variable,
                keyword=c.keyword,
            )
        )
    return tuple(fields)


def _tomlable(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, (bool, int, str)) and "\x00" not in str(value)


def _definition_lines(
    analysis: Analysis, definitions: Iterable[Definition]
) -> set[tuple[int, int]]:
    lines: set[tuple[int, int]] = set()
    for d in definitions:
        cell = _cell(analysis, d.cell)
        statement = _statement(cell, d.index) if cell else None
        if statement is not None:
            lines.update((d.cell, n) for n in range(statement.line, statement.end_line + 1))
    return lines


def seed_libraries(analysis: Analysis) -> tuple[str, ...]:
    used = {s.library for s in analysis.seeds} | {r.library for r in analysis.randomness}
    return tuple(lib for lib in SEEDED_LIBRARIES if lib in used)


def seed_default(analysis: Analysis) -> int:
    for seed in analysis.seeds:
        if seed.value is not None and seed.value.strip().isdigit():
            return int(seed.value)
    return 0


class _Index:
    """Lookups by cell and statement, built once per analysis (the planner asks often)."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.cells = {c.cell: c for c in analysis.cells}
        self.modules = {p.index: p.module for p in analysis.parsed if p.module is not None}
        self.parsed = set(self.modules)
        self.statements = {(c.cell, s.index): s for c in analysis.cells for s in c.statements}


_LAST: list[_Index] = []


def _index(analysis: Analysis) -> _Index:
    if not _LAST or _LAST[0].analysis is not analysis:
        _LAST[:] = [_Index(analysis)]
    return _LAST[0]


def _cell(analysis: Analysis, cell: int) -> CellFacts | None:
    return _index(analysis).cells.get(cell)


def _statement(cell: CellFacts | None, index: int) -> StatementFacts | None:
    if cell is None:
        return None
    if _LAST and _LAST[0].cells.get(cell.cell) is cell:
        return _LAST[0].statements.get((cell.cell, index))
    return next((s for s in cell.statements if s.index == index), None)


def _parsed(analysis: Analysis, cell: int) -> bool:
    return cell in _index(analysis).parsed


def _statement_refs(
    analysis: Analysis, cell: int, lifted: dict[str, Definition], magics: tuple[MagicPlan, ...]
) -> list[StatementRef]:
    parsed = next((p for p in analysis.parsed if p.index == cell), None)
    facts = _cell(analysis, cell)
    if parsed is None or parsed.module is None or facts is None:
        return []
    body = parsed.module.body
    refs = []
    cell_magic = next(
        (m for m in facts.magics if m.kind == "cell_magic" and m.name == "time"), None
    )
    for index in range(len(body)):
        statement = _statement(facts, index)
        if statement is not None and statement.kind == "import" and _only_imports(statement):
            if not _imported_for_effect(facts, statement):
                continue  # hoisted to the module's imports
        if statement is not None and any(
            d.cell == cell and d.index == index for d in lifted.values()
        ):
            continue
        last = index == len(body) - 1
        refs.append(
            StatementRef(
                cell=cell,
                index=index,
                action=_action(facts, statement, last, analysis.seeds),
                reads_file=_reads_file(analysis, facts, statement),
                timed=_timed(facts, statement, cell_magic is not None),
            )
        )
    return refs


def _only_imports(statement: StatementFacts) -> bool:
    return statement.kind == "import"


def _imported_for_effect(facts: CellFacts, statement: StatementFacts) -> bool:
    """``import this``: an import done for what it does, which stays where the notebook ran it
    (hoisted, it would run when the package is imported; unused, it would be dropped)."""
    found = [f for f in facts.imports if statement.line <= f.line <= statement.end_line]
    return bool(found) and all(
        f.name is None and f.level == 0 and f.module in IMPORTED_FOR_EFFECT for f in found
    )


def _action(
    facts: CellFacts, statement: StatementFacts | None, last: bool, seeds: tuple[Seed, ...]
) -> StatementAction:
    if statement is None or statement.kind != "expression" or statement.is_print:
        return "keep"
    if _dropped_magic(facts, statement):
        return "drop"
    if any(s.cell == facts.cell and s.line == statement.line for s in seeds):
        return "keep"
    if not (last and (statement.display_only or facts.display_only)) or statement.mutates:
        return "keep"
    effects = [
        e
        for e in facts.effects
        if statement.line <= e.line <= statement.end_line and e.kind not in ("display", "print")
    ]
    if effects:
        return "keep"
    return "debug"  # constants too: the log then shows what the notebook showed


def _dropped_magic(facts: CellFacts, statement: StatementFacts) -> bool:
    """A statement that is only a magic the package does without (%matplotlib, !pip)."""
    if statement.line != statement.end_line:
        return False
    for magic in facts.magics:
        if magic.line == statement.line and magic.kind in ("line_magic", "shell", "help"):
            action = plan_magic(magic).action
            return action in ("drop", "requirement")
    return False


def _reads_file(
    analysis: Analysis, facts: CellFacts, statement: StatementFacts | None
) -> str | None:
    if statement is None or statement.kind in ("def", "class"):
        return None
    for effect in facts.effects:
        if (
            effect.kind in ("file_read", "network")
            and statement.line <= effect.line <= statement.end_line
        ):
            return effect.path or effect.call
    return None


def _timed(facts: CellFacts, statement: StatementFacts | None, whole_cell: bool) -> str | None:
    if whole_cell:
        return f"cell {facts.cell}"
    if statement is None:
        return None
    for magic in facts.magics:
        if magic.name == "time" and magic.kind == "line_magic" and magic.line == statement.line:
            return magic.args.strip()[:60]
    return None


def _unit(step: int, analysis: Analysis, ref: StatementRef, lifted: dict[str, Definition]) -> Unit:
    facts = _cell(analysis, ref.cell)
    statement = _statement(facts, ref.index)
    if statement is None or ref.action == "drop":
        return Unit(step, (), ())  # a dropped magic (%pylab) binds nothing in the package
    if statement.kind == "import":  # imported for its effect: the package binds nothing
        return Unit(step, (), (), only_shows=True)
    reads = list(statement.uses) + list(statement.mutates)
    if facts is not None and ref.index == max(s.index for s in facts.statements):
        reads.extend(facts.magic_uses)
    for name in list(reads):
        if name in lifted:
            reads.extend(lifted[name].added_params)
    writes = list(statement.defines) + list(statement.mutates)
    compound = statement.kind == "control"
    handlers = _handler_names(analysis, ref) if compound else set()
    return Unit(
        step=step,
        reads=tuple(dict.fromkeys(reads)),
        writes=tuple(dict.fromkeys(writes)),
        # Python deletes ``e`` when an ``except E as e`` handler ends
        deletes=(*statement.deletes, *sorted(handlers)),
        is_definition=statement.kind in ("def", "class", "import"),
        only_shows=statement.is_print
        or ref.action in ("debug", "drop")
        or _only_shows(facts, statement),
        # a compound statement's bindings may not happen: a branch or loop that does not run,
        # an exception (also one ``with contextlib.suppress(...)`` swallows)
        maybe_writes=tuple(n for n in statement.defines if n not in handlers) if compound else (),
    )


def _handler_names(analysis: Analysis, ref: StatementRef) -> set[str]:
    """Names bound by ``except E as name`` in a top-level compound statement."""
    node = _statement_ast(analysis, ref.cell, ref.index, "except")
    if node is None:
        return set()
    return {h.name for h in ast.walk(node) if isinstance(h, ast.ExceptHandler) and h.name}


def _statement_ast(analysis: Analysis, cell: int, index: int, needle: str) -> ast.stmt | None:
    """The ``ast`` of one top-level statement, only when its code contains ``needle``."""
    module = _index(analysis).modules.get(cell)
    if module is None or index >= len(module.body):
        return None
    code = module.code_for_node(module.body[index])
    if needle not in code:
        return None
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return tree.body[0] if tree.body else None


def _reads_display(analysis: Analysis) -> bool:
    """IPython's display() builtin is read by a cell or a notebook function."""
    return any("display" in c.uses for c in analysis.cells) or any(
        "display" in f.reads_globals for f in analysis.functions
    )


def _only_shows(facts: CellFacts | None, statement: StatementFacts) -> bool:
    """A statement that only plots, displays or prints what it reads (it binds nothing)."""
    if facts is None or statement.defines or statement.kind != "expression":
        return False
    kinds = {e.kind for e in facts.effects if statement.line <= e.line <= statement.end_line}
    return bool(kinds) and kinds <= {"plot", "display", "print"}


def _defined(units: Iterable[Unit], name: str) -> bool:
    return any(name in u.writes for u in units)


def _all_names(analysis: Analysis) -> set[str]:
    names: set[str] = set()
    for cell in analysis.cells:
        names.update(cell.defines, cell.uses, cell.mutates)
        for statement in cell.statements:
            names.update(statement.defines, statement.uses)
    return names


def _uses_config(
    analysis: Analysis, refs: Iterable[StatementRef], fields: Iterable[ConfigField]
) -> bool:
    fields = list(fields)
    for ref in refs:
        statement = _statement(_cell(analysis, ref.cell), ref.index)
        if statement is None:
            continue
        for f in fields:
            sites = [(f.cell, f.line), *f.sites]
            if any(c == ref.cell and statement.line <= n <= statement.end_line for c, n in sites):
                return True
    return False


def _plot_aliases(analysis: Analysis) -> tuple[str, ...]:
    bound = {
        i.bound
        for c in analysis.cells
        for i in c.imports
        if i.qualified == "matplotlib.pyplot" or (i.module == "matplotlib" and i.name == "pyplot")
    }
    return tuple(sorted(bound))


def _dropped(
    analysis: Analysis, steps: Iterable[Step], magics: Iterable[MagicPlan]
) -> list[Dropped]:
    out = []
    for m in magics:
        if m.action == "drop":
            out.append(Dropped(m.cell, m.line, f"%{m.name}" if m.name != "!" else "!", m.detail))
        elif m.action == "requirement":
            out.append(Dropped(m.cell, m.line, f"{m.name} install", "moved to requirements.txt"))
    for step in steps:
        for ref in step.statements:
            statement = _statement(_cell(analysis, ref.cell), ref.index)
            line = statement.line if statement else 1
            if ref.action == "debug":  # "drop" is a magic, listed above
                out.append(Dropped(ref.cell, line, "display-only expression", "logged at DEBUG"))
    return sorted(out, key=lambda d: (d.cell, d.line))


def _warnings(
    analysis: Analysis,
    magics: Iterable[MagicPlan],
    libraries: tuple[str, ...],
    made_explicit: set[tuple[int, int]],
) -> list[Diagnostic]:
    """What CONVERSION.md warns of; ``made_explicit`` holds the (cell, line) of star imports
    the plan replaced with explicit names, of which the analysis no longer needs to warn."""
    path = analysis.notebook.path
    out = [
        Diagnostic(
            d.path, d.cell, d.line, d.col, d.code, f"{d.message}; kept as a comment", "warning"
        )
        for d in analysis.diagnostics
        if d.code == "NB001"
    ]
    for m in magics:
        if m.action in ("todo", "run_todo"):
            what = (
                "%run"
                if m.action == "run_todo"
                else ("shell command" if m.name == "!" else f"%{m.name}")
            )
            out.append(
                Diagnostic(
                    path,
                    m.cell,
                    m.line,
                    1,
                    "NB106",
                    f"{what} has no module equivalent; kept as a TODO comment",
                )
            )
    for hidden in analysis.hidden_state:
        out.append(
            Diagnostic(
                path,
                hidden.cell,
                hidden.line,
                hidden.col,
                "NB102",
                f"'{hidden.name}' is read before any earlier cell defines it",
            )
        )
    for use in analysis.randomness:
        if not use.seeded:
            out.append(
                Diagnostic(
                    path,
                    use.cell,
                    use.line,
                    use.col,
                    "NB103",
                    f"unseeded randomness ({use.call}); run() seeds it with config.seed",
                )
            )
    for unsure in analysis.unsure:
        explicit = unsure.reason.startswith(("star import", "%pylab imports"))
        if (unsure.cell, unsure.line) in made_explicit and explicit:
            continue
        out.append(
            Diagnostic(
                path,
                unsure.cell,
                unsure.line,
                unsure.col,
                "NB000",
                f"analysis unsure: {unsure.reason}",
            )
        )
    return sorted(set(out))


__all__ = ["Plan", "plan_conversion"]
