"""Verification: run the notebook and the package it converts to, and compare the results.

``verify(notebook)`` converts the notebook into a temporary folder, executes the notebook in a
fresh kernel (nbclient) in a scratch copy of its folder, runs the package's ``run(Config())``
in a subprocess in another scratch copy, and compares every name ``run`` returns. It needs
the optional extra ``nb2mod[verify]`` (nbclient, ipykernel).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import types
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from nb2mod.errors import NotebookError
from nb2mod.notebook import Notebook, read_notebook
from nb2mod.settings import Settings
from nb2mod.verify.captured import Captured, read_captured
from nb2mod.verify.compare import compare_captured, compare_values
from nb2mod.verify.extra import VerifyUnavailableError, require_verify_extra
from nb2mod.verify.kernel import run_notebook
from nb2mod.verify.outcome import Verdict, Verification, run_status
from nb2mod.verify.package import run_package
from nb2mod.verify.scratch import notebook_folder, parent_levels, run_folder


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
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    return replace(result, kept=(str(root),)) if keep else result


def _default_converter() -> Converter:
    from nb2mod.convert import convert

    return convert  # type: ignore[return-value]


def _verify_in(
    root: Path, notebook: Notebook, settings: Settings, converter: Converter
) -> Verification:
    path = notebook.path
    try:
        conversion = converter(notebook, settings)
        conversion.write(root / "out")
    except NotebookError:
        raise
    except Exception as exc:  # a converter bug is this run's result, not a crash
        return Verification(path, "conversion fails", message=_exception_line(exc))
    names, package = tuple(conversion.returns), conversion.package
    folder = notebook_folder(path)
    levels = parent_levels(c.source for c in notebook.code_cells)
    first = _run_notebook_side(root, "notebook", notebook, names, (folder, levels), settings)
    if isinstance(first, Verification):
        return replace(first, package=package)
    observed: dict[str, str] = {}
    if settings.repeat:
        second = _run_notebook_side(
            root, "notebook-again", notebook, names, (folder, levels), settings
        )
        if isinstance(second, Verification):
            return replace(second, package=package)
        observed = differing_between_runs(first, second, settings)
    with run_folder(folder, levels, root, "package") as workdir:
        dump = root / "package.values"
        run = run_package(root / "out", package, names, workdir, dump, settings.timeout)
    if not run.ok:
        return Verification(
            path, "package fails", message=run.error, step=run.step, package=package
        )
    actual = read_captured(run.dump, names, (package,))  # type: ignore[arg-type]
    random = {**_unseeded(notebook), **observed}
    verdicts = tuple(_judge(first[n], actual[n], random.get(n), settings) for n in names)
    if not verdicts:
        return Verification(
            path, "nothing compared", message="run() returns no names", package=package
        )
    return Verification(path, run_status(verdicts), verdicts=verdicts, package=package)


def _run_notebook_side(
    root: Path,
    label: str,
    notebook: Notebook,
    names: tuple[str, ...],
    where: tuple[Path | None, int],
    settings: Settings,
) -> dict[str, Captured] | Verification:
    with run_folder(*where, root, label) as workdir:
        dump = root / f"{label}.values"
        run = run_notebook(notebook, names, workdir, dump, settings.timeout)
    if run.harness_failed:
        return Verification(notebook.path, "error", message=run.error)
    if not run.ok or run.dump is None:
        where = f"cell {run.cell}: " if run.cell else ""
        message = f"the notebook fails on its own: {where}{run.error}"
        return Verification(notebook.path, "notebook fails", message=message, cell=run.cell)
    return read_captured(run.dump, names)


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
    expected: Captured, actual: Captured, random_reason: str | None, settings: Settings
) -> Verdict:
    verdict = compare_captured(expected, actual, rtol=settings.rtol, atol=settings.atol)
    if verdict.status == "different" and random_reason:
        return Verdict(verdict.name, "not deterministic", f"{random_reason}; {verdict.detail}")
    return verdict


def _unseeded(notebook: Notebook) -> dict[str, str]:
    from nb2mod.analysis import analyze
    from nb2mod.verify.randomness import unseeded_names

    try:
        return unseeded_names(analyze(notebook))
    except Exception:  # the analysis only refines verdicts; without it, differences stand
        return {}


def _exception_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:240]}" if text else type(exc).__name__


class _CallableModule(types.ModuleType):
    """``import nb2mod.verify`` binds this module as ``nb2mod.verify``, hiding the function
    the public API promises under that name; calling the module calls the function."""

    def __call__(
        self,
        notebook: Notebook | str | os.PathLike[str],
        settings: Settings | None = None,
        **kw: Any,
    ) -> Verification:
        return verify(notebook, settings, **kw)


sys.modules[__name__].__class__ = _CallableModule

__all__ = [
    "Verdict",
    "Verification",
    "VerifyUnavailableError",
    "compare_values",
    "verify",
]
