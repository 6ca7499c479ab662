"""Every corpus notebook converts into a package or a one-line error, never a crash; the
packages compile, (almost all) are pyflakes-clean, and their imports are grouped and sorted as
isort's black profile does. Slow: about a minute on two cores."""

from __future__ import annotations

import ast
import hashlib

import pytest
from conftest import CORPUS, corpus_notebooks, needs_corpus
from pyflakes import checker, messages

from nb2mod.conversion import convert
from nb2mod.errors import NotebookError
from nb2mod.plan.import_order import imports_sorted

FLAKES = (messages.UndefinedName, messages.UnusedImport, messages.UndefinedLocal)


@needs_corpus
@pytest.mark.corpus
@pytest.mark.slow
def test_corpus_converts_cleanly() -> None:
    packages = clean = 0
    problems, unsorted = [], []
    for path in corpus_notebooks():
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        try:
            conversion = convert(str(path))
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
                if not imports_sorted(text, [conversion.package]):
                    unsorted.append(f"{path.relative_to(CORPUS)}: {file}")
        clean += not found
        problems += [f"{path.relative_to(CORPUS)}: {m}" for m in found]
    assert packages >= 180
    assert clean / packages >= 0.98, "\n".join(problems)
    assert unsorted == []  # imports grouped and sorted as isort's black profile does
