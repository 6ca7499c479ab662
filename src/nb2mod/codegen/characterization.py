"""Render the characterization tests of --capture: each step on its captured inputs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from nb2mod.plan.model import Plan


class CapturedStep(Protocol):
    """What a test needs of one step's capture (nb2mod.capture.StepCapture)."""

    @property
    def step(self) -> str: ...
    @property
    def fixture(self) -> str | None: ...
    @property
    def compare(self) -> tuple[tuple[str, str], ...]: ...
    @property
    def reason(self) -> str | None: ...


def render_characterization_tests(plan: Plan, captured: Sequence[CapturedStep]) -> str:
    """Helpers and one test per step: compare its outputs, or a skip with the reason."""
    steps = {step.name: step for step in plan.steps}
    parts = [_HELPERS]
    for c in captured:
        step = steps[c.step]
        if c.fixture is None:
            parts.append(
                f"@pytest.mark.skip(reason={('not captured: ' + (c.reason or '')).strip()!r})\n"
                f"def test_{c.step}_matches_the_notebook_run() -> None:\n"
                "    pass"
            )
            continue
        args = (["_config()"] if step.uses_config else []) + ['**fixture["inputs"]']
        call = f"pipeline.{c.step}({', '.join(args)})"
        if len(step.returns) == 1:
            values = f"{{{step.returns[0]!r}: {call}}}"
        else:
            values = f"dict(zip({tuple(step.returns)!r}, {call}))"
        lines = [
            f"def test_{c.step}_matches_the_notebook_run(pipeline, monkeypatch, tmp_path) -> None:",
            f'    fixture = _fixture("{c.step}")',
            "    monkeypatch.chdir(tmp_path)",
            '    _restore_random(fixture["random"])',
            f"    values = {values}",
        ]
        for name, how in c.compare:
            lines.append(
                f'    _assert_captured(values[{name!r}], fixture["outputs"][{name!r}], {how!r})'
            )
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


_HELPERS = '''FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _fixture(step: str) -> dict:
    """The inputs and outputs of a step, stored by nb2mod convert --capture."""
    import base64
    import pickle

    text = (FIXTURES / f"{step}.pkl.b64").read_text(encoding="ascii")
    return pickle.loads(base64.b64decode(text))


def _restore_random(state: dict) -> None:
    """The global random state the notebook had when the step started."""
    import random

    random.setstate(state["random"])
    if "numpy" in state:
        import numpy

        numpy.random.set_state(state["numpy"])


def _assert_captured(actual, expected, how: str) -> None:
    if how == "array":
        import numpy.testing

        numpy.testing.assert_array_equal(actual, expected)
    elif how in ("frame", "series", "index"):
        import pandas.testing

        getattr(pandas.testing, f"assert_{how}_equal")(actual, expected)
    else:
        assert actual == expected'''
