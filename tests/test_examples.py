"""The examples: their checked-in conversions match what nb2mod generates today (drift
check), keep the invariants of every package, and their generated tests pass.

NB2MOD_UPDATE_GOLDEN=1 rewrites examples/*/converted/ (review the change with git diff)."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest
from conftest import ROOT
from test_convert_golden import check_invariants, run_generated_tests

from nb2mod.conversion import Conversion, convert
from nb2mod.settings import Settings

EXAMPLES = sorted((ROOT / "examples").glob("*/*.ipynb"))
UPDATE = os.environ.get("NB2MOD_UPDATE_GOLDEN") == "1"


def convert_example(notebook: Path) -> Conversion:
    """Converted by its path relative to the repository, as the README's command does."""
    return convert(notebook.relative_to(ROOT).as_posix(), Settings())


def checked_in(folder: Path) -> dict[PurePosixPath, str]:
    return {
        PurePosixPath(p.relative_to(folder).as_posix()): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_there_are_at_least_three_examples() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("notebook", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_conversion_is_checked_in_and_current(notebook: Path, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    conversion = convert_example(notebook)
    folder = notebook.parent / "converted"
    if UPDATE:
        for old in sorted(folder.rglob("*"), reverse=True) if folder.exists() else []:
            old.unlink() if old.is_file() else old.rmdir()
        conversion.write(folder, record=False)  # no .nb2mod/ in the examples
    current = checked_in(folder)
    assert current, f"{folder} is missing: run with NB2MOD_UPDATE_GOLDEN=1 and review"
    assert sorted(current) == sorted(conversion.files), "files added or removed since checked in"
    for path, text in conversion.files.items():
        assert current[path] == text, f"{folder / path} is stale: regenerate and review"
    check_invariants(conversion, convert_example(notebook))


@pytest.mark.parametrize("notebook", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_generated_tests_pass(notebook: Path, tmp_path: Path, monkeypatch) -> None:
    """With the notebook's folder as the data folder, every generated test runs and passes:
    the end-to-end run too, unless the notebook reads an absolute path that is not here."""
    monkeypatch.chdir(ROOT)
    result = run_generated_tests(convert_example(notebook), tmp_path / "out", notebook.parent)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    skips = [line for line in result.stdout.splitlines() if line.startswith("SKIPPED")]
    for line in skips:
        assert "the notebook's data is not there" in line and "='/" in line, line
