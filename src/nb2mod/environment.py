"""The Python environment a notebook's dependencies are resolved in, read by asking it.

``probe_environment(python)`` runs that interpreter once, isolated (``-I``: no PYTHONPATH, no
user site, not the current folder) in an empty scratch folder, and reads what
``importlib.metadata`` says there: which distribution provides each top-level module
(``packages_distributions()``), each distribution's version and requirements, and the
Python version. No module of the notebook and no installed package is imported there.
Results are cached per interpreter for the life of the process.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from nb2mod.errors import ConfigError

# Run in the interpreter asked: standard library only, nothing of the notebook imported.
_PROBE = r"""
import json, sys
from importlib import metadata
dists = {}
for dist in metadata.distributions():
    name = dist.metadata["Name"]
    key = name.lower().replace("_", "-").replace(".", "-") if name else None
    if key and key not in dists:  # the first on sys.path is the one imported
        dists[key] = [name, dist.version, list(dist.requires or [])]
modules = {k: sorted(set(v)) for k, v in metadata.packages_distributions().items()}
print(json.dumps({"python": list(sys.version_info[:3]), "executable": sys.executable,
                  "modules": modules, "distributions": dists}))
"""
_TIMEOUT = 120


@dataclass(frozen=True)
class Distribution:
    name: str  # as its metadata spells it
    version: str
    requires: tuple[str, ...] = ()  # requirement strings, markers included


@dataclass(frozen=True)
class Environment:
    """What one interpreter has installed; ``where`` says which interpreter and why."""

    python: tuple[int, int, int]
    executable: str
    where: str
    modules: dict[str, tuple[str, ...]] = field(default_factory=dict)  # module -> dist keys
    distributions: dict[str, Distribution] = field(default_factory=dict)  # key -> dist
    problem: str = ""  # why the interpreter asked could not be used (this is nb2mod's own)

    def distribution(self, name: str) -> Distribution | None:
        return self.distributions.get(distribution_key(name))

    def providers(self, module: str) -> tuple[str, ...]:
        """Distribution keys that install the top-level ``module``."""
        return self.modules.get(module, ())


def distribution_key(name: str) -> str:
    """PEP 503 normalised name: ``Scikit_Learn`` -> ``scikit-learn``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def probe_environment(python: str, where: str) -> Environment:
    """The environment of ``python`` (a ConfigError when it cannot be asked)."""
    return _probe(os.path.abspath(python), where)


@lru_cache(maxsize=8)
def run_isolated(
    python: str, code: str, timeout: float, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in ``python -I`` (no PYTHONPATH, no user site, not the current folder) in
    an empty scratch folder, ``stdin`` as its input; OSError or TimeoutExpired when it cannot."""
    with tempfile.TemporaryDirectory(prefix="nb2mod-ask-") as scratch:
        return subprocess.run(
            [python, "-I", "-c", code],
            cwd=scratch,
            capture_output=True,
            text=True,
            timeout=timeout,
            input=stdin,
            stdin=subprocess.DEVNULL if stdin is None else None,
        )


def _probe(python: str, where: str) -> Environment:
    try:
        done = run_isolated(python, _PROBE, _TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(f"{python}: cannot run it: {exc}") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise ConfigError(f"{python}: cannot list its packages: {last}")
    try:
        return _environment(json.loads(done.stdout), where)
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise ConfigError(f"{python}: unexpected answer: {exc}") from None


def dependency_environments(
    requested: str | None, notebook_kernel: str | None
) -> tuple[Environment, Environment]:
    """(where the dependencies resolve, nb2mod's own): a ``requested`` interpreter that cannot
    be asked is a ConfigError; a default one that cannot falls back to nb2mod's own."""
    from nb2mod.interpreters import dependency_python, same_interpreter

    python, where = dependency_python(requested, notebook_kernel)
    own = own_environment()
    if same_interpreter(python, sys.executable):
        return dataclasses.replace(own, where=where), own
    try:
        return probe_environment(python, where), own
    except ConfigError as exc:
        if requested:
            raise ConfigError(f"--python {exc}") from None
        return own_environment(f"{where} could not be asked: {exc}"), own


def own_environment(problem: str = "") -> Environment:
    """nb2mod's own environment (asked the same way, so that it reads the same)."""
    found = _probe(os.path.abspath(sys.executable), "nb2mod's own environment")
    return dataclasses.replace(found, problem=problem)


def _environment(data: dict[str, Any], where: str, problem: str = "") -> Environment:
    major, minor, micro = (int(n) for n in data["python"])
    distributions = {
        str(key): Distribution(str(name), str(version), tuple(str(r) for r in requires))
        for key, (name, version, requires) in data["distributions"].items()
    }
    modules = {
        str(module): tuple(distribution_key(str(n)) for n in names)
        for module, names in data["modules"].items()
    }
    return Environment(
        (major, minor, micro), str(data["executable"]), where, modules, distributions, problem
    )


__all__ = [
    "Distribution",
    "Environment",
    "distribution_key",
    "own_environment",
    "probe_environment",
]
