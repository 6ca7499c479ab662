"""convert --capture: run the notebook once and store each step's real inputs and outputs."""

from __future__ import annotations

import base64
import json
import pickle
import subprocess
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from nb2mod.capture_snapshot import refers_to_main
from nb2mod.errors import NotebookError
from nb2mod.interpreters import CHOOSE_KERNEL, Kernel, is_missing_module, same_interpreter
from nb2mod.notebook import Notebook
from nb2mod.plan.model import Plan, Step
from nb2mod.settings import Settings
from nb2mod.verification.extra import VerifyUnavailableError, require_verify_extra

MAX_FIXTURE_BYTES = 1024 * 1024
FIXTURES = PurePosixPath("tests/fixtures")
SNAPSHOT_SOURCE = Path(__file__).with_name("capture_snapshot.py").read_text(encoding="utf-8")
_SNAPSHOT_BASE = 1_000_000  # snapshot cell numbers start here (verification.kernel.HARNESS_BASE)
# The capture run seeds random's and numpy's global generators with 0 before the first cell
# (verify seeds nothing; a capture does, so that the global random state each fixture records
# for its step is the same on every capture and a second capture changes no file).
_PIN_RANDOM = """
import random as _nb2mod_random
_nb2mod_random.seed(0)
try:
    import numpy as _nb2mod_numpy
except ImportError:
    pass
else:
    _nb2mod_numpy.random.seed(0)
    del _nb2mod_numpy
del _nb2mod_random
"""


@dataclass(frozen=True)
class StepCapture:
    """One step's capture: base64 text of its fixture and how each output is compared, or
    the reason it has no characterization test."""

    step: str
    fixture: str | None = None
    compare: tuple[tuple[str, str], ...] = ()  # (output name, how) for the compared outputs
    reason: str | None = None
    left_out: tuple[tuple[str, str], ...] = ()  # (output name, why) for outputs not compared

    @property
    def path(self) -> PurePosixPath:
        return FIXTURES / f"{self.step}.pkl.b64"


def check_capture_extra() -> None:
    """Raise VerifyUnavailableError (naming --capture) when nbclient or ipykernel is missing."""
    try:
        require_verify_extra()
    except VerifyUnavailableError as exc:
        raise VerifyUnavailableError(
            str(exc).replace("nb2mod verify", "nb2mod convert --capture")
        ) from None


def capture_steps(
    notebook: Notebook, plan: Plan, settings: Settings, limit: int = MAX_FIXTURE_BYTES
) -> tuple[StepCapture, ...]:
    """Execute ``notebook`` once in a scratch copy of its folder, with snapshot cells around
    each step; a failing cell is a NotebookError naming it."""
    from nb2mod.interpreters import check_python, choose_kernel
    from nb2mod.verification.scratch import notebook_folder, parent_levels, working_copy

    check_capture_extra()
    kernel = choose_kernel(settings.kernel, notebook.kernel_name)
    python = check_python(settings.python) if settings.python else None
    code = {cell.index: cell for cell in notebook.code_cells}
    spans = []
    for step in plan.steps:
        cells = [index for index in step.cells if index in code]
        if cells:
            spans.append((step, cells[0], cells[-1]))
    with tempfile.TemporaryDirectory(prefix="nb2mod-capture-") as temporary:
        root = Path(temporary)
        levels = parent_levels(cell.source for cell in notebook.code_cells)
        workdir = working_copy(notebook_folder(notebook.path), levels, root / "work")
        snapshots = root / "snapshots"
        snapshots.mkdir()
        ran = _run(notebook, spans, plan.config_name, workdir, snapshots, settings, kernel, limit)
        secrets = tuple({old.encode("utf-8", "surrogatepass") for old, _ in plan.redactions})
        captured = tuple(_read(step, snapshots, limit, secrets) for step in plan.steps)
    if python is None or same_interpreter(python, ran):
        return captured
    return loading_in(python, captured, settings.timeout, notebook.path)


