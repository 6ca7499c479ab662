"""verify and convert --capture run where the notebook's libraries are: --kernel picks the
Jupyter kernel, --python the package's interpreter, and a missing module names both."""

from __future__ import annotations

import json
import sys
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner
from conftest import write_notebook
from test_interpreters import install_kernel
from test_verify import converter_for, simple_package

from nb2mod.cli import cli
from nb2mod.conversion import convert
from nb2mod.settings import Settings
from nb2mod.verification.verifier import verify


def wrapper(folder: Path, name: str, *options: str) -> Path:
    """An executable that runs this interpreter (with ``options``): another path to it, so
    the values are compared in a separate process, as for a real --python."""
    script = folder / name
    script.write_text(f'#!/bin/sh\nexec {sys.executable} {" ".join(options)} "$@"\n')
    script.chmod(0o755)
    return script


pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="shell wrappers")


def test_a_missing_module_names_the_kernels_interpreter(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "m.ipynb", "import not_installed_nb2mod_x\nx = 1")
    package = simple_package(tmp_path, "m", "def run(config=None):\n    return {'x': 1}\n")
    result = verify(path, converter=converter_for(package, "m", ("x",)))
    assert result.status == "notebook fails"
    assert result.message.startswith(
        "the notebook fails on its own: cell 1: ModuleNotFoundError: "
        "No module named 'not_installed_nb2mod_x'; the notebook ran in kernel 'python3' ("
    )
    assert result.message.endswith(
        "choose another with --kernel NAME or [tool.nb2mod.verify] kernel "
        "(`jupyter kernelspec list` shows the installed ones)"
    )


def test_a_package_missing_a_module_names_its_python(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "i.ipynb", "x = 1")
    package = simple_package(tmp_path, "imp", "import not_installed_nb2mod_y\n")
    python = wrapper(tmp_path, "python-elsewhere")
    result = verify(
        path, Settings(python=str(python)), converter=converter_for(package, "imp", ("x",))
    )
    assert result.status == "package fails" and result.step == "import"
    assert result.message.endswith(
        f"; the package ran with {python}: choose another with --python PATH or "
        "[tool.nb2mod.verify] python"
    )


NOTEBOOK = (
    "import pandas as pd\n\n\n"
    "class Summary:\n"
    "    def __init__(self, frame):\n"
    "        self.means = frame.mean()\n\n\n"
    "frame = pd.DataFrame({'a': [1.0, 2.0], 'b': [3.0, 5.0]})\n"
    "summary = Summary(frame)"
)


def test_a_kernel_and_a_python_chosen_by_name_and_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kernel_python = wrapper(tmp_path, "kernel-python")
    argv = [str(kernel_python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    monkeypatch.setenv("JUPYTER_PATH", str(install_kernel(tmp_path / "jupyter", "libs", argv)))
    (tmp_path / "nb").mkdir()
    path = write_notebook(tmp_path / "nb" / "s.ipynb", NOTEBOOK)
    python = wrapper(tmp_path, "package-python")
    args = ["verify", str(path), "--kernel", "libs", "--python", str(python), "--format", "json"]
    outcome = CliRunner().invoke(cli, args)
    assert outcome.exit_code == 0, outcome.output
    result = json.loads(outcome.stdout)["results"][0]
    assert (result["kernel"], result["python"]) == ("libs", str(python))
    rows = {v["name"]: v["status"] for v in result["verdicts"]}
    assert rows["summary"] == "equal", result  # a notebook class holding a pandas Series


def test_unknown_kernels_and_pythons_are_usage_errors(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "u.ipynb", "x = 1")
    outcome = CliRunner().invoke(cli, ["verify", str(path), "--kernel", "no-such-kernel-nb2mod"])
    assert outcome.exit_code == 2
    assert "--kernel 'no-such-kernel-nb2mod': no Jupyter kernel of that name" in outcome.output
    outcome = CliRunner().invoke(cli, ["verify", str(path), "--python", str(tmp_path / "py")])
    assert outcome.exit_code == 2 and "no such file" in outcome.output
    outcome = CliRunner().invoke(cli, ["convert", str(path), "--kernel", "python3"])
    assert outcome.exit_code == 2 and "--kernel needs --capture" in outcome.output


CAPTURED = (
    ("markdown", "# Frames"),
    ("markdown", "## Build"),
    "import pandas as pd\nvalues = [1.0, 2.0, 4.0]",
    ("markdown", "## Frame"),
    "frame = pd.DataFrame({'v': values})",
    ("markdown", "## Total"),
    "total = sum(values)",
)


def test_capture_skips_fixtures_the_tests_python_cannot_load(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "c.ipynb", *CAPTURED)
    without_site = wrapper(tmp_path, "python-no-site", "-S")  # no site-packages: no pandas
    files = convert(path, Settings(capture=True, python=str(without_site))).files
    report = files[PurePosixPath("CONVERSION.md")]
    assert (
        f"- `frame_step`: skipped, its fixture does not load with {without_site} "
        "(ModuleNotFoundError: No module named 'pandas')" in report
    )
    assert not any(str(name).startswith("tests/fixtures/frame_step/") for name in files)
    assert PurePosixPath("tests/fixtures/total_step/values.json") in files  # JSON: no pandas
    plain = convert(path, Settings(capture=True)).files
    assert PurePosixPath("tests/fixtures/frame_step/outputs.frame.csv") in plain


def dumps(tmp_path: Path, expected: dict[str, object], actual: dict[str, object]):  # type: ignore[no-untyped-def]
    from nb2mod.verification.comparing import DumpPair
    from nb2mod.verification.dump import dump_values

    left, right = tmp_path / "notebook.values", tmp_path / "package.values"
    dump_values(expected, list(expected), str(left))
    dump_values(actual, list(actual), str(right))
    return DumpPair(left, right)


def test_values_are_compared_in_the_packages_interpreter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pandas as pd

    import nb2mod.verification.comparing as comparing

    pair = dumps(
        tmp_path,
        {"frame": pd.DataFrame({"a": [1.0]}), "n": 1, "gone": 2},
        {"frame": pd.DataFrame({"a": [2.0]}), "n": 1},
    )

    def not_here(*args: object) -> None:
        raise AssertionError("compared in nb2mod's process")

    monkeypatch.setattr(comparing, "compare_here", not_here)
    python = str(wrapper(tmp_path, "package-python"))
    found = comparing.compare_dumps(pair, ["frame", "n", "gone"], 1e-7, 0.0, python)
    assert {n: c.verdict.status for n, c in found.items()} == {
        "frame": "different",
        "n": "equal",
        "gone": "missing",
    }
    assert found["gone"].expected_present and found["frame"].verdict.detail.startswith("frame: ")


def test_an_interpreter_that_cannot_compare_falls_back_to_nb2mods(tmp_path: Path) -> None:
    from nb2mod.verification.comparing import compare_dumps

    broken = tmp_path / "broken-python"
    broken.write_text("#!/bin/sh\necho 'cannot run' >&2\nexit 3\n")
    broken.chmod(0o755)
    pair = dumps(tmp_path, {"n": 1}, {"n": 2})
    found = compare_dumps(pair, ["n"], 1e-7, 0.0, str(broken))
    assert found["n"].verdict.status == "different"
