"""Local modules come along: found beside the notebook or in a literal sys.path folder, carried
into the package (or warned about when outside the notebook's folder tree), imports rewritten;
the converted golden case runs from an unrelated folder with the notebook's results."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest
from conftest import write_notebook

from nb2mod.conversion import convert
from nb2mod.local_modules import local_modules
from nb2mod.plan.local_modules import carried_import
from nb2mod.plan.model import ImportPlan
from nb2mod.settings import Settings

CASE = Path(__file__).parent / "data" / "cases" / "local_modules"
RESULTS = ("spread", "summary", "first")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (ImportPlan("helpers", None, "helpers"), "from pkg import helpers"),
        (ImportPlan("helpers", None, "h"), "from pkg import helpers as h"),
        (ImportPlan("helpers", "f", "f"), "from pkg.helpers import f"),
        (ImportPlan("lib.t", "f", "g"), "from pkg.lib.t import f as g"),
        (ImportPlan("lib.t", None, "t"), "from pkg.lib import t"),
        (ImportPlan("lib.t", None, "lib"), "from pkg import lib"),
        (ImportPlan("lib", "*", "*"), "from pkg.lib import *"),
    ],
)
def test_an_import_of_a_carried_module_imports_from_the_package(
    before: ImportPlan, after: str
) -> None:
    imp = carried_import(before, "pkg", before.module.split(".")[0])
    assert imp.statement() == after
    assert imp.loads == ("pkg.lib.t" if before.bound == "lib" else "")


def test_modules_are_found_beside_the_notebook_and_in_literal_sys_path_folders(
    tmp_path: Path,
) -> None:
    (tmp_path / "helpers.py").write_text("X = 1\n")
    (tmp_path / "src" / "pkg").mkdir(parents=True)
    (tmp_path / "src" / "pkg" / "__init__.py").write_text("")
    (tmp_path / "src" / "pkg" / "__pycache__").mkdir()
    (tmp_path / "src" / "pkg" / "__pycache__" / "x.py").write_text("")
    notebook = write_notebook(tmp_path / "n.ipynb", "1")
    found = local_modules(str(notebook), ["helpers", "pkg.a", "os", "missing"], ["src"])
    assert [(m.name, m.path, m.outside) for m in found] == [
        ("helpers", "helpers.py", False),
        ("pkg", "src/pkg", False),
    ]
    assert found[1].files == (("pkg/__init__.py", ""),)


def test_a_module_outside_the_folder_tree_is_a_warning_never_copied_nor_required(
    tmp_path: Path,
) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "common.py").write_text("VALUE = 1\n")
    (tmp_path / "abs").mkdir()
    (tmp_path / "abs" / "far.py").write_text("VALUE = 2\n")
    project = tmp_path / "project" / "notebooks"
    project.mkdir(parents=True)
    notebook = write_notebook(
        project / "n.ipynb",
        "import sys\n"
        "sys.path.append('../../shared')\n"
        f"sys.path.insert(0, {str(tmp_path / 'abs')!r})\n"
        "import common\nimport far\n"
        "total = common.VALUE + far.VALUE",
    )
    conversion = convert(str(notebook), Settings(python=sys.executable))
    assert not [p for p in conversion.files if p.name in ("common.py", "far.py")]
    requirements = conversion.files[PurePosixPath("requirements.txt")]
    assert "common" not in requirements and "far" not in requirements
    warned = {
        w.message.split("'")[1]: w.message for w in conversion.warnings if "local" in w.message
    }
    assert set(warned) == {"common", "far"}
    assert "outside the notebook's folder tree" in warned["common"] and "TODO" in warned["common"]
    pipeline = conversion.files[PurePosixPath("n/pipeline.py")]
    assert "sys.path.append(" in pipeline  # kept (its folder a Config field): not carried
    assert "import common" in pipeline and "# sys.path" not in pipeline


def test_in_a_repository_a_folder_above_the_notebook_is_inside_its_tree(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "common.py").write_text("VALUE = 1\n")
    (tmp_path / "notebooks").mkdir()
    notebook = write_notebook(
        tmp_path / "notebooks" / "n.ipynb",
        "import sys\nsys.path.append('../src')\nimport common\ntotal = common.VALUE",
    )
    conversion = convert(str(notebook), Settings(python=sys.executable))
    assert conversion.files[PurePosixPath("n/common.py")] == "VALUE = 1\n"
    pipeline = conversion.files[PurePosixPath("n/pipeline.py")]
    assert "from n import common" in pipeline
    assert "# sys.path.append('../src')" in pipeline and "import sys" not in pipeline


def test_a_clashing_name_is_renamed_and_a_module_that_cannot_be_read_stays(
    tmp_path: Path,
) -> None:
    (tmp_path / "config.py").write_text("FACTOR = 3\n")
    (tmp_path / "latin.py").write_bytes(b"NAME = '\xe9'\n")
    (tmp_path / "uses.py").write_text("import config\n\nVALUE = config.FACTOR\n")
    notebook = write_notebook(
        tmp_path / "n.ipynb",
        "import config\nimport latin\nimport uses\nx = (config.FACTOR, latin.NAME, uses.VALUE)",
    )
    conversion = convert(str(notebook), Settings(python=sys.executable))
    assert conversion.files[PurePosixPath("n/local_config.py")] == "FACTOR = 3\n"
    assert PurePosixPath("n/latin.py") not in conversion.files
    pipeline = conversion.files[PurePosixPath("n/pipeline.py")]
    assert "from n import local_config as config" in pipeline
    assert "import latin\n" in pipeline
    messages = " ".join(w.message for w in conversion.warnings)
    assert "latin.py is not UTF-8 text" in messages
    assert "carried as n.local_config" in messages
    assert "imports the local module(s) 'config' by their own name" in messages


def _notebook_results(folder: Path) -> dict[str, str]:
    """Run the case notebook's code cells in its folder, as Jupyter would: repr of results."""
    cells = json.loads((folder / "input.ipynb").read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    code += f"\nprint(repr({{n: repr(globals()[n]) for n in {RESULTS!r}}}))\n"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, check=True
    )
    return eval(done.stdout.strip().splitlines()[-1])  # noqa: S307 - our own repr of strs


