"""Where run() stops because the installed libraries lack an API the notebook uses: what to
ask the interpreter the dependencies resolve in (nb2mod.api_probe), and, from its answers,
each step's first use of a missing attribute or of a call that cannot bind, as an
ExpectedStop with the exception the real run raises, and a warning naming the API."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from nb2mod.analysis.facts import Analysis, ApiUse
from nb2mod.api_probe import (
    ApiAnswers,
    ApiQuestions,
    Missing,
    attribute_key,
    call_key,
    import_key,
    method_key,
)
from nb2mod.diagnostics import Diagnostic
from nb2mod.plan.model import ExpectedStop, ImportPlan, Plan, Step

_WHERE = "as installed where the dependencies were resolved"


def api_questions(plan: Plan, analysis: Analysis, tops: Iterable[str]) -> ApiQuestions:
    """The module paths pipeline.py imports, and the attributes and call shapes run()'s steps
    surely use, under the top-level modules ``tops`` (installed third-party libraries)."""
    allowed = frozenset(tops)
    imports: dict[str, list[str]] = {}
    for plan_import in _top_imports(plan):
        module = plan_import.module
        if _top(module) not in allowed:
            continue
        names = imports.setdefault(module, [])
        if plan_import.name and plan_import.name not in names:
            names.append(plan_import.name)
    made = _made(analysis)
    every = [u for step in plan.steps for u in _step_uses(step, analysis)]
    uses = [u for u in every if u.kind in ("attribute", "call") and _top(u.name) in allowed]
    attributes = sorted({u.name for u in uses if u.kind == "attribute"})
    calls = sorted(
        {(u.name, u.args, u.keywords) for u in uses if u.kind == "call" and not u.starred}
    )
    found = (_method(u, made) for u in every)
    methods = sorted({m for m in found if m is not None and _top(m[0]) in allowed})
    tops = {_top(m) for m in imports} | {_top(u.name) for u in uses} | {_top(c) for c, _ in methods}
    return ApiQuestions(
        tops=tuple(sorted(tops)),
        imports=tuple((m, tuple(names)) for m, names in sorted(imports.items())),
        attributes=tuple(attributes),
        calls=tuple(calls),
        methods=tuple(methods),
    )


def _made(analysis: Analysis) -> dict[str, tuple[str, tuple[int, int]]]:
    """Each name every binding of which calls one and the same library callable at a cell's
    top level (``vec = CountVectorizer()``): that callable, and where it is first bound."""
    made: dict[str, list[ApiUse]] = {}
    for facts in analysis.cells:
        for use in facts.api_uses:
            if use.kind == "made":
                made.setdefault(use.receiver, []).append(use)
    binders: dict[str, set[tuple[int, int]]] = {}
    for facts in analysis.cells:
        for statement in facts.statements:
            for name in statement.defines:
                binders.setdefault(name, set()).add((facts.cell, statement.index))
    rebound = {n for f in analysis.functions for n in f.writes_globals}
    found = {}
    for name, uses in made.items():
        cells = {c.cell for c in analysis.cells if name in c.defines}
        if name in rebound or len({u.name for u in uses}) != 1 or cells != {u.cell for u in uses}:
            continue
        if binders.get(name) == {(u.cell, u.statement) for u in uses}:
            found[name] = (uses[0].name, (uses[0].cell, uses[0].line))
    return found


def _method(use: ApiUse, made: dict[str, tuple[str, tuple[int, int]]]) -> tuple[str, str] | None:
    """(the callable that made the object, the method) of a method call after it was made."""
    if use.kind != "method" or use.receiver not in made:
        return None
    maker, first = made[use.receiver]
    return (maker, use.name) if (use.cell, use.line) > first else None


def with_api_stops(plan: Plan, analysis: Analysis, answers: ApiAnswers) -> Plan:
    """The plan, told where the answers say the notebook uses an API the installed libraries
    lack: an import pipeline.py makes at its top (then importing it fails, no step is
    reached and the generated tests fail: said, not expected), else each step's first use of a missing attribute or of a call that cannot
    bind (a step that already stops at its start, for a name no earlier cell defines, is
    left alone). Each comes with a warning naming the API, its cell and line."""
    imports = _import_stops(plan, analysis, answers)
    made = _made(analysis)
    stops: list[tuple[ExpectedStop, int]] = []
    for step in plan.steps:
        if imports or step.undefined or step.commented:
            continue
        for use in _step_uses(step, analysis):
            stop = _use_stop(step, use, answers, _method(use, made))
            if stop is not None:
                stops.append((stop, use.line))
                break
    if not imports and not stops:
        return plan
    warnings = [_warning(analysis, stop, line) for stop, line in (*imports, *stops)]
    tests = dataclasses.replace(
        plan.tests,
        stops=(*plan.tests.stops, *(s for s, _ in stops)),
        import_stops=tuple(s for s, _ in imports),
    )
    return dataclasses.replace(
        plan, tests=tests, warnings=tuple(sorted({*plan.warnings, *warnings}))
    )


def _import_stops(
    plan: Plan, analysis: Analysis, answers: ApiAnswers
) -> list[tuple[ExpectedStop, int]]:
    """Each import at pipeline.py's top the answers say fails, with its notebook cell/line."""
    facts = [f for c in analysis.cells for f in c.imports if not f.level and not f.star]
    stops = []
    for plan_import in _top_imports(plan):
        module, name = plan_import.module, plan_import.name
        missing = answers.missing.get(import_key(module))
        if missing is None and name:
            missing = answers.missing.get(import_key(module, name))
        fact = next((f for f in facts if (f.submodule or f.module, f.name) == (module, name)), None)
        if missing is None or fact is None:
            continue
        library = answers.libraries.get(_top(module), _top(module))
        lacked = (
            f"{module}.{name}" if name and import_key(module) not in answers.missing else module
        )
        why = (
            f"cell {fact.cell} line {fact.line}: {plan_import.statement()}: {lacked} is not "
            f"in {library}, {_WHERE}"
        )
        stop = ExpectedStop("", fact.cell, (missing.exception,), missing.message, why)
        stops.append((stop, fact.line))
    return stops