def _read(step: Step, snapshots: Path, limit: int, secrets: tuple[bytes, ...] = ()) -> StepCapture:
    reason = _static_reason(step)
    if reason is not None:
        return StepCapture(step.name, reason=reason)
    try:
        with (snapshots / f"{step.name}.after").open("rb") as handle:
            record = pickle.load(handle)
    except FileNotFoundError:
        return StepCapture(step.name, reason="the step has no code cell that ran")
    fixture, reason, how = record["fixture"], record["reason"], record["how"]
    left_out = dict(record["left_out"])
    left_out.update({name: "has no value equality" for name, kind in how.items() if kind is None})
    if reason is not None:
        return StepCapture(step.name, reason=reason)
    if len(fixture) > limit:
        return StepCapture(
            step.name, reason=f"its fixture would exceed {limit / 1024**2:g} MB pickled"
        )
    if refers_to_main(fixture):
        reason = "its values hold objects of classes or functions defined in the notebook"
        return StepCapture(step.name, reason=reason)
    if any(secret in fixture for secret in secrets):
        reason = "its values hold a secret the notebook hard-coded (see Warnings)"
        return StepCapture(step.name, reason=reason)
    compare = tuple((name, kind) for name, kind in how.items() if kind is not None)
    if not compare:
        why = "; ".join(f"{name!r} {text}" for name, text in left_out.items())
        return StepCapture(step.name, reason=f"no output can be compared by value ({why})")
    ordered = tuple((name, left_out[name]) for name in step.returns if name in left_out)
    text = base64.encodebytes(fixture).decode("ascii")
    return StepCapture(step.name, fixture=text, compare=compare, left_out=ordered)


def _static_reason(step: Step) -> str | None:
    if not step.returns:
        return "it returns nothing to compare"
    if step.unparsed:
        return "it holds cells kept as commented code"
    if any(ref.reads_file for ref in step.statements):
        return "it reads files, so its test would depend on where the data is"
    return None


def _snapshot_source(call: str) -> str:
    return (
        "_nb2mod_ns = {}\n"
        f"exec({SNAPSHOT_SOURCE!r}, _nb2mod_ns)\n"
        f"_nb2mod_ns[{call}\n"
        "del _nb2mod_ns\n"
    )


def _run(
    notebook: Notebook,
    spans: list[tuple[Step, int, int]],
    config: str,
    workdir: Path,
    snapshots: Path,
    settings: Settings,
    kernel: Kernel,
    limit: int = MAX_FIXTURE_BYTES,
) -> str:
    """Run the notebook with the snapshot cells; the interpreter the kernel ran."""
    import nbformat

    from nb2mod.verification.kernel import execute_cells, kernel_python, prepare_source

    labels: list[str] = []

    def snapshot(label: str, call: str) -> tuple[int, object]:
        labels.append(label)
        return _SNAPSHOT_BASE + len(labels) - 1, nbformat.v4.new_code_cell(_snapshot_source(call))

    report = snapshots / "kernel.python"
    cells = [(0, nbformat.v4.new_code_cell(prepare_source(report) + _PIN_RANDOM))]
    for cell in notebook.code_cells:
        for step, first, _last in spans:
            if first == cell.index:
                params = [p for p in step.params if p != config]
                where = str(snapshots / f"{step.name}.before")
                call = f"'before'](globals(), {params!r}, {where!r}, {limit})"
                cells.append(snapshot(f"the inputs of step {step.name!r}", call))
        metadata = {"tags": list(cell.tags)} if cell.tags else {}
        cells.append((cell.index, nbformat.v4.new_code_cell(cell.source, metadata=metadata)))
        for step, _first, last in spans:
            if last == cell.index:
                before = str(snapshots / f"{step.name}.before")
                where = str(snapshots / f"{step.name}.after")
                names = list(step.returns)
                call = f"'after'](globals(), {names!r}, {before!r}, {where!r}, {limit})"
                cells.append(snapshot(f"the outputs of step {step.name!r}", call))
    failure = execute_cells(cells, workdir, settings.timeout, snapshots / "kernel.log", kernel)
    python = kernel_python(report) or kernel.python or sys.executable
    if failure is None:
        return python
    number, error = failure
    if is_missing_module(error):
        ran = replace(kernel, python=python).describe()
        error += f"; the notebook ran in {ran}: {CHOOSE_KERNEL}"
    if number < 0:
        raise NotebookError(notebook.path, f"--capture: {error}")
    if number >= _SNAPSHOT_BASE:
        what = labels[number - _SNAPSHOT_BASE]
        raise NotebookError(notebook.path, f"--capture: storing {what} failed: {error}")
    if number == 0:
        raise NotebookError(notebook.path, f"--capture: preparing the kernel failed: {error}")
    raise NotebookError(notebook.path, f"--capture: the notebook failed: {error}", cell=number)


