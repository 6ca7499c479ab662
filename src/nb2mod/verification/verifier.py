"""Verification: run the notebook and the package it converts to, and compare the results.

``verify(notebook)`` converts the notebook into a temporary folder, executes the notebook in a
fresh kernel (nbclient) in a scratch copy of its folder, runs the package's ``run(Config())``
in a subprocess in another scratch copy, and compares every name ``run`` returns. It needs
the optional extra ``nb2mod[verify]`` (nbclient, ipykernel).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from nb2mod.analysis import analyze
from nb2mod.analysis.facts import Analysis
from nb2mod.errors import NotebookError
from nb2mod.interpreters import (
    CHOOSE_KERNEL,
    CHOOSE_PYTHON,
    Kernel,
    check_python,
    choose_kernel,
    is_missing_module,
)
from nb2mod.notebook import Notebook, read_notebook
from nb2mod.settings import Settings
from nb2mod.sourcemap import FileMap, SourceMap
from nb2mod.verification.compare import compare_values
from nb2mod.verification.comparing import Compared, DumpPair, compare_dumps
from nb2mod.verification.extra import VerifyUnavailableError, require_verify_extra
from nb2mod.verification.files import Written, files_row
from nb2mod.verification.kernel import run_notebook
from nb2mod.verification.outcome import (
    Origin,
    Verdict,
    Verification,
    redacted_verification,
    run_status,
)
from nb2mod.verification.output import (
    DISPLAYED,
    PRINTED,
    NotebookOutput,
    PackageOutput,
    compare_displayed,
    compare_printed,
    unstable_reason,
)
from nb2mod.verification.outside import OutsidePath, outside_paths, watching
from nb2mod.verification.package import read_package_output, run_package
from nb2mod.verification.randomness import unseeded_names
from nb2mod.verification.reproducible import PACKAGE_RUNS, seeded_by_nb2mod, unreproducible
from nb2mod.verification.scratch import notebook_folder, parent_levels, run_folder, run_workdir
from nb2mod.verification.steps import StepLike, comparable_step_names, step_bindings
from nb2mod.verification.stopping import Stopped


class ConversionLike(Protocol):
    """What verify needs from ``nb2mod.convert``'s result: the names run() returns, its
    steps in order and pipeline.py's source map (which cells each step and line hold)."""

    @property
    def package(self) -> str: ...
    @property
    def returns(self) -> Sequence[str]: ...
    @property
    def pipeline_steps(self) -> Sequence[StepLike]: ...
    @property
    def source_map(self) -> SourceMap: ...

    # and, optionally, ``entry``: the name of the function of PKG.pipeline that runs it, and
    # ``seeded``: the (cell, line, col) of the draws the notebook leaves unseeded and it seeds

    def write(self, out_dir: Any, force: bool = False) -> Any: ...


Converter = Callable[[Notebook, Settings], ConversionLike]


def verify(
    notebook: Notebook | str | os.PathLike[str],
    settings: Settings | None = None,
    *,
    keep: bool = False,
    converter: Converter | None = None,
) -> Verification:
    """Verify one notebook; the result is a value (nothing is printed).

    Raises NotebookError for a notebook that cannot be read and VerifyUnavailableError when
    the ``verify`` extra is not installed. ``keep`` leaves the temporary folders in place
    (their paths are in ``Verification.kept``); ``converter`` replaces ``nb2mod.convert``.
    """
    settings = settings or Settings()
    if not isinstance(notebook, Notebook):
        notebook = read_notebook(notebook)
    require_verify_extra()
    root = Path(tempfile.mkdtemp(prefix="nb2mod-verify-"))
    try:
        result = _verify_in(root, notebook, settings, converter or _default_converter())
    except Stopped as stopped:
        if keep:
            stopped.kept.append(str(root))
        raise
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    return replace(result, kept=(str(root),)) if keep else result


def _default_converter() -> Converter:
    from nb2mod.conversion import convert

    return convert


@dataclass(frozen=True)
class _Job:
    """One verification, once the package is written: what to run, where, what to compare."""

    root: Path
    notebook: Notebook
    settings: Settings
    package: str
    names: tuple[str, ...]  # the names run() returns
    steps: tuple[str, ...]  # values run() passes between steps that are comparable
    where: tuple[Path | None, int]  # the notebook's folder, and how many levels above to copy
    analysis: Analysis | None
    kernel: Kernel  # the kernel that runs the notebook
    python: str | None  # --python, checked; None: the interpreter the kernel ran
    pipeline: FileMap | None = None  # where each part of pipeline.py came from
    outside: tuple[OutsidePath, ...] = ()  # paths the code writes outside the scratch copy
    environment: Mapping[str, str] = field(default_factory=dict, repr=False)  # the secrets'
    # per run label, the files it wrote at those paths (filled in as the runs end)
    written_outside: dict[str, dict[str, Written]] = field(default_factory=dict)
    entry: str = "run"  # the function of PKG.pipeline that runs the pipeline
    # (cell, line, col) of the draws the notebook leaves unseeded and the package seeds
    seeded: tuple[tuple[int, int, int], ...] = ()

    @property
    def wanted(self) -> tuple[str, ...]:
        return self.names + self.steps


