"""Turn one cell's walk (RawCell) into its public facts, with original cell locations."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import libcst as cst

from nb2mod.analysis.api_uses import api_uses
from nb2mod.analysis.binding import assigned, handler_names, partly_bound, surely_bound
from nb2mod.analysis.effects import (
    call_effect,
    is_url,
    magic_effect,
    path_argument,
    path_name,
)
from nb2mod.analysis.facts import (
    CellFacts,
    Effect,
    EffectKind,
    ImportFact,
    Mutation,
    StatementFacts,
    Unsure,
)
from nb2mod.analysis.implied_modules import implied_modules
from nb2mod.analysis.imports import qualify
from nb2mod.analysis.locate import Locator
from nb2mod.analysis.parse import ParsedCell
from nb2mod.analysis.randomness import (
    RandomEvent,
    binding_event,
    might_be_random,
    random_event,
)
from nb2mod.analysis.records import CallSite, FunctionSummary, RawCell, RawStatement, Ref
from nb2mod.analysis.sys_path import added_folder, folder_value
from nb2mod.ipython_syntax import Magic


@dataclass(frozen=True)
class GatheredCell:
    """A cell's public facts plus what the notebook-wide passes still need."""

    facts: CellFacts
    raw: RawCell
    locator: Locator
    function_effects: Mapping[str, tuple[Effect, ...]]
    random_events: tuple[RandomEvent, ...]
    use_refs: Mapping[str, Ref]  # the first read of each used name
    aliases: Mapping[str, str]  # import aliases in force at the end of the cell

    def use_position(self, name: str) -> tuple[int, int]:
        """Original (line, col) where the cell first reads ``name``."""
        return self.locator.position(self.use_refs.get(name))


def gather_cell(
    parsed: ParsedCell, raw: RawCell, aliases: Mapping[str, str], locator: Locator
) -> GatheredCell:
    """Facts of one parsed cell from its walk; ``aliases`` include this cell's own imports."""
    cell = parsed.index
    defines, uses, mutates, deletes = _cell_names(raw.statements)
    defines += tuple(n for n in _magic_bindings(parsed.normalised.magics) if n not in defines)
    effects, function_effects, events, busy = _effects(parsed, raw, aliases, locator)
    module = parsed.module
    assert module is not None
    statements = tuple(_statement(s, locator, s.index not in busy, module) for s in raw.statements)
    last = raw.statements[-1] if raw.statements else None
    facts = CellFacts(
        cell=cell,
        parsed=True,
        defines=defines,
        uses=tuple(uses),
        mutates=mutates,
        deletes=deletes,
        mutations=tuple(_mutation(m, cell, locator) for m in raw.mutations),
        effects=effects,
        imports=tuple(_import(i, cell, locator) for i in raw.imports),
        statements=statements,
        display_only=last is not None and last.shows_result,
        magics=parsed.normalised.magics,
        magic_uses=tuple(raw.magic_uses),
        unsure=tuple(_unsure(u.reason, u.ref, cell, locator) for u in raw.unsure),
        needs=_needs(raw, aliases),
        api_uses=api_uses(raw, aliases, cell, locator),
    )
    return GatheredCell(facts, raw, locator, function_effects, events, uses, aliases)


