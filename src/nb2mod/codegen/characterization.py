"""Render the characterization tests of --capture: each step on its captured inputs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from nb2mod.plan.model import Plan, Step


class CapturedStep(Protocol):
    """What a test needs of one step's capture (nb2mod.capture.StepCapture)."""

    @property
    def step(self) -> str: ...
    @property
    def fixture(self) -> bool: ...
    @property
    def compare(self) -> tuple[tuple[str, str], ...]: ...
    @property
    def reason(self) -> str | None: ...
    @property
    def figures(self) -> int: ...
    @property
    def printed(self) -> int: ...


def render_characterization_tests(plan: Plan, captured: Sequence[CapturedStep]) -> str:
    """Helpers and one test per step: compare its outputs, or a skip with the reason."""
    steps = {step.name: step for step in plan.steps}
    parts = [_HELPERS, reader_functions()]
    for c in captured:
        step = steps[c.step]
        if not c.fixture:
            parts.append(
                f"@pytest.mark.skip(reason={('not captured: ' + (c.reason or '')).strip()!r})\n"
                f"def test_{c.step}_matches_the_notebook_run() -> None:\n"
                "    pass"
            )
            continue
        names = (plan.name("figures"), plan.name("timed"), plan.name("logger"))
        parts.append(_step_test(step, c, *names))
    return "\n\n".join(parts)


def _step_test(step: Step, capture: CapturedStep, figures: str, timed: str, logger: str) -> str:
    """A step on its captured inputs (a step that reads files: on a copy of the notebook's
    data, skipping without it), each compared output within verify's tolerances, the
    figures it saves compared with those the notebook showed (``figures``: the name of
    pipeline.py's FigureFiles), and the lines it logs with those the notebook printed
    (``timed``, ``logger``: the names of pipeline.py's helper that logs durations and of its
    logger)."""
    reads = any(ref.reads_file for ref in step.statements)
    config = "config" if reads else "_config()"
    args = ([config] if step.uses_config else []) + ['**fixture["inputs"]']
    call = f"pipeline.{step.name}({', '.join(args)})"
    if not step.returns:
        values = call
    elif len(step.returns) == 1:
        values = f"values = {{{step.returns[0]!r}: {call}}}"
    else:
        values = f"values = dict(zip({tuple(step.returns)!r}, {call}))"
    caplog = ", caplog" if capture.printed else ""
    lines = [
        f"def test_{step.name}_matches_the_notebook_run(pipeline, monkeypatch, tmp_path{caplog}) -> None:",
        f'    fixture = _load_fixture(FIXTURES / "{step.name}")',
        (
            "    config = _copy_of_the_data(tmp_path, monkeypatch).resolve_paths()"
            if reads
            else "    monkeypatch.chdir(tmp_path)"
        ),
        '    _restore_random(fixture["random"])',
    ]
    if capture.figures:
        lines += [
            "    shown = []  # a digest of each figure the step saves, as the notebook showed it",
            f'    monkeypatch.setattr(pipeline.{figures}, "save", lambda _, f: shown.append(_figure_digest(f)))',
        ]
    if capture.printed:
        lines += [
            '    caplog.set_level("INFO", logger=pipeline.__name__)',
            f"    printed = _printed_lines({timed!r})",
            f'    monkeypatch.setattr(pipeline.{logger}, "handlers", [*pipeline.{logger}.handlers, printed])',
        ]
    lines += [
        "    with _sequential():  # joblib in this process, as the capture ran it",
        f"        {values}",
    ]
    for name, how in capture.compare:
        # a summary (an object too large to store whole): its public data attributes
        check = "_assert_same_state" if how == "summary" else "_assert_same"
        lines.append(f'    {check}(values[{name!r}], fixture["outputs"][{name!r}], {name!r})')
    if capture.figures:
        lines.append(
            '    assert shown == fixture["figures"], "its figures differ from the notebook\'s"'
        )
    if capture.printed:
        lines.append('    _assert_printed(printed.lines, fixture["printed"])')
    return "\n".join(lines)


_HELPERS = (
    """FIXTURES = Path(__file__).resolve().parent / "fixtures"  # listed in fixtures/README.md"""
)


def reader_functions() -> str:
    """The fixture reader (nb2mod/capture_formats.py without its docstring): stdlib, and
    numpy or pandas only for the values that need them."""
    source = Path(__file__).parents[1].joinpath("capture_formats.py").read_text(encoding="utf-8")
    return source[source.index("\ndef ") :].strip()
