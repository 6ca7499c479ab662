"""convert --capture: run the notebook once and store each step's real inputs and outputs."""

from __future__ import annotations

import base64
import json
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import NoReturn

from nb2mod.analysis.facts import Analysis
from nb2mod.capture_printed import cell_stdout, step_printed
from nb2mod.capture_seeds import pin_source
from nb2mod.capture_snapshot import refers_to_main
from nb2mod.errors import NotebookError
from nb2mod.interpreters import CHOOSE_KERNEL, Kernel, is_missing_module, same_interpreter
from nb2mod.notebook import Notebook
from nb2mod.plan.model import Plan, Step
from nb2mod.settings import Settings
from nb2mod.verification.extra import VerifyUnavailableError, require_verify_extra

MAX_FIXTURE_BYTES = 1024 * 1024  # "large": a step's inputs (or outputs) pickle to more
SAMPLE_ROWS = 1000  # a large step is tested on the first SAMPLE_ROWS rows of its big inputs
_NOT_RERUN = frozenset({"file_write", "network", "shell", "environment", "sys_path", "input"})
FIXTURES = PurePosixPath("tests/fixtures")
SNAPSHOT_SOURCE = Path(__file__).with_name("capture_snapshot.py").read_text(encoding="utf-8")
FORMATS_SOURCE = Path(__file__).with_name("capture_formats.py").read_text(encoding="utf-8")
ENCODE_SOURCE = Path(__file__).with_name("capture_encode.py").read_text(encoding="utf-8")
_SNAPSHOT_BASE = 1_000_000  # snapshot cell numbers start here (verification.kernel.HARNESS_BASE)


@dataclass(frozen=True)
class StepCapture:
    """One step's capture: the files of its fixture folder (name, text) and how each output
    is compared, or the reason it has no characterization test."""

    step: str
    files: tuple[tuple[str, str], ...] = ()  # (file name in the step's folder, text)
    sampled: tuple[tuple[str, int, int], ...] = ()  # (input, rows it had, first rows kept)
    compare: tuple[tuple[str, str], ...] = ()  # (output name, how) for the compared outputs
    reason: str | None = None
    left_out: tuple[tuple[str, str], ...] = ()  # (output name, why) for outputs not compared
    figures: int = 0  # figures the step showed, whose digests its test compares
    printed: int = 0  # lines its cells printed, with which its test compares what it logs

    @property
    def path(self) -> PurePosixPath:
        return FIXTURES / self.step

    @property
    def fixture(self) -> bool:
        """Whether the step has a fixture (and so a characterization test)."""
        return bool(self.files)

    def values(self) -> dict[str, dict[str, dict[str, object]]]:
        """The step's values.json: each input and output's entry (type, shape, file), and
        under "figures" the digests of the figures it showed, when it showed any."""
        return dict(json.loads(dict(self.files)["values.json"])) if self.files else {}


def check_capture_extra() -> None:
    """Raise VerifyUnavailableError (naming --capture) when nbclient or ipykernel is missing."""
    try:
        require_verify_extra()
    except VerifyUnavailableError as exc:
        raise VerifyUnavailableError(
            str(exc).replace("nb2mod verify", "nb2mod convert --capture")
        ) from None


def rerunnable_steps(plan: Plan, analysis: Analysis) -> frozenset[str]:
    """The steps --capture may run a second time on a sample of their inputs: no cell of
    theirs writes files, uses the network, a shell, the environment or a magic."""
    cells = {facts.cell: facts for facts in analysis.cells}
    return frozenset(
        step.name
        for step in plan.steps
        if all(
            index not in cells
            or (
                not cells[index].magics
                and not any(e.kind in _NOT_RERUN for e in cells[index].effects)
            )
            for index in step.cells
        )
    )


def capture_steps(
    notebook: Notebook,
    plan: Plan,
    settings: Settings,
    limit: int = MAX_FIXTURE_BYTES,
    rerunnable: frozenset[str] = frozenset(),
    sources: Mapping[int, str] | None = None,
    logging: frozenset[str] = frozenset(),
) -> tuple[StepCapture, ...]:
    """Execute ``notebook`` once in a scratch copy of its folder, with snapshot cells around
    each step (a ``rerunnable`` step whose inputs are large runs again on their first
    SAMPLE_ROWS rows); a failing cell is a NotebookError naming it. ``sources``: the code to
    run instead of a cell's source (capture_seeds.seeded_sources); ``logging``: the steps
    whose prints the package logs (``logging_steps``), whose tests compare them."""
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
        ran, printed = _run(
            notebook, spans, plan, workdir, snapshots, settings, kernel, limit, rerunnable,
            dict(sources or {}),
        )  # fmt: skip
        secrets = tuple({old.encode("utf-8", "surrogatepass") for old, _ in plan.redactions})
        captured = tuple(
            _not_sampled(
                _read(step, snapshots, limit, secrets, _logged(step, printed, limit, logging)),
                step.name in rerunnable,
            )
            for step in plan.steps
        )
    if python is None or same_interpreter(python, ran):
        return captured
    return loading_in(python, captured, settings.timeout, notebook.path)