@dataclass(frozen=True)
class _NotebookSide:
    """What the notebook's runs left: the values, who ran them, what they showed."""

    dump: Path
    python: str  # the interpreter the kernel ran
    observed: dict[str, str]  # names --repeat saw change between two runs, with the difference
    shown: NotebookOutput
    shown_again: NotebookOutput | None = None


def _verify_in(
    root: Path, notebook: Notebook, settings: Settings, converter: Converter
) -> Verification:
    job = _prepare(root, notebook, settings, converter)
    if isinstance(job, Verification):
        return job
    secrets = job.analysis.secrets.values if job.analysis is not None else ()
    return redacted_verification(_verify_job(job), secrets)


def _verify_job(job: _Job) -> Verification:
    side = _notebook_values(job)
    if isinstance(side, Verification):
        return _with_interpreters(replace(side, package=job.package), job, None)
    python = job.python or side.python
    runs = [_package_values(job, python, label, seed) for label, seed in PACKAGE_RUNS]
    failed = next((r for r in runs if isinstance(r, Verification)), None)
    if failed is not None:
        return _with_interpreters(failed, job, python)
    actual, again = runs
    assert not isinstance(actual, Verification) and not isinstance(again, Verification)
    outputs = _compare_outputs(job, side.shown, side.shown_again, actual[1])
    outputs += files_row(job.root, job.where, job.settings.repeat, job.written_outside)
    pair = DumpPair(side.dump, actual[0], (), (job.package,))
    compared = _compare(job, pair, python)
    twice = _compare(job, DumpPair(actual[0], again[0], (job.package,), (job.package,)), python)
    differ = unreproducible(twice, job.analysis)
    result = _compare_all(job, compared, side.observed, outputs, differ)
    return _with_interpreters(result, job, python)


def _with_interpreters(result: Verification, job: _Job, python: str | None) -> Verification:
    return replace(result, kernel=job.kernel.name, python=python)


def _compare(job: _Job, pair: DumpPair, python: str) -> dict[str, Compared]:
    settings = job.settings
    return compare_dumps(pair, job.wanted, settings.rtol, settings.atol, python, settings.timeout)


def _prepare(
    root: Path, notebook: Notebook, settings: Settings, converter: Converter
) -> _Job | Verification:
    """Convert and write the package; a converter that raises is this run's result.
    A --kernel that is not installed or a --python that is no program is a ConfigError."""
    kernel = choose_kernel(settings.kernel, notebook.kernel_name)
    python = check_python(settings.python) if settings.python else None
    try:
        conversion = converter(notebook, settings)
        conversion.write(root / "out")
    except NotebookError:
        raise
    except Exception as exc:  # a converter bug is this run's result, not a crash
        return Verification(notebook.path, "conversion fails", message=_exception_line(exc))
    package = conversion.package
    names = tuple(conversion.returns)
    pipeline = conversion.source_map.file(f"{package}/pipeline.py")
    analysis = _analysis(notebook)
    steps = _step_names(conversion.pipeline_steps, pipeline, analysis, names)
    levels = parent_levels(c.source for c in notebook.code_cells)
    where = (notebook_folder(notebook.path), levels)
    outside = outside_paths(analysis, run_workdir(*where, root), root / "work")
    environment = dict(getattr(conversion, "environment", None) or {})
    return _Job(
        root, notebook, settings, package, names, steps, where, analysis, kernel, python,
        pipeline, outside, entry=str(getattr(conversion, "entry", "run")),
        environment=environment, seeded=tuple(getattr(conversion, "seeded", ())),
    )  # fmt: skip


def _notebook_values(job: _Job) -> _NotebookSide | Verification:
    """The notebook's values, the names --repeat saw change between two runs, and what the
    notebook printed and displayed (in each run)."""
    first = _run_notebook_side(job, "notebook")
    if isinstance(first, Verification) or not job.settings.repeat:
        return first
    second = _run_notebook_side(job, "notebook-again")
    if isinstance(second, Verification):
        return second
    compared = _compare(job, DumpPair(first.dump, second.dump), first.python)
    observed = {
        name: f"differs between two runs of the notebook ({c.verdict.detail})"
        for name, c in compared.items()
        if c.verdict.status == "different"
    }
    return replace(first, observed=observed, shown_again=second.shown)


def _run_notebook_side(job: _Job, label: str) -> _NotebookSide | Verification:
    watch = watching(job.outside, job.written_outside, label, job.root / "outside")
    with watch, run_folder(*job.where, job.root, label) as workdir:
        dump = job.root / f"{label}.values"
        timeout = job.settings.timeout
        run = run_notebook(job.notebook, job.wanted, workdir, dump, timeout, job.kernel)
    python = run.python or job.kernel.python or sys.executable
    if run.harness_failed:
        return Verification(job.notebook.path, "error", message=run.error)
    if not run.ok or run.dump is None:
        where = f"cell {run.cell}: " if run.cell else ""
        message = f"the notebook fails on its own: {where}{run.error}"
        if is_missing_module(run.error):
            ran = replace(job.kernel, python=python).describe()
            message += f"; the notebook ran in {ran}: {CHOOSE_KERNEL}"
        return Verification(job.notebook.path, "notebook fails", message=message, cell=run.cell)
    return _NotebookSide(run.dump, python, {}, NotebookOutput(run.stdout, run.results))


