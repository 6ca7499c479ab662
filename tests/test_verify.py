"""End to end: verify() and `nb2mod verify` on small notebooks with hand-written packages."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, write_notebook

import nb2mod.verification.verifier as verify_module
from nb2mod.cli import cli
from nb2mod.conversion import ConvertedStep
from nb2mod.settings import Settings
from nb2mod.sourcemap import CellMark, FileMap, Region, SourceMap
from nb2mod.verification.outcome import Verdict, Verification
from nb2mod.verification.render import render_text
from nb2mod.verification.verifier import verify

DEMO = ROOT / "tests" / "data" / "verify" / "stats_demo"
DEMO_NAMES = ("N", "data", "total", "mean", "arr", "frame", "by_group", "labels", "tags")


# A hand-written step: (name, first line, last line, (cell, line) of each cell mark, returns)
HandStep = tuple[str, int, int, tuple[tuple[int, int], ...], tuple[str, ...]]


@dataclass
class HandWritten:
    """Stands in for nb2mod.conversion's Conversion: writes a package folder copied from disk;
    ``steps`` say what its pipeline.py holds, as a conversion's source map would."""

    source: Path
    package: str
    returns: tuple[str, ...]
    steps: tuple[HandStep, ...] = ()

    @property
    def pipeline_steps(self) -> tuple[ConvertedStep, ...]:
        return tuple(ConvertedStep(s[0], tuple(c for c, _ in s[3]), (), s[4]) for s in self.steps)

    @property
    def source_map(self) -> SourceMap:
        regions = tuple(
            Region("step", name, start, end, tuple(CellMark(c, line) for c, line in marks))
            for name, start, end, marks, _ in self.steps
        )
        return SourceMap((FileMap(f"{self.package}/pipeline.py", regions),))

    def write(self, out_dir: Path, force: bool = False) -> None:
        shutil.copytree(self.source, out_dir)


def converter_for(source: Path, package: str, returns: tuple[str, ...], steps: tuple[HandStep, ...] = ()):  # type: ignore[no-untyped-def]
    return lambda notebook, settings: HandWritten(source, package, returns, steps)


# tests/data/verify/stats_demo/package/stats_demo/pipeline.py, as its comments say
DEMO_STEPS: tuple[HandStep, ...] = (
    ("load", 14, 16, ((3, 15),), ("data",)),
    ("summaries", 19, 24, ((5, 20),), ("total", "mean", "arr")),
    ("groups", 27, 33, ((6, 28),), ("frame", "by_group", "labels", "tags")),
)