def _logged(step: Step, printed: Mapping[int, str], limit: int, logging: frozenset[str]) -> str:
    """What the cells of a step whose prints the package logs printed (``step_printed``),
    else nothing."""
    return step_printed(step, printed, limit) if step.name in logging else ""


def _read(
    step: Step,
    snapshots: Path,
    limit: int,
    secrets: tuple[bytes, ...] = (),
    printed: str = "",
) -> StepCapture:
    """The capture of ``step`` from its snapshots; ``printed``: what its cells printed, which
    its test compares with what it logs (``_logged``) when its inputs were not sampled."""
    static = _static_reason(step)
    if static is not None and static != _NOTHING:
        return StepCapture(step.name, reason=static)
    try:
        with (snapshots / f"{step.name}.after").open("rb") as handle:
            record = pickle.load(handle)
    except FileNotFoundError:
        return StepCapture(step.name, reason="the step has no code cell that ran")
    folder, reason, how = record["folder"], record["reason"], record["how"]
    if static is not None and (reason is not None or folder is None):
        return StepCapture(step.name, reason=static)
    left_out = dict(record["left_out"])
    left_out.update({name: "has no value equality" for name, kind in how.items() if kind is None})
    if reason is not None or folder is None:
        return StepCapture(step.name, reason=reason or "its fixture was not written")
    files = tuple(
        (path.name, path.read_text(encoding="utf-8")) for path in sorted(Path(folder).iterdir())
    )
    if printed and not record.get("sampled"):
        files = tuple(sorted((*files, ("printed.txt", printed))))
    pickles = [base64.b64decode(text) for name, text in files if name.endswith(".pkl.b64")]
    if any(refers_to_main(blob) for blob in pickles):
        reason = "its values hold objects of classes or functions defined in the notebook"
        return StepCapture(step.name, reason=reason)
    held = [text.encode("utf-8", "surrogatepass") for _, text in files] + pickles
    if any(secret in blob for secret in secrets for blob in held):
        reason = "its values hold a secret the notebook hard-coded (see Warnings)"
        return StepCapture(step.name, reason=reason)
    compare = tuple((name, kind) for name, kind in how.items() if kind is not None)
    figures = len(json.loads(dict(files)["values.json"]).get("figures", []))
    lines = dict(files).get("printed.txt", "").count("\n")
    if static is not None and not figures and not lines:
        return StepCapture(step.name, reason=static)
    if not compare and not figures and not lines:
        why = "; ".join(f"{name!r} {text}" for name, text in left_out.items())
        return StepCapture(step.name, reason=f"no output can be compared by value ({why})")
    ordered = tuple((name, left_out[name]) for name in step.returns if name in left_out)
    sampled = tuple((name, had, kept) for name, (had, kept) in record.get("sampled", {}).items())
    return StepCapture(
        step.name, files, sampled, compare, left_out=ordered, figures=figures, printed=lines
    )


def _not_sampled(capture: StepCapture, rerunnable: bool) -> StepCapture:
    """A capture skipped for its size says why it was not tested on a sample instead."""
    reason = capture.reason or ""
    if rerunnable or not reason.startswith("its values exceed"):
        return capture
    why = "its cells write files, use the network, a shell, the environment or a magic"
    return replace(capture, reason=f"{reason}, and {why}, so it is not run again on a sample")


_NOTHING = "it returns nothing to compare"  # and shows no figure: else its figures are


def _static_reason(step: Step) -> str | None:
    if not step.returns:
        return _NOTHING
    if step.unparsed:
        return "it holds cells kept as commented code"
    if any(ref.reads_file and ref.read_field is None for ref in step.statements):
        return "it reads a file no Config field names, so its test would depend on where it runs"
    return None


def _snapshot_source(call: str) -> str:
    return (
        "_nb2mod_ns = {}\n"
        f"exec({FORMATS_SOURCE!r}, _nb2mod_ns)\n"
        f"exec({ENCODE_SOURCE!r}, _nb2mod_ns)\n"
        f"exec({SNAPSHOT_SOURCE!r}, _nb2mod_ns)\n"
        f"_nb2mod_ns[{call}\n"
        "del _nb2mod_ns\n"
    )


