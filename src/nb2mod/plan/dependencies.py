"""Which distributions the package depends on, pinned to the environment they were resolved in.

Each third-party module pipeline.py imports is looked up in that environment
(``packages_distributions()`` there): its distribution and version. A module not installed
there is named from nb2mod's own environment, else from the import-name table, else by its
own name, and is left unpinned with a comment saying so. Local modules (carried along in the
package) are never listed. The lock adds, pinned, every installed distribution the direct
ones require, transitively (requirements for extras left out).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from nb2mod.environment import Environment, distribution_key
from nb2mod.import_names import distribution_for

_SPECIFIER = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?(.*)$")
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_RUNNING = (sys.version_info[0], sys.version_info[1], sys.version_info[2])


@dataclass(frozen=True)
class Requirement:
    """One distribution: pinned (``version``), as the notebook's pip install gave it
    (``spec``), or unpinned; ``why`` is the comment requirements.txt gives it."""

    name: str
    version: str | None = None
    why: str = ""
    spec: str = ""  # ``pandas>=2`` from ``!pip install pandas>=2``, kept as written
    direct: bool = True

    @property
    def key(self) -> str:
        return distribution_key(self.name)

    def line(self) -> str:
        """The requirement itself: ``pandas==2.2.3``, ``pandas>=2``, or ``pandas``."""
        if self.spec:
            return self.spec
        return f"{self.name}=={self.version}" if self.version else self.name


@dataclass(frozen=True)
class Dependencies:
    """The package's dependencies and the environment they came from."""

    python: tuple[int, int, int] = _RUNNING
    where: str = "nb2mod's own environment"
    direct: tuple[Requirement, ...] = ()  # pyproject.toml's dependencies
    lock: tuple[Requirement, ...] = ()  # requirements.txt: direct ones and what they need
    test: tuple[Requirement, ...] = ()  # the test extra
    problem: str = ""  # why the interpreter asked was not used

    @property
    def unpinned(self) -> tuple[Requirement, ...]:
        return tuple(r for r in self.direct if not r.version and not r.spec)


def resolve_dependencies(
    modules: Iterable[str],
    installs: Iterable[str],
    env: Environment,
    own: Environment,
    local: Iterable[str] = (),
    needed: Mapping[str, str] | None = None,
) -> Dependencies:
    """Requirements for the top-level ``modules`` pipeline.py imports, the modules its calls
    ``needed`` without importing them (module -> why), and the notebook's ``!pip install``
    specifiers, resolved in ``env`` (``own`` is nb2mod's environment)."""
    skipped = set(local)
    direct: dict[str, Requirement] = {}
    for module in sorted(set(modules) - skipped):
        found = _module_requirement(module, env, own)
        direct.setdefault(found.key, found)
    for module, why in sorted((needed or {}).items()):
        if module not in skipped:
            found = _module_requirement(module, env, own, why)
            direct.setdefault(found.key, found)
    for spec in installs:
        installed = _install_requirement(spec, env)
        if installed is not None and (installed.spec or installed.key not in direct):
            direct[installed.key] = installed
    click = _tool("click", "the generated command line", env, own)
    direct.setdefault(click.key, click)
    if env.python[:2] < (3, 11):
        tomli = _tool("tomli", "config.toml on Python < 3.11", env, own)
        direct.setdefault(tomli.key, tomli)
    ordered = tuple(direct[k] for k in sorted(direct))
    test = (_tool("pytest", "the generated tests", env, own, minimum="7.0"),)
    return Dependencies(
        python=env.python,
        where=env.where,
        direct=ordered,
        lock=_lock(ordered, env),
        test=test,
        problem=env.problem,
    )


def _module_requirement(
    module: str, env: Environment, own: Environment, why: str | None = None
) -> Requirement:
    why = why or f"imported as {module}"
    for key in env.providers(module)[:1]:
        dist = env.distribution(key)
        if dist is not None:
            return Requirement(dist.name, dist.version, why)
    unpinned = f"{why}; unpinned: not installed in {env.where}"
    for key in own.providers(module)[:1]:
        dist = own.distribution(key)
        if dist is not None:
            return Requirement(dist.name, None, unpinned)
    table = distribution_for(module)
    if table is not None:
        return Requirement(table, None, unpinned)
    return Requirement(module, None, f"{unpinned} (distribution named as the module)")


def _install_requirement(spec: str, env: Environment) -> Requirement | None:
    match = _SPECIFIER.match(spec.strip())
    if not match:
        return None
    name, why = match[1], "pip install in the notebook"
    if match[3].strip():
        return Requirement(name, None, why, spec=spec.strip())
    dist = env.distribution(name)
    if dist is None:
        return Requirement(name, None, f"{why}; unpinned: not installed in {env.where}")
    return Requirement(dist.name, dist.version, why)


def _tool(
    name: str, why: str, env: Environment, own: Environment, minimum: str = ""
) -> Requirement:
    """A distribution nb2mod's generated code needs: pinned where the notebook runs, else to
    nb2mod's own version (the one the generated code was written against)."""
    dist = env.distribution(name)
    if dist is not None:
        return Requirement(dist.name, dist.version, why)
    mine = own.distribution(name)
    if mine is not None:
        return Requirement(mine.name, mine.version, f"{why}; version from {own.where}")
    spec = f"{name}>={minimum}" if minimum else ""
    return Requirement(name, None, why, spec=spec)


def _lock(direct: tuple[Requirement, ...], env: Environment) -> tuple[Requirement, ...]:
    """The direct requirements and, pinned, every installed distribution they need."""
    found = {r.key: r for r in direct}
    queue = [(r.key, r.key) for r in direct if r.version]
    while queue:
        key, root = queue.pop(0)
        dist = env.distribution(key)
        for requirement in dist.requires if dist is not None else ():
            name, needed = _required(requirement)
            target = env.distribution(name) if needed and name else None
            if target is None or distribution_key(target.name) in found:
                continue
            via = found[root].name
            found[distribution_key(target.name)] = Requirement(
                target.name, target.version, f"via {via}", direct=False
            )
            queue.append((distribution_key(target.name), root))
    return tuple(found[k] for k in sorted(found))


def _required(requirement: str) -> tuple[str | None, bool]:
    """(name, needed) of a requirement string; one only an extra asks for is not needed."""
    text, _, marker = requirement.partition(";")
    match = _NAME.match(text)
    return (match[1] if match else None), "extra" not in marker
