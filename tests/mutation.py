"""The mutation check: convert a pipeline with --capture, change its step functions one
single change at a time (tests/mutants.py) and count the changes its generated tests catch.

tests/test_mutation.py runs it on a few pipelines in CI; benchmarks/mutation.py on all of
them, printing the score per pipeline."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from mutants import Mutant, mutants

from nb2mod.conversion import convert
from nb2mod.settings import Settings


@dataclass
class Score:
    """Mutants run and caught for one pipeline; ``missed`` says which survived."""

    case: str
    total: int = 0  # single changes possible in its step functions
    caught: int = 0
    missed: list[str] = field(default_factory=list)
    tried: int = 0

    @property
    def ratio(self) -> float:
        return self.caught / self.tried if self.tried else 0.0

    def line(self) -> str:
        return (
            f"{self.case}: {self.caught}/{self.tried} mutants caught = {100 * self.ratio:.0f}% "
            f"({self.total} possible)"
        )


def run_tests(
    package: Path, data_dir: Path, variable: str, only: str | None = None
) -> tuple[int, str]:
    """The generated tests of ``package`` (stop at the first failure), reading its data;
    ``only``: just the tests whose names match this ``-k`` expression."""
    env = {
        **os.environ,
        "MPLBACKEND": "Agg",
        "PYTHONDONTWRITEBYTECODE": "1",
        variable: str(data_dir),
    }
    selected = ["-k", only] if only else []
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *selected, "tests"],
        cwd=package, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    return result.returncode, result.stdout + result.stderr


def caught(package: Path, data_dir: Path, variable: str, step: str) -> bool:
    """Whether the generated tests fail on the mutated package: the mutated step's own test
    first (most mutants fail it, and it is quick), then, if it passed, all of them."""
    own = f"test_{step}_matches_the_notebook_run"
    tests = (package / "tests").glob("test_*.py")
    if any(own in path.read_text(encoding="utf-8") for path in tests):
        code, _ = run_tests(package, data_dir, variable, only=own)
        if code == 1:
            return True
    return run_tests(package, data_dir, variable)[0] != 0


def spread(items: list[Mutant], limit: int | None) -> list[Mutant]:
    """At most ``limit`` of ``items``, evenly spaced (deterministic)."""
    if limit is None or len(items) <= limit:
        return items
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def mutation_score(
    notebook: Path, work: Path, limit: int | None = None, case: str | None = None
) -> Score:
    """Convert ``notebook`` with --capture into ``work``, check its generated tests pass,
    then run them on each chosen mutant of pipeline.py."""
    from nb2mod.codegen.behaviour_tests import data_variable

    conversion = convert(str(notebook), Settings(capture=True))
    package = work / "package"
    conversion.write(package)
    variable = data_variable(conversion.package)
    code, output = run_tests(package, notebook.parent, variable)
    if code != 0:
        raise AssertionError(
            f"{notebook}: the generated tests fail as generated:\n{output[-3000:]}"
        )
    path = package / conversion.package / "pipeline.py"
    original = path.read_text(encoding="utf-8")
    found = list(mutants(original, set(conversion.steps)))
    score = Score(case or notebook.stem, total=len(found))
    try:
        for mutant in spread(found, limit):
            path.write_text(mutant.source, encoding="utf-8")
            score.tried += 1
            if caught(package, notebook.parent, variable, mutant.step):
                score.caught += 1
            else:
                score.missed.append(f"{mutant.step} line {mutant.line}: {mutant.what}")
    finally:
        path.write_text(original, encoding="utf-8")
    return score
