"""Verification: run the notebook and the package it converts to, and compare the results.

``verify(notebook)`` converts the notebook into a temporary folder, executes the notebook in a
fresh kernel (nbclient) in a scratch copy of its folder, runs the package's ``run(Config())``
in a subprocess in another scratch copy, and compares every name ``run`` returns. It needs
the optional extra ``nb2mod[verify]`` (nbclient, ipykernel).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from nb2mod.analysis import analyze
from nb2mod.analysis.facts import Analysis
from nb2mod.errors import NotebookError
from nb2mod.notebook import Notebook, read_notebook
from nb2mod.settings import Settings, toml_reader
from nb2mod.verification.captured import Captured, read_captured
from nb2mod.verification.compare import compare_captured, compare_values
from nb2mod.verification.extra import VerifyUnavailableError, require_verify_extra
from nb2mod.verification.files import Written, compare_written, written_files
from nb2mod.verification.kernel import run_notebook
from nb2mod.verification.outcome import Origin, Verdict, Verification, run_status
from nb2mod.verification.output import (
    DISPLAYED,
    PRINTED,
    NotebookOutput,
    PackageOutput,
    cell_of_lines,
    compare_displayed,
    compare_printed,
    package_cells,
    unstable_reason,
)
from nb2mod.verification.outside import OutsidePath, outside_paths, stamps, written_outside
from nb2mod.verification.package import run_package
from nb2mod.verification.randomness import unseeded_names
from nb2mod.verification.scratch import copy_root, notebook_folder, parent_levels, run_folder
from nb2mod.verification.steps import comparable_step_names, returned_names, step_bindings
from nb2mod.verification.stopping import Stopped


class ConversionLike(Protocol):
    """What verify needs from ``nb2mod.convert.convert``'s result."""

    package: str
    returns: Sequence[str]

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

    return convert  # type: ignore[return-value]


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
    declared_only: tuple[str, ...] = ()  # in Conversion.returns, but run() does not return them
    pipeline_source: str = ""
    outside: tuple[OutsidePath, ...] = ()  # paths the code writes outside the scratch copy
    # per run label, the files it wrote at those paths (filled in as the runs end)
    written_outside: dict[str, dict[str, Written]] = field(default_factory=dict)

    @property
    def wanted(self) -> tuple[str, ...]:
        return self.names + self.steps


def _verify_in(
    root: Path, notebook: Notebook, settings: Settings, converter: Converter
) -> Verification:
    job = _prepare(root, notebook, settings, converter)
    if isinstance(job, Verification):
        return job
    expected = _notebook_values(job)
    if isinstance(expected, Verification):
        return replace(expected, package=job.package)
    actual = _package_values(job)
    if isinstance(actual, Verification):
        return actual
    values, observed, shown, shown_again = expected
    outputs = _compare_outputs(job, shown, shown_again, actual[1]) + _compare_files(job)
    return _compare_all(job, values, observed, actual[0], outputs)


def _compare_files(job: _Job) -> tuple[Verdict, ...]:
    """The (files written) row, when either run wrote a file in its scratch folder."""
    folder, levels = job.where
    original = copy_root(folder, levels) if folder is not None else None
    sides = {
        label: {
            **(written_files(original, job.root / label) if (job.root / label).is_dir() else {}),
            **job.written_outside.get(label, {}),
        }
        for label in ("notebook", "notebook-again", "package")
    }
    again = sides["notebook-again"] if job.settings.repeat else None
    inside = "" if folder is None or original is None else folder.relative_to(original).as_posix()
    figures = _figure_folder(job.root / "out" / "config.toml")
    own = () if not figures else (f"{inside}/{figures}" if inside not in ("", ".") else figures,)
    verdict = compare_written(sides["notebook"], sides["package"], again, own)
    return (verdict,) if verdict is not None else ()


