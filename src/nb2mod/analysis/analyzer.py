"""analyze(): the facts of one notebook, from one walk per cell and pure cross-cell passes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from nb2mod.analysis.cell_facts import (
    GatheredCell,
    gather_cell,
    summary_location,
    unparsed_cell,
)
from nb2mod.analysis.config_candidates import LocatedLiteral, config_candidates, may_be_candidate
from nb2mod.analysis.cwd_paths import working_directory_paths
from nb2mod.analysis.dataflow import (
    dataflow_edges,
    execution_out_of_order,
    hidden_state,
    redefinitions,
    unsure_facts,
    unused_definitions,
)
from nb2mod.analysis.discarded import discarded_results
from nb2mod.analysis.effects import call_kind
from nb2mod.analysis.facts import Analysis, CellFacts, FunctionFacts, ImportFact, Unsure
from nb2mod.analysis.functions import close_callee, function_facts
from nb2mod.analysis.history import history_reads
from nb2mod.analysis.imports import alias_map, qualify
from nb2mod.analysis.literal_calls import literal_calls, with_static_values
from nb2mod.analysis.locate import Locator
from nb2mod.analysis.names import BUILTIN_NAMES, PYTHON_BUILTINS
from nb2mod.analysis.parse import ParsedCell, parse_notebook
from nb2mod.analysis.randomness import mark_seeded
from nb2mod.analysis.walk.cell import walk_cell
from nb2mod.analysis.walk.walker import WalkContext
from nb2mod.diagnostics import Diagnostic
from nb2mod.gc_pause import collector_paused
from nb2mod.notebook import Notebook


def analyze(notebook: Notebook) -> Analysis:
    """Gather every fact of DESIGN section 4 about ``notebook``; never executes its code."""
    with collector_paused():
        return _analyze(notebook)


def _analyze(notebook: Notebook) -> Analysis:
    parsed = parse_notebook(notebook)
    gathered, too_deep = _gather_cells(parsed, {c.index: c.source for c in notebook.code_cells})
    by_cell = {g.facts.cell: g for g in gathered}
    defined = {name for g in gathered for name in g.facts.defines}
    if any(f.bound == "*" for g in gathered for f in g.facts.imports):
        defined |= PYTHON_BUILTINS  # a star import may rebind any builtin: keep their reads
    cells = tuple(
        (
            _without_builtins(by_cell[p.index].facts, defined)
            if p.index in by_cell
            else unparsed_cell(p, too_deep.get(p.index))
        )
        for p in parsed
    )
    sources = {p.index: p.normalised.code for p in parsed if p.index not in by_cell}
    unparsed_lines = {p.index: p.error.line for p in parsed if p.error is not None}
    codes = {p.index: p.normalised.code for p in parsed}
    functions = _functions(gathered, defined, cells, codes)
    seeds, randomness, maybe_random = mark_seeded(e for g in gathered for e in g.random_events)
    candidates = _config(notebook, gathered, cells)
    return Analysis(
        notebook=notebook,
        parsed=parsed,
        cells=cells,
        functions=functions,
        dataflow=dataflow_edges(cells, sources),
        hidden_state=hidden_state(cells, sources, lambda c, n: by_cell[c].use_position(n)),
        execution_out_of_order=execution_out_of_order(notebook.cells),
        redefined=redefinitions(cells),
        unused=unused_definitions(cells, functions),
        seeds=seeds,
        randomness=randomness,
        random_candidates=maybe_random,
        config_candidates=candidates,
        unsure=unsure_facts(cells, unparsed_lines),
        diagnostics=(
            *(p.error for p in parsed if p.error is not None),
            *(_too_deep(notebook.path, u) for u in too_deep.values()),
        ),
        history_reads=history_reads(notebook, cells, gathered),
        discarded_results=discarded_results(gathered),
        working_directory_paths=working_directory_paths(cells, candidates, gathered),
    )


def _gather_cells(
    parsed: tuple[ParsedCell, ...], sources: dict[int, str]
) -> tuple[list[GatheredCell], dict[int, Unsure]]:
    """Walk the cells in notebook order, each seeing the functions and imports before it.

    A cell nested too deeply for the walk is left out with an Unsure fact, not a crash.
    """
    context = WalkContext()
    imports: list[ImportFact] = []
    gathered = []
    too_deep: dict[int, Unsure] = {}
    for cell in parsed:
        if cell.module is None:
            continue
        try:
            raw = walk_cell(cell.module, context)
        except RecursionError:
            reason = "cell nested too deeply to analyse; names unknown"
            too_deep[cell.index] = Unsure(cell.index, 1, 1, reason)
            continue
        locator = Locator(cell.module, cell.normalised, sources.get(cell.index, ""))
        cell_imports = [
            ImportFact(i.module, i.name, i.bound, cell.index, 0, i.level) for i in raw.imports
        ]
        aliases = alias_map([*imports, *cell_imports])
        result = gather_cell(cell, raw, aliases, locator)
        gathered.append(result)
        imports.extend(result.facts.imports)
        context = _next_context(context, result, aliases)
    return gathered, too_deep


def _too_deep(path: str, unsure: Unsure) -> Diagnostic:
    """A cell the walk could not finish is reported, so lint is never silent about it."""
    message = "cell is nested too deeply to analyse (Python's recursion limit); not checked"
    return Diagnostic(path, unsure.cell, unsure.line, unsure.col, "NB001", message, "error")


def _next_context(context: WalkContext, cell: GatheredCell, aliases: dict[str, str]) -> WalkContext:
    functions = dict(context.functions)
    for summary in cell.raw.functions:
        functions[summary.name] = close_callee(summary, functions)
    imported = {i.bound for i in cell.facts.imports if not i.star}
    modules = (set(context.modules) - set(cell.facts.defines)) | imported
    bound = context.bound | (set(cell.facts.defines) - imported)
    return WalkContext(functions, frozenset(modules), aliases, frozenset(bound))


def _without_builtins(facts: CellFacts, defined: set[str]) -> CellFacts:
    """Drop reads of builtins (and IPython's names) unless the notebook rebinds them."""

    def keep(name: str) -> bool:
        return name not in BUILTIN_NAMES or name in defined

    statements = tuple(
        replace(s, uses=tuple(filter(keep, s.uses))) if not all(map(keep, s.uses)) else s
        for s in facts.statements
    )
    return replace(
        facts,
        uses=tuple(filter(keep, facts.uses)),
        magic_uses=tuple(filter(keep, facts.magic_uses)),
        statements=statements,
    )


def _functions(
    gathered: list[GatheredCell],
    defined: set[str],
    cells: tuple[CellFacts, ...],
    codes: Mapping[int, str],
) -> tuple[FunctionFacts, ...]:
    summaries = [
        (
            g.facts.cell,
            s,
            summary_location(s, g.locator),
            g.function_effects.get(s.name, ()),
        )
        for g in gathered
        for s in g.raw.functions
    ]
    imports = {i.bound for c in cells for i in c.imports}
    constants = _constant_names(gathered)
    names = {s.name for _, s, _, _ in summaries}
    harmless = imports | constants | names
    calls = ((codes[g.facts.cell], call) for g in gathered for call in g.raw.calls)
    facts = function_facts(summaries, defined, harmless, literal_calls(calls, names))
    all_imports = [i for c in cells for i in c.imports]
    return with_static_values(facts, codes, all_imports, defined)


def _constant_names(gathered: list[GatheredCell]) -> set[str]:
    """Names bound once, to a literal, and never mutated: a function may read them purely."""
    changing = _changing_names(gathered)
    return {
        site.variable
        for g in gathered
        for site in g.raw.literals
        if site.top_level_constant and site.variable and site.variable not in changing
    }


def _changing_names(gathered: list[GatheredCell]) -> set[str]:
    seen: set[str] = set()
    changing: set[str] = set()
    for g in gathered:
        for statement in g.raw.statements:
            for name in statement.defines:
                (changing if name in seen else seen).add(name)
        changing.update(g.facts.mutates)
        changing.update(m.name for m in g.raw.mutations)
        changing.update(w for s in g.raw.functions for w in s.global_writes)
        changing.update(w for s in g.raw.functions for w in s.mutated_globals)
    return changing


def _file_paths(cell: GatheredCell) -> set[str]:
    """The literal paths the cell's file calls are given (``pd.read_csv("WH Report.csv")``)."""
    effects = [*cell.facts.effects, *(e for f in cell.function_effects.values() for e in f)]
    return {e.path for e in effects if e.path and e.kind in ("file_read", "file_write")}


def _in(value: object, paths: set[str]) -> bool:
    return isinstance(value, str) and value in paths


def _presentation_call(call: str | None, aliases: Mapping[str, str]) -> bool:
    """Keyword literals of plotting and display calls set looks, not the computation."""
    return call is not None and call_kind(qualify(call, aliases)) in ("plot", "display")


def _config(notebook: Notebook, gathered: list[GatheredCell], cells: tuple[CellFacts, ...]):  # type: ignore[no-untyped-def]
    tagged = {c.index for c in notebook.cells if "parameters" in c.tags}
    literals = [
        LocatedLiteral(
            site,
            g.facts.cell,
            *g.locator.position(site.ref),
            g.facts.cell in tagged,
            _in(site.value, paths),
        )
        for g in gathered
        for paths in [_file_paths(g)]
        for site in g.raw.literals
        if may_be_candidate(site, _in(site.value, paths))
        and not _presentation_call(site.call, g.aliases)
    ]
    return config_candidates(literals, _changing_names(gathered))


__all__ = ["Analysis", "analyze"]