def _package_results(where: Path, cwd: Path) -> dict[str, str]:
    code = (
        "from local_modules.pipeline import run\n"
        "print(repr({n: repr(v) for n, v in run().items()}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(where), "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return eval(done.stdout.strip().splitlines()[-1])  # noqa: S307


@pytest.fixture
def converted(tmp_path: Path) -> tuple[Path, Path]:
    """The golden case's notebook and modules in a scratch folder, converted into out/."""
    source = tmp_path / "nb"
    shutil.copytree(CASE, source, ignore=shutil.ignore_patterns("expected"))
    out = tmp_path / "out"
    convert(str(source / "input.ipynb"), Settings(name="local_modules")).write(out)
    (tmp_path / "elsewhere").mkdir()
    return source, out


def test_the_package_runs_from_an_unrelated_folder_with_the_notebooks_results(
    converted: tuple[Path, Path], tmp_path: Path
) -> None:
    source, out = converted
    expected = _notebook_results(source)
    assert _package_results(out, tmp_path / "elsewhere") == expected
    assert set(expected) == set(RESULTS)


@pytest.mark.slow
@pytest.mark.network
def test_pip_installs_the_carried_modules_with_the_package(
    converted: tuple[Path, Path], tmp_path: Path
) -> None:
    source, out = converted
    target = tmp_path / "installed"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert (target / "local_modules" / "lib" / "text.py").is_file()
    assert _package_results(target, tmp_path / "elsewhere") == _notebook_results(source)
    env = {**os.environ, "PYTHONPATH": str(target)}
    script = subprocess.run(
        [str(target / "bin" / "local_modules"), "--help"],
        cwd=tmp_path / "elsewhere",
        env=env,
        capture_output=True,
        text=True,
    )
    assert script.returncode == 0, script.stderr


def test_check_reports_a_carried_file_whose_source_changed(
    converted: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from nb2mod.cli import cli

    # the golden case's own generated tests (collected from its expected/ folder) put that
    # folder on sys.path and import local_modules: --name would then be refused as shadowing
    monkeypatch.setattr(sys, "path", [p for p in sys.path if "expected" not in p])
    for name in [m for m in sys.modules if m == "local_modules" or m.startswith("local_modules.")]:
        monkeypatch.delitem(sys.modules, name)
    source, out = converted
    command = ["convert", str(source / "input.ipynb"), "--out", str(out), "--name", "local_modules"]
    first = CliRunner().invoke(cli, [*command, "--check"])
    assert first.exit_code == 0, first.output
    with (source / "lib" / "stats.py").open("a", encoding="utf-8") as handle:
        handle.write("\n\nMEDIAN = None\n")
    result = CliRunner().invoke(cli, [*command, "--check"])
    assert result.exit_code == 1
    assert "local_modules/lib/stats.py: stale" in result.output
    assert CliRunner().invoke(cli, [*command, "--update"]).exit_code == 0
    assert (out / "local_modules" / "lib" / "stats.py").read_text().endswith("MEDIAN = None\n")
