"""convert() and Conversion.write(), and the `nb2mod convert` command."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner
from conftest import make_notebook, write_notebook

from nb2mod.cli import cli
from nb2mod.conversion import convert
from nb2mod.errors import NotebookError, OutputExistsError
from nb2mod.settings import Settings

LAYOUT = {
    "CONVERSION.md",
    "config.toml",
    "requirements.txt",
    "pyproject.toml",
    "README.md",
    "Dockerfile",
    ".dockerignore",
    ".github/workflows/ci.yml",
    "demo/__init__.py",
    "demo/__main__.py",
    "demo/config.py",
    "demo/pipeline.py",
    "tests/test_demo.py",
}


def demo(tmp_path: Path) -> Path:
    return write_notebook(
        tmp_path / "demo.ipynb",
        ("markdown", "## Data"),
        "rate = 0.5\nitems = [1, 2, 3]",
        ("markdown", "## Total"),
        "total = sum(items) * rate\nprint('total', total)",
    )


def test_convert_returns_the_layout_in_memory(tmp_path: Path) -> None:
    conversion = convert(str(demo(tmp_path)))
    assert {str(p) for p in conversion.files} == LAYOUT
    assert conversion.package == "demo"
    assert conversion.returns == ("total",)
    assert conversion.report.startswith("# Conversion of `demo.ipynb`")
    assert list(tmp_path.iterdir()) == [tmp_path / "demo.ipynb"]  # nothing written


def test_run_computes_the_notebook_results(tmp_path: Path, monkeypatch) -> None:
    conversion = convert(str(demo(tmp_path)))
    conversion.write(tmp_path / "out")
    monkeypatch.syspath_prepend(str(tmp_path / "out"))
    from demo.config import Config  # type: ignore[import-not-found]
    from demo.pipeline import run  # type: ignore[import-not-found]

    assert run() == {"total": 3.0}
    assert run(Config(rate=2.0)) == {"total": 12.0}


def test_write_is_idempotent_and_refuses_to_overwrite_other_content(tmp_path: Path) -> None:
    conversion = convert(str(demo(tmp_path)))
    out = tmp_path / "out"
    assert len(conversion.write(out)) == len(LAYOUT)
    assert conversion.write(out) == []  # identical files are left alone
    edited = out / "demo" / "pipeline.py"
    edited.write_text("# my edits\n", encoding="utf-8")
    with pytest.raises(OutputExistsError, match=r"pipeline\.py exists with other content"):
        conversion.write(out)
    assert edited.read_text(encoding="utf-8") == "# my edits\n"
    assert conversion.write(out, force=True) == [edited]
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    ours = {p for p in written if not p.startswith(".nb2mod/")}  # the --update records
    assert ours == LAYOUT  # no temporary files left


def test_conversion_is_deterministic_and_leaves_the_input_alone(tmp_path: Path) -> None:
    path = demo(tmp_path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert convert(str(path)).files == convert(str(path)).files
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_unparsable_cell_is_kept_as_a_comment_with_a_warning(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "old.ipynb", "x = 1", "print 'hello'", "y = x + 1")
    conversion = convert(str(path))
    pipeline = conversion.files[PurePosixPath("old/pipeline.py")]
    assert "# print 'hello'" in pipeline
    assert "TODO(nb2mod)" in pipeline
    assert [w.cell for w in conversion.warnings if w.code == "NB001"] == [2]


def test_bad_input_is_a_notebook_error() -> None:
    with pytest.raises(NotebookError):
        convert('{"not": "a notebook"}')


def test_settings_choose_name_and_split(tmp_path: Path) -> None:
    conversion = convert(str(demo(tmp_path)), Settings(name="churn", split="cells"))
    assert conversion.package == "churn"
    assert conversion.steps == ("cell_2", "cell_4")


def test_print_becomes_logging_with_percent_arguments(tmp_path: Path) -> None:
    path = write_notebook(
        tmp_path / "p.ipynb", "n = 3\nprint('n is', n)\nprint(f'{n:.1f} done, 100%')\nn"
    )
    pipeline = convert(str(path)).files[PurePosixPath("p/pipeline.py")]
    assert 'logger.info("n is %s", n)' in pipeline
    assert 'logger.info("%.1f done, 100%%", n)' in pipeline
    assert 'logger.debug("%r", n)' in pipeline
    assert "print(" not in pipeline


# -- the command ------------------------------------------------------------------------


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["convert", *args])


def test_cli_writes_the_package_and_says_where(tmp_path: Path) -> None:
    out = tmp_path / "build"
    result = invoke(str(demo(tmp_path)), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert str(out / "demo") in result.output
    assert (out / "demo" / "pipeline.py").is_file()


def test_cli_dry_run_and_diff(tmp_path: Path) -> None:
    path, out = demo(tmp_path), tmp_path / "build"
    result = invoke(str(path), "--out", str(out), "--dry-run")
    assert result.exit_code == 0 and "(new)" in result.output
    assert not out.exists()
    assert invoke(str(path), "--out", str(out), "--diff").exit_code == 1
    assert invoke(str(path), "--out", str(out)).exit_code == 0
    result = invoke(str(path), "--out", str(out), "--diff")
    assert (result.exit_code, result.output) == (0, "")


def test_cli_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path, out = demo(tmp_path), tmp_path / "build"
    (out / "demo").mkdir(parents=True)
    (out / "demo" / "config.py").write_text("mine\n", encoding="utf-8")
    result = invoke(str(path), "--out", str(out))
    assert result.exit_code == 2
    assert "config.py exists with other content" in result.output
    assert invoke(str(path), "--out", str(out), "--force").exit_code == 0


def test_cli_bad_notebook_is_one_line_and_others_still_convert(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{ truncated", encoding="utf-8")
    result = invoke(str(bad), str(demo(tmp_path)), "--out", str(tmp_path / "b"))
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "bad.ipynb" in errors[0]
    assert (tmp_path / "b" / "demo" / "demo" / "pipeline.py").is_file()


@pytest.mark.parametrize(
    "args",
    [["--dry-run", "--diff"], ["--split", "sideways"], ["--heading-level", "9"]],
)
def test_cli_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    assert invoke(str(demo(tmp_path)), *args).exit_code == 2


def test_cli_no_format_and_name(tmp_path: Path) -> None:
    data = make_notebook("x = {'a':1}")
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "o"
    assert invoke(str(path), "--out", str(out), "--no-format", "--name", "raw").exit_code == 0
    assert "x = {'a':1}" in (out / "raw" / "pipeline.py").read_text(encoding="utf-8")


def test_written_files_get_the_usual_permissions(tmp_path) -> None:
    import os
    import stat

    path = write_notebook(tmp_path / "nb.ipynb", "x = 1\nprint(x)")
    out = tmp_path / "out"
    umask = os.umask(0o022)
    try:
        written = convert(str(path)).write(out)
    finally:
        os.umask(umask)
    assert written
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in written)


def test_names_functions_rebind_with_global_stay_module_state(tmp_path: Path, monkeypatch) -> None:
    path = write_notebook(
        tmp_path / "state.ipynb",
        ("markdown", "# State\n## Count"),
        "counter = 0\nbest = None\n\ndef bump(by):\n    global counter, best\n    counter += by\n"
        "    best = counter * 2\n\nbump(1)\nbump(2)",
        ("markdown", "## Report"),
        "print(counter)\ntotal = counter * 10",
    )
    conversion = convert(str(path))
    code = conversion.files[PurePosixPath("state/pipeline.py")]
    assert "    global best, counter\n" in code  # the step that assigns them declares them
    report = code[code.index("def report") : code.index("def run")]
    assert "global" not in report  # reading module state needs no declaration
    assert any("rebinds 'counter' through 'global'" in w.message for w in conversion.warnings)
    conversion.write(tmp_path / "out")
    monkeypatch.syspath_prepend(str(tmp_path / "out"))
    from state.pipeline import run  # type: ignore[import-not-found]

    assert run() == {"total": 30, "best": 6}
    assert run() == {"total": 30, "best": 6}  # the first step resets the state, as the cell did


def test_imports_a_notebook_function_never_uses_are_dropped(tmp_path: Path) -> None:
    path = write_notebook(
        tmp_path / "local.ipynb",
        "def mean(xs):\n    import json, statistics\n    from os import path as p, sep\n"
        "    return statistics.mean(xs), sep",
        "m = mean([1, 2, 3])",
    )
    conversion = convert(str(path))
    code = conversion.files[PurePosixPath("local/pipeline.py")]
    assert "    import statistics\n    from os import sep\n" in code
    assert "json" not in code and "path as p" not in code
    assert "| import json in mean() | unused |" in conversion.report


def test_import_of_a_submodule_loads_it_in_the_package(tmp_path: Path) -> None:
    """``import urllib.request`` binds ``urllib`` and loads ``urllib.request``: the package's
    import line does both (a bare ``import urllib`` left urllib.request unloaded)."""
    cell = "import urllib.request\n\nquoted = urllib.request.quote('a b')"
    conversion = convert(str(write_notebook(tmp_path / "n.ipynb", cell)))
    pipeline = next(t for p, t in conversion.files.items() if p.name == "pipeline.py")
    assert "\nimport urllib.request\n" in pipeline and "\nimport urllib\n" not in pipeline