_LOADER = """\
import base64, json, pickle, sys
failed = {}
for step, text in json.load(open(sys.argv[1], encoding="utf-8")).items():
    try:
        pickle.loads(base64.decodebytes(text.encode("ascii")))
    except Exception as exc:
        failed[step] = f"{type(exc).__name__}: {exc}"[:200]
json.dump(failed, open(sys.argv[2], "w", encoding="utf-8"))
"""


def loading_in(
    python: str, captured: tuple[StepCapture, ...], timeout: float, path: str = "--capture"
) -> tuple[StepCapture, ...]:
    """The captures, with each fixture that does not load with ``python`` (the interpreter
    the generated tests will run in, ``--python``) turned into a skip saying why."""
    fixtures = {c.step: c.fixture for c in captured if c.fixture is not None}
    if not fixtures:
        return captured
    with tempfile.TemporaryDirectory(prefix="nb2mod-capture-") as temporary:
        request, answer = Path(temporary, "fixtures.json"), Path(temporary, "failed.json")
        request.write_text(json.dumps(fixtures), encoding="utf-8")
        try:
            subprocess.run(
                [python, "-c", _LOADER, str(request), str(answer)],
                cwd=temporary, stdin=subprocess.DEVNULL, capture_output=True,
                timeout=timeout, check=True,
            )  # fmt: skip
            failed = json.loads(answer.read_text(encoding="utf-8"))
        except (OSError, ValueError, subprocess.SubprocessError) as exc:
            why = " ".join(str(exc).split())[:200]
            reason = f"--capture: --python {python} could not load the fixtures: {why}"
            raise NotebookError(path, reason) from None
    return tuple(
        (
            StepCapture(
                c.step, reason=f"its fixture does not load with {python} ({failed[c.step]})"
            )
            if c.step in failed
            else c
        )
        for c in captured
    )


def fixture_files(captured: tuple[StepCapture, ...]) -> dict[PurePosixPath, str]:
    """The fixture files, base64 text, keyed by their path in the package folder."""
    return {c.path: c.fixture for c in captured if c.fixture is not None}


def render_capture_report(captured: tuple[StepCapture, ...]) -> str:
    """The CONVERSION.md section that lists what was captured and what was skipped, and why."""
    lines = [
        "",
        "## StepCapture fixtures",
        "",
        "`--capture` ran the notebook once. Each step with a fixture has a characterization",
        "test in `tests/` that calls it on the inputs the notebook gave it and compares the",
        "outputs listed; the others are skipped for the reason given.",
        "",
    ]
    for c in captured:
        if c.fixture is not None:
            compared = ", ".join(f"`{name}`" for name, _ in c.compare)
            lines.append(f"- `{c.step}`: `{c.path}` (compares {compared})")
            lines.extend(f"  - `{name}` is not compared: it {why}" for name, why in c.left_out)
        else:
            lines.append(f"- `{c.step}`: skipped, {c.reason}")
    return "\n".join(lines) + "\n"


__all__ = [
    "StepCapture",
    "capture_steps",
    "check_capture_extra",
    "fixture_files",
    "render_capture_report",
]
