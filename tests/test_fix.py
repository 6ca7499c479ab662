"""`nb2mod lint --fix`: error outputs removed and out-of-order execution counts cleared, by
surgical edits that leave every other byte of the notebook as it was."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import corpus_notebooks, make_notebook, needs_corpus

from nb2mod.cli import cli
from nb2mod.diagnostics import Diagnostic
from nb2mod.fix import ERROR_TYPES, Edit, UnsafeFixError, fix_text
from nb2mod.notebook_json import notebook_layout
from nb2mod.rules.nb102_hidden_state import is_order_finding

ERROR = {"output_type": "error", "ename": "KeyError", "evalue": "'x'", "traceback": ["tb"]}
STREAM = {"output_type": "stream", "name": "stdout", "text": ["before\n"]}
RESULT = {
    "output_type": "execute_result",
    "execution_count": 9,
    "data": {"text/plain": ["1"]},
    "metadata": {},
}


def notebook_text(
    *outputs: list[dict[str, Any]], counts: tuple[int | None, ...] = (), **dump: Any
) -> str:
    data = make_notebook(*(f"x{i} = 1" for i in range(len(outputs))))
    for cell, cell_outputs, count in zip(
        data["cells"], outputs, counts or (None,) * len(outputs), strict=True
    ):
        cell["outputs"] = cell_outputs
        cell["execution_count"] = count
    return json.dumps(data, **dump)


# --- before / after pairs ------------------------------------------------------------------


def test_the_only_output_an_error_leaves_an_empty_list() -> None:
    before = '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "id": "a", "metadata": {}, "source": "d[1]", "execution_count": 3, "outputs": [\n  {"output_type": "error", "ename": "E", "evalue": "", "traceback": []}\n ]}]}'
    after = '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "id": "a", "metadata": {}, "source": "d[1]", "execution_count": 3, "outputs": []}]}'
    assert fix_text(before, "nb.ipynb", {1}, clear_counts=False).text == after


@pytest.mark.parametrize(
    ("outputs", "kept"),
    [
        ([STREAM, ERROR], [STREAM]),
        ([ERROR, STREAM], [STREAM]),
        ([STREAM, ERROR, ERROR], [STREAM]),
        ([ERROR, STREAM, ERROR, RESULT, ERROR], [STREAM, RESULT]),
        ([ERROR, ERROR], []),
    ],
)
@pytest.mark.parametrize("indent", [None, 1, 4])
def test_error_outputs_go_and_the_others_stay_in_any_layout(
    outputs: list[dict[str, Any]], kept: list[dict[str, Any]], indent: int | None
) -> None:
    before = notebook_text(outputs, [ERROR], indent=indent)
    fixed = fix_text(before, "nb.ipynb", {1}, clear_counts=False)
    assert json.loads(fixed.text)["cells"][0]["outputs"] == kept
    assert json.loads(fixed.text)["cells"][1]["outputs"] == [ERROR]  # not reported: kept
    assert {e.kind for e in fixed.edits} == {"error-output"}
    check_edits(before, fixed.text, fixed.edits)


def test_out_of_order_counts_are_all_cleared_in_cells_and_results() -> None:
    before = notebook_text([RESULT], [], [STREAM], counts=(5, 2, None), indent=1)
    fixed = fix_text(before, "nb.ipynb", set(), clear_counts=True)
    data = json.loads(fixed.text)
    assert [c["execution_count"] for c in data["cells"]] == [None, None, None]
    assert data["cells"][0]["outputs"][0]["execution_count"] is None
    assert [e.kind for e in fixed.edits] == ["execution-count"] * 3
    assert fixed.text == before.replace('"execution_count": 5', '"execution_count": null').replace(
        '"execution_count": 9', '"execution_count": null'
    ).replace('"execution_count": 2', '"execution_count": null')


def test_nothing_to_fix_changes_nothing() -> None:
    before = notebook_text([STREAM], counts=(1,), indent=1)
    fixed = fix_text(before, "nb.ipynb", {1}, clear_counts=False)
    assert (fixed.text, fixed.edits) == (before, ())


def test_a_v3_notebook_keeps_its_own_keys() -> None:
    before = json.dumps(
        {
            "nbformat": 3,
            "nbformat_minor": 0,
            "metadata": {"name": ""},
            "worksheets": [
                {
                    "metadata": {},
                    "cells": [
                        {
                            "cell_type": "code",
                            "input": ["1/0"],
                            "language": "python",
                            "metadata": {},
                            "prompt_number": 4,
                            "outputs": [
                                {
                                    "output_type": "pyerr",
                                    "ename": "ZeroDivisionError",
                                    "evalue": "",
                                    "traceback": [],
                                }
                            ],
                        },
                        {
                            "cell_type": "code",
                            "input": ["2"],
                            "language": "python",
                            "metadata": {},
                            "prompt_number": 1,
                            "outputs": [
                                {
                                    "output_type": "pyout",
                                    "prompt_number": 1,
                                    "text": ["2"],
                                    "metadata": {},
                                }
                            ],
                        },
                    ],
                }
            ],
        },
        indent=1,
    )
    fixed = fix_text(before, "old.ipynb", {1}, clear_counts=True)
    cells = json.loads(fixed.text)["worksheets"][0]["cells"]
    assert cells[0]["outputs"] == []
    assert [c["prompt_number"] for c in cells] == [None, None]
    assert cells[1]["outputs"][0]["prompt_number"] == 1  # v3 requires it in a result


def test_text_that_is_not_a_notebook_is_refused() -> None:
    with pytest.raises(UnsafeFixError, match="nb.ipynb: cannot fix"):
        fix_text("[1, 2", "nb.ipynb", {1}, clear_counts=True)


# --- the command -----------------------------------------------------------------------------


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NB2MOD_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


def test_lint_fix_fixes_in_place_and_reports_what_remains(isolated: Path) -> None:
    data = make_notebook("import random\nx = random.random()", "y = d['k']")
    data["cells"][0]["execution_count"] = 4
    data["cells"][1]["execution_count"] = 2
    data["cells"][1]["outputs"] = [STREAM, ERROR]
    path = isolated / "nb.ipynb"
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    path.chmod(0o640)
    result = CliRunner().invoke(cli, ["lint", "--fix", str(path)])
    assert result.exit_code == 1  # NB103 and NB102's name form stay: code is never changed
    assert sorted({line.split()[2] for line in result.stdout.splitlines()}) == ["NB102", "NB103"]
    assert "execution counts" not in result.stdout and "NB110" not in result.stdout
    assert "fixed 2 findings in 1 notebook(s)" in result.stderr
    fixed = json.loads(path.read_text(encoding="utf-8"))
    assert fixed["cells"][1]["outputs"] == [STREAM]
    assert [c["execution_count"] for c in fixed["cells"]] == [None, None]
    assert fixed["cells"][0]["source"] == data["cells"][0]["source"]
    assert path.stat().st_mode & 0o777 == 0o640
    assert path.read_text(encoding="utf-8").endswith("}\n")
    assert list(isolated.glob(".nb2mod-fix-*")) == []
    again = CliRunner().invoke(cli, ["lint", "--fix", str(path)])
    assert "fixed" not in again.stderr  # nothing left to fix


def test_without_fix_and_with_noqa_the_notebook_is_untouched(isolated: Path) -> None:
    data = make_notebook("y = 1", "# nb2mod: noqa: NB110\nz = 2")
    for cell in data["cells"]:
        cell["outputs"] = [ERROR]
    path = isolated / "nb.ipynb"
    text = json.dumps(data)
    path.write_text(text, encoding="utf-8")
    assert CliRunner().invoke(cli, ["lint", str(path)]).exit_code == 1
    assert path.read_text(encoding="utf-8") == text  # only --fix writes
    CliRunner().invoke(cli, ["lint", "--fix", str(path)])
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert [c["outputs"] for c in cells] == [[], [ERROR]]  # a suppressed finding is not fixed
    CliRunner().invoke(cli, ["lint", "--fix", "--ignore", "NB110", str(path)])
    assert json.loads(path.read_text(encoding="utf-8"))["cells"][1]["outputs"] == [ERROR]


# --- every corpus notebook -------------------------------------------------------------------


def changes(old: Any, new: Any, where: str = "") -> list[str]:
    """Where the decoded JSON differs, allowing only the two fixes (an independent diff)."""
    if isinstance(old, dict) and isinstance(new, dict):
        assert old.keys() == new.keys(), where
        return [c for k in old for c in changes(old[k], new[k], f"{where}/{k}")]
    if isinstance(old, list) and isinstance(new, list):
        if where.endswith("/outputs") and len(old) != len(new):
            assert new == [o for o in old if o.get("output_type") not in ERROR_TYPES], where
            return [f"{where} (errors removed)"]
        assert len(old) == len(new), where
        return [
            c
            for i, (a, b) in enumerate(zip(old, new, strict=True))
            for c in changes(a, b, f"{where}/{i}")
        ]
    if old != new:
        assert where.endswith(("/execution_count", "/prompt_number")) and new is None, where
        return [f"{where} cleared"]
    return []


def check_edits(old: str, new: str, edits: tuple[Edit, ...]) -> None:
    """Every edit removes only error outputs (with their separators) or a count; splicing
    the edits into the old text by hand gives the new text: no other byte moved."""
    spliced, at = [], 0
    for edit in edits:
        removed = old[edit.start : edit.end]
        if edit.kind == "execution-count":
            assert removed.isdigit() and edit.replacement == "null", removed
        elif edit.replacement == "[]":
            assert all(o["output_type"] in ERROR_TYPES for o in json.loads(removed))
        else:
            assert edit.replacement == ""
            values = json.loads("[" + removed.strip().strip(",") + "]")
            assert values and all(o["output_type"] in ERROR_TYPES for o in values), removed
        spliced += [old[at : edit.start], edit.replacement]
        at = edit.end
    assert "".join([*spliced, old[at:]]) == new


def with_outputs(text: str) -> str:
    """``text`` with a stream and an error output in each empty outputs array, laid out as
    the file lays out its lines (one more space of indentation inside the array)."""
    error = dict(ERROR, output_type="pyerr") if json.loads(text).get("nbformat") == 3 else ERROR

    def fill(match: re.Match[str]) -> str:
        if "\n" not in text.strip():
            return match.group(1) + json.dumps([STREAM, error])
        line = text[text.rfind("\n", 0, match.start()) + 1 :]
        indent = line[: len(line) - len(line.lstrip(" "))]
        items = ",\n".join(f"{indent} {json.dumps(o)}" for o in (STREAM, error))
        return f"{match.group(1)}[\n{items}\n{indent}]"

    return re.sub(r'("outputs":\s*)\[\]', fill, text)


@needs_corpus
@pytest.mark.corpus
def test_lint_fix_on_every_corpus_notebook_changes_only_the_two_fixable_kinds(
    corpus_lint: tuple[list[Diagnostic], list[Any]],
) -> None:
    """The fix --fix makes from lint's findings, on the text of every corpus notebook; then,
    since the corpus stores no outputs at all, a maximal fix (every cell, every count) of each
    notebook with a stream and an error output written into each of its outputs arrays in the
    file's own indentation, to stress the edits on the real layouts."""
    paths = corpus_notebooks()
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}
    found, _ = corpus_lint
    by_path = {p: [d for d in found if d.path == p] for p in {d.path for d in found}}
    fixed_notebooks = kinds = stressed = 0
    for source in paths:
        old = source.read_text(encoding="utf-8-sig")
        mine = by_path.get(str(source), [])
        error_cells = {d.cell for d in mine if d.code == "NB110"}
        order = any(is_order_finding(d.code, d.message) for d in mine)
        fixed = fix_text(old, str(source), error_cells, order)
        check_edits(old, fixed.text, fixed.edits)
        changed = changes(json.loads(old), json.loads(fixed.text))
        assert bool(changed) == (bool(error_cells) or order), source
        fixed_notebooks += bool(changed)
        kinds += len(changed)
        relabelled = with_outputs(old)
        cells = set(range(1, len(notebook_layout(old).cells) + 1))
        every = fix_text(relabelled, str(source), cells, True)
        check_edits(relabelled, every.text, every.edits)
        changes(json.loads(relabelled), json.loads(every.text))
        stressed += sum(e.kind == "error-output" for e in every.edits)
    assert fixed_notebooks >= 10
    assert stressed > 1000
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths} == before  # pure


@needs_corpus
@pytest.mark.corpus
def test_the_command_fixes_copies_of_the_corpus_notebooks_that_need_it(
    isolated: Path, corpus_lint: tuple[list[Diagnostic], list[Any]]
) -> None:
    fixable = sorted(
        {d.path for d in corpus_lint[0] if d.code == "NB110" or is_order_finding(d.code, d.message)}
    )
    copies = []
    for source in fixable:
        copy = isolated / f"{len(copies)}-{Path(source).name}"
        shutil.copyfile(source, copy)
        copies.append(str(copy))
    result = CliRunner().invoke(cli, ["lint", "--fix", "--no-cache", *copies])
    assert f"in {len(copies)} notebook(s)" in result.stderr
    assert "NB110" not in result.stdout and "execution counts" not in result.stdout
    after = CliRunner().invoke(cli, ["lint", "--no-cache", "--select", "NB110,NB102", *copies])
    assert "NB110" not in after.stdout and "execution counts" not in after.stdout
