"""Golden conversions: each tests/data/cases/<case>/input.ipynb against expected/**, plus the
invariants every generated package must keep. NB2MOD_UPDATE_GOLDEN=1 rewrites the expected
files (review the change with git diff)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path, PurePosixPath

import black
import pytest
from import_blocks import imports_sorted
from pyflakes import checker, messages

from nb2mod.conversion import Conversion, convert
from nb2mod.settings import Settings, settings_from_pyproject

CASES = Path(__file__).parent / "data" / "cases"
CASE_NAMES = sorted(p.name for p in CASES.iterdir() if (p / "input.ipynb").is_file())
UPDATE = os.environ.get("NB2MOD_UPDATE_GOLDEN") == "1"
FLAKES = (messages.UndefinedName, messages.UnusedImport, messages.UndefinedLocal)


def case_settings(case: Path) -> Settings:
    pyproject = case / "pyproject.toml"
    if pyproject.is_file():
        settings = settings_from_pyproject(pyproject.read_text(encoding="utf-8"), str(pyproject))
    else:
        settings = Settings()
    return settings.replace(name=case.name)


def convert_case(case: Path) -> Conversion:
    return convert(str(case / "input.ipynb"), case_settings(case))


def flakes(path: str, code: str) -> list[str]:
    """pyflakes' undefined-name and unused-import findings in ``code``."""
    found = checker.Checker(ast.parse(code), filename=path).messages
    return [str(m) for m in found if isinstance(m, FLAKES)]


def check_invariants(conversion: Conversion, again: Conversion) -> None:
    assert conversion.files == again.files, "a second conversion differs"
    for path, text in conversion.files.items():
        if path.suffix != ".py":
            continue
        compile(text, str(path), "exec", dont_inherit=True)
        assert black.format_str(text, mode=black.Mode(line_length=100)) == text, path
        assert flakes(str(path), text) == []
        assert imports_sorted(text, [conversion.package]), f"{path}: imports not as isort's"


def run_generated_tests(
    conversion: Conversion, folder: Path, data: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The package's generated tests, as a user runs them; ``data``: the notebook's folder,
    given to the end-to-end tests through the variable they document."""
    from nb2mod.codegen.behaviour_tests import data_variable

    conversion.write(folder)
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1"}
    if data is not None:
        env[data_variable(conversion.package)] = str(data)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "tests"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("name", CASE_NAMES)
def test_golden_case(name: str, tmp_path: Path) -> None:
    case = CASES / name
    conversion = convert_case(case)
    expected = case / "expected"
    if UPDATE:
        for old in sorted(expected.rglob("*"), reverse=True) if expected.exists() else []:
            old.unlink() if old.is_file() else old.rmdir()
        conversion.write(expected, record=False)  # no .nb2mod/ in the goldens
    written = {
        PurePosixPath(p.relative_to(expected).as_posix()): p.read_text(encoding="utf-8")
        for p in sorted(expected.rglob("*"))
        if p.is_file()
    }
    assert written, f"{expected} is missing: run with NB2MOD_UPDATE_GOLDEN=1 and review"
    assert sorted(conversion.files) == sorted(written)
    for path, text in conversion.files.items():
        assert text == written[path], f"{name}: {path} differs from the expected file"
    check_invariants(conversion, convert_case(case))
    result = run_generated_tests(conversion, tmp_path / "out")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
