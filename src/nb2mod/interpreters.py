"""Which Python runs a notebook's code: a Jupyter kernel by name, and an interpreter by path.

nb2mod's own environment often lacks the notebook's libraries (it is installed with pipx, or
in a tool environment). ``choose_kernel`` picks the kernel that runs the notebook:
``--kernel NAME``, else the kernel the notebook's metadata names when it is installed, else
nb2mod's own (its interpreter with ipykernel). ``choose_python`` picks the interpreter that
runs the generated package: ``--python PATH``, else the kernel's interpreter (from its
kernelspec's ``argv``, as jupyter_client starts it). Kernelspecs are read with
jupyter_client (the ``verify`` extra); without it only nb2mod's own kernel is known.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from nb2mod.errors import ConfigError

OWN_KERNEL = "nb2mod-own"  # the kernelspec name nb2mod's own kernel is written under
_PYTHON_NAME = re.compile(r"^python(\d+(\.\d+)*)?(\.exe)?$", re.IGNORECASE)
CHOOSE_KERNEL = (
    "choose another with --kernel NAME or [tool.nb2mod.verify] kernel "
    "(`jupyter kernelspec list` shows the installed ones)"
)
CHOOSE_PYTHON = "choose another with --python PATH or [tool.nb2mod.verify] python"


@dataclass(frozen=True)
class Kernel:
    """A Jupyter kernel to run a notebook in, and why it was chosen."""

    name: str
    argv: tuple[str, ...]
    python: str | None  # the interpreter its argv starts; None when argv does not say
    chosen_by: str  # "--kernel", "the notebook's metadata" or "default"
    env: tuple[tuple[str, str], ...] = ()  # the kernelspec's extra environment

    @property
    def own(self) -> bool:
        return self.name == OWN_KERNEL

    def describe(self) -> str:
        """``kernel 'ds' (/envs/ds/bin/python)``, for messages."""
        where = f" ({self.python})" if self.python else ""
        label = "nb2mod's own kernel" if self.own else f"kernel {self.name!r}"
        return label + where


def own_kernel(chosen_by: str = "default") -> Kernel:
    """nb2mod's interpreter running ipykernel."""
    argv = (sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}")
    return Kernel(OWN_KERNEL, argv, sys.executable, chosen_by)


def installed_kernels() -> dict[str, str]:
    """Kernel name -> kernelspec folder, as ``jupyter kernelspec list`` shows them."""
    try:
        from jupyter_client.kernelspec import KernelSpecManager
    except ImportError:
        return {}
    return dict(KernelSpecManager().find_kernel_specs())


def choose_kernel(requested: str | None, notebook_kernel: str | None = None) -> Kernel:
    """The kernel for a notebook: ``requested`` (a ConfigError when it is not installed),
    else ``notebook_kernel`` when installed, else nb2mod's own."""
    if requested:
        found = _spec(requested)
        if found is None:
            names = ", ".join(sorted(installed_kernels())) or "none"
            raise ConfigError(
                f"--kernel {requested!r}: no Jupyter kernel of that name is installed "
                f"(installed: {names}; `jupyter kernelspec list` shows them)"
            )
        return _kernel(requested, found, "--kernel")
    if notebook_kernel:
        found = _spec(notebook_kernel)
        if found is not None:
            return _kernel(notebook_kernel, found, "the notebook's metadata")
    return own_kernel()


def _spec(name: str) -> object | None:
    try:
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    except ImportError:
        return None
    try:
        return KernelSpecManager().get_kernel_spec(name)
    except (NoSuchKernel, OSError, ValueError):
        return None


def _kernel(name: str, spec: object, chosen_by: str) -> Kernel:
    argv = tuple(str(a) for a in getattr(spec, "argv", ()) or ())
    env = tuple(sorted((str(k), str(v)) for k, v in (getattr(spec, "env", None) or {}).items()))
    return Kernel(name, argv, kernel_python(argv), chosen_by, env)


def kernel_python(argv: tuple[str, ...] | list[str]) -> str | None:
    """The interpreter a kernelspec's ``argv`` starts: its first word when that is a Python
    (``python``, ``python3`` and ``python3.X`` are the running interpreter, as jupyter_client
    does it), else None (a wrapper such as ``conda run``)."""
    if not argv:
        return None
    first = argv[0]
    major, minor = sys.version_info[:2]
    if first in ("python", f"python{major}", f"python{major}.{minor}"):
        return sys.executable
    if not _PYTHON_NAME.match(os.path.basename(first)):
        return None
    if os.path.isabs(first):
        return first
    return shutil.which(first)


def choose_python(requested: str | None, kernel: Kernel | None = None) -> str:
    """The interpreter for the package: ``requested`` (checked), else the kernel's, else
    nb2mod's own."""
    if requested:
        return check_python(requested)
    if kernel is not None and kernel.python:
        return kernel.python
    return sys.executable


def dependency_python(requested: str | None, notebook_kernel: str | None) -> tuple[str, str]:
    """(interpreter, why) that convert resolves the dependencies in: ``requested``
    (checked), else the active virtual environment's, else the interpreter of the kernel the
    notebook names (when installed), else nb2mod's own."""
    if requested:
        return check_python(requested), "the interpreter --python names"
    venv = os.environ.get("VIRTUAL_ENV")
    if venv:
        for candidate in (Path(venv, "bin", "python"), Path(venv, "Scripts", "python.exe")):
            if candidate.is_file():
                return str(candidate), "the active virtual environment"
    kernel = choose_kernel(None, notebook_kernel)
    if not kernel.own and kernel.python:
        return kernel.python, f"the interpreter of kernel {kernel.name!r}"
    return sys.executable, "nb2mod's own environment"


def check_python(path: str) -> str:
    """``path`` (or a name on PATH) as an absolute path to an executable file; a
    ConfigError naming it otherwise."""
    found = path if os.sep in path or (os.altsep and os.altsep in path) else shutil.which(path)
    if found is None:
        raise ConfigError(f"--python {path!r}: no such program on PATH")
    file = Path(found).absolute()
    if not file.is_file():
        raise ConfigError(f"--python {path!r}: no such file")
    if not os.access(file, os.X_OK):
        raise ConfigError(f"--python {path!r}: not an executable file")
    return str(file)


def is_missing_module(error: str) -> bool:
    """A one-line error that says an import failed for want of a module."""
    return error.startswith(("ModuleNotFoundError", "ImportError")) or "No module named" in error


def same_interpreter(left: str, right: str) -> bool:
    """Whether two paths name one interpreter. They are compared as given, not resolved: a
    venv's ``python`` links to its base interpreter, but runs with the venv's packages."""
    return os.path.normcase(os.path.abspath(left)) == os.path.normcase(os.path.abspath(right))


__all__ = [
    "OWN_KERNEL",
    "Kernel",
    "check_python",
    "choose_kernel",
    "dependency_python",
    "choose_python",
    "installed_kernels",
    "is_missing_module",
    "kernel_python",
    "own_kernel",
    "same_interpreter",
]