def _run(
    notebook: Notebook,
    spans: list[tuple[Step, int, int]],
    plan: Plan,
    workdir: Path,
    snapshots: Path,
    settings: Settings,
    kernel: Kernel,
    limit: int = MAX_FIXTURE_BYTES,
    rerunnable: frozenset[str] = frozenset(),
    sources: dict[int, str] | None = None,
) -> tuple[str, dict[int, str]]:
    """Run the notebook with the snapshot cells; the interpreter the kernel ran, and what
    each notebook cell printed (its stdout, as the notebook shows it)."""
    import nbformat

    from nb2mod.verification.kernel import execute_cells, kernel_python, prepare_source

    labels: list[str] = []

    def snapshot(label: str, call: str) -> tuple[int, object]:
        labels.append(label)
        return _SNAPSHOT_BASE + len(labels) - 1, nbformat.v4.new_code_cell(_snapshot_source(call))

    report = snapshots / "kernel.python"
    pin = pin_source(plan)
    cells = [(0, nbformat.v4.new_code_cell(prepare_source(report) + pin))]
    if plan.saves_figures:
        cells.append(snapshot("the figures the notebook shows", "'watch_figures']()"))
    config, runs = plan.config_name, sources or {}
    code = {cell.index: runs.get(cell.index, cell.source) for cell in notebook.code_cells}
    for cell in notebook.code_cells:
        for step, first, _last in spans:
            if first == cell.index:
                params = [p for p in step.params if p != config]
                where = str(snapshots / f"{step.name}.before")
                rows = SAMPLE_ROWS if step.name in rerunnable else 0
                call = f"'before'](globals(), {params!r}, {where!r}, {limit}, {rows})"
                cells.append(snapshot(f"the inputs of step {step.name!r}", call))
        metadata = {"tags": list(cell.tags)} if cell.tags else {}
        cells.append((cell.index, nbformat.v4.new_code_cell(code[cell.index], metadata=metadata)))
        for step, _first, last in spans:
            if last == cell.index:
                before = str(snapshots / f"{step.name}.before")
                where = str(snapshots / f"{step.name}.after")
                names = list(step.returns)
                rerun = step.name in rerunnable
                again = [code[i] for i in step.cells if i in code] if rerun else None
                call = f"'after'](globals(), {names!r}, {before!r}, {where!r}, {limit}, {again!r})"
                cells.append(snapshot(f"the outputs of step {step.name!r}", call))
    failure = execute_cells(cells, workdir, settings.timeout, snapshots / "kernel.log", kernel)
    python = kernel_python(report) or kernel.python or sys.executable
    if failure is not None:
        _fail(notebook, kernel, python, labels, *failure)
    return python, cell_stdout(cells, _SNAPSHOT_BASE)


def _fail(
    notebook: Notebook, kernel: Kernel, python: str, labels: list[str], number: int, error: str
) -> NoReturn:
    """The NotebookError for the cell (or snapshot) numbered ``number`` that failed."""
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
import json, sys
from pathlib import Path
namespace = {}
exec(Path(sys.argv[1]).read_text(encoding="utf-8"), namespace)
failed = {}
for folder in sorted(Path(sys.argv[2]).iterdir()):
    try:
        namespace["_load_fixture"](folder)
    except Exception as exc:
        failed[folder.name] = f"{type(exc).__name__}: {exc}"[:200]
json.dump(failed, open(sys.argv[3], "w", encoding="utf-8"))
"""


def loading_in(
    python: str, captured: tuple[StepCapture, ...], timeout: float, path: str = "--capture"
) -> tuple[StepCapture, ...]:
    """The captures, with each fixture that does not load with ``python`` (the interpreter
    the generated tests will run in, ``--python``) turned into a skip saying why."""
    if not any(c.fixture for c in captured):
        return captured
    with tempfile.TemporaryDirectory(prefix="nb2mod-capture-") as temporary:
        root = Path(temporary)
        reader, answer = root / "formats.py", root / "failed.json"
        reader.write_text(FORMATS_SOURCE, encoding="utf-8")
        for c in captured:
            for name, text in c.files:
                (root / "fixtures" / c.step).mkdir(parents=True, exist_ok=True)
                (root / "fixtures" / c.step / name).write_text(text, encoding="utf-8")
        try:
            subprocess.run(
                [python, "-c", _LOADER, str(reader), str(root / "fixtures"), str(answer)],
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
    """The fixture files (text), keyed by their path in the package folder."""
    return {c.path / name: text for c in captured for name, text in c.files}


__all__ = [
    "StepCapture",
    "capture_steps",
    "check_capture_extra",
    "fixture_files",
]