def _figure_folder(config_toml: Path) -> str:
    """Where the package saves the figures it shows (not the notebook's files)."""
    try:
        data = toml_reader().loads(config_toml.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    value = data.get("figures_dir", "")
    return value if isinstance(value, str) and not os.path.isabs(value) else ""


def _prepare(
    root: Path, notebook: Notebook, settings: Settings, converter: Converter
) -> _Job | Verification:
    """Convert and write the package; a converter that raises is this run's result."""
    try:
        conversion = converter(notebook, settings)
        conversion.write(root / "out")
    except NotebookError:
        raise
    except Exception as exc:  # a converter bug is this run's result, not a crash
        return Verification(notebook.path, "conversion fails", message=_exception_line(exc))
    package = conversion.package
    pipeline = root / "out" / package / "pipeline.py"
    source = pipeline.read_text(encoding="utf-8") if pipeline.is_file() else ""
    returned = returned_names(source)
    names = tuple(conversion.returns) if returned is None else returned
    analysis = _analysis(notebook)
    steps = _step_names(source, analysis, names)
    levels = parent_levels(c.source for c in notebook.code_cells)
    where = (notebook_folder(notebook.path), levels)
    declared = tuple(n for n in conversion.returns if n not in names)
    outside = outside_paths(analysis, _workdir(root, *where), root / "work")
    return _Job(
        root, notebook, settings, package, names, steps, where, analysis, declared, source, outside
    )


def _workdir(root: Path, folder: Path | None, levels: int) -> Path:
    """Where each run works (run_folder makes its copy there)."""
    if folder is None:
        return root / "work"
    return root / "work" / folder.relative_to(copy_root(folder, levels))


@contextmanager
def _watching_outside(job: _Job, label: str) -> Iterator[None]:
    """Note which of the outside paths the run ``label`` creates or changes."""
    before = stamps(job.outside)
    try:
        yield
    finally:
        found = written_outside(job.outside, before, job.root / "outside" / label)
        job.written_outside[label] = found


_NotebookSide = tuple[dict[str, Captured], dict[str, str], NotebookOutput, NotebookOutput | None]


def _notebook_values(job: _Job) -> _NotebookSide | Verification:
    """The notebook's values, the names --repeat saw change between two runs, and what the
    notebook printed and displayed (in each run)."""
    first = _run_notebook_side(job, "notebook")
    if isinstance(first, Verification):
        return first
    if not job.settings.repeat:
        return first[0], {}, first[1], None
    second = _run_notebook_side(job, "notebook-again")
    if isinstance(second, Verification):
        return second
    return (
        first[0],
        differing_between_runs(first[0], second[0], job.settings),
        *_pair(first, second),
    )


def _pair(
    first: tuple[Any, NotebookOutput], second: tuple[Any, NotebookOutput]
) -> tuple[NotebookOutput, NotebookOutput]:
    return first[1], second[1]


def _package_values(job: _Job) -> tuple[dict[str, Captured], PackageOutput | None] | Verification:
    with _watching_outside(job, "package"), run_folder(*job.where, job.root, "package") as workdir:
        dump = job.root / "package.values"
        timeout = job.settings.timeout
        run = run_package(
            job.root / "out", job.package, job.names, workdir, dump, timeout, job.steps
        )
    if not run.ok or run.dump is None:
        path, package = job.notebook.path, job.package
        return Verification(
            path, "package fails", message=run.error, step=run.step, package=package
        )
    return read_captured(run.dump, job.wanted, (job.package,)), _package_output(run.output)


def _package_output(path: Path | None) -> PackageOutput | None:
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        shown = tuple((line, str(text)) for line, text in data["shown"])
        return PackageOutput(str(data["printed"]), shown)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _compare_outputs(
    job: _Job, shown: NotebookOutput, again: NotebookOutput | None, package: PackageOutput | None
) -> tuple[Verdict, ...]:
    """The (printed output) and (displayed values) rows."""
    if package is None:
        why = "the package run did not report what it printed"
        return tuple(Verdict(n, "not compared", why, "output") for n in (PRINTED, DISPLAYED))
    unstable = unstable_reason(job.analysis)
    logs = any(_LOGGING.search(c.source) for c in job.notebook.code_cells)
    cells = cell_of_lines(job.pipeline_source)
    modules = (f"{job.package}.pipeline", job.package)
    kept = package_cells(job.pipeline_source)
    return (
        compare_printed(shown, package, unstable, again, logs=logs, kept=kept),
        compare_displayed(shown, package, cells, modules, unstable, again),
    )


_LOGGING = re.compile(r"^\s*(import\s+logging|from\s+logging\s+import)", re.MULTILINE)


def _compare_all(
    job: _Job,
    expected: dict[str, Captured],
    observed: dict[str, str],
    actual: dict[str, Captured],
    outputs: tuple[Verdict, ...] = (),
) -> Verification:
    random = {**(unseeded_names(job.analysis) if job.analysis else {}), **observed}
    verdicts = tuple(
        _judge(expected[n], actual[n], random.get(n), job.settings, _origin(n, job))
        for n in job.wanted
    ) + tuple(Verdict(n, "not compared", _DECLARED_ONLY) for n in job.declared_only)
    verdicts += outputs
    path, package = job.notebook.path, job.package
    if not verdicts:
        message = "run() returns no names and passes none between steps"
        return Verification(path, "nothing compared", message=message, package=package)
    return Verification(path, run_status(verdicts), verdicts=verdicts, package=package)


_DECLARED_ONLY = "Conversion.returns lists it, but the generated run() does not return it"


def _origin(name: str, job: _Job) -> Origin:
    return "step" if name in job.steps else "result"


def _analysis(notebook: Notebook) -> Analysis | None:
    try:
        return analyze(notebook)
    except Exception:  # the analysis only refines the comparison; verify works without it
        return None


def _step_names(
    pipeline_source: str, analysis: Analysis | None, names: tuple[str, ...]
) -> tuple[str, ...]:
    """Values run() passes between steps that also hold the notebook's final value."""
    if analysis is None or not pipeline_source:
        return ()
    bindings = step_bindings(pipeline_source)
    return comparable_step_names(bindings, analysis, exclude=names)


def _run_notebook_side(
    job: _Job, label: str
) -> tuple[dict[str, Captured], NotebookOutput] | Verification:
    with _watching_outside(job, label), run_folder(*job.where, job.root, label) as workdir:
        dump = job.root / f"{label}.values"
        run = run_notebook(job.notebook, job.wanted, workdir, dump, job.settings.timeout)
    if run.harness_failed:
        return Verification(job.notebook.path, "error", message=run.error)
    if not run.ok or run.dump is None:
        where = f"cell {run.cell}: " if run.cell else ""
        message = f"the notebook fails on its own: {where}{run.error}"
        return Verification(job.notebook.path, "notebook fails", message=message, cell=run.cell)
    shown = NotebookOutput(run.stdout, run.results)
    return read_captured(run.dump, job.wanted), shown


def differing_between_runs(
    first: dict[str, Captured], second: dict[str, Captured], settings: Settings
) -> dict[str, str]:
    """Names whose value differs between two runs of the notebook, with the difference."""
    found = {}
    for name, captured in first.items():
        verdict = compare_captured(captured, second[name], rtol=settings.rtol, atol=settings.atol)
        if verdict.status == "different":
            found[name] = f"differs between two runs of the notebook ({verdict.detail})"
    return found


def _judge(
    expected: Captured,
    actual: Captured,
    random_reason: str | None,
    settings: Settings,
    origin: Origin,
) -> Verdict:
    verdict = compare_captured(expected, actual, rtol=settings.rtol, atol=settings.atol)
    if verdict.status == "different" and random_reason:
        detail = f"{random_reason}; {verdict.detail}"
        return Verdict(verdict.name, "not deterministic", detail, origin)
    if origin == "step" and verdict.status == "missing" and not expected.present:
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