def demo_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the demo notebook folder and of its package, free to edit."""
    notebook_dir = shutil.copytree(DEMO / "notebook", tmp_path / "notebook")
    package_dir = shutil.copytree(DEMO / "package", tmp_path / "package")
    return notebook_dir / "stats_demo.ipynb", package_dir


def named(result: Verification) -> tuple[Verdict, ...]:
    """The rows of named values (the printed output and displayed values rows left out)."""
    return tuple(v for v in result.verdicts if v.origin != "output")


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def simple_package(tmp_path: Path, name: str, body: str) -> Path:
    """A package NAME whose pipeline.py is ``body`` (run(config) must be defined in it)."""
    root = tmp_path / f"{name}_out"
    (root / name).mkdir(parents=True)
    (root / name / "__init__.py").write_text("")
    (root / name / "config.py").write_text(
        "from dataclasses import dataclass\n\n\n@dataclass(frozen=True)\nclass Config:\n    pass\n"
    )
    (root / name / "pipeline.py").write_text(body)
    return root


def test_demo_notebook_and_package_are_equal_and_the_folder_is_untouched(tmp_path: Path) -> None:
    notebook, package = demo_copy(tmp_path)
    before = tree(notebook.parent)
    result = verify(
        notebook, converter=converter_for(package, "stats_demo", DEMO_NAMES, DEMO_STEPS)
    )
    assert result.status == "equal", result
    assert [v.name for v in named(result)] == list(DEMO_NAMES)
    assert {v.status for v in named(result)} == {"equal"}
    assert result.exit_code == 0 and result.kept == ()
    assert tree(notebook.parent) == before


def test_a_broken_package_is_reported_different_with_the_name(tmp_path: Path) -> None:
    notebook, package = demo_copy(tmp_path)
    pipeline = package / "stats_demo" / "pipeline.py"
    text = pipeline.read_text()
    assert 'total = int(data["x"].sum())' in text
    pipeline.write_text(
        text.replace('total = int(data["x"].sum())', 'total = int(data["x"].sum()) + 1')
    )
    result = verify(
        notebook, converter=converter_for(package, "stats_demo", DEMO_NAMES, DEMO_STEPS)
    )
    assert result.status == "different" and result.exit_code == 1
    different = {v.name: v.detail for v in named(result) if v.status != "equal"}
    assert different == {"total": "total: 30 != 31"}
    printed = next(v for v in result.verdicts if v.name == "(printed output)")
    assert (printed.status, printed.detail) == (
        "different",
        "line 1: notebook '30 7.5', package '31 7.5'",
    )


def test_a_changed_frame_column_is_described(tmp_path: Path) -> None:
    notebook, package = demo_copy(tmp_path)
    pipeline = package / "stats_demo" / "pipeline.py"
    pipeline.write_text(pipeline.read_text().replace('data["x"] * 2)', 'data["x"] * 2.0)'))
    result = verify(
        notebook, converter=converter_for(package, "stats_demo", DEMO_NAMES, DEMO_STEPS)
    )
    different = {v.name: v.detail for v in named(result) if v.status != "equal"}
    assert set(different) == {"frame", "by_group"}
    assert "dtype" in different["frame"] and "int64" in different["frame"]


def test_a_failing_package_names_its_step(tmp_path: Path) -> None:
    notebook, package = demo_copy(tmp_path)
    pipeline = package / "stats_demo" / "pipeline.py"
    pipeline.write_text(pipeline.read_text().replace("    labels = {", "    1 / 0\n    labels = {"))
    result = verify(
        notebook, converter=converter_for(package, "stats_demo", DEMO_NAMES, DEMO_STEPS)
    )
    assert result.status == "package fails" and result.exit_code == 1
    assert result.step == "groups"
    assert result.message.startswith("ZeroDivisionError: division by zero (pipeline.py:")


def test_a_notebook_that_fails_on_its_own_is_not_blamed_on_the_package(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "bad.ipynb", ("markdown", "# t"), "x = 1", "y = x / 0")
    package = simple_package(tmp_path, "bad", "def run(config=None):\n    return {'x': 1}\n")
    result = verify(path, converter=converter_for(package, "bad", ("x",)))
    assert result.status == "notebook fails" and result.exit_code == 2
    assert result.cell == 3
    assert "cell 3: ZeroDivisionError: division by zero" in result.message


def test_missing_names_and_files_above_the_notebook_folder(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "input.txt").write_text("hello")
    (tmp_path / "nbs").mkdir()
    code = "import os\ntext = open('../data/input.txt').read()\nwhere = os.getcwd()"
    path = write_notebook(tmp_path / "nbs" / "nb.ipynb", code)
    body = (
        "import os\n\n\ndef run(config=None):\n"
        "    text = open('../data/input.txt').read()\n"
        "    return {'text': text, 'where': os.getcwd(), 'ghost': 1}\n"
    )
    package = simple_package(tmp_path, "reader", body)
    names = ("text", "where", "ghost", "nowhere")
    result = verify(path, converter=converter_for(package, "reader", names))
    statuses = {v.name: v.status for v in named(result)}
    assert statuses == {
        "text": "equal",
        "where": "equal",
        "ghost": "missing",
        "nowhere": "not compared",
    }
    assert result.status == "different"


def test_repeat_marks_values_that_change_between_runs(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "rnd.ipynb", "import os\nnoise = os.urandom(8)\nfixed = 3")
    body = "def run(config=None):\n    return {'noise': b'12345678', 'fixed': 3}\n"  # reproducible
    package = simple_package(tmp_path, "rnd", body)
    convert = converter_for(package, "rnd", ("noise", "fixed"))
    once = verify(path, converter=convert)
    assert {v.name: v.status for v in named(once)} == {"noise": "different", "fixed": "equal"}
    twice = verify(path, Settings(repeat=True), converter=convert)
    statuses = {v.name: v.status for v in named(twice)}
    assert statuses == {"noise": "not deterministic", "fixed": "equal"}
    assert twice.status == "equal" and twice.exit_code == 0
    assert "differs between two runs of the notebook" in named(twice)[0].detail


def test_keep_leaves_the_folders(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "k.ipynb", "x = 2")
    package = simple_package(tmp_path, "k", "def run(config=None):\n    return {'x': 2}\n")
    result = verify(path, keep=True, converter=converter_for(package, "k", ("x",)))
    try:
        kept = Path(result.kept[0])
        assert (kept / "out" / "k" / "pipeline.py").is_file()
        assert (kept / "notebook").is_dir() and (kept / "package").is_dir()
    finally:
        shutil.rmtree(result.kept[0])


def test_conversion_failure_is_a_result(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "c.ipynb", "x = 2")

    def broken(notebook, settings):  # type: ignore[no-untyped-def]
        raise ValueError("planner exploded")

    result = verify(path, converter=broken)
    assert result.status == "conversion fails" and result.exit_code == 1
    assert result.message == "ValueError: planner exploded"


@pytest.fixture
def demo_converter(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    notebook, package = demo_copy(tmp_path)
    convert = converter_for(package, "stats_demo", DEMO_NAMES, DEMO_STEPS)
    monkeypatch.setattr(verify_module, "_default_converter", lambda: convert)
    return notebook


def test_cli_text_table_and_exit_code(demo_converter: Path) -> None:
    result = CliRunner().invoke(cli, ["verify", str(demo_converter)])
    assert result.exit_code == 0, result.output
    assert (
        "stats_demo.ipynb: equal (package stats_demo): 11 comparisons: 10 equal, 1 not compared"
        in result.output
    )
    assert any(line.split()[:2] == ["by_group", "equal"] for line in result.output.splitlines())
    assert "1 notebook verified: 1 equal" in result.output


def test_cli_json_and_a_bad_notebook(demo_converter: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json")
    result = CliRunner().invoke(cli, ["verify", str(demo_converter), str(bad), "--format", "json"])
    assert result.exit_code == 2
    payload = json.loads(result.stdout)
    assert [r["status"] for r in payload["results"]] == ["equal", "error"]
    assert payload["results"][1]["message"].startswith("not valid JSON")


def test_cli_without_the_verify_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "nbclient" else real(name, *a)
    )
    path = write_notebook(tmp_path / "x.ipynb", "x = 1")
    result = CliRunner().invoke(cli, ["verify", str(path)])
    assert result.exit_code == 2
    assert "pip install 'nb2mod[verify]'" in result.output


def test_cli_options_reach_the_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from nb2mod.verification.outcome import Verification

    seen = []

    def fake(path: str, settings: Settings, keep: bool) -> Verification:
        seen.append((settings, keep))
        return Verification(path, "equal")

    monkeypatch.setattr(verify_module, "verify", fake)
    path = write_notebook(tmp_path / "x.ipynb", "x = 1")
    result = CliRunner().invoke(
        cli, ["verify", str(path), "--timeout", "30", "--rtol", "0.01", "--repeat", "--keep"]
    )
    assert result.exit_code == 0, result.output
    settings, keep = seen[0]
    assert (settings.timeout, settings.rtol, settings.repeat, keep) == (30.0, 0.01, True, True)


def test_unseeded_randomness_from_the_analysis_is_not_deterministic(tmp_path: Path) -> None:
    code = "import numpy as np\nnoise = np.random.rand(3)\nmean = float(noise.mean())\nfixed = 3"
    path = write_notebook(tmp_path / "rand.ipynb", code)
    body = (
        "import numpy as np\n\n\ndef run(config=None):\n"
        "    np.random.seed(5)  # the package is reproducible, the notebook is not\n"
        "    noise = np.random.rand(3)\n"
        "    return {'noise': noise, 'mean': float(noise.mean()), 'fixed': 4}\n"
    )
    package = simple_package(tmp_path, "rand", body)
    result = verify(path, converter=converter_for(package, "rand", ("noise", "mean", "fixed")))
    statuses = {v.name: v.status for v in named(result)}
    assert statuses == {
        "noise": "not deterministic",
        "mean": "not deterministic",
        "fixed": "different",
    }
    assert result.verdicts[1].detail.startswith(
        "unseeded numpy.random.rand (cell 1, line 2); mean: "
    )


def test_seeded_draws_in_the_same_order_are_equal(tmp_path: Path) -> None:
    seed = "np.random.seed(3)\nrandom.seed(3)\n"
    code = (
        "import random\nimport numpy as np\n"
        + seed
        + "noise = np.random.rand(3)\npick = random.random()"
    )
    path = write_notebook(tmp_path / "same.ipynb", code)
    body = (
        "import random\n\nimport numpy as np\n\n\ndef run(config=None):\n"
        "    np.random.seed(3)\n    random.seed(3)\n"
        "    return {'noise': np.random.rand(3), 'pick': random.random()}\n"
    )
    package = simple_package(tmp_path, "same", body)
    result = verify(path, converter=converter_for(package, "same", ("noise", "pick")))
    assert [(v.name, v.status) for v in named(result)] == [("noise", "equal"), ("pick", "equal")]


def test_a_notebook_past_its_timeout_fails_on_its_own(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "slow.ipynb", "x = 1", "import time\ntime.sleep(30)")
    package = simple_package(tmp_path, "slow", "def run(config=None):\n    return {'x': 1}\n")
    result = verify(path, Settings(timeout=2), converter=converter_for(package, "slow", ("x",)))
    assert result.status == "notebook fails" and result.cell == 2
    assert "timed out" in result.message


def test_a_package_past_its_timeout_fails(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "quick.ipynb", "x = 1")
    body = "import time\n\n\ndef run(config=None):\n    time.sleep(30)\n    return {'x': 1}\n"
    package = simple_package(tmp_path, "quick", body)
    result = verify(path, Settings(timeout=3), converter=converter_for(package, "quick", ("x",)))
    assert result.status == "package fails" and result.exit_code == 1
    assert result.message == "timed out after 3 s"


def install_kernel(folder: Path, name: str, argv: list[str]) -> Path:
    """A kernelspec ``name`` in the Jupyter data folder ``folder`` (use as JUPYTER_PATH)."""
    spec = folder / "kernels" / name
    spec.mkdir(parents=True)
    body = {"argv": argv, "display_name": name, "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(body))
    return folder


def test_a_kernel_that_cannot_start_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = ["/no/such/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    monkeypatch.setenv("JUPYTER_PATH", str(install_kernel(tmp_path / "jupyter", "broken", argv)))
    path = write_notebook(tmp_path / "k.ipynb", "x = 1")
    package = simple_package(tmp_path, "k", "def run(config=None):\n    return {'x': 1}\n")
    result = verify(path, Settings(kernel="broken"), converter=converter_for(package, "k", ("x",)))
    assert result.status == "error" and result.exit_code == 2
    assert result.message.startswith("could not start kernel 'broken' (/no/such/python): ")


def test_an_unimportable_package_fails_at_import(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "i.ipynb", "x = 1")
    package = simple_package(tmp_path, "imp", "import not_a_module_nb2mod\n")
    result = verify(path, converter=converter_for(package, "imp", ("x",)))
    assert result.status == "package fails" and result.step == "import"
    assert "No module named 'not_a_module_nb2mod'" in result.message


def test_the_public_api_verifies_an_in_memory_notebook(tmp_path: Path) -> None:
    from conftest import make_notebook

    import nb2mod
    import nb2mod.verification.verifier  # importing the implementation leaves nb2mod.verify a function

    notebook = nb2mod.read_notebook(make_notebook("x = 6 * 7"))
    package = simple_package(tmp_path, "mem", "def run(config=None):\n    return {'x': 42}\n")
    result = nb2mod.verify(notebook, converter=converter_for(package, "mem", ("x",)))
    assert isinstance(result, nb2mod.Verification)
    assert result.status == "equal" and result.path == "<notebook>"


def test_cli_reports_an_unreadable_notebook_on_one_error_line(tmp_path: Path) -> None:
    missing = tmp_path / "missing.ipynb"
    result = CliRunner().invoke(cli, ["verify", str(missing)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"error: {missing}: no such file"
    assert result.stdout.strip() == "1 notebook verified: 1 error"


def test_a_package_waiting_for_input_fails_instead_of_hanging(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "q.ipynb", "x = 1")
    body = "def run(config=None):\n    return {'x': int(input('x? '))}\n"
    package = simple_package(tmp_path, "asks", body)
    result = verify(path, Settings(timeout=20), converter=converter_for(package, "asks", ("x",)))
    assert result.status == "package fails" and result.step == "run"
    assert result.message.startswith("EOFError")


STEP_PIPELINE = """
def prepare():
    # cell 1
    values = [3, 1, 2]
    values.sort()
    return values