def _package_values(
    job: _Job, python: str, label: str, hash_seed: str
) -> tuple[Path, PackageOutput | None] | Verification:
    """One fresh run of the package (``label``: package, package-again), nothing seeded from
    outside, with its own hash seed."""
    watch = watching(job.outside, job.written_outside, label, job.root / "outside")
    env = dict(job.kernel.env) if job.python is None else {}  # the kernel's, with its python
    env.update(job.environment)  # the secrets the package reads from the environment
    env["PYTHONHASHSEED"] = hash_seed
    with watch, run_folder(*job.where, job.root, label) as workdir:
        dump = job.root / f"{label}.values"
        timeout = job.settings.timeout
        run = run_package(
            job.root / "out", job.package, job.names, workdir, dump, timeout, job.steps,
            python, env, job.entry,
        )  # fmt: skip
    if not run.ok or run.dump is None:
        message = run.error
        if is_missing_module(message):
            message += f"; the package ran with {python}: {CHOOSE_PYTHON}"
        path, package = job.notebook.path, job.package
        return Verification(path, "package fails", message=message, step=run.step, package=package)
    return run.dump, read_package_output(run.output)


def _compare_outputs(
    job: _Job, shown: NotebookOutput, again: NotebookOutput | None, package: PackageOutput | None
) -> tuple[Verdict, ...]:
    """The (printed output) and (displayed values) rows."""
    if package is None:
        why = "the package run did not report what it printed"
        return tuple(Verdict(n, "not compared", why, "output") for n in (PRINTED, DISPLAYED))
    unstable = unstable_reason(job.analysis)
    logs = any(_LOGGING.search(c.source) for c in job.notebook.code_cells)
    cells = job.pipeline.step_lines() if job.pipeline is not None else {}
    modules = (f"{job.package}.pipeline", job.package)
    kept = job.pipeline.cells_with_code() if job.pipeline is not None else None
    return (
        compare_printed(shown, package, unstable, again, logs=logs, kept=kept),
        compare_displayed(shown, package, cells, modules, unstable, again, bool(job.seeded)),
    )


_LOGGING = re.compile(r"^\s*(import\s+logging|from\s+logging\s+import)", re.MULTILINE)


def _compare_all(
    job: _Job,
    compared: dict[str, Compared],
    observed: dict[str, str],
    outputs: tuple[Verdict, ...] = (),
    differ: dict[str, str] | None = None,
) -> Verification:
    random = {**(unseeded_names(job.analysis) if job.analysis else {}), **observed}
    for name, why in seeded_by_nb2mod(job.analysis, job.seeded).items():  # --repeat's too
        random[name] = f"{why}; {observed[name]}" if name in observed else why
    differ = differ or {}
    verdicts = tuple(
        _judge(compared[n], random.get(n), _origin(n, job), differ.get(n)) for n in job.wanted
    )
    verdicts += outputs
    path, package = job.notebook.path, job.package
    if not verdicts:
        message = "run() returns no names and passes none between steps"
        return Verification(path, "nothing compared", message=message, package=package)
    return Verification(path, run_status(verdicts), verdicts=verdicts, package=package)


def _origin(name: str, job: _Job) -> Origin:
    return "step" if name in job.steps else "result"


def _analysis(notebook: Notebook) -> Analysis | None:
    try:
        return analyze(notebook)
    except Exception:  # the analysis only refines the comparison; verify works without it
        return None


def _step_names(
    steps: Sequence[StepLike],
    pipeline: FileMap | None,
    analysis: Analysis | None,
    names: tuple[str, ...],
) -> tuple[str, ...]:
    """Values run() passes between steps that also hold the notebook's final value."""
    if analysis is None or pipeline is None:
        return ()
    return comparable_step_names(step_bindings(steps, pipeline), analysis, exclude=names)


def _judge(
    compared: Compared, random_reason: str | None, origin: Origin, unreproducible: str | None
) -> Verdict:
    """The row of one name; ``unreproducible``: why it differs between two package runs."""
    verdict = compared.verdict
    if unreproducible:
        return Verdict(verdict.name, "not reproducible", unreproducible, origin)
    if verdict.status == "different" and random_reason:
        detail = f"{random_reason}; {verdict.detail}"
        return Verdict(verdict.name, "not deterministic", detail, origin)
    if origin == "step" and verdict.status == "missing" and not compared.expected_present:
        detail = "the notebook does not define it after its last cell"
        return Verdict(verdict.name, "not compared", detail, origin)
    return replace(verdict, origin=origin)


def _exception_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:240]}" if text else type(exc).__name__


__all__ = [
    "Verdict",
    "Verification",
    "VerifyUnavailableError",
    "compare_values",
    "verify",
]
