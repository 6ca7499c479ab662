"""Shared fixtures: the corpus of real notebooks and small notebook builders."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
# convert resolves dependencies in the active virtual environment first: the golden files
# pin those of the interpreter running the tests, whoever activated what
os.environ.pop("VIRTUAL_ENV", None)
CORPUS = ROOT.parent / "shared" / "corpus"


def corpus_notebooks() -> list[Path]:
    """Every notebook in the shared corpus (empty when the corpus is not there)."""
    if not CORPUS.is_dir():
        return []
    return sorted(CORPUS.rglob("*.ipynb"))


def corpus_manifest() -> list[dict[str, str]]:
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    with manifest.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")


@pytest.fixture(scope="session")
def corpus_lint() -> tuple[list[Any], list[Any]]:
    """Every corpus notebook linted once per test session (no cache): the findings and the
    notebooks that could not be read, shared by the corpus tests of lint, SARIF and --fix."""
    from nb2mod.batch import Failure, attempt
    from nb2mod.linter import Linter
    from nb2mod.settings import Settings

    paths = [str(p) for p in corpus_notebooks()]
    linter = Linter.for_paths(paths, Settings(cache=False))
    found: list[Any] = []
    failures: list[Any] = []
    for path in paths:
        outcome = attempt(path, linter.lint)
        if isinstance(outcome.value, Failure):
            failures.append(outcome.value)
        else:
            found.extend(outcome.value)
    return found, failures


def make_notebook(*cells: str | tuple[str, str], **metadata: Any) -> dict[str, Any]:
    """An nbformat 4.5 notebook dict; a cell is code text or (kind, text)."""
    out = []
    for i, cell in enumerate(cells, start=1):
        kind, source = ("code", cell) if isinstance(cell, str) else cell
        raw: dict[str, Any] = {"cell_type": kind, "id": f"c{i}", "metadata": {}, "source": source}
        if kind == "code":
            raw.update(outputs=[], execution_count=i)
        out.append(raw)
    meta = {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}
    meta.update(metadata)
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": meta, "cells": out}


def write_notebook(path: Path, *cells: str | tuple[str, str], **metadata: Any) -> Path:
    path.write_text(json.dumps(make_notebook(*cells, **metadata)), encoding="utf-8")
    return path