def summarise(values):
    # cell 2
    total = sum(values)
    return total


def run(config=None):
    values = prepare()
    total = summarise(values)
    return {"total": total}
"""
STEP_STEPS: tuple[HandStep, ...] = (
    ("prepare", 2, 6, ((1, 3),), ("values",)),
    ("summarise", 9, 12, ((2, 10),), ("total",)),
)


def test_values_passed_between_steps_are_compared_too(tmp_path: Path) -> None:
    path = write_notebook(
        tmp_path / "steps.ipynb", "values = [3, 1, 2]\nvalues.sort()", "total = sum(values)"
    )
    good = simple_package(tmp_path, "steps", STEP_PIPELINE)
    result = verify(path, converter=converter_for(good, "steps", ("total",), STEP_STEPS))
    assert [(v.name, v.status, v.origin) for v in named(result)] == [
        ("total", "equal", "result"),
        ("values", "equal", "step"),
    ]
    broken = simple_package(tmp_path / "b", "steps", STEP_PIPELINE.replace("values.sort()", ""))
    result = verify(path, converter=converter_for(broken, "steps", ("total",), STEP_STEPS))
    assert result.status == "different"
    different = [(v.name, v.detail) for v in named(result) if v.status != "equal"]
    assert different == [("values", "values[0]: 1 != 3")]
    assert re.search(r"\n  values \(step\) +different +values\[0\]", render_text(result))


def test_files_both_sides_write_stay_in_the_scratch_copies(tmp_path: Path) -> None:
    (tmp_path / "data.txt").write_text("3")
    code = "n = int(open('data.txt').read())\nopen('result.txt', 'w').write(str(n * 2))"
    path = write_notebook(tmp_path / "w.ipynb", code)
    body = (
        "def run(config=None):\n"
        "    n = int(open('data.txt').read())\n"
        "    open('result.txt', 'w').write(str(n * 2))\n"
        "    return {'n': n}\n"
    )
    package = simple_package(tmp_path / "pkg", "writer", body)
    before = tree(tmp_path)
    result = verify(path, converter=converter_for(package, "writer", ("n",)))
    assert result.status == "equal"
    assert tree(tmp_path) == before


def test_the_names_compared_are_the_conversions_not_read_back_from_its_files(
    tmp_path: Path,
) -> None:
    path = write_notebook(tmp_path / "d.ipynb", "x = 2\ny = 3")
    package = simple_package(tmp_path, "decl", "def run(config=None):\n    return {'x': 2}\n")
    result = verify(path, converter=converter_for(package, "decl", ("x", "y")))
    assert [(v.name, v.status) for v in named(result)] == [("x", "equal"), ("y", "missing")]
