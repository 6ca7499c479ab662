"""What the generated tests run beyond import, config and CLI checks: the end-to-end run on
the notebook's data and the config test that points an input path at a missing file."""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Sequence
from typing import TYPE_CHECKING

from nb2mod.analysis.effects import is_url
from nb2mod.plan.literal_stops import config_test_reached, literal_stops
from nb2mod.plan.model import ConfigField, ExpectedStop, Plan, Step, TestPlan

if TYPE_CHECKING:
    from nb2mod.analysis.facts import Analysis, Effect


def plan_tests(steps: Sequence[Step], fields: Sequence[ConfigField]) -> TestPlan:
    """The input path fields the end-to-end test copies, and the one the config test breaks:
    the first input field a step reads (in run order); ``first`` when no file is read before
    it, so that the test needs none of the notebook's data."""
    inputs = tuple(f.name for f in fields if f.path == "input")
    reads = [s for step in steps for s in step.statements if s.reads_file is not None]
    named = [s.read_field for s in reads if s.read_field in inputs]
    if not named:
        return TestPlan(inputs=inputs)
    first = reads[0].read_field == named[0]
    return TestPlan(inputs=inputs, broken_input=named[0], broken_input_first=first)


def unrepeatable_tests(plan: Plan) -> TestPlan:
    """The plan's tests, told when two runs may differ (a draw nothing seeds: --seeds keep, or a generator nb2mod cannot seed):
    the end-to-end test then runs once and says why."""
    unseeded = [s for s in plan.random_sites if s.how == "none"]
    if not unseeded:
        return plan.tests
    first = unseeded[0]
    why = f"cell {first.cell} line {first.line}: {first.call}(): {first.why}"
    return dataclasses.replace(plan.tests, unrepeatable=why)


def known_outcomes(plan: Plan, analysis: Analysis) -> TestPlan:
    """The plan's tests, told what run() needs that may not be there (the network sources it
    reads, the files it reads by a literal path that no Config field names and no earlier
    cell writes) and where it stops like the notebook did (hidden state, a saved error, a
    statement that raises on its literals alone)."""
    cells = {cell for step in plan.steps for cell in step.cells}
    effects = [e for c in analysis.cells if c.cell in cells for e in c.effects]
    effects += [e for f in analysis.functions if f.cell in cells for e in f.effects]
    network = [
        f"{e.call}({e.path!r}) in cell {e.cell}" if e.path else f"{e.call} in cell {e.cell}"
        for e in effects
        if e.kind == "network"
    ]
    tests = dataclasses.replace(
        plan.tests,
        network=tuple(dict.fromkeys(network)),
        files=_files(plan, effects),
        stops=(
            *(s for step in plan.steps for s in _stops(step, analysis)),
            *literal_stops(plan, analysis),
        ),
    )
    return config_test_reached(plan, analysis, tests)


def _files(plan: Plan, effects: Sequence[Effect]) -> tuple[tuple[str, int], ...]:
    fields = {str(f.default) for f in plan.config_fields if f.path == "input"}
    writes = [
        (e.cell, e.line, _normal(e.path or e.built)) for e in effects if e.kind == "file_write"
    ]
    files = []
    for e in effects:
        given = e.path or e.built
        if e.kind != "file_read" or not given or given in fields or is_url(given):
            continue
        path = _normal(given)
        if not any(w == path and (c, line) < (e.cell, e.line) for c, line, w in writes):
            files.append((given, e.cell))
    return tuple(dict.fromkeys(files))


def _normal(path: str | None) -> str:
    return posixpath.normpath(path.replace("\\", "/")) if path else ""


def _stops(step: Step, analysis: Analysis) -> list[ExpectedStop]:
    """Where ``step`` stops: a name no earlier cell defines (its code raises PipelineError
    before anything else), then each of its cells whose saved output is an error."""
    stops = []
    for name in step.undefined:
        cell = next((h.cell for h in analysis.hidden_state if h.name == name), step.cells[0])
        why = f"cell {cell} reads {name!r}, which no earlier cell defines (hidden state)"
        text = f"the notebook reads {name!r} but no earlier cell defines it"
        stops.append(ExpectedStop(step.name, cell, ("PipelineError",), text, why))
    for name, cell in step.commented:
        why = f"it reads {name!r}, which only cell {cell} binds, kept as a comment"
        text = f"the notebook reads {name!r}, which only cell {cell} may bind"
        stops.append(ExpectedStop(step.name, cell, ("PipelineError",), text, why))
    outputs = {c.index: c.outputs for c in analysis.notebook.code_cells}
    for cell in step.cells:
        if cell not in outputs or not outputs[cell].has_error:
            continue
        names = tuple(dict.fromkeys(n for n in outputs[cell].error_names if n))
        if names == ("KeyboardInterrupt",):
            continue  # the notebook was interrupted: nothing says run() stops there
        names = tuple(n for n in names if n != "KeyboardInterrupt") or ("Exception",)
        why = f"cell {cell} raised {' / '.join(names)} when the notebook was last run"
        stops.append(ExpectedStop(step.name, cell, names, "", why + " (its saved output)"))
    return stops
