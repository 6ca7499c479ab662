"""Verify real notebooks end to end: the fastest executable ones in CI, all of them on demand.

CI runs the cases in FAST (picked by MANIFEST ``exec_seconds`` among those whose package
returns at least one name, plus two that exercise star imports and written files; about 50 s
together on 2 cores). Set NB2MOD_VERIFY_CORPUS=1 to
run all 47 ``executes_offline=y`` notebooks and the 10 pipelines (several minutes);
benchmarks/verify_corpus.py prints the same run as a table.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import CORPUS, corpus_manifest, needs_corpus

from nb2mod.settings import Settings
from nb2mod.verification.verifier import verify

FAST = {
    "jakevdp__WhirlwindTourOfPython/02-Basic-Python-Syntax.ipynb",
    "jakevdp__WhirlwindTourOfPython/07-Control-Flow-Statements.ipynb",
    "jakevdp__WhirlwindTourOfPython/08-Defining-Functions.ipynb",  # printed and displayed rows
    "jakevdp__WhirlwindTourOfPython/12-Generators.ipynb",
    "jakevdp__WhirlwindTourOfPython/13-Modules-and-Packages.ipynb",  # star imports made explicit
    "jakevdp__WhirlwindTourOfPython/17-Figures.ipynb",  # the (files written) row
    "mwouts__jupytext/tests__data__notebooks__inputs__ipynb_py__cat_variable.ipynb",
    "nbQA-dev__nbQA/tests__data__simple_imports.ipynb",
    "pipelines/mleveryday-100days__day-3-multiple-linear-regression",
    "pipelines/mleveryday-100days__day-6-logistic-regression",
}
FULL = os.environ.get("NB2MOD_VERIFY_CORPUS") == "1"
# Differences verify finds that are conversion bugs (strict: the mark must go once fixed)
CONVERTER_BUGS: dict[str, str] = {}


def _pipelines() -> list[tuple[str, Path]]:
    manifest = CORPUS / "pipelines" / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    import csv

    with manifest.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    folder = CORPUS / "pipelines"
    return [
        (f"pipelines/{r['case_id']}", folder / r["case_id"] / r["notebook_relpath_in_case"])
        for r in rows
    ]


def _cases() -> list[object]:
    executable = [
        (row["file"], CORPUS / row["file"])
        for row in corpus_manifest()
        if row["executes_offline"] == "y"
    ]
    cases = []
    for label, path in executable + _pipelines():
        marks = [] if label in FAST else [pytest.mark.slow]
        if label in CONVERTER_BUGS:
            marks.append(pytest.mark.xfail(reason=CONVERTER_BUGS[label], strict=True))
        cases.append(pytest.param(path, label, id=label, marks=marks))
    return cases


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize(("path", "label"), _cases())
def test_corpus_notebook_verifies(path: Path, label: str) -> None:
    if label not in FAST and not FULL:
        pytest.skip("set NB2MOD_VERIFY_CORPUS=1 to verify every executable corpus notebook")
    result = verify(path, Settings(timeout=300, repeat=label not in FAST))
    summary = [(v.name, v.status, v.detail) for v in result.verdicts]
    assert result.exit_code == 0, (result.status, result.message, result.step, summary)
    if label in FAST:
        assert result.status == "equal", (result.status, result.message)
        assert any(v.status == "equal" for v in result.verdicts)


def test_the_fast_selection_exists() -> None:
    labels = {p.values[1] for p in _cases()}  # type: ignore[attr-defined]
    if CORPUS.is_dir():
        assert labels >= FAST
        assert len(labels) == 57