def _needs(raw: RawCell, aliases: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """(module, why) the cell's calls need at run time without the code importing them."""
    found: dict[str, str] = {}
    for call in raw.calls:
        for module, why in implied_modules(call, qualify(call.func, aliases)):
            found.setdefault(module, why)
    return tuple(sorted(found.items()))


def unparsed_cell(parsed: ParsedCell, unsure: Unsure | None = None) -> CellFacts:
    """Facts of a cell nb2mod could not parse (or walk): only its magics, and why."""
    return CellFacts(
        cell=parsed.index,
        parsed=False,
        magics=parsed.normalised.magics,
        unsure=(unsure,) if unsure is not None else (),
    )


def _statement(
    raw: RawStatement, locator: Locator, quiet: bool, module: cst.Module
) -> StatementFacts:
    line, end_line = locator.span(raw.index)
    sure = surely_bound(raw.kind, raw.defines, raw.binds, raw.raises, raw.deletes)
    return StatementFacts(
        index=raw.index,
        kind=raw.kind,  # type: ignore[arg-type]
        line=line,
        end_line=end_line,
        defines=tuple(raw.defines),
        uses=tuple(raw.uses),
        mutates=tuple(raw.mutates),
        deletes=tuple(raw.deletes),
        display_only=raw.display_only and quiet,
        shown_name=raw.shown_name,
        is_print=raw.is_print,
        local_reads=tuple(raw.local_reads),
        surely_binds=sure,
        partly_binds=partly_bound(raw.binds, sure),
        assigns=assigned(raw.binds),
        handlers=handler_names(raw.binds),
        reads=tuple(raw.reads.items()),
        writes=frozenset(raw.writes),
        binders=frozenset(raw.binders),
        log_prints=raw.log_prints,
        shows=tuple(raw.shows),
        effect_import=raw.effect_import,
        arguments=frozenset(raw.arguments),
        decorators=frozenset(raw.decorators),
        runs_in_function=not raw.check_in_function or _runs_in_function(module, raw.index),
        magics=tuple(raw.magics),
    )


def _runs_in_function(module: cst.Module, index: int) -> bool:
    """Whether the statement compiles as the body of a function (a step): top-level
    ``await``, ``break`` outside a loop or ``from m import *`` in a block do not."""
    statement = module.body[index]
    code = module.code_for_node(statement.with_changes(leading_lines=[]))
    text = "def _f():\n" + "".join("    " + line for line in code.splitlines(keepends=True))
    try:
        compile(text, "<step>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def _cell_names(
    statements: list[RawStatement],
) -> tuple[tuple[str, ...], dict[str, Ref], tuple[str, ...], tuple[str, ...]]:
    """Cell-level names: a statement's use counts unless an earlier statement bound it."""
    bound: set[str] = set()
    defines: dict[str, None] = {}
    uses: dict[str, Ref] = {}
    mutates: dict[str, None] = {}
    deletes: dict[str, None] = {}
    for statement in statements:
        for name, ref in zip(statement.uses, statement.use_refs, strict=True):
            if name not in bound and name not in uses:
                uses[name] = ref
        mutates.update((n, None) for n in statement.mutates if n not in bound)
        defines.update((n, None) for n in statement.defines)
        deletes.update((n, None) for n in statement.deletes)
        bound.update(statement.defines)
        bound.difference_update(statement.deletes)
    return tuple(defines), uses, tuple(mutates), tuple(deletes)


def _magic_bindings(magics: tuple[Magic, ...]) -> list[str]:
    """Names magics bind outside the code: ``%%capture out``, ``%store -r name``."""
    names = []
    for magic in magics:
        words = magic.args.split()
        if magic.kind == "cell_magic" and magic.name == "capture":
            names += [w for w in words if w.isidentifier()][:1]
        elif magic.kind == "line_magic" and magic.name == "store" and words[:1] == ["-r"]:
            names += [w for w in words[1:] if w.isidentifier()]
    return names


def _effects(
    parsed: ParsedCell, raw: RawCell, aliases: Mapping[str, str], locator: Locator
) -> tuple[tuple[Effect, ...], dict[str, tuple[Effect, ...]], tuple[RandomEvent, ...], set[int]]:
    """Effects at cell level and per function, random events, statements with an effect."""
    cell = parsed.index
    busy: set[int] = set()
    top: list[Effect] = []
    inside: dict[str, list[Effect]] = {}
    events: list[RandomEvent] = []
    for call in raw.calls:
        qualified = qualify(call.func, aliases)
        found = call_effect(call, aliases)
        if found is None and call.target is None and not might_be_random(call, qualified):
            continue  # neither an effect, randomness, nor a name's maker (gm = Mixture())
        line, col = locator.position(call.ref)
        event = random_event(call, qualified, cell, line, col)
        binding = binding_event(call, qualified, cell, line, col)
        if binding is not None:
            events.append(binding)
        effect = None
        if found is not None:
            kind, name = found
            path = added_folder(call, name, aliases) if kind == "sys_path" else path_argument(call)
            built = _built_path(call, kind, aliases) if path is None else None
            effect = Effect(kind, cell, line, col, name, path or "", path, path_name(call), built)
        elif event is not None and event.use is not None:
            detail = f"{event.use.library} random numbers"
            effect = Effect("randomness", cell, line, col, event.use.call, detail)
        if event is not None:
            events.append(event)
        if effect is not None:
            (inside.setdefault(call.function, []) if call.function else top).append(effect)
            if call.function is None:
                busy.add(call.stmt)
    for target, ref in raw.module_writes:
        written = _module_write_kind(qualify(target, aliases) or target)
        if written is not None:
            top.append(Effect(written, cell, *locator.position(ref), target, "assignment"))
    for magic in parsed.normalised.magics:
        magic_kind = magic_effect(magic)
        if magic_kind is not None:
            prefix = "!" if magic.name == "!" else f"%{magic.name} "
            detail = f"{prefix}{magic.args}".strip()
            top.append(Effect(magic_kind, cell, magic.line, 1, f"magic {magic.name}", detail))
    top.sort(key=lambda e: (e.line, e.col))
    return tuple(top), {k: tuple(v) for k, v in inside.items()}, tuple(events), busy


def _module_write_kind(target: str) -> EffectKind | None:
    if target.startswith("os.environ"):
        return "environment"
    if target.startswith("sys.path"):
        return "sys_path"
    if target.startswith(("matplotlib.", "seaborn.")):
        return "plot"
    return None


def _mutation(site, cell: int, locator: Locator) -> Mutation:  # type: ignore[no-untyped-def]
    return Mutation(site.name, cell, *locator.position(site.ref), site.how)


def _import(raw, cell: int, locator: Locator) -> ImportFact:  # type: ignore[no-untyped-def]
    line = locator.position(raw.ref)[0] if raw.bound != "*" else locator.span(raw.ref[0])[0]
    return ImportFact(raw.module, raw.name, raw.bound, cell, line, raw.level, raw.submodule)


def _unsure(reason: str, ref, cell: int, locator: Locator) -> Unsure:  # type: ignore[no-untyped-def]
    return Unsure(cell, *locator.position(ref), reason)


def summary_location(summary: FunctionSummary, locator: Locator) -> tuple[int, int]:
    """(line of the def/class keyword, last line of the definition)."""
    return locator.position(summary.ref)[0], locator.span(summary.stmt)[1]


__all__ = ["GatheredCell", "gather_cell", "is_url", "unparsed_cell"]


def _built_path(call: CallSite, kind: str, aliases: Mapping[str, str]) -> str | None:
    """The path a file call's first argument builds from literals only (``os.path.join("data",
    "x.csv")``), when it is not a literal itself."""
    if kind not in ("file_read", "file_write") or not call.args:
        return None
    return folder_value(call.args[0].node, aliases)