def _top_imports(plan: Plan) -> list[ImportPlan]:
    """The absolute imports pipeline.py makes at its top (an unused one is left out there)."""
    lines = _imported(plan.pipeline_imports)
    return [
        i for i in plan.imports if not i.level and i.bound != "*" and (i.module, i.name) in lines
    ]


def _imported(lines: Iterable[str]) -> set[tuple[str, str | None]]:
    """(module, name) of each import line as isort wrote it: ``from m import a, b as c``
    gives (m, a) and (m, b); ``import a.b as c`` gives (a.b, None)."""
    found: set[tuple[str, str | None]] = set()
    for line in lines:
        words = line.replace("(", " ").replace(")", " ").replace(",", " , ").split()
        if words[:1] == ["import"]:
            parts = " ".join(words[1:]).split(" , ")
            found.update((part.split()[0], None) for part in parts if part.split())
        elif words[:1] == ["from"] and "import" in words:
            module = words[1]
            names = " ".join(words[words.index("import") + 1 :]).split(" , ")
            found.update((module, n.split()[0]) for n in names if n.split())
    return found


def _step_uses(step: Step, analysis: Analysis) -> list[ApiUse]:
    """The attribute reads and calls of the statements ``step`` runs, in order; an attribute
    some cell assigns (``np.answer = 42``), or one below it, is left out."""
    assigned = {u.name for c in analysis.cells for u in c.api_uses if u.kind == "assigned"}
    kept = {(s.cell, s.index) for s in step.statements if s.action != "drop" and not s.as_comment}
    uses = []
    for cell in step.cells:
        facts = analysis.cell(cell)
        for use in facts.api_uses if facts is not None else ():
            if use.kind == "assigned" or (cell, use.statement) not in kept:
                continue
            if any(use.name == a or use.name.startswith(a + ".") for a in assigned):
                continue
            uses.append(use)
    return uses


def _use_stop(
    step: Step, use: ApiUse, answers: ApiAnswers, method: tuple[str, str] | None
) -> ExpectedStop | None:
    if method is not None:
        return _method_stop(step, use, answers, *method)
    library = answers.libraries.get(_top(use.name), _top(use.name))
    if use.kind == "attribute":
        missing = answers.missing.get(attribute_key(use.name))
        if missing is None:
            return None
        why = f"cell {use.cell} line {use.line}: {use.name} is not in {library}, {_WHERE}"
        return ExpectedStop(step.name, use.cell, ("AttributeError",), missing.message, why)
    if use.kind != "call" or use.starred:
        return None
    missing = answers.missing.get(call_key(use.name, use.args, use.keywords))
    text = _call_text(missing) if missing is not None else None
    if missing is None or text is None:
        return None
    why = (
        f"cell {use.cell} line {use.line}: {use.name}() cannot be called with "
        f"{_shape(use)} in {library}, {_WHERE} ({missing.message})"
    )
    return ExpectedStop(step.name, use.cell, ("TypeError",), text, why)


def _method_stop(
    step: Step, use: ApiUse, answers: ApiAnswers, maker: str, method: str
) -> ExpectedStop | None:
    missing = answers.missing.get(method_key(maker, method))
    if missing is None:
        return None
    library = answers.libraries.get(_top(maker), _top(maker))
    why = (
        f"cell {use.cell} line {use.line}: {use.receiver}.{method}(): {maker} has no "
        f"{method} in {library}, {_WHERE}"
    )
    return ExpectedStop(step.name, use.cell, ("AttributeError",), missing.message, why)


def _shape(use: ApiUse) -> str:
    """``1 positional argument and the keywords n_clusters, affinity``."""
    count = f"{use.args} positional argument{'s' if use.args != 1 else ''}"
    if not use.keywords:
        return count
    return f"{count} and the keywords {', '.join(use.keywords)}"


def _call_text(missing: Missing) -> str | None:
    """A part of the message both the bind and the real call give, or None (unknown)."""
    message = missing.message
    if message.startswith("got an unexpected keyword argument "):
        return message.removeprefix("got an ")
    if message.startswith("multiple values for argument "):
        return message
    if message == "too many positional arguments":
        return "positional argument"
    if message.startswith("missing a required argument: "):
        only = missing.parameter == "KEYWORD_ONLY"
        return "required keyword-only argument" if only else "required positional argument"
    return None


def _warning(analysis: Analysis, stop: ExpectedStop, line: int) -> Diagnostic:
    what = stop.why.partition(": ")[2]
    if stop.step:
        message = f"{what}: run() stops here with {stop.exceptions[0]}, as the notebook would"
    else:
        message = (
            f"{what}: importing pipeline.py fails here with {stop.exceptions[0]}, as the "
            "notebook would, and so do its generated tests"
        )
    return Diagnostic(analysis.notebook.path, stop.cell, line, 1, "NB000", message)


def _top(dotted: str) -> str:
    return dotted.partition(".")[0]
