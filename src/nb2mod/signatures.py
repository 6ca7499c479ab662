"""Which scikit-learn callables take ``random_state``, asked of the interpreter the
dependencies resolve in.

``random_state_signatures(python, names)`` runs that interpreter once, isolated (``-I``), in an
empty scratch folder, with a timeout: it imports only the modules that hold the named callables
(never the notebook's code) and reads ``inspect.signature(obj).parameters`` of each. A name
it cannot answer for (the library is not installed there, an import fails, the child times
out) is left out: unknown, so nb2mod's table decides. Answers are cached per interpreter and
name for the life of the process, with the answers for the other public names (``__all__``)
of the modules the child imported anyway, so a batch seldom asks twice.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from nb2mod.environment import run_isolated

# Run in the interpreter asked: reads the names (JSON) on stdin, answers on its last line.
_PROBE = r"""
import importlib, inspect, json, sys, types, warnings
from importlib import metadata
warnings.simplefilter("ignore")
names, answers, libraries, modules = json.loads(sys.stdin.read()), {}, {}, {}

def takes(found):
    return "random_state" in inspect.signature(found).parameters

for name in names:
    parts = name.split(".")
    try:
        found = importlib.import_module(parts[0])
        for index, part in enumerate(parts[1:], 2):
            if not hasattr(found, part):
                importlib.import_module(".".join(parts[:index]))
            parent, found = found, getattr(found, part)
        answers[name] = takes(found)
    except Exception:
        continue
    if isinstance(parent, types.ModuleType):
        modules[parent.__name__] = parent
    top = parts[0]
    if top not in libraries:
        dist = (metadata.packages_distributions().get(top) or [top])[0]
        libraries[top] = f"{dist} {metadata.version(dist)}"
for module_name, module in modules.items():  # the rest of what was imported, for later asks
    for public in getattr(module, "__all__", ()):
        try:
            answers.setdefault(f"{module_name}.{public}", takes(getattr(module, public)))
        except Exception:
            continue
print("\n" + json.dumps({"answers": answers, "libraries": libraries}))
"""
_TIMEOUT = 60


@dataclass(frozen=True)
class RandomStateSignatures:
    """What one interpreter's installed libraries say of each callable asked about."""

    answers: Mapping[str, bool] = field(default_factory=dict)  # qualified name -> takes it
    libraries: Mapping[str, str] = field(default_factory=dict)  # sklearn -> scikit-learn 1.9.1
    problem: str = ""  # why some names could not be asked (the child failed or timed out)


_CACHE: dict[str, RandomStateSignatures] = {}
_ASKED: dict[str, set[str]] = {}


def random_state_signatures(python: str, names: Iterable[str]) -> RandomStateSignatures:
    """The answers of ``python`` for ``names`` (asked only for names not asked before)."""
    python = os.path.abspath(python)
    wanted = sorted(set(names))
    known = _CACHE.get(python, RandomStateSignatures())
    missing = [n for n in wanted if n not in _ASKED.setdefault(python, set())]
    problem = ""
    if missing:
        found = _ask(python, missing)
        problem = found.problem
        answers = {**known.answers, **found.answers}
        known = RandomStateSignatures(answers, {**known.libraries, **found.libraries})
        _CACHE[python] = known
        if not problem:  # a child that failed is asked again next time
            _ASKED[python].update(missing, found.answers)
    answers = {n: known.answers[n] for n in wanted if n in known.answers}
    tops = {n.partition(".")[0] for n in answers}
    libraries = {t: v for t, v in known.libraries.items() if t in tops}
    return RandomStateSignatures(answers, libraries, problem)


def _ask(python: str, names: list[str]) -> RandomStateSignatures:
    try:
        done = run_isolated(python, _PROBE, _TIMEOUT, stdin=json.dumps(names))
    except subprocess.TimeoutExpired:
        return RandomStateSignatures(problem=f"{python} did not answer in {_TIMEOUT} s")
    except OSError as exc:
        return RandomStateSignatures(problem=f"cannot run {python}: {exc}")
    try:
        data = json.loads(done.stdout.strip().splitlines()[-1])
        answers = {str(k): bool(v) for k, v in data["answers"].items()}
        libraries = {str(k): str(v) for k, v in data["libraries"].items()}
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        last = (done.stderr.strip().splitlines() or ["no answer"])[-1]
        return RandomStateSignatures(problem=f"{python} could not be asked: {last}")
    return RandomStateSignatures(answers, libraries)


__all__ = ["RandomStateSignatures", "random_state_signatures"]
