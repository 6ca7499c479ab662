"""nb2mod's own names in pipeline.py never take a name the notebook uses: a notebook that
defines its own set_seeds, save_figure, reading, logger, run, Config or PipelineError keeps
it, and the package still computes what the notebook computes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import make_notebook, write_notebook

from nb2mod.analysis import analyze
from nb2mod.conversion import convert
from nb2mod.notebook import read_notebook
from nb2mod.plan import plan_conversion
from nb2mod.verification.verifier import verify

_CELLS = (
    ("markdown", "# Names nb2mod uses too"),
    "import logging\nimport random\nimport numpy as np",
    ("markdown", "## Own helpers"),
    "logger = logging.getLogger('mine')\n"
    "class PipelineError(Exception):\n    pass\n"
    "class Config:\n    rate = 0.5\n"
    "def set_seeds(seed=42):\n    random.seed(seed)\n    np.random.seed(seed)\n"
    "def reading(path):\n    return f'read {path}'\n"
    "def save_figure(name):\n    return f'saved {name}'\n"
    "def run(n):\n    return [n] * 2\n"
    "def timed(x):\n    return x * 10",
    ("markdown", "## Use them"),
    "set_seeds()\ndraws = [random.random() for _ in range(3)]\nnoise = np.random.normal(size=3)",
    "print('drawn', len(draws))\nlogger.info('own logger')\n"
    "source = reading('source')\nfigure = save_figure('plot')\nrepeated = run(3)\n"
    "scaled = timed(Config.rate)\nerror_name = PipelineError.__name__",
    "with open('out.txt', 'w') as handle:\n    handle.write(source)\n%time total = sum(draws)",
    "with open('out.txt') as handle:\n    content = handle.read()",
)


def _pipeline(tmp_path: Path) -> tuple[str, str]:
    path = write_notebook(tmp_path / "names.ipynb", *_CELLS)
    conversion = convert(read_notebook(path))
    return conversion.entry, conversion.files[Path("names/pipeline.py")]  # type: ignore[index]


def test_the_notebook_keeps_its_names_and_nb2mod_takes_others(tmp_path: Path) -> None:
    entry, source = _pipeline(tmp_path)
    tree = ast.parse(source)
    defined = [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    for own in ("set_seeds", "reading", "save_figure", "run", "timed", "PipelineError", "Config"):
        assert defined.count(own) == 1, own  # the notebook's, once
    assert entry == "run_pipeline" and "run_pipeline" in defined
    assert "set_pipeline_seeds" in defined and "PipelineStepError" in defined
    assert "timed_block" in defined and "reading_input" in defined
    assert "from names.config import Config as PipelineConfig" in source
    assert "pipeline_logger = logging.getLogger(__name__)" in source
    assert "pipeline_logger.info(" in source  # the converted print
    assert "logger.info('own logger')" in source.replace('"', "'")  # the notebook's own logger


def test_the_report_and_the_command_line_name_nb2mods_names(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "names.ipynb", *_CELLS)
    files = convert(read_notebook(path)).files
    report = files[Path("CONVERSION.md")]  # type: ignore[index]
    assert "`run_pipeline` (not `run`)" in report
    assert "import run_pipeline; run_pipeline()" in report
    main = files[Path("names/__main__.py")]  # type: ignore[index]
    assert "from names.pipeline import PipelineStepError, run_pipeline" in main


def test_a_notebook_without_those_names_keeps_nb2mods_own() -> None:
    plan = plan_conversion(analyze(read_notebook(make_notebook("import os\nx = os.sep\nprint(x)"))))
    assert plan.renamed_generated == ()  # ``import os`` is the import nb2mod writes: shared
    assert plan.name("run") == "run" and plan.name("os") == "os"


def test_a_name_bound_otherwise_renames_the_import_nb2mod_needs() -> None:
    cells = ("import numpy as os\nimport matplotlib.pyplot as plt", "plt.plot([1])\nplt.show()")
    plan = plan_conversion(analyze(read_notebook(make_notebook(*cells))))
    assert plan.name("os") == "os_"
    assert "import os as os_" in plan.pipeline_imports


@pytest.mark.slow
def test_the_package_with_renamed_helpers_computes_what_the_notebook_does(
    tmp_path: Path,
) -> None:
    path = write_notebook(tmp_path / "names.ipynb", *_CELLS)
    result = verify(path)
    statuses = {v.name: v.status for v in result.verdicts}
    assert result.exit_code == 0, (result.status, result.message, result.verdicts)
    for name in ("noise", "figure", "repeated", "scaled", "error_name", "total", "content"):
        assert statuses.get(name) == "equal", (name, result.verdicts)
