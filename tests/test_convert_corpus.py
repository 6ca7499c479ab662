"""Every corpus notebook converts into a package or a one-line error, never a crash; the
packages compile, no generated file has an undefined name (pyflakes), also with one step per
cell, their imports are grouped and sorted as isort's black profile does, and (almost all) are
pyflakes-clean, and every generated file is as black writes it. Slow: about a minute per setting on two cores.
"""

from __future__ import annotations

import ast
import hashlib

import pytest
from conftest import CORPUS, corpus_notebooks, needs_corpus
from import_blocks import imports_sorted
from pyflakes import checker, messages

from nb2mod.codegen.format import format_or_none
from nb2mod.conversion import convert
from nb2mod.errors import NotebookError
from nb2mod.settings import Settings

FLAKES = (messages.UndefinedName, messages.UnusedImport, messages.UndefinedLocal)
UNDEFINED = (messages.UndefinedName, messages.UndefinedLocal)


def _convert_corpus(settings: Settings) -> tuple[int, int, list[str], list[str]]:
    """(packages, pyflakes-clean packages, every pyflakes finding, undefined names and
    import blocks not in isort's order)."""
    packages = clean = 0
    problems: list[str] = []
    undefined: list[str] = []
    for path in corpus_notebooks():
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        try:
            conversion = convert(str(path), settings)
        except NotebookError as exc:
            assert "\n" not in str(exc) and str(path) in str(exc)
            continue
        finally:
            assert hashlib.sha256(path.read_bytes()).hexdigest() == before, path
        packages += 1
        found = []
        for file, text in conversion.files.items():
            if file.suffix == ".py":
                tree = ast.parse(text)  # raises if a package does not compile
                compile(tree, str(file), "exec")
                found += [m for m in checker.Checker(tree).messages if isinstance(m, FLAKES)]
                if not imports_sorted(text, [conversion.package]):  # counted as breaking
                    found_unsorted = f"{file}: imports not grouped and sorted as isort's"
                    undefined.append(f"{path.relative_to(CORPUS)}: {found_unsorted}")
                if settings.format and format_or_none(text) not in (None, text):
                    # nb2mod writes its own code in black's style and formats only the rest
                    undefined.append(
                        f"{path.relative_to(CORPUS)}: {file} is not as black writes it"
                    )
        clean += not found
        where = path.relative_to(CORPUS)
        problems += [f"{where}: {m}" for m in found]
        undefined += [f"{where}: {m}" for m in found if isinstance(m, UNDEFINED)]
    return packages, clean, problems, undefined


@needs_corpus
@pytest.mark.corpus
@pytest.mark.slow
def test_corpus_converts_cleanly() -> None:
    packages, clean, problems, undefined = _convert_corpus(Settings())
    assert packages >= 180
    assert not undefined, "\n".join(undefined)
    assert clean / packages >= 0.98, "\n".join(problems)


@needs_corpus
@pytest.mark.corpus
@pytest.mark.slow
def test_corpus_with_a_step_per_cell_has_no_undefined_name() -> None:
    packages, _, _, undefined = _convert_corpus(Settings(split="cells"))
    assert packages >= 180
    assert not undefined, "\n".join(undefined)
