"""Percent-format .py notebooks: read with jupytext, linted and converted like .ipynb, placed in
SARIF at the script's own lines, and a paired .ipynb/.py linted once."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, corpus_notebooks, make_notebook, needs_corpus
from test_rules import expected_hits, fixture_path, notebook_from_fixture

from nb2mod.analysis import analyze
from nb2mod.analysis.serialize import analysis_to_json
from nb2mod.cli import cli
from nb2mod.conversion import convert
from nb2mod.file_positions import ScriptPositions
from nb2mod.linter import lint_notebook
from nb2mod.notebook import read_notebook
from nb2mod.pairs import select_files
from nb2mod.script_notebook import MissingJupytextError, NotAScriptNotebookError
from nb2mod.settings import Settings

jupytext = pytest.importorskip("jupytext")

SCRIPT = """\
# %% [markdown]
# # Churn
# Reads the data.

# %%
import pandas as pd
# %matplotlib inline
df = pd.read_csv("data.csv")

# %% tags=["parameters"]
rate = 0.5
print(total)
"""


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NB2MOD_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_cells_are_numbered_as_jupytext_reads_them_and_the_read_is_deterministic(
    tmp_path: Path,
) -> None:
    path = write(tmp_path / "churn.py", SCRIPT)
    notebook = read_notebook(path)
    assert [(c.index, c.kind) for c in notebook.cells] == [
        (1, "markdown"),
        (2, "code"),
        (3, "code"),
    ]
    assert notebook.cells[1].source.splitlines()[1] == "%matplotlib inline"  # uncommented
    assert notebook.cells[2].tags == ("parameters",)
    assert all(c.cell_id is None for c in notebook.cells)  # jupytext draws random ids
    assert notebook.warnings == ()
    assert read_notebook(path) == notebook


def test_a_plain_module_is_not_a_notebook_and_the_hook_flag_skips_it(tmp_path: Path) -> None:
    plain = write(tmp_path / "helpers.py", "import os\n\n\ndef f():\n    return os.sep\n")
    with pytest.raises(NotAScriptNotebookError, match="not a jupytext percent notebook"):
        read_notebook(plain)
    result = CliRunner().invoke(cli, ["lint", str(plain)])
    assert result.exit_code == 2
    assert (
        result.output
        == f"error: {plain}: a Python module, not a jupytext percent notebook (no '# %%' cell markers)\n"
    )
    result = CliRunner().invoke(cli, ["lint", "--skip-plain-py", str(plain)])
    assert (result.exit_code, result.output) == (0, "")


def test_without_jupytext_reading_a_script_is_one_line_naming_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "churn.py", SCRIPT)
    monkeypatch.setitem(sys.modules, "jupytext", None)  # import jupytext now fails
    with pytest.raises(MissingJupytextError) as caught:
        read_notebook(path)
    assert (
        str(caught.value)
        == f"{path}: reading a .py notebook needs jupytext: pip install 'nb2mod[jupytext]'"
    )
    result = CliRunner().invoke(cli, ["lint", "--no-cache", str(path)])
    assert result.exit_code == 2
    assert result.output.splitlines() == [f"error: {caught.value}"]


# --- the hidden-state and magic rules give the same findings from a script ------------------


@pytest.mark.parametrize("code", ["NB102", "NB106"])
def test_rule_fixture_as_a_percent_script_reports_what_the_ipynb_reports(
    code: str, tmp_path: Path
) -> None:
    """The fixture files are percent scripts: jupytext reads them directly. Only NB102's
    execution-count finding needs the counts that a script does not store."""
    text = fixture_path(code).read_text(encoding="utf-8")
    script = read_notebook(write(tmp_path / f"{code}.py", text), path="nb")
    from_ipynb = read_notebook(notebook_from_fixture(text), path="nb")
    assert [c.source for c in script.cells] == [c.source for c in from_ipynb.cells]
    found = {(d.cell, d.line, d.message) for d in lint_notebook(script) if d.code == code}
    expected = {
        (d.cell, d.line, d.message)
        for d in lint_notebook(from_ipynb)
        if d.code == code and "execution counts" not in d.message
    }
    assert found == expected
    assert found
    assert {(c, line) for c, line, _ in found} <= expected_hits(text)


def test_the_magics_and_hidden_state_golden_analysis_holds_for_its_percent_script() -> None:
    case = ROOT / "tests" / "data" / "analysis" / "magics_and_hidden_state"
    script = read_notebook(case / "input.py", path="input.ipynb")
    from_script = analysis_to_json(analyze(script))
    golden = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    # what a script cannot hold: the stored execution counts (and so their order)
    assert golden["execution_out_of_order"] is not None
    assert from_script["execution_out_of_order"] is None
    assert (golden["nbformat"], from_script["nbformat"]) == ("4.5", "4.4")  # no cell ids
    for facts in (golden, from_script):
        facts.pop("execution_out_of_order")
        facts.pop("nbformat")
    assert json.loads(json.dumps(from_script)) == golden


# --- SARIF positions in a script -------------------------------------------------------------


def test_script_positions_find_each_cell_line_even_commented_magics(tmp_path: Path) -> None:
    path = write(tmp_path / "churn.py", SCRIPT)
    positions = ScriptPositions(SCRIPT, read_notebook(path).cells)
    lines = SCRIPT.splitlines()
    assert positions.position(2, 1, 1) == (6, 1)  # import pandas as pd
    assert positions.position(2, 2, 1) == (7, 3)  # "# %matplotlib inline" in the file
    assert lines[6][2:] == "%matplotlib inline"
    assert positions.position(3, 2, 7) == (12, 7)  # print(total): the t of total
    assert positions.position(1, 2, 1) == (3, 3)  # markdown, written as a comment
    assert positions.position(9, 1, 1) is None


@needs_corpus
@pytest.mark.corpus
def test_corpus_notebooks_written_as_percent_scripts_read_back_with_every_line_placed(
    tmp_path: Path,
) -> None:
    """jupytext writes every fourth corpus notebook as a script; nb2mod reads the cells
    jupytext reads from it and places every code line on the script line that holds it."""
    checked = 0
    for source in corpus_notebooks()[::4]:
        try:
            text = jupytext.writes(jupytext.read(source), fmt="py:percent")
        except Exception:  # jupytext refuses nbformat v3 notebooks
            continue
        script = read_notebook(write(tmp_path / "nb.py", text))
        cells = jupytext.reads(text, fmt="py:percent").cells
        assert [(c.kind, c.source) for c in script.cells] == [
            (c.cell_type, c.source) for c in cells
        ], source
        positions = ScriptPositions(text, script.cells)
        lines = text.splitlines()
        for cell in script.code_cells:
            for number, content in enumerate(cell.source.splitlines(), start=1):
                code = content.lstrip()  # findings point at code, not at indentation
                where = positions.position(cell.index, number, len(content) - len(code) + 1)
                assert where is not None, (source, cell.index, number)
                if number == 1 and content.startswith("%%") and lines[where[0] - 1] != content:
                    continue  # a cell magic jupytext moved into the cell marker
                assert lines[where[0] - 1][where[1] - 1 :] == code, (source, cell.index)
                checked += 1
    assert checked > 1000


# --- pairs -----------------------------------------------------------------------------------


def pair(tmp_path: Path, script_text: str = SCRIPT) -> tuple[str, str]:
    script = write(tmp_path / "churn.py", script_text)
    notebook = jupytext.reads(SCRIPT, fmt="py:percent")
    ipynb = tmp_path / "churn.ipynb"
    ipynb.write_text(jupytext.writes(notebook, fmt="ipynb"), encoding="utf-8")
    return str(ipynb), str(script)


def test_the_ipynb_of_a_pair_wins_in_one_run(tmp_path: Path) -> None:
    ipynb, script = pair(tmp_path)
    chosen, skipped = select_files([script, ipynb], tracked=lambda _: False)
    assert chosen == [ipynb]
    assert [(s.path, s.silent) for s in skipped] == [(script, False)]
    result = CliRunner().invoke(cli, ["lint", "--no-cache", script, ipynb])
    assert result.exit_code == 1
    assert [line.split(": ")[0] for line in result.stdout.splitlines()] == [f"{ipynb}:cell 3:2:7"]
    assert f"note: {script}: skipped, paired with {ipynb}" in result.stderr


def test_alone_the_script_is_skipped_only_for_a_tracked_ipynb_with_the_same_cells(
    tmp_path: Path,
) -> None:
    ipynb, script = pair(tmp_path)
    assert select_files([script], tracked=lambda _: True)[0] == []
    assert select_files([script], tracked=lambda _: False)[0] == [script]  # untracked/ignored
    edited = SCRIPT.replace("rate = 0.5", "rate = 0.7")
    ipynb, script = pair(tmp_path, edited)
    assert select_files([script], tracked=lambda _: True)[0] == [script]  # not in sync
    Path(ipynb).unlink()
    assert select_files([script], tracked=lambda _: True)[0] == [script]


# --- convert ---------------------------------------------------------------------------------


def test_convert_a_percent_script_as_its_ipynb(tmp_path: Path) -> None:
    text = "# %% [markdown]\n# ## Data\n\n# %%\nrate = 0.5\nitems = [1, 2, 3]\n\n"
    text += (
        "# %% [markdown]\n# ## Total\n\n# %%\ntotal = sum(items) * rate\nprint('total', total)\n"
    )
    script = write(tmp_path / "demo.py", text)
    ipynb = tmp_path / "other" / "demo.ipynb"
    ipynb.parent.mkdir()
    ipynb.write_text(
        json.dumps(
            make_notebook(
                *(
                    ("markdown", "## Data"),
                    "rate = 0.5\nitems = [1, 2, 3]",
                    ("markdown", "## Total"),
                    "total = sum(items) * rate\nprint('total', total)",
                )
            )
        ),
        encoding="utf-8",
    )
    same = Settings(python=sys.executable)  # the ipynb names a kernel, the script does not
    from_script, from_ipynb = convert(str(script), same), convert(str(ipynb), same)
    assert from_script.files.keys() == from_ipynb.files.keys()
    for name, content in from_ipynb.files.items():
        if not str(name).endswith(".md"):  # CONVERSION.md and README name the file
            assert from_script.files[name].replace("demo.py", "demo.ipynb") == content, name
    result = CliRunner().invoke(cli, ["convert", str(script), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "demo" / "pipeline.py").is_file()
